"""The invitation letter as printed: the Thai names (copied out of the PDF), the QR code
(decoded from the rendered page) and the emblem; the letterhead and who printed what."""

import io
import subprocess

import pytest
import zxingcpp
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from events.codes import code_display
from events.letters import rsvp_path, rsvp_url
from events.models import Invitation, Letterhead
from events.services.letters import EMBLEM_MAX_BYTES, letterhead_save
from households.models import HouseholdAccess
from povertyprog.audit.models import ActivityLog
from tests.events.factories_letters import fair_with_invitations

LETTERHEAD = {
    "office_name": "สำนักงานพัฒนาชุมชนจังหวัดเชียงใหม่",
    "address": "ศาลากลางจังหวัดเชียงใหม่ ถนนโชตนา อำเภอเมืองเชียงใหม่ ๕๐๓๐๐",
    "phone_line": "กลุ่มงานส่งเสริมการพัฒนาชุมชน โทร. 053 112 345",
    "reference_prefix": "ชม 0017.3/",
    "signer_name": "นายประจักษ์ ศรีสุข",
    "signer_position": "ผู้ว่าราชการจังหวัดเชียงใหม่",
}


def consonants(text: str) -> str:
    return "".join(ch for ch in text if "ก" <= ch <= "ฮ")


def png(size=(60, 60)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 160, 0)).save(out, format="PNG")
    return out.getvalue()


def page_image(pdf: bytes, tmp_path) -> Image.Image:
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    subprocess.run(  # noqa: S603 - a fixed program on a file this test wrote
        ["pdftoppm", "-r", "200", "-png", "-singlefile", path, tmp_path / "p"],  # noqa: S607
        check=True,
    )
    return Image.open(tmp_path / "p.png")


@pytest.fixture
def fair(db):
    return fair_with_invitations({"50070101": 1, "50010101": 1})


def test_the_letter_names_the_head_and_its_qr_opens_the_self_service_page(
    client, fair, district_officer_mae_rim, province_staff, tmp_path
):
    letterhead_save(province_id="50", data=LETTERHEAD, by=province_staff)
    invitation = Invitation.objects.get(fair=fair, target__household__village_id="50070101")
    survey = invitation.target.survey
    client.force_login(district_officer_mae_rim)

    response = client.get(reverse("events:invitation_letter", args=[invitation.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for expected in (
        survey.head_prefix + survey.head_first_name,
        survey.head_last_name,
        LETTERHEAD["office_name"],
        LETTERHEAD["signer_name"],
        "ขอเชิญเข้าร่วมงาน" + fair.name,
        "ขอแสดงความนับถือ",
        "ธันวาคม",
        fair.venue,
    ):
        assert consonants(expected) in consonants(text), expected
    assert code_display(invitation.code) in text
    assert "๐๐๑๗.๓/" in text  # the ที่ number in Thai digits
    [qr] = zxingcpp.read_barcodes(page_image(pdf, tmp_path))
    assert qr.text == rsvp_url(invitation.code)
    assert qr.text.endswith(rsvp_path(invitation.code))
    assert f"/r/{invitation.code}/" in qr.text

    entry = ActivityLog.objects.get(action="events.letters.printed")
    assert entry.actor == district_officer_mae_rim
    assert HouseholdAccess.objects.filter(
        activity=entry, household=invitation.target.household
    ).exists()


def test_another_districts_letter_is_missing(client, fair, district_officer_mae_rim):
    other = Invitation.objects.get(fair=fair, target__household__village_id="50010101")
    client.force_login(district_officer_mae_rim)
    assert client.get(reverse("events:invitation_letter", args=[other.pk])).status_code == 404
    assert not ActivityLog.objects.filter(action="events.letters.printed").exists()


def test_the_emblem_is_printed_when_uploaded_and_its_space_left_blank_otherwise(
    fair, province_staff
):
    from events import letters
    from events.services.letters import running_numbers

    invitations = list(Invitation.objects.filter(fair=fair)[:1])
    letterhead_save(province_id="50", data=LETTERHEAD, by=province_staff)

    def images() -> int:
        prepared = letters.invitation_letters(invitations, running_numbers(fair))
        reader = PdfReader(io.BytesIO(letters.letters_pdf(fair, prepared)))
        return len(reader.pages[0].images)

    assert images() == 0  # the QR code is drawn, not an image
    upload = SimpleUploadedFile("garuda.png", png(), content_type="image/png")
    letterhead_save(province_id="50", data=LETTERHEAD, emblem=upload, by=province_staff)
    assert images() == 1


def test_the_emblem_must_be_a_small_png_or_jpeg(db, province_staff):
    fake = SimpleUploadedFile("garuda.png", b"<svg>not a png</svg>", content_type="image/png")
    with pytest.raises(ValidationError):
        letterhead_save(province_id="50", data=LETTERHEAD, emblem=fake, by=province_staff)
    big = SimpleUploadedFile("garuda.png", png() + b"0" * EMBLEM_MAX_BYTES)
    with pytest.raises(ValidationError):
        letterhead_save(province_id="50", data=LETTERHEAD, emblem=big, by=province_staff)
    assert not Letterhead.objects.exists()


def test_province_staff_edit_the_letterhead_and_it_is_audited(client, fair, province_staff):
    client.force_login(province_staff)
    url = reverse("events:letterhead_edit", args=[fair.pk])
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile("garuda.jpg", png(), content_type="image/png")

    response = client.post(url, {**LETTERHEAD, "emblem_upload": upload})

    assert response.status_code == 302
    letterhead = Letterhead.objects.get(province_id="50")
    assert letterhead.signer_position == LETTERHEAD["signer_position"]
    assert letterhead.emblem.name.startswith("letterheads/50-")
    entry = ActivityLog.objects.get(action="events.letterhead.saved")
    assert entry.actor == province_staff
    assert "emblem" in entry.data["changed"]


def test_a_district_officer_may_not_edit_the_letterhead(client, fair, district_officer_mae_rim):
    client.force_login(district_officer_mae_rim)
    url = reverse("events:letterhead_edit", args=[fair.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, LETTERHEAD).status_code == 404
    assert not Letterhead.objects.exists()


def test_one_letter_has_the_running_number_of_the_batch(fair):
    from events.services.letters import running_number, running_numbers

    numbers = running_numbers(fair)
    for invitation in Invitation.objects.filter(fair=fair):
        assert running_number(invitation) == {invitation.pk: numbers[invitation.pk]}
