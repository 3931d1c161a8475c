"""Correcting a survey record in the admin goes through `survey_correct`: audited, and its
change-detection hash kept as the import computes it, so the next import compares against
the values the record holds."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from households.importer.pipeline import build_plan
from households.models import HouseholdSurvey
from households.services import import_plan_commit, round_create, survey_correct
from povertyprog.audit.models import ActivityLog
from tests.households.bmn_files import household_row, write_csv


@pytest.fixture
def survey_round(province_admin):
    return round_create(year_be=2564, income_threshold=Decimal(38000), by=province_admin)


def plan_of(path, survey_round):
    return build_plan(path, file_name=path.name, survey_round=survey_round, province_code="50")


def counts(plan):
    return plan.new, plan.updated, plan.unchanged


@pytest.fixture
def imported(tmp_path, survey_round, province_admin):
    original = write_csv(tmp_path / "bmn.csv", [household_row(n) for n in (1, 2, 3)])
    import_plan_commit(plan=plan_of(original, survey_round), by=province_admin)
    return original


def post_correction(client, survey, **changes):
    page = client.get(f"/admin/households/householdsurvey/{survey.pk}/change/")
    form = page.context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update(changes)
    return client.post(f"/admin/households/householdsurvey/{survey.pk}/change/", data)


def test_an_admin_correction_keeps_the_change_detection_hash_right(
    client, province_admin, survey_round, imported, tmp_path
):
    survey = HouseholdSurvey.objects.get(household__house_no="2/1")
    client.force_login(province_admin)
    response = post_correction(
        client,
        survey,
        head_first_name="  บัวคำ   แก้ไข ",
        income_per_person="41000",
        failed_indicators="๔, 7",
    )
    assert response.status_code == 302

    survey.refresh_from_db()
    assert (survey.head_first_name, survey.income_per_person) == ("บัวคำ แก้ไข", 41000)
    assert survey.failed_indicator_numbers == [4, 7]
    entry = ActivityLog.objects.get(action="households.survey.corrected")
    assert (entry.actor, entry.target_id) == (province_admin, str(survey.pk))
    assert entry.data == {"fields": ["failed_indicators", "head_first_name", "income_per_person"]}
    assert not ActivityLog.objects.filter(action__startswith="admin.households").exists()

    # The original file now differs from what the record holds: that row is updated back.
    assert counts(plan_of(imported, survey_round)) == (0, 1, 2)
    # A file holding the corrected values leaves every row alone.
    corrected = write_csv(
        tmp_path / "corrected.csv",
        [
            household_row(1),
            household_row(
                2,
                **{
                    "ชื่อ": "บัวคำ แก้ไข",
                    "รายได้เฉลี่ยต่อคนต่อปี": 41000,
                    "ตัวชี้วัดที่ไม่ผ่าน": "4, 7",
                },
            ),
            household_row(3),
        ],
    )
    assert counts(plan_of(corrected, survey_round)) == (0, 0, 3)


def test_a_correction_that_changes_nothing_writes_nothing(
    client, province_admin, survey_round, imported
):
    survey = HouseholdSurvey.objects.get(household__house_no="1/1")
    client.force_login(province_admin)
    assert post_correction(client, survey).status_code == 302
    assert not ActivityLog.objects.filter(action="households.survey.corrected").exists()
    assert counts(plan_of(imported, survey_round)) == (0, 0, 3)


def test_a_correction_names_only_indicators_of_the_rounds_set(
    province_admin, survey_round, imported, english
):
    survey = HouseholdSurvey.objects.get(household__house_no="1/1")
    with pytest.raises(ValidationError, match="no indicator 99"):
        survey_correct(survey=survey, by=province_admin, failed_indicators=[4, 99])
    with pytest.raises(TypeError):
        survey_correct(survey=survey, by=province_admin, citizen_id_hash="x")


def test_surveys_are_neither_added_nor_deleted_in_the_admin(
    client, province_admin, survey_round, imported
):
    survey = HouseholdSurvey.objects.get(household__house_no="1/1")
    client.force_login(province_admin)
    assert client.get("/admin/households/householdsurvey/add/").status_code == 403
    response = client.post(
        f"/admin/households/householdsurvey/{survey.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert HouseholdSurvey.objects.filter(pk=survey.pk).exists()


def test_an_unknown_indicator_lands_on_the_form(
    client, province_admin, survey_round, imported, settings
):
    survey = HouseholdSurvey.objects.get(household__house_no="1/1")
    client.force_login(province_admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the assertion reads the English
    response = post_correction(client, survey, failed_indicators="4, 99")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["failed_indicators"]
    assert errors == ["The round's indicator set has no indicator 99."]
    survey.refresh_from_db()
    assert survey.failed_indicator_numbers == [4, 22]
