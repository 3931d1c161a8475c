"""The signed MOU scan: upload checked for type, content, size and name; stored under a random
name; served only through the view, to users who may see the MOU."""

import re

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, resolve, reverse

from agencies.services import mou_document_attach
from agencies.services import mous as services
from povertyprog.audit.models import ActivityLog

from .test_pdf import make_mou

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
STORED = re.compile(r"^mou/[0-9a-f]{32}\.(pdf|png)$")
UNSAFE = set("/\\\x00$`;|&<>*?\"'")


@pytest.fixture
def mou(province_staff):
    """An MOU whose pledges cover Mae Rim (5007) only."""
    return make_mou(by=province_staff)


def upload(client, user, mou, name, content, content_type="application/octet-stream"):
    client.force_login(user)
    return client.post(
        reverse("agencies:mou_document", args=[mou.pk]),
        {"document": SimpleUploadedFile(name, content, content_type=content_type)},
    )


@pytest.fixture
def in_english(client):
    """Pages in English, for assertions on the messages' wording (the default is Thai)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def messages_of(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("บันทึกข้อตกลง ลงนามแล้ว.pdf", PDF, "application/pdf"),
        ("scan.PNG", PNG, "image/png"),
    ],
)
def test_a_manager_attaches_a_scan_and_users_in_scope_download_it(
    client, province_staff, district_officer_mae_rim, mou, name, content, content_type
):
    response = upload(client, province_staff, mou, name, content, content_type)

    assert response.status_code == 302
    assert response.url == mou.get_absolute_url()
    assert [level for level, _ in messages_of(response)] == ["success"]
    mou.refresh_from_db()
    assert STORED.match(mou.document.name)
    assert mou.document_name == name
    assert ActivityLog.objects.filter(action="agencies.mou.document_attached").count() == 1

    # A district officer whose district a pledge covers may read it, not replace it.
    client.force_login(district_officer_mae_rim)
    download = client.get(reverse("agencies:mou_document", args=[mou.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == content_type
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == content


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 60, "type"),
        (
            "ข้อตกลง.docx",
            b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40,
            "type",
        ),
        ("ข้อตกลง.pdf", b"MZ\x90\x00 this is a program, not a PDF", "content"),
        ("scan.png", PDF, "content"),
        ("scan.pdf.exe", PDF, "type"),
    ],
)
def test_wrong_files_are_refused_with_a_message(
    client, province_staff, mou, in_english, name, content, code
):
    response = upload(client, province_staff, mou, name, content)

    assert response.status_code == 302
    assert response.url == mou.get_absolute_url()
    [(level, text)] = messages_of(response)
    assert level == "error"
    assert {"type": "PDF, JPEG or PNG", "content": "is not really a"}[code] in text
    mou.refresh_from_db()
    assert not mou.document


def test_an_oversized_file_is_refused(client, province_staff, mou, in_english, monkeypatch):
    monkeypatch.setattr(services, "MOU_DOCUMENT_MAX_BYTES", len(PDF) - 1)

    response = upload(client, province_staff, mou, "big.pdf", PDF, "application/pdf")

    [(level, text)] = messages_of(response)
    assert level == "error"
    assert "the limit is" in text
    mou.refresh_from_db()
    assert not mou.document


def test_a_post_without_a_file_says_so(client, province_staff, mou):
    client.force_login(province_staff)
    response = client.post(reverse("agencies:mou_document", args=[mou.pk]))
    assert response.status_code == 302
    assert [level for level, _ in messages_of(response)] == ["error"]


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd.pdf",
        "..\\..\\x.pdf",
        "C:\\Windows\\system32\\scan.pdf",
        "a\x00b.pdf",
        "$(rm -rf ~);`id`|x&y<z>.pdf",
        "'; DROP TABLE agencies_mou; --.pdf",
    ],
)
def test_names_with_path_or_shell_tricks_are_stored_randomly_and_served_clean(
    client, province_staff, mou, name
):
    # Straight to the service: the multipart parser would already strip some of these.
    mou_document_attach(mou=mou, upload=ContentFile(PDF, name=name), by=province_staff)

    mou.refresh_from_db()
    assert STORED.match(mou.document.name)
    assert mou.document_name
    assert not UNSAFE & set(mou.document_name)
    assert ".." not in mou.document_name

    client.force_login(province_staff)
    download = client.get(reverse("agencies:mou_document", args=[mou.pk]))
    disposition = download["Content-Disposition"]
    assert download["Content-Type"] == "application/pdf"
    assert not UNSAFE & set(disposition.split("filename", 1)[1].strip("=*\"'"))


@pytest.mark.parametrize(
    "name", ["../../etc/passwd.pdf", "..\\..\\x.pdf", "x;$(reboot).pdf", "ไฟล์ สแกน.pdf"]
)
def test_uploads_through_the_page_get_a_random_stored_name(client, province_staff, mou, name):
    upload(client, province_staff, mou, name, PDF, "application/pdf")

    mou.refresh_from_db()
    assert STORED.match(mou.document.name)
    assert not UNSAFE & set(mou.document_name)


@pytest.mark.parametrize(
    "persona_name",
    ["district_officer_mueang", "agency_liaison", "viewer", "outsider"],
)
def test_users_who_may_not_see_the_mou_get_404_for_its_scan(
    client, request, province_staff, mou, persona_name
):
    mou_document_attach(mou=mou, upload=ContentFile(PDF, name="scan.pdf"), by=province_staff)
    client.force_login(request.getfixturevalue(persona_name))

    assert client.get(reverse("agencies:mou_document", args=[mou.pk])).status_code == 404


def test_an_mou_without_a_scan_answers_404(client, province_staff, mou):
    client.force_login(province_staff)
    assert client.get(reverse("agencies:mou_document", args=[mou.pk])).status_code == 404


@pytest.mark.parametrize(
    "persona_name", ["district_officer_mae_rim", "agency_liaison_of_a_signatory"]
)
def test_users_who_see_the_mou_but_do_not_manage_cannot_upload(
    client, request, province_staff, agency_liaison, persona_name
):
    mou = make_mou(by=province_staff, extra_agencies=[agency_liaison.agency_link.agency])
    user = (
        agency_liaison
        if persona_name == "agency_liaison_of_a_signatory"
        else request.getfixturevalue(persona_name)
    )
    client.force_login(user)
    assert client.get(reverse("agencies:mou_pdf", args=[mou.pk])).status_code == 200

    response = upload(client, user, mou, "scan.pdf", PDF, "application/pdf")

    assert response.status_code == 404
    mou.refresh_from_db()
    assert not mou.document


def test_the_stored_file_has_no_public_url(client, province_staff, mou):
    """MEDIA_ROOT is served by no URL: the view above is the only way to the scan."""
    mou_document_attach(mou=mou, upload=ContentFile(PDF, name="scan.pdf"), by=province_staff)
    mou.refresh_from_db()
    client.force_login(province_staff)

    for path in (
        f"/media/{mou.document.name}",
        f"/{mou.document.name}",
        f"/static/{mou.document.name}",
    ):
        with pytest.raises(Resolver404):
            resolve(path)
        assert client.get(path).status_code == 404
