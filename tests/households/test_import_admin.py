"""The Django admin's import button runs the same pipeline: preview, then confirm."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile

from households.models import Household, ImportBatch, ImportStatus

from .bmn_files import household_row, write_csv

URL = "/admin/households/householdsurvey/import/"
PROCESS_URL = "/admin/households/householdsurvey/process_import/"


def post_file(client, path, survey_round):
    return client.post(
        URL,
        {
            "format": "0",
            "resource": "0",
            "survey_round": survey_round.pk,
            "province": "50",
            "import_file": SimpleUploadedFile(path.name, path.read_bytes()),
        },
    )


def test_admin_import_previews_then_commits_through_the_pipeline(
    client, province_admin, survey_round, tmp_path
):
    client.force_login(province_admin)
    assert client.get(URL).status_code == 200
    path = write_csv(tmp_path / "bmn.csv", [household_row(n) for n in range(1, 4)])

    preview = post_file(client, path, survey_round)
    assert preview.status_code == 200
    assert preview.context["result"].totals["new"] == 3
    assert not Household.objects.exists()
    confirm = preview.context["confirm_form"]
    data = {name: confirm[name].value() for name in confirm.fields}

    response = client.post(PROCESS_URL, data)
    assert response.status_code == 302
    assert Household.objects.count() == 3
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.created_by) == (ImportStatus.COMMITTED, province_admin)


def test_admin_import_shows_invalid_rows_with_their_spreadsheet_numbers(
    client, province_admin, survey_round, tmp_path
):
    client.force_login(province_admin)
    path = write_csv(
        tmp_path / "bad.csv",
        [household_row(1), household_row(2, **{"เลขประจำตัวประชาชน": "1.10170E+12"})],
    )
    preview = post_file(client, path, survey_round)
    result = preview.context["result"]
    assert [row.number for row in result.invalid_rows] == [3]
    assert "confirm_form" not in preview.context
    assert re.search(r"1\.10170E\+12", preview.content.decode())
    assert not Household.objects.exists()


def test_admin_import_offers_only_provinces_in_scope(client, province_admin, survey_round):
    client.force_login(province_admin)
    form = client.get(URL).context["form"]
    assert list(form.fields["province"].queryset.values_list("code", flat=True)) == ["50"]
