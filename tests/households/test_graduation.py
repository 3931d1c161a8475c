"""Graduation: a later round's import that shows a case's household at or above that
round's income threshold graduates the case in the import's transaction; the preview
counts how many will, and the commit does exactly that."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from households.importer.pipeline import build_plan
from households.models import Graduation, ImportStatus, Stage, Target, Verification
from households.programme_selectors import programme_summary
from households.programme_services import target_verify
from households.services import import_plan_commit
from povertyprog.audit.models import ActivityLog
from tests.households.factories import SurveyRoundFactory

from .bmn_files import household_row, write_csv
from .targeting_world import programme, record, targeted
from .test_import_command import run
from .uploads import confirm, upload

pytestmark = pytest.mark.django_db
INCOME = "รายได้เฉลี่ยต่อคนต่อปี"


def village_of(n: int) -> str:
    """The village of bmn_files.household_row(n): Mae Rim, Rim Tai, moo 1 + n % 3."""
    return f"5007010{1 + n % 3}"


def records_2556(numbers=(1, 2, 3, 4)) -> None:
    """Round 2556's records of the households of household_row(n), all poor."""
    for n in numbers:
        record(village_of(n), 10000 + n, household__house_no=f"{n}/1")


def make_cases(by, numbers=(1, 2, 3, 4), *, recorded=False) -> dict[int, Target]:
    """A 2557 programme drawn from round 2556: the households of household_row(n)."""
    if not recorded:
        records_2556(numbers)
    p = programme(by=by, target=len(numbers))
    targeted(p, by=by)
    return {n: Target.objects.get(household__house_no=f"{n}/1") for n in numbers}


@pytest.fixture
def round_2558():
    return SurveyRoundFactory(year_be=2558, income_threshold=Decimal(38000))


def plan_of(path, survey_round):
    return build_plan(path, file_name=path.name, survey_round=survey_round, province_code="50")


def later_file(tmp_path, incomes: dict[int, int], name="bmn2558.csv"):
    return write_csv(
        tmp_path / name, [household_row(n, **{INCOME: income}) for n, income in incomes.items()]
    )


def stages(cases) -> dict[int, str]:
    return {n: Target.objects.get(pk=t.pk).stage for n, t in cases.items()}


def test_a_later_round_at_or_above_its_threshold_graduates_the_case(
    tmp_path, province_staff, province_admin, district_officer_mae_rim, round_2558
):
    cases = make_cases(province_staff)
    target_verify(
        target=cases[1], outcome=Verification.DECEASED, note="เสียชีวิต", by=district_officer_mae_rim
    )
    # 1 dropped (no graduation however rich), 2 exactly at the threshold, 3 a baht below,
    # 4 above; 5 is not a case.
    path = later_file(tmp_path, {1: 90000, 2: 38000, 3: 37999, 4: 45000, 5: 80000})

    plan = plan_of(path, round_2558)
    assert plan.counts["graduating"] == 2
    assert not Graduation.objects.exists(), "the preview writes nothing"

    batch = import_plan_commit(plan=plan, by=province_admin)

    assert batch.counts["graduating"] == 2
    assert stages(cases) == {
        1: Stage.DROPPED,
        2: Stage.GRADUATED,
        3: Stage.TARGETED,
        4: Stage.GRADUATED,
    }
    graduation = Graduation.objects.get(target=cases[2])
    assert graduation.survey_round == round_2558
    assert graduation.income_per_person == Decimal(38000)
    assert graduation.income_threshold == Decimal(38000)
    assert graduation.import_batch == batch
    assert graduation.survey.survey_round == round_2558
    assert graduation.survey.household == cases[2].household
    assert Graduation.objects.get(target=cases[4]).income_per_person == Decimal(45000)
    entry = ActivityLog.objects.get(action="households.targets.graduated")
    assert (entry.actor, entry.target_id, entry.data["count"], entry.data["round"]) == (
        province_admin,
        str(batch.pk),
        2,
        2558,
    )


def test_the_programmes_own_round_and_earlier_rounds_graduate_nobody(
    tmp_path, province_staff, province_admin, round_2558
):
    # Round 2556 is the programme's own: a rich record of it graduates nobody.
    cases = make_cases(province_staff)
    own = SurveyRoundFactory(year_be=2556)
    plan = plan_of(later_file(tmp_path, {2: 90000, 4: 90000}), own)
    assert plan.counts["graduating"] == 0
    import_plan_commit(plan=plan, by=province_admin)
    earlier = SurveyRoundFactory(year_be=2555, income_threshold=Decimal(20000))
    plan = plan_of(later_file(tmp_path, {2: 90000, 4: 90000}, "bmn2555.csv"), earlier)
    assert plan.counts["graduating"] == 0
    import_plan_commit(plan=plan, by=province_admin)
    assert not Graduation.objects.exists()
    assert set(stages(cases).values()) == {Stage.TARGETED}
    assert not ActivityLog.objects.filter(action="households.targets.graduated").exists()


def test_re_importing_graduates_nobody_twice_and_a_poorer_record_does_not_undo_it(
    tmp_path, province_staff, province_admin, round_2558
):
    cases = make_cases(province_staff)
    path = later_file(tmp_path, {2: 40000, 3: 20000})
    import_plan_commit(plan=plan_of(path, round_2558), by=province_admin)
    assert Graduation.objects.count() == 1

    again = plan_of(path, round_2558)
    assert again.counts["graduating"] == 0
    import_plan_commit(plan=again, by=province_admin)
    poorer = plan_of(later_file(tmp_path, {2: 20000, 3: 20000}, "fixed.csv"), round_2558)
    assert poorer.counts["graduating"] == 0
    import_plan_commit(plan=poorer, by=province_admin)

    graduation = Graduation.objects.get()
    assert (graduation.target, graduation.income_per_person) == (cases[2], Decimal(40000))
    assert stages(cases)[2] == Stage.GRADUATED
    assert ActivityLog.objects.filter(action="households.targets.graduated").count() == 1


def test_a_stored_record_of_the_round_counts_as_the_file_does(
    tmp_path, province_staff, province_admin, round_2558
):
    """Round 2558 was imported before the programme's targets existed: its next import
    graduates the cases its stored records show (and the preview says so)."""
    records_2556()
    plan = plan_of(later_file(tmp_path, {4: 45000, 9: 90000}, "first.csv"), round_2558)
    assert plan.counts["graduating"] == 0, "no case yet"
    import_plan_commit(plan=plan, by=province_admin)
    cases = make_cases(province_staff, recorded=True)
    # The next file of the round holds only household 2, rich, and 3, poor; 4 is stored.
    plan = plan_of(later_file(tmp_path, {2: 50000, 3: 1000}), round_2558)
    assert plan.counts["graduating"] == 2
    import_plan_commit(plan=plan, by=province_admin)
    assert set(Graduation.objects.values_list("target", flat=True)) == {cases[2].pk, cases[4].pk}


def test_the_preview_page_shows_the_count_and_confirming_graduates_as_many(
    client,
    tmp_path,
    province_staff,
    province_admin,
    round_2558,
    django_capture_on_commit_callbacks,
):
    cases = make_cases(province_staff)
    client.force_login(province_admin)
    batch = upload(
        client,
        later_file(tmp_path, {2: 40000, 4: 40000}),
        round_2558,
        django_capture_on_commit_callbacks,
    )
    assert batch.counts["graduating"] == 2
    page = client.get(reverse("households:import_detail", args=[batch.pk])).content.decode()
    assert 'data-count="graduating">2<' in page

    batch = confirm(client, batch, django_capture_on_commit_callbacks)

    assert batch.status == ImportStatus.COMMITTED
    assert set(Graduation.objects.values_list("target", flat=True)) == {cases[2].pk, cases[4].pk}


def test_the_preview_page_shows_no_graduation_box_when_nobody_graduates(
    client, tmp_path, province_admin, round_2558, django_capture_on_commit_callbacks
):
    client.force_login(province_admin)
    batch = upload(
        client, later_file(tmp_path, {2: 40000}), round_2558, django_capture_on_commit_callbacks
    )
    assert batch.counts["graduating"] == 0
    page = client.get(reverse("households:import_detail", args=[batch.pk])).content.decode()
    assert 'data-count="graduating"' not in page


def test_confirming_is_refused_when_fewer_would_graduate_than_the_preview_said(
    client,
    tmp_path,
    province_staff,
    province_admin,
    district_officer_mae_rim,
    round_2558,
    django_capture_on_commit_callbacks,
):
    cases = make_cases(province_staff)
    client.force_login(province_admin)
    batch = upload(
        client,
        later_file(tmp_path, {2: 40000, 4: 40000}),
        round_2558,
        django_capture_on_commit_callbacks,
    )
    assert batch.counts["graduating"] == 2
    # Between the preview and the confirmation, one case is dropped in the field.
    target_verify(
        target=cases[4], outcome=Verification.MOVED, note="ย้ายออก", by=district_officer_mae_rim
    )

    batch = confirm(client, batch, django_capture_on_commit_callbacks)

    assert batch.status == ImportStatus.REFUSED
    assert not Graduation.objects.exists()


def test_import_bmn_json_counts_the_cases_it_graduates(tmp_path, province_staff, round_2558):
    cases = make_cases(province_staff)
    code, out, _err = run(
        later_file(tmp_path, {1: 50000, 3: 39000}), "--round", 2558, "--province", 50, "--json"
    )
    assert code == 0
    assert json.loads(out)["graduating"] == 2
    assert stages(cases) == {
        1: Stage.GRADUATED,
        2: Stage.TARGETED,
        3: Stage.GRADUATED,
        4: Stage.TARGETED,
    }


def test_the_programme_summary_counts_graduated_cases_per_district(
    tmp_path, province_staff, province_admin, round_2558
):
    cases = make_cases(province_staff)
    import_plan_commit(
        plan=plan_of(later_file(tmp_path, {2: 40000, 4: 40000}), round_2558), by=province_admin
    )
    summary = programme_summary(cases[2].programme)
    assert summary["stages"][Stage.GRADUATED] == 2
    [mae_rim] = summary["by_district"]
    assert (mae_rim["code"], mae_rim["targets"], mae_rim["graduated"]) == ("5007", 4, 2)
