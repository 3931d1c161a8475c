"""The care step's follow-up visits: who may record one, what it checks, the stage it
leads to, and the overdue lists (scoped to the viewer, a constant number of queries)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from households.models import FollowUpVisit, Stage, Target, Verification
from households.programme_services import target_stage_refresh, target_verify
from households.targeting import QuotaMode, TargetingRules
from households.visit_selectors import visits_overdue_for
from households.visit_services import visit_record
from povertyprog.audit.models import ActivityLog

from .targeting_world import MAE_RIM, MUEANG, VILLAGES, programme, record, targeted

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(province_staff):
    """Five cases in Mae Rim and two in Mueang, in the order of their income."""
    mae_rim = [record(VILLAGES[MAE_RIM][0], 1000 + n).household for n in range(5)]
    mueang = [record(VILLAGES[MUEANG][0], 500 + n).household for n in range(2)]
    p = programme(by=province_staff)
    rules = TargetingRules(quota_mode=QuotaMode.NUMBER, district_quotas={MAE_RIM: 5, MUEANG: 2})
    targeted(p, by=province_staff, rules=rules)
    return (
        [Target.objects.get(household=h) for h in mae_rim],
        [Target.objects.get(household=h) for h in mueang],
    )


def today():
    return timezone.localdate()


def confirm(target, by, *, days_ago=0):
    target_verify(target=target, outcome=Verification.CONFIRMED, note="", by=by)
    Target.objects.filter(pk=target.pk).update(
        verified_at=timezone.now() - timedelta(days=days_ago)
    )
    target.refresh_from_db()
    return target


def test_an_officer_records_a_visit_the_case_is_in_care_audited(cases, district_officer_mae_rim):
    target = confirm(cases[0][0], district_officer_mae_rim)
    assert target.stage == Stage.VERIFIED
    visit = visit_record(
        target=target,
        by=district_officer_mae_rim,
        visited_on=today() - timedelta(days=1),
        findings="  ปลูกผักสวนครัวแล้ว  ",
        next_visit_due=today() + timedelta(days=30),
    )
    assert (visit.visited_by, visit.findings) == (district_officer_mae_rim, "ปลูกผักสวนครัวแล้ว")
    assert visit.next_visit_due == today() + timedelta(days=30)
    target.refresh_from_db()
    assert target.stage == Stage.IN_CARE
    entry = ActivityLog.objects.get(action="households.target.visited")
    assert entry.actor == district_officer_mae_rim
    assert entry.data["visit"] == visit.pk


def test_a_visit_puts_even_an_unverified_case_in_care_and_a_rejection_still_drops_it(
    cases, district_officer_mae_rim
):
    target = cases[0][0]
    visit_record(target=target, by=district_officer_mae_rim, visited_on=today(), findings="พบ")
    target.refresh_from_db()
    assert target.stage == Stage.IN_CARE
    target_verify(
        target=target, outcome=Verification.MOVED, note="ย้ายไปลำพูน", by=district_officer_mae_rim
    )
    target.refresh_from_db()
    assert (target.stage, target.drop_reason) == (Stage.DROPPED, Verification.MOVED)
    # Whatever is stored, the refresh derives the same.
    Target.objects.filter(pk=target.pk).update(stage=Stage.IN_CARE, drop_reason="")
    target.refresh_from_db()
    assert target_stage_refresh(target).stage == Stage.DROPPED


def test_who_may_record_a_visit(
    cases,
    province_staff,
    province_admin,
    district_officer_mueang,
    agency_liaison,
    viewer,
    outsider,
):
    mae_rim_case = cases[0][0]
    for user in (district_officer_mueang, agency_liaison, viewer, outsider):
        with pytest.raises(Http404):
            visit_record(target=mae_rim_case, by=user, visited_on=today(), findings="พบ")
    assert not FollowUpVisit.objects.exists()
    for user in (province_staff, province_admin):
        visit_record(target=mae_rim_case, by=user, visited_on=today(), findings="พบ")
    visit_record(target=cases[1][0], by=district_officer_mueang, visited_on=today(), findings="พบ")
    assert FollowUpVisit.objects.count() == 3


def test_a_visit_is_checked_and_nothing_is_written_when_it_is_wrong(
    cases, district_officer_mae_rim
):
    target = cases[0][0]
    with pytest.raises(ValidationError) as error:
        visit_record(
            target=target,
            by=district_officer_mae_rim,
            visited_on=today() + timedelta(days=1),
            findings=" ",
            next_visit_due=today(),
        )
    assert set(error.value.message_dict) == {"visited_on", "findings", "next_visit_due"}
    with pytest.raises(ValidationError) as error:
        visit_record(
            target=target,
            by=district_officer_mae_rim,
            visited_on=today(),
            findings="พบ",
            next_visit_due=today() - timedelta(days=1),
        )
    assert set(error.value.message_dict) == {"next_visit_due"}
    # The same day is fine for the next visit, as is none at all.
    visit_record(
        target=target,
        by=district_officer_mae_rim,
        visited_on=today(),
        findings="พบ",
        next_visit_due=today(),
    )
    assert FollowUpVisit.objects.count() == 1


def test_a_dropped_case_is_not_visited(cases, district_officer_mae_rim):
    target = cases[0][0]
    target_verify(
        target=target, outcome=Verification.DECEASED, note="เสียชีวิต", by=district_officer_mae_rim
    )
    with pytest.raises(ValidationError) as error:
        visit_record(target=target, by=district_officer_mae_rim, visited_on=today(), findings="-")
    assert error.value.code == "dropped"
    assert not FollowUpVisit.objects.exists()


# Overdue lists ------------------------------------------------------------------------------


def visit(target, by, *, days_ago, due_in):
    return visit_record(
        target=target,
        by=by,
        visited_on=today() - timedelta(days=days_ago),
        findings="ติดตาม",
        next_visit_due=today() + timedelta(days=due_in) if due_in is not None else None,
    )


def test_overdue_visits_by_due_date_or_first_visit_after_verification(
    cases, district_officer_mae_rim, settings
):
    settings.FIRST_VISIT_DUE_DAYS = 30
    officer = district_officer_mae_rim
    late, on_time, never_late, never_recent, _unverified = cases[0]
    visit(late, officer, days_ago=40, due_in=10)  # an earlier visit: only the latest counts
    visit(late, officer, days_ago=20, due_in=-1)
    visit(on_time, officer, days_ago=40, due_in=-5)
    visit(on_time, officer, days_ago=10, due_in=0)  # due today: not overdue yet
    confirm(never_late, officer, days_ago=31)
    confirm(never_recent, officer, days_ago=29)
    # `_unverified` was neither verified nor visited: nothing is due.

    overdue = list(visits_overdue_for(officer, today()))

    assert overdue == [never_late, late]
    assert overdue[0].last_visited_on is None
    assert (overdue[1].last_visited_on, overdue[1].next_visit_due) == (
        today() - timedelta(days=20),
        today() - timedelta(days=1),
    )
    # The first visit of a case verified 29 days ago is due tomorrow, overdue the day after.
    assert never_recent not in visits_overdue_for(officer, today() + timedelta(days=1))
    assert [t.pk for t in visits_overdue_for(officer, today() + timedelta(days=2))] == [
        never_late.pk,
        never_recent.pk,
        late.pk,
        on_time.pk,
    ]
    settings.FIRST_VISIT_DUE_DAYS = 60
    assert list(visits_overdue_for(officer, today())) == [late]


def test_a_visit_with_no_next_due_date_is_never_overdue_and_closed_cases_drop_out(
    cases, district_officer_mae_rim
):
    officer = district_officer_mae_rim
    first, second, third = cases[0][:3]
    confirm(first, officer, days_ago=90)
    visit(first, officer, days_ago=80, due_in=None)
    confirm(second, officer, days_ago=90)
    confirm(third, officer, days_ago=90)
    assert list(visits_overdue_for(officer, today())) == [second, third]
    target_verify(target=third, outcome=Verification.NOT_POOR, note="รายได้พอ", by=officer)
    Target.objects.filter(pk=second.pk).update(stage=Stage.GRADUATED)
    assert list(visits_overdue_for(officer, today())) == []


def test_overdue_lists_are_scoped_to_the_viewer(
    cases, district_officer_mae_rim, district_officer_mueang, province_staff, viewer, agency_liaison
):
    mae_rim, mueang = cases
    confirm(mae_rim[0], district_officer_mae_rim, days_ago=45)
    confirm(mueang[0], district_officer_mueang, days_ago=45)
    assert list(visits_overdue_for(district_officer_mae_rim, today())) == [mae_rim[0]]
    assert list(visits_overdue_for(district_officer_mueang, today())) == [mueang[0]]
    assert set(visits_overdue_for(province_staff, today())) == {mae_rim[0], mueang[0]}
    assert not visits_overdue_for(viewer, today()).exists()
    assert not visits_overdue_for(agency_liaison, today()).exists()


def test_overdue_list_takes_one_query_at_any_size(
    cases, district_officer_mae_rim, province_staff, django_assert_num_queries
):
    def read():
        with django_assert_num_queries(1):
            return [
                (t.household.village.name_th, t.programme.name, t.next_visit_due)
                for t in visits_overdue_for(province_staff, today())
            ]

    confirm(cases[0][0], district_officer_mae_rim, days_ago=45)
    assert len(read()) == 1
    for target in cases[0][1:]:
        visit(target, district_officer_mae_rim, days_ago=10, due_in=-2)
    confirm(cases[1][0], province_staff, days_ago=45)
    assert len(read()) == 6
