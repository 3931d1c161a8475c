"""The staff door: upload → preview (task) → error sheet → confirm (task)."""

import hashlib
import io

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from openpyxl import load_workbook

from households.importer.parse import TEMPLATE_HEADERS
from households.models import Household, ImportBatch, ImportStatus, SurveyRound
from povertyprog.audit.models import ActivityLog

from .bmn_files import household_row, write_csv
from .uploads import confirm, post_import, upload


@pytest.fixture
def mixed_file(tmp_path):
    return write_csv(
        tmp_path / "mixed.csv",
        [
            household_row(1),
            household_row(2, **{"เลขประจำตัวประชาชน": "350000000002"}),
            household_row(3),
        ],
    )


def test_upload_previews_then_confirms_the_good_rows(
    client, province_admin, survey_round, mixed_file, django_capture_on_commit_callbacks
):
    client.force_login(province_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_import(client, mixed_file, survey_round)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response.url == batch.get_absolute_url()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEWED
    assert batch.counts["new"] == 2
    assert batch.counts["invalid"] == 1
    assert not Household.objects.exists()

    page = client.get(batch.get_absolute_url()).content.decode()
    assert "เลขประจำตัวประชาชน" in page
    # The sample bad value is shown masked (PDPA), in the page and in the stored errors.
    assert "xxxxxxxx0002" in page
    assert "350000000002" not in page
    assert "350000000002" not in str(batch.errors)

    sheet = client.get(reverse("households:import_error_sheet", args=[batch.pk]))
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][0] == 3  # the row number in the original file
    assert "เลขประจำตัวประชาชน" in rows[1][-1]
    entry = ActivityLog.objects.get(action="households.import.error_sheet_downloaded")
    assert (entry.actor, entry.target_id, entry.data) == (
        province_admin,
        str(batch.pk),
        {"rows": 1},
    )
    stored_name = batch.file.name
    assert default_storage.exists(stored_name)  # kept until committed or abandoned

    # Confirming without choosing to skip the invalid row is refused; nothing is written.
    batch = confirm(client, batch, django_capture_on_commit_callbacks)
    assert batch.status == ImportStatus.PREVIEWED
    assert not Household.objects.exists()

    batch = confirm(client, batch, django_capture_on_commit_callbacks, skip_invalid="on")
    assert batch.status == ImportStatus.COMMITTED
    assert sorted(Household.objects.values_list("house_no", flat=True)) == ["1/1", "3/1"]
    # PDPA: once committed the upload is deleted; its name, size and SHA-256 stay.
    assert not batch.file
    assert batch.file_deleted_at is not None
    assert batch.file_size == mixed_file.stat().st_size
    assert batch.file_sha256 == hashlib.sha256(mixed_file.read_bytes()).hexdigest()
    assert not default_storage.exists(stored_name)
    page = client.get(batch.get_absolute_url()).content.decode()
    assert batch.file_sha256 in page
    assert reverse("households:import_error_sheet", args=[batch.pk]) not in page


def test_confirm_is_refused_if_the_registry_changed(
    client, province_admin, survey_round, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(province_admin)
    first = write_csv(tmp_path / "first.csv", [household_row(1)])
    second = write_csv(tmp_path / "second.csv", [household_row(2)])
    first_batch = upload(client, first, survey_round, django_capture_on_commit_callbacks)
    second_batch = upload(client, second, survey_round, django_capture_on_commit_callbacks)
    confirm(client, first_batch, django_capture_on_commit_callbacks)
    second_batch = confirm(client, second_batch, django_capture_on_commit_callbacks)
    assert second_batch.status == ImportStatus.REFUSED
    assert list(Household.objects.values_list("house_no", flat=True)) == ["1/1"]


def test_upload_can_open_a_new_round(
    client, province_admin, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(province_admin)
    path = write_csv(tmp_path / "a.csv", [household_row(1)])
    with django_capture_on_commit_callbacks(execute=True):
        post_import(client, path, new_round_year="๒๕๖๓", new_round_threshold="38,000")
    assert SurveyRound.objects.get().year_be == 2563
    assert ImportBatch.objects.get().status == ImportStatus.PREVIEWED


def test_a_round_without_an_indicator_set_is_explained_on_the_form(
    client, province_admin, tmp_path
):
    client.force_login(province_admin)
    path = write_csv(tmp_path / "a.csv", [household_row(1)])
    response = post_import(client, path, new_round_year="2569", new_round_threshold="40000")
    assert response.status_code == 200
    assert "2569" in str(response.context["form"].non_field_errors())
    assert not SurveyRound.objects.exists()


def test_upload_rejects_other_file_types(client, province_admin, survey_round, tmp_path):
    client.force_login(province_admin)
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.4")
    response = post_import(client, path, survey_round)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not ImportBatch.objects.exists()


def test_an_unreadable_file_fails_with_a_message(
    client, province_admin, survey_round, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(province_admin)
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a spreadsheet")
    batch = upload(client, path, survey_round, django_capture_on_commit_callbacks)
    assert batch.status == ImportStatus.FAILED
    assert batch.message


@pytest.mark.parametrize(
    "persona_name",
    ["province_staff", "district_officer_mae_rim", "agency_liaison", "viewer", "outsider"],
)
def test_only_province_admins_import(client, request, persona_name):
    client.force_login(request.getfixturevalue(persona_name))
    assert client.get(reverse("households:import_list")).status_code == 404
    assert client.get(reverse("households:import_new")).status_code == 404


def test_another_provinces_import_answers_404(client, province_admin, survey_round, db):
    from tests.factories import UserFactory

    other = ImportBatch.objects.create(
        survey_round=survey_round, province_id="51", file_name="lamphun.csv", file_sha256="x"
    )
    client.force_login(province_admin)
    assert client.get(other.get_absolute_url()).status_code == 404
    lamphun_admin = UserFactory(role="province_admin", area_scope="51")
    client.force_login(lamphun_admin)
    assert client.get(other.get_absolute_url()).status_code == 200


def test_template_download_is_the_canonical_template_and_imports_cleanly(
    client, province_admin, survey_round, tmp_path
):
    from households.importer.pipeline import build_plan

    client.force_login(province_admin)
    response = client.get(reverse("households:import_template"))
    path = tmp_path / "template.xlsx"
    path.write_bytes(response.content)
    header = next(load_workbook(path).active.iter_rows(values_only=True))
    assert list(header) == TEMPLATE_HEADERS
    plan = build_plan(path, file_name=path.name, survey_round=survey_round, province_code="50")
    assert (plan.new, len(plan.errors)) == (1, 0)
