"""The life compass (เข็มทิศชีวิต): a case's plan of activities by lever, suggested by the
failed จปฐ. indicators, agreed with the household; assistance completing an activity; the
stages that follow; the plan page and its printed one-page PDF."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from agencies.models import AssistanceType, Lever
from households.manage_services import assistance_record, host_assign
from households.models import (
    ActivityStatus,
    Capacity,
    HouseholdAccess,
    Indicator,
    LifePlan,
    Stage,
    Target,
    Verification,
)
from households.plan_services import plan_activity_add, plan_activity_update, plan_agree
from households.programme_services import (
    programme_activate,
    programme_close,
    target_capacity_set,
    target_verify,
)
from households.visit_services import visit_record
from povertyprog.audit.models import ActivityLog
from tests.agencies.factories import AgencyFactory

from .manage_world import in_force_pledge, liaison_of, mae_rim, make_cases, mueang

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
NEXT_MONTH = TODAY + datetime.timedelta(days=30)


@pytest.fixture
def catalogue(db):
    call_command("loaddata", "assistance_types", "bmn_indicator_suggestions_2560_2564", verbosity=0)


@pytest.fixture
def cases(province_staff):
    return make_cases(province_staff)


def confirmed(target, by, capacity=Capacity.SELF_DEVELOP):
    target_verify(target=target, outcome=Verification.CONFIRMED, note="", by=by)
    target_capacity_set(target=target, capacity=capacity, reason="สัมภาษณ์", by=by)
    return Target.objects.get(pk=target.pk)


def add(target, by, **values):
    values.setdefault("lever", Lever.RAISE_INCOME)
    values.setdefault("description", "ฝึกอาชีพเพาะเห็ด")
    return plan_activity_add(target=target, by=by, **values)


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


# The plan's rules ------------------------------------------------------------------------


def test_a_plan_is_drawn_up_for_a_confirmed_case_only(cases, district_officer_mae_rim):
    target = mae_rim(cases)[0]
    with pytest.raises(ValidationError) as excinfo:
        add(target, district_officer_mae_rim)
    assert excinfo.value.code == "not_verified"
    assert not LifePlan.objects.exists()
    confirmed(target, district_officer_mae_rim)
    activity = add(target, district_officer_mae_rim, due_on=NEXT_MONTH)
    assert activity.plan.target == target
    assert activity.plan.created_by == district_officer_mae_rim
    assert (activity.status, activity.due_on) == (ActivityStatus.PLANNED, NEXT_MONTH)
    entry = ActivityLog.objects.get(action="households.plan.activity_added")
    assert entry.actor == district_officer_mae_rim
    assert entry.data["activity"] == activity.pk


def test_another_districts_officer_gets_404(
    cases, district_officer_mae_rim, district_officer_mueang
):
    target = confirmed(mae_rim(cases)[0], district_officer_mae_rim)
    with pytest.raises(Http404):
        add(target, district_officer_mueang)


def test_welfare_only_for_a_household_that_needs_care(cases, district_officer_mae_rim):
    self_reliant, cared_for = mae_rim(cases)[:2]
    confirmed(self_reliant, district_officer_mae_rim)
    with pytest.raises(ValidationError) as excinfo:
        add(self_reliant, district_officer_mae_rim, lever=Lever.WELFARE, description="เบี้ยยังชีพ")
    assert "lever" in errors_of(excinfo)
    confirmed(cared_for, district_officer_mae_rim, capacity=Capacity.CARE_ELDERLY)
    activity = add(cared_for, district_officer_mae_rim, lever=Lever.WELFARE, description="เบี้ยยังชีพ")
    assert activity.lever == Lever.WELFARE


def test_field_rules_name_each_field(cases, district_officer_mae_rim, catalogue):
    target = confirmed(mae_rim(cases)[0], district_officer_mae_rim)
    garden = AssistanceType.objects.get(code="reduce-home-garden")
    other = AgencyFactory()
    pledge = in_force_pledge(other, lever=Lever.RAISE_INCOME)
    with pytest.raises(ValidationError) as excinfo:
        add(
            target,
            district_officer_mae_rim,
            lever=Lever.RAISE_INCOME,
            description="",
            assistance_type=garden,  # a reduce-expenses kind
            due_on=TODAY - datetime.timedelta(days=1),
        )
    assert set(errors_of(excinfo)) == {"assistance_type", "due_on"}
    with pytest.raises(ValidationError) as excinfo:
        add(target, district_officer_mae_rim, lever="", description=" ")
    assert set(errors_of(excinfo)) == {"lever", "description"}
    with pytest.raises(ValidationError) as excinfo:
        add(target, district_officer_mae_rim, lever=Lever.REDUCE_EXPENSES, pledge=pledge)
    assert "pledge" in errors_of(excinfo)  # a raise-income pledge for a reduce-expenses one
    with pytest.raises(ValidationError) as excinfo:
        add(target, district_officer_mae_rim, agency=AgencyFactory(), pledge=pledge)
    assert errors_of(excinfo)["pledge"]  # another agency's pledge
    mueang_pledge = in_force_pledge(other, districts=("5001",))
    with pytest.raises(ValidationError) as excinfo:
        add(target, district_officer_mae_rim, pledge=mueang_pledge)
    assert errors_of(excinfo)["pledge"]  # does not cover Mae Rim
    # A kind of help alone names the activity; the pledge brings its agency.
    activity = add(
        target,
        district_officer_mae_rim,
        lever=Lever.REDUCE_EXPENSES,
        description=" ",
        assistance_type=garden,
    )
    assert activity.description == garden.name_th
    activity = add(target, district_officer_mae_rim, pledge=pledge)
    assert activity.agency == other


def test_an_accepted_suggestion_must_be_a_failed_indicator(cases, district_officer_mae_rim):
    target = confirmed(mae_rim(cases)[0], district_officer_mae_rim)  # failed 22 only
    indicators = Indicator.objects.filter(
        indicator_set_id=target.survey.survey_round.indicator_set_id
    )
    with pytest.raises(ValidationError) as excinfo:
        add(target, district_officer_mae_rim, from_indicator=indicators.get(number=4))
    assert "from_indicator" in errors_of(excinfo)
    activity = add(target, district_officer_mae_rim, from_indicator=indicators.get(number=22))
    assert activity.from_indicator.number == 22


def test_the_household_agrees_the_plan_then_the_stage_moves(cases, district_officer_mae_rim):
    target = mae_rim(cases)[0]
    target_verify(
        target=target, outcome=Verification.CONFIRMED, note="", by=district_officer_mae_rim
    )
    with pytest.raises(ValidationError) as excinfo:
        plan_agree(target=target, agreed_on=TODAY, by=district_officer_mae_rim)
    assert excinfo.value.code == "empty"
    activity = add(target, district_officer_mae_rim)
    with pytest.raises(ValidationError) as excinfo:
        plan_agree(target=target, agreed_on=TODAY, by=district_officer_mae_rim)
    assert excinfo.value.code == "not_classed"
    target_capacity_set(
        target=target, capacity=Capacity.SELF_DEVELOP, reason="ทำงานได้", by=district_officer_mae_rim
    )
    with pytest.raises(ValidationError) as excinfo:
        plan_agree(
            target=target, agreed_on=TODAY + datetime.timedelta(days=1), by=district_officer_mae_rim
        )
    assert "agreed_on" in errors_of(excinfo)
    plan_activity_update(activity=activity, by=district_officer_mae_rim, status="cancelled")
    with pytest.raises(ValidationError) as excinfo:  # only cancelled activities: nothing to agree
        plan_agree(target=target, agreed_on=TODAY, by=district_officer_mae_rim)
    assert excinfo.value.code == "empty"
    plan_activity_update(activity=activity, by=district_officer_mae_rim, status="planned")
    plan = plan_agree(target=target, agreed_on=TODAY, by=district_officer_mae_rim)
    assert (plan.agreed_on, plan.agreed_recorded_by) == (TODAY, district_officer_mae_rim)
    target.refresh_from_db()
    assert target.stage == Stage.PLAN_AGREED
    assert (
        ActivityLog.objects.filter(
            action="households.plan.agreed", actor=district_officer_mae_rim
        ).count()
        == 1
    )
    with pytest.raises(ValidationError) as excinfo:
        plan_agree(target=target, agreed_on=TODAY, by=district_officer_mae_rim)
    assert excinfo.value.code == "agreed"


def test_status_done_by_hand_dates_it_and_reopening_clears_it(cases, district_officer_mae_rim):
    target = confirmed(mae_rim(cases)[0], district_officer_mae_rim)
    activity = add(target, district_officer_mae_rim)
    plan_activity_update(activity=activity, by=district_officer_mae_rim, status="done")
    activity.refresh_from_db()
    assert (activity.status, activity.completed_on) == (ActivityStatus.DONE, TODAY)
    plan_activity_update(activity=activity, by=district_officer_mae_rim, status="in_progress")
    activity.refresh_from_db()
    assert (activity.status, activity.completed_on) == (ActivityStatus.IN_PROGRESS, None)
    with pytest.raises(ValidationError):
        plan_activity_update(activity=activity, by=district_officer_mae_rim, status="lost")


# Assistance completes an activity ---------------------------------------------------------


def test_assistance_completes_an_activity_of_the_case(
    cases, district_officer_mae_rim, province_staff
):
    target = confirmed(mae_rim(cases)[0], district_officer_mae_rim)
    agency = AgencyFactory()
    mushrooms = add(target, district_officer_mae_rim, agency=agency)
    garden = add(
        target, district_officer_mae_rim, lever=Lever.REDUCE_EXPENSES, description="ผักสวนครัว"
    )
    elsewhere = add(
        confirmed(mae_rim(cases)[1], district_officer_mae_rim), district_officer_mae_rim
    )
    base = {"date": TODAY, "agency": agency, "lever": Lever.RAISE_INCOME, "what": "เชื้อเห็ด 50 ก้อน"}
    for activity, field_error in (
        (garden, "on another lever"),
        (elsewhere, "not in the case's plan"),
    ):
        with pytest.raises(ValidationError) as excinfo:
            assistance_record(target=target, by=province_staff, plan_activity=activity, **base)
        assert "plan_activity" in errors_of(excinfo), field_error
    with pytest.raises(ValidationError) as excinfo:
        assistance_record(
            target=target,
            by=province_staff,
            plan_activity=mushrooms,
            **{**base, "agency": AgencyFactory()},
        )
    assert "plan_activity" in errors_of(excinfo)  # another agency is responsible
    assistance = assistance_record(
        target=target, by=province_staff, plan_activity=mushrooms, **base
    )
    mushrooms.refresh_from_db()
    assert (mushrooms.status, mushrooms.completed_on, mushrooms.completed_by) == (
        ActivityStatus.DONE,
        TODAY,
        assistance,
    )
    entry = ActivityLog.objects.get(action="households.target.assistance_recorded")
    assert entry.data["plan_activity"] == mushrooms.pk
    with pytest.raises(ValidationError):  # done already
        assistance_record(target=target, by=province_staff, plan_activity=mushrooms, **base)
    with pytest.raises(ValidationError) as excinfo:  # recorded help keeps it done
        plan_activity_update(activity=mushrooms, by=district_officer_mae_rim, status="planned")
    assert "status" in errors_of(excinfo)


def test_a_liaison_is_offered_the_activities_of_their_agency_or_nobody(
    cases, province_staff, client
):
    target = confirmed(mae_rim(cases)[0], province_staff)
    agency, other = AgencyFactory(), AgencyFactory()
    host_assign(target=target, agency=agency, by=province_staff)
    own = add(target, province_staff, agency=agency, description="ของเรา")
    free = add(target, province_staff, description="ใครก็ได้")
    add(target, province_staff, agency=other, description="ของคนอื่น")
    liaison = liaison_of(agency, "liaison1")
    client.force_login(liaison)
    page = client.get(reverse("households:assistance_new", args=[target.pk]))
    offered = list(page.context["form"].fields["plan_activity"].queryset)
    assert set(offered) == {own, free}


# Stages -----------------------------------------------------------------------------------


def test_every_stage_follows_from_what_happened(cases, province_staff, district_officer_mae_rim):
    target = mae_rim(cases)[0]

    def stage():
        target.refresh_from_db()
        return target.stage

    assert stage() == Stage.TARGETED
    confirmed(target, district_officer_mae_rim)
    assert stage() == Stage.VERIFIED
    add(target, district_officer_mae_rim)
    assert stage() == Stage.VERIFIED  # a plan not yet agreed
    plan_agree(target=target, agreed_on=TODAY, by=district_officer_mae_rim)
    assert stage() == Stage.PLAN_AGREED
    agency = AgencyFactory()
    assistance_record(
        target=target,
        by=province_staff,
        date=TODAY,
        agency=agency,
        lever=Lever.RAISE_INCOME,
        what="ทุน",
    )
    assert stage() == Stage.ASSISTED
    visit_record(target=target, by=district_officer_mae_rim, visited_on=TODAY, findings="เริ่มขายได้")
    assert stage() == Stage.IN_CARE
    programme = target.programme
    if programme.status == "draft":
        programme_activate(programme=programme, by=province_staff)
    untouched = mueang(cases)[0]
    programme_close(programme=programme, by=province_staff)
    assert stage() == Stage.CONTINUING_CARE
    untouched.refresh_from_db()
    assert untouched.stage == Stage.TARGETED  # closing changes only cases in care


# Pages --------------------------------------------------------------------------------------


def test_the_plan_page_suggests_from_failed_indicators_and_adds(
    cases, district_officer_mae_rim, client, catalogue, english
):
    target = confirmed(mae_rim(cases)[0], district_officer_mae_rim)  # failed indicator 22
    client.force_login(district_officer_mae_rim)
    url = reverse("households:case_plan", args=[target.pk])
    page = client.get(url)
    assert page.status_code == 200
    [suggestion] = page.context["suggestions"]
    assert suggestion.indicator.number == 22
    assert "income-vocational-training" in page.content.decode()
    accepted = client.get(url, {"indicator": 22, "kind": "income-vocational-training"})
    form = accepted.context["add_form"]
    kind = AssistanceType.objects.get(code="income-vocational-training")
    assert form.initial["assistance_type"] == kind.pk
    assert form.initial["lever"] == Lever.RAISE_INCOME
    response = client.post(
        url,
        {
            "lever": Lever.RAISE_INCOME,
            "assistance_type": kind.pk,
            "description": "",
            "due_on": f"{NEXT_MONTH.day:02d}/{NEXT_MONTH.month:02d}/{NEXT_MONTH.year + 543}",
            "from_indicator": form.initial["from_indicator"],
        },
    )
    assert response.status_code == 302
    activity = LifePlan.objects.get(target=target).activities.get()
    assert (activity.due_on, activity.from_indicator.number) == (NEXT_MONTH, 22)
    page = client.get(url)
    assert page.context["suggestions"] == []  # accepted: no longer suggested
    bad = client.post(url, {"lever": Lever.RAISE_INCOME, "description": ""})
    assert bad.status_code == 200
    assert "Say what will be done" in bad.content.decode()
    agreed = client.post(
        reverse("households:case_plan_agree", args=[target.pk]),
        {"agreed_on": f"{TODAY.day:02d}/{TODAY.month:02d}/{TODAY.year + 543}"},
    )
    assert agreed.status_code == 302
    target.refresh_from_db()
    assert target.stage == Stage.PLAN_AGREED


def test_the_plan_prints_on_one_page_in_thai_and_the_print_is_logged(
    cases, district_officer_mae_rim, client
):
    target = confirmed(mae_rim(cases)[0], district_officer_mae_rim)
    add(target, district_officer_mae_rim, description="ฝึกอาชีพเพาะเห็ด", due_on=NEXT_MONTH)
    client.force_login(district_officer_mae_rim)
    response = client.get(reverse("households:case_plan_pdf", args=[target.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    # Thai extraction is lossy on vowels and marks: compare the consonants.
    for expected in ("ลงชื่อ", "หัวหน้าครัวเรือน", "ฝึกอาชีพเพาะเห็ด", target.survey.head_name):
        assert consonants(expected) in consonants(text), expected
    entry = ActivityLog.objects.get(action="households.plan.printed")
    assert entry.actor == district_officer_mae_rim
    assert HouseholdAccess.objects.filter(activity=entry, household=target.household).exists()


def consonants(text: str) -> str:
    return "".join(ch for ch in text if "ก" <= ch <= "ฮ")
