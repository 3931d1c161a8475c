"""The upload form as a new user fills it in, and what the preview warns about."""

from decimal import Decimal

import pytest
from django.urls import reverse

from households.models import ImportBatch, ImportStatus, SurveyRound
from povertyprog.areas.models import Village
from tests.factories import VillageFactory

from .bmn_files import household_row, write_csv
from .uploads import confirm, post_import, upload


def test_the_round_list_defaults_to_the_newest_round(client, province_admin, survey_round):
    client.force_login(province_admin)
    page = client.get(reverse("households:import_new")).content.decode()
    assert f'<option value="{survey_round.pk}" selected>' in page


def test_a_typed_new_round_with_a_chosen_round_is_an_error_that_says_which_to_choose(
    client, province_admin, survey_round, tmp_path, django_capture_on_commit_callbacks
):
    """The issue's case: the list keeps its default (2564), the person types ๒๕๖๕ / 40,000."""
    client.force_login(province_admin)
    path = write_csv(tmp_path / "a.csv", [household_row(1)])
    with django_capture_on_commit_callbacks(execute=True):
        response = post_import(
            client,
            path,
            survey_round,
            new_round_year="๒๕๖๕",
            new_round_threshold="40,000",
        )
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1
    assert "2564" in errors[0]  # the round chosen
    assert "รอบการสำรวจใหม่" in errors[0]  # what to choose in the list for the new one
    assert not ImportBatch.objects.exists()
    assert list(SurveyRound.objects.values_list("year_be", flat=True)) == [2564]


@pytest.mark.parametrize(
    "typed", [{"new_round_year": "2565"}, {"new_round_threshold": "40000"}, {"new_round_year": "x"}]
)
def test_any_typed_new_round_field_with_a_chosen_round_is_refused(
    client, province_admin, survey_round, tmp_path, typed
):
    client.force_login(province_admin)
    path = write_csv(tmp_path / "a.csv", [household_row(1)])
    response = post_import(client, path, survey_round, **typed)
    assert response.status_code == 200
    assert not ImportBatch.objects.exists()


def test_a_new_round_typed_in_thai_digits_opens_it(
    client, province_admin, survey_round, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(province_admin)
    path = write_csv(tmp_path / "a.csv", [household_row(1)])
    with django_capture_on_commit_callbacks(execute=True):
        response = post_import(client, path, new_round_year="๒๕๖๓", new_round_threshold="๓๘,๐๐๐")
    assert response.status_code == 302
    created = SurveyRound.objects.get(year_be=2563)
    assert created.income_threshold == Decimal(38000)
    assert ImportBatch.objects.get().survey_round == created


def test_a_village_named_otherwise_in_the_file_is_a_warning_not_an_error(
    client, province_admin, survey_round, tmp_path, django_capture_on_commit_callbacks
):
    VillageFactory(code="50070102", name_th="บ้านหนองหอย")  # the file says บ้านทดสอบ 2
    VillageFactory(code="50070103", name_th="บ้าน ทดสอบ 3")  # spacing only: no warning
    client.force_login(province_admin)
    path = write_csv(tmp_path / "a.csv", [household_row(1), household_row(2), household_row(4)])
    batch = upload(client, path, survey_round, django_capture_on_commit_callbacks)
    assert batch.status == ImportStatus.PREVIEWED
    assert batch.counts["invalid"] == 0
    assert batch.renamed_villages == [
        {"code": "50070102", "stored": "บ้านหนองหอย", "file": "บ้านทดสอบ 2"}
    ]
    page = client.get(batch.get_absolute_url()).content.decode()
    warning = page[page.index('id="renamed-villages"') :]
    for text in ("50070102", "บ้านหนองหอย", "บ้านทดสอบ 2"):
        assert text in warning

    batch = confirm(client, batch, django_capture_on_commit_callbacks)
    assert batch.status == ImportStatus.COMMITTED
    assert Village.objects.get(code="50070102").name_th == "บ้านหนองหอย"  # kept
