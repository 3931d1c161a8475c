"""The MOU summary PDF: a PDF, with the Thai font embedded, holding the MOU's title and its
agencies' names, for the users who may see the MOU only.

Long names wrap inside table cells, so the general check compares them on a skeleton (Thai
consonants only); the words that extraction used to get wrong (ำ, tone marks) are checked
exactly below.
"""

import datetime
import io
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from agencies.models import Agency, Lever
from agencies.selectors import get_mou_for_user_or_404
from agencies.services import mou_create, mou_sign, mou_signatory_add, pledge_save
from povertyprog.areas.models import District, Province
from povertyprog.audit.models import ActivityLog
from tests.factories import AgencyFactory

TITLE = "การขับเคลื่อนการแก้ไขปัญหาความยากจนแบบบูรณาการ จังหวัดเชียงใหม่ ปีงบประมาณ 2567"
AGENCIES = [
    ("การไฟฟ้าส่วนภูมิภาคจังหวัดเชียงใหม่", "นายสมศักดิ์ รุ่งเรืองศรี", "ผู้อำนวยการ"),
    ("มหาวิทยาลัยแม่โจ้", "รองศาสตราจารย์ปิ่นแก้ว ฟ้าใส", "อธิการบดี"),
    ("องค์การบริหารส่วนจังหวัดเชียงใหม่", "นายถนัด ญาณวุฒิ", "นายกองค์การบริหารส่วนจังหวัด"),
]
PLEDGES = ["ขยายเขตไฟฟ้าให้ครัวเรือนยากจน", "ฝึกอาชีพเพาะเห็ด", "ซ่อมแซมบ้านผู้สูงอายุ"]
NOT_CONSONANT = re.compile(r"[^\u0E01-\u0E2E]")


def skeleton(text: str) -> str:
    """Thai consonants only: vowels, tone marks, digits, Latin and spaces dropped."""
    return NOT_CONSONANT.sub("", text)


def make_mou(*, by, pledge_districts=("5007",), extra_agencies=()):
    """A signed MOU of Chiang Mai, recorded as staff do: three agencies (and any extra ones)
    sign, and each of the three pledges help to households of `pledge_districts`."""
    mou = mou_create(
        by=by,
        province=Province.objects.get(code="50"),
        title=TITLE,
        fiscal_year_be=2567,
        signing_place="ศาลากลางจังหวัดเชียงใหม่",
        governor_name="นายนิรัตน์ พงษ์สิทธิถาวร",
        scope="ร่วมกันพัฒนาคุณภาพชีวิตครัวเรือนยากจนตามเข็มทิศชีวิต ทั้งการลดรายจ่าย "
        "เพิ่มรายได้ และขยายโอกาส ให้พ้นเกณฑ์ความยากจนภายในปีงบประมาณ",
        valid_from=datetime.date(2024, 8, 15),
        valid_until=datetime.date(2025, 9, 30),
    )
    agencies = [
        Agency.objects.filter(name_th=name, province_id="50").first() or AgencyFactory(name_th=name)
        for name, _, _ in AGENCIES
    ]
    signers = [(signer, title) for _, signer, title in AGENCIES]
    signers += [("นางสาวกานดา ใจดี", "เกษตรจังหวัด")] * len(extra_agencies)
    for agency, (signer, title) in zip([*agencies, *extra_agencies], signers, strict=True):
        mou_signatory_add(mou=mou, agency=agency, signer_name=signer, signer_title=title, by=by)
    districts = list(District.objects.filter(code__in=pledge_districts))
    for number, (agency, lever, description) in enumerate(
        zip(agencies, Lever, PLEDGES, strict=False), 1
    ):
        pledge_save(
            mou=mou,
            districts=districts,
            by=by,
            agency=agency,
            lever=lever,
            description=description,
            households_pledged=40 * number,
            budget=Decimal("1250000.50") * number,
        )
    return mou_sign(mou=mou, signed_on=datetime.date(2024, 8, 15), by=by)


@pytest.fixture
def mou(province_staff):
    return make_mou(by=province_staff)


def pdf_of(client, user, mou):
    client.force_login(user)
    return client.get(reverse("agencies:mou_pdf", args=[mou.pk]))


def test_the_summary_is_an_inline_pdf_and_its_printing_is_logged(client, province_staff, mou):
    response = pdf_of(client, province_staff, mou)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="mou-{mou.pk}.pdf"'
    assert response.content.startswith(b"%PDF-")
    log = ActivityLog.objects.get(action="agencies.mou.printed")
    assert (log.actor, log.target_id) == (province_staff, str(mou.pk))


def test_the_pdf_embeds_the_vendored_thai_font(client, province_staff, mou):
    reader = PdfReader(io.BytesIO(pdf_of(client, province_staff, mou).content))

    embedded = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            embedded[str(font["/BaseFont"])] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    # Subset fonts are named like "/ABCDEF+Sarabun-thai": the Thai and the Latin subset.
    thai = [name for name in embedded if "Sarabun-thai" in name]
    assert thai, f"no Sarabun Thai font among {sorted(embedded)}"
    assert all(embedded[name] for name in thai)
    assert all("Sarabun" in name for name in embedded), f"a fallback font was used: {embedded}"


def test_the_pdf_holds_the_title_the_agencies_and_the_pledges(client, province_staff, mou):
    reader = PdfReader(io.BytesIO(pdf_of(client, province_staff, mou).content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    found = skeleton(text)

    expected = [
        TITLE,
        "บันทึกข้อตกลงความร่วมมือ",
        "ปีงบประมาณ พ.ศ.",
        "ผู้ว่าราชการจังหวัดเชียงใหม่",
        "นายนิรัตน์ พงษ์สิทธิถาวร",
        "15 สิงหาคม",  # the signing date, written out
        "ฝึกอาชีพเพาะเห็ด",
        *(name for name, _, _ in AGENCIES),
        *(signer for _, signer, _ in AGENCIES),
    ]
    missing = [name for name in expected if skeleton(name) not in found]
    assert missing == []
    # Digits survive extraction: the year, the budgets with thousands separators, the total.
    assert "2567" in text
    assert "1,250,000.50" in text
    assert "7,500,003.00" in text  # 1,250,000.50 × (1 + 2 + 3)
    assert "240" in text  # 40 + 80 + 120 households


@pytest.mark.parametrize(
    ("persona_name", "expected"),
    [
        ("province_admin", 200),
        ("district_officer_mae_rim", 200),  # the pledges cover Mae Rim
        ("district_officer_mueang", 404),  # none covers Mueang
        ("agency_liaison", 404),  # their agency did not sign
        ("viewer", 404),
        ("outsider", 404),
    ],
)
def test_only_users_who_may_see_the_mou_get_its_pdf(client, request, mou, persona_name, expected):
    user = request.getfixturevalue(persona_name)
    assert pdf_of(client, user, mou).status_code == expected


def test_a_liaison_whose_agency_signed_gets_the_pdf(client, province_staff, agency_liaison):
    mou = make_mou(by=province_staff, extra_agencies=[agency_liaison.agency_link.agency])
    assert pdf_of(client, agency_liaison, mou).status_code == 200


def test_a_missing_mou_answers_like_a_forbidden_one(client, province_staff, viewer, mou):
    client.force_login(province_staff)
    missing = client.get(reverse("agencies:mou_pdf", args=[mou.pk + 1000]))
    forbidden = pdf_of(client, viewer, mou)
    assert missing.status_code == forbidden.status_code == 404


def test_the_renderer_fetches_nothing_but_its_own_files(province_staff, mou, monkeypatch):
    """The page holds typed text: were markup to slip through, no URL would be fetched."""
    from agencies import pdf

    fetched = []
    original = pdf._OnlyThese.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(pdf._OnlyThese, "fetch", spy)
    monkeypatch.setattr(
        pdf,
        "render_to_string",
        lambda *args, **kwargs: (
            '<p>x<img src="http://169.254.169.254/latest/meta-data">'
            '<img src="file:///etc/passwd"></p>'
        ),
    )
    pdf.mou_summary_pdf(get_mou_for_user_or_404(province_staff, mou.pk))

    refused = [url for url in fetched if "169.254" in url or "passwd" in url]
    assert len(refused) == 2
    _, _, allowed, _, _ = pdf._print_assets()
    assert all(url in allowed for url in fetched if url not in refused)


# Copying Thai out of the PDF ---------------------------------------------------------------

# Words whose SARA AM (ำ) or tone marks the extraction used to lose or move (short enough
# not to wrap in a table cell).
EXACT_WORDS = ["สำนักงาน", "ผู้อำนวยการ", "น้ำจืด", "ต่ำ", "ทำงาน"]


def exact_words_mou(by):
    cdd = AgencyFactory(name_th="สำนักงานพัฒนาชุมชนจังหวัดเชียงใหม่")
    mou = make_mou(by=by, extra_agencies=[cdd])
    mou.status = "draft"  # add the extra pledge as on a draft, then sign again
    mou.save(update_fields=["status"])
    pledge_save(
        mou=mou,
        districts=list(District.objects.filter(code="5007")),
        by=by,
        agency=cdd,
        lever=Lever.RAISE_INCOME,
        description="เลี้ยงปลา น้ำจืด ต่ำ ทำงาน",
        households_pledged=15,
    )
    return mou


def test_copied_text_keeps_sara_am_and_tone_marks(client, province_staff):
    mou = exact_words_mou(province_staff)
    content = pdf_of(client, province_staff, mou).content
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)

    for word in EXACT_WORDS:
        assert word in text, f"{word!r} is not in the extracted text: {text}"
    assert "สานักงาน" not in text
    assert "งำน" not in text


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_pdftotext_finds_the_words_too(client, province_staff, tmp_path):
    mou = exact_words_mou(province_staff)
    path = tmp_path / "mou.pdf"
    path.write_bytes(pdf_of(client, province_staff, mou).content)
    text = subprocess.run(  # noqa: S603 - a fixed program on a file this test wrote
        [shutil.which("pdftotext"), "-raw", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    for word in EXACT_WORDS:
        assert word in text, f"{word!r} is not in pdftotext's text"


def test_each_thai_glyph_maps_to_its_own_text():
    from agencies import pdf

    _, _, _, served, texts = pdf._print_assets()
    face = TTFont(io.BytesIO(next(iter(served.values()))))
    ids = {name: index for index, name in enumerate(face.getGlyphOrder())}

    assert texts[ids[pdf.AM_AA_GLYPH]] == "ำ"  # the AA half of SARA AM carries the whole
    assert texts[ids["uni0E32"]] == "า"  # a plain SARA AA stays itself
    assert texts[ids["uni0E4D"]] == ""  # NIKHAHIT: the shaper's other half of SARA AM
    assert texts[ids["uni0E48.small"]] == "่"  # an alternate takes its source's text
    assert texts[ids["uni0E4D0E48"]] == "่"  # NIKHAHIT + MAI EK ligature: the tone only


# A partial summary -------------------------------------------------------------------------


def test_a_district_officers_pdf_says_it_is_partial(
    client, province_staff, district_officer_mae_rim
):
    mou = make_mou(by=province_staff, pledge_districts=("5001",))
    mou.status = "draft"
    mou.save(update_fields=["status"])
    agency = mou.signatories.first().agency
    pledge_save(
        mou=mou,
        districts=list(District.objects.filter(code="5007")),
        by=province_staff,
        agency=agency,
        lever=Lever.WELFARE,
        description="เบี้ยยังชีพผู้สูงอายุ",
        households_pledged=7,
    )
    mae_rim = District.objects.get(code="5007").name_th

    def text_for(user) -> str:
        content = pdf_of(client, user, mou).content
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)

    partial = text_for(district_officer_mae_rim)
    assert f"เฉพาะข้อตกลงที่ครอบคลุมอำเภอ{mae_rim}" in partial
    assert "แสดง 1 จาก 4 รายการ" in partial
    whole = text_for(province_staff)
    assert "เฉพาะข้อตกลง" not in whole
