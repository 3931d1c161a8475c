"""The care step's pages: recording a follow-up visit (a BE date form, the service's refusals
on their fields, scope), an officer's follow-ups (overdue visits and plan activities, scoped,
filtered by district, a constant number of queries, each list's Excel export, logged), the
home page's count, and the case page's host, assistance, visit and plan sections."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from agencies.models import Lever
from households.manage_services import assistance_record, host_assign
from households.models import (
    ActivityStatus,
    FollowUpVisit,
    HouseholdAccess,
    PlanActivity,
    Target,
    Verification,
)
from households.plan_selectors import plan_activities_overdue_for
from households.plan_services import plan_activity_add, plan_agree
from households.programme_services import target_capacity_set, target_verify
from households.visit_services import visit_record
from povertyprog.audit.models import ActivityLog
from povertyprog.thai.formats import format_thai_date_numeric
from tests.factories import AgencyFactory

from .manage_world import mae_rim, make_cases, mueang
from .targeting_world import MUEANG

pytestmark = pytest.mark.django_db

FOLLOW_UPS = reverse("households:follow_ups")


def today():
    return timezone.localdate()


def days(n: int):
    return today() + timedelta(days=n)


def be(d) -> str:
    """A date as a Thai user types it: 15/08/2567."""
    return format_thai_date_numeric(d)


def confirm(target, by, *, days_ago=0):
    target_verify(target=target, outcome=Verification.CONFIRMED, note="", by=by)
    Target.objects.filter(pk=target.pk).update(
        verified_at=timezone.now() - timedelta(days=days_ago)
    )
    target.refresh_from_db()
    return target


def activity(target, by, *, due_in, agency=None, description="เลี้ยงไก่ไข่"):
    """A plan activity due `due_in` days from today (the service refuses a past due date, so
    a past one is set afterwards: it became overdue while nobody looked)."""
    made = plan_activity_add(
        target=target,
        by=by,
        lever=Lever.RAISE_INCOME,
        description=description,
        agency=agency,
        due_on=days(max(due_in, 1)),
    )
    PlanActivity.objects.filter(pk=made.pk).update(due_on=days(due_in))
    made.refresh_from_db()
    return made


@pytest.fixture
def programme_(province_staff):
    """Three Mae Rim cases (two villages) and two Mueang cases, all chosen."""
    return make_cases(province_staff)


@pytest.fixture
def officer(client, district_officer_mae_rim, settings):
    client.force_login(district_officer_mae_rim)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def overdue(programme_, province_staff, district_officer_mae_rim, settings):
    """What is overdue today, and what is not.

    Mae Rim: `first` verified 45 days ago, never visited (first visit due 15 days ago) with
    an activity 3 days overdue, one done and one due next week; `late` visited 20 days ago,
    the next visit due yesterday; `on_time` visited, next due tomorrow, with an activity of
    a cancelled status 9 days past. Mueang: `mueang_case` verified 40 days ago, never visited,
    with an activity 5 days overdue.
    """
    settings.FIRST_VISIT_DUE_DAYS = 30
    officer = district_officer_mae_rim
    first, late, on_time = mae_rim(programme_)
    agency = AgencyFactory(name_th="สำนักงานเกษตรอำเภอแม่ริม")
    confirm(first, officer, days_ago=45)
    confirm(late, officer, days_ago=45)
    confirm(on_time, officer, days_ago=45)
    visit_record(
        target=late, by=officer, visited_on=days(-20), findings="ปลูกผัก", next_visit_due=days(-1)
    )
    visit_record(
        target=on_time, by=officer, visited_on=days(-5), findings="ดี", next_visit_due=days(1)
    )
    overdue_activity = activity(first, officer, due_in=-3, agency=agency)
    done = activity(first, officer, due_in=-10, description="ซ่อมหลังคา")
    PlanActivity.objects.filter(pk=done.pk).update(status=ActivityStatus.DONE, completed_on=today())
    activity(first, officer, due_in=7, description="ฝึกอาชีพ")
    cancelled = activity(on_time, officer, due_in=-9)
    PlanActivity.objects.filter(pk=cancelled.pk).update(status=ActivityStatus.CANCELLED)
    mueang_case = confirm(mueang(programme_)[0], province_staff, days_ago=40)
    mueang_activity = activity(mueang_case, province_staff, due_in=-5)
    return {
        "first": first,
        "late": late,
        "on_time": on_time,
        "activity": overdue_activity,
        "agency": agency,
        "mueang_case": mueang_case,
        "mueang_activity": mueang_activity,
    }


def visit_rows(response):
    return [
        (row.target.pk, row.days_overdue, row.first_visit) for row in response.context["visits"]
    ]


def activity_rows(response):
    return [(row.activity.pk, row.days_overdue) for row in response.context["activities"]]


# Recording a visit ---------------------------------------------------------------------------


def test_the_visit_form_starts_with_today_in_the_buddhist_era(officer, programme_):
    target = mae_rim(programme_)[0]
    response = officer.get(reverse("households:case_visit", args=[target.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'value="{be(today())}"' in page
    assert 'name="findings"' in page
    assert 'name="next_visit_due"' in page


def test_an_officer_records_a_visit_and_lands_on_the_case(
    officer, programme_, district_officer_mae_rim
):
    target = mae_rim(programme_)[0]
    response = officer.post(
        reverse("households:case_visit", args=[target.pk]),
        {"visited_on": be(days(-1)), "findings": "ปลูกผักสวนครัวแล้ว", "next_visit_due": be(days(30))},
        follow=True,
    )
    assert response.redirect_chain == [(reverse("households:case_detail", args=[target.pk]), 302)]
    visit = FollowUpVisit.objects.get(target=target)
    assert (visit.visited_on, visit.next_visit_due) == (days(-1), days(30))
    assert visit.visited_by == district_officer_mae_rim
    page = response.content.decode()
    assert "is recorded" in page  # the message
    assert f'data-visit="{visit.pk}"' in page
    assert "ปลูกผักสวนครัวแล้ว" in page
    assert ActivityLog.objects.filter(action="households.target.visited").count() == 1


def test_the_services_refusals_land_on_their_fields(officer, programme_):
    target = mae_rim(programme_)[0]
    url = reverse("households:case_visit", args=[target.pk])
    response = officer.post(url, {"visited_on": be(days(1)), "findings": "พบ"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"visited_on": ["The visit cannot be in the future."]}
    assert 'id="error_1_id_visited_on"' in response.content.decode()  # next to its field
    response = officer.post(
        url, {"visited_on": be(today()), "findings": "พบ", "next_visit_due": be(days(-1))}
    )
    assert response.context["form"].errors == {
        "next_visit_due": ["The next visit cannot be due before this one."]
    }
    assert 'id="error_1_id_next_visit_due"' in response.content.decode()
    response = officer.post(url, {"visited_on": "31/02/2567", "findings": ""})
    assert set(response.context["form"].errors) == {"visited_on", "findings"}
    assert not FollowUpVisit.objects.exists()


def test_a_dropped_case_has_no_visit_form_and_a_post_is_refused(
    officer, programme_, district_officer_mae_rim
):
    target = mae_rim(programme_)[0]
    target_verify(
        target=target, outcome=Verification.DECEASED, note="เสียชีวิต", by=district_officer_mae_rim
    )
    url = reverse("households:case_visit", args=[target.pk])
    page = officer.get(url).content.decode()
    assert 'id="visit-dropped"' in page
    assert 'id="visit-form"' not in page
    response = officer.post(url, {"visited_on": be(today()), "findings": "พบ"})
    assert response.status_code == 200
    assert not FollowUpVisit.objects.exists()


def test_another_districts_case_and_a_viewer_get_404(
    client, programme_, district_officer_mueang, viewer
):
    target = mae_rim(programme_)[0]
    url = reverse("households:case_visit", args=[target.pk])
    for user in (district_officer_mueang, viewer):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"visited_on": be(today()), "findings": "พบ"}).status_code == 404
    assert not FollowUpVisit.objects.exists()


# Follow-ups -----------------------------------------------------------------------------------


def test_the_follow_ups_list_what_is_overdue_and_by_how_many_days(officer, overdue):
    response = officer.get(FOLLOW_UPS)
    assert response.status_code == 200
    # Never visited first (due 45 - 30 = 15 days ago), then by the day the visit was due.
    assert visit_rows(response) == [(overdue["first"].pk, 15, True), (overdue["late"].pk, 1, False)]
    assert activity_rows(response) == [(overdue["activity"].pk, 3)]
    page = response.content.decode()
    assert "สำนักงานเกษตรอำเภอแม่ริม" in page  # the responsible agency
    assert overdue["first"].household.village.name_th in page
    assert reverse("households:case_detail", args=[overdue["first"].pk]) in page
    assert 'data-count="visits">2<' in page
    assert 'data-count="activities">1<' in page


def test_the_overdue_activities_selector_reads_one_query_and_is_scoped(
    overdue,
    province_staff,
    district_officer_mae_rim,
    viewer,
    agency_liaison,
    django_assert_num_queries,
):
    with django_assert_num_queries(1):
        read = [
            (a.pk, a.plan.target.household.village.name_th, a.plan.target.programme.name, a.agency)
            for a in plan_activities_overdue_for(province_staff, today())
        ]
    assert [row[0] for row in read] == [overdue["mueang_activity"].pk, overdue["activity"].pk]
    assert read[1][3] == overdue["agency"]
    assert list(plan_activities_overdue_for(district_officer_mae_rim, today())) == [
        overdue["activity"]
    ]
    # Due today is not overdue yet; tomorrow it is.
    PlanActivity.objects.filter(pk=overdue["activity"].pk).update(due_on=today())
    assert not plan_activities_overdue_for(district_officer_mae_rim, today()).exists()
    assert plan_activities_overdue_for(district_officer_mae_rim, days(1)).exists()
    for user in (viewer, agency_liaison):
        assert not plan_activities_overdue_for(user, today()).exists()


def test_the_follow_ups_are_scoped_and_staff_filter_by_district(
    client, overdue, district_officer_mae_rim, district_officer_mueang, province_staff
):
    client.force_login(district_officer_mueang)
    response = client.get(FOLLOW_UPS)
    assert visit_rows(response) == [(overdue["mueang_case"].pk, 10, True)]
    assert activity_rows(response) == [(overdue["mueang_activity"].pk, 5)]
    assert not response.context["form"].has_choice

    client.force_login(district_officer_mae_rim)
    # An officer has no district to choose: another district's code changes nothing.
    response = client.get(FOLLOW_UPS, {"district": MUEANG})
    assert {pk for pk, *_ in visit_rows(response)} == {overdue["first"].pk, overdue["late"].pk}
    assert activity_rows(response) == [(overdue["activity"].pk, 3)]

    client.force_login(province_staff)
    response = client.get(FOLLOW_UPS)
    assert response.context["form"].has_choice
    assert {pk for pk, *_ in visit_rows(response)} == {
        overdue["first"].pk,
        overdue["late"].pk,
        overdue["mueang_case"].pk,
    }
    # The longest overdue first.
    assert activity_rows(response) == [
        (overdue["mueang_activity"].pk, 5),
        (overdue["activity"].pk, 3),
    ]
    response = client.get(FOLLOW_UPS, {"district": MUEANG})
    assert visit_rows(response) == [(overdue["mueang_case"].pk, 10, True)]
    assert activity_rows(response) == [(overdue["mueang_activity"].pk, 5)]
    # An unknown district is reported and ignored.
    response = client.get(FOLLOW_UPS, {"district": "9999"})
    assert "district" in response.context["form"].errors
    assert len(visit_rows(response)) == 3


def test_a_long_list_shows_its_first_rows_and_counts_them_all(officer, overdue, monkeypatch):
    monkeypatch.setattr("households.views.care.ROWS_SHOWN", 1)
    response = officer.get(FOLLOW_UPS)
    assert visit_rows(response) == [(overdue["first"].pk, 15, True)]
    assert response.context["visits_total"] == 2
    assert response.context["activities_total"] == 1
    assert "The first 1 of 2: the Excel file holds them all." in response.content.decode()
    rows = load_workbook(
        BytesIO(officer.get(FOLLOW_UPS, {"format": "xlsx"}).content)
    ).active.iter_rows(values_only=True)
    assert len(list(rows)) == 3, "the header and every overdue visit"


def test_closed_cases_leave_the_follow_ups(officer, overdue, district_officer_mae_rim):
    target_verify(
        target=overdue["first"],
        outcome=Verification.NOT_POOR,
        note="รายได้พอ",
        by=district_officer_mae_rim,
    )
    Target.objects.filter(pk=overdue["late"].pk).update(stage="graduated")
    response = officer.get(FOLLOW_UPS)
    assert visit_rows(response) == []
    assert activity_rows(response) == []
    assert "No visit is overdue." in response.content.decode()


def test_the_follow_ups_cost_the_same_queries_whatever_the_size(
    client, overdue, province_staff, district_officer_mae_rim, django_assert_max_num_queries
):
    client.force_login(province_staff)
    client.get(FOLLOW_UPS)  # the first request after logging in also starts the idle-session clock
    with CaptureQueriesContext(connection) as few:
        response = client.get(FOLLOW_UPS)
    assert len(response.context["visits"]) == 3
    # More overdue cases and activities, in more villages and under another agency.
    for target in mueang(overdue["first"].programme)[1:]:
        confirm(target, province_staff, days_ago=60)
        activity(target, province_staff, due_in=-2, agency=AgencyFactory())
    activity(overdue["late"], district_officer_mae_rim, due_in=-4, agency=AgencyFactory())
    activity(overdue["on_time"], district_officer_mae_rim, due_in=-6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(FOLLOW_UPS)
    assert len(response.context["visits"]) == 4
    assert len(response.context["activities"]) == 5


def test_each_list_exports_to_excel_logged_as_personal_data(
    officer, overdue, district_officer_mae_rim
):
    response = officer.get(FOLLOW_UPS, {"format": "xlsx", "list": "visits"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="follow-ups-visits.xlsx"'
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    first, late = overdue["first"], overdue["late"]
    assert [(row[6], row[-1]) for row in rows[1:]] == [
        (first.household.house_no, 15),
        (late.household.house_no, 1),
    ]
    assert rows[2][8] == be(days(-20))  # the last visit, in the Buddhist era
    entry = ActivityLog.objects.get(action="households.follow_ups.exported")
    assert entry.actor == district_officer_mae_rim
    assert (entry.data["list"], entry.data["rows"]) == ("visits", 2)
    assert set(
        HouseholdAccess.objects.filter(activity=entry).values_list("household_id", flat=True)
    ) == {first.household_id, late.household_id}

    response = officer.get(FOLLOW_UPS, {"format": "xlsx", "list": "activities"})
    assert response["Content-Disposition"] == 'attachment; filename="follow-ups-activities.xlsx"'
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2
    assert (rows[1][8], rows[1][9], rows[1][-1]) == ("เลี้ยงไก่ไข่", "สำนักงานเกษตรอำเภอแม่ริม", 3)
    entry = ActivityLog.objects.filter(action="households.follow_ups.exported").latest("pk")
    assert (entry.data["list"], entry.data["rows"]) == ("activities", 1)
    assert list(
        HouseholdAccess.objects.filter(activity=entry).values_list("household_id", flat=True)
    ) == [first.household_id]


def test_the_home_page_counts_the_officers_overdue_follow_ups(
    officer, overdue, client, viewer, agency_liaison
):
    response = officer.get(reverse("home"))
    assert response.context["follow_ups"].visits == 2
    assert response.context["follow_ups"].activities == 1
    assert 'data-figure="follow-ups">3<' in response.content.decode()
    assert FOLLOW_UPS in response.content.decode()
    for user in (viewer, agency_liaison):
        client.force_login(user)
        assert 'data-figure="follow-ups"' not in client.get(reverse("home")).content.decode()


# The case page's sections --------------------------------------------------------------------


def test_the_case_page_shows_hosts_assistance_visits_and_the_plan(
    officer, programme_, province_staff, district_officer_mae_rim
):
    target = confirm(mae_rim(programme_)[0], district_officer_mae_rim)
    earlier = AgencyFactory(name_th="อบต.ดอนแก้ว")
    now = AgencyFactory(name_th="สำนักงานพัฒนาชุมชนอำเภอแม่ริม")
    host_assign(target=target, agency=earlier, by=province_staff)
    host_assign(target=target, agency=now, by=province_staff)
    assistance_record(
        target=target,
        by=province_staff,
        date=days(-2),
        agency=now,
        lever=Lever.RAISE_INCOME,
        what="พันธุ์ไก่ไข่ 20 ตัว",
        value=1500,
    )
    visit_record(
        target=target,
        by=district_officer_mae_rim,
        visited_on=days(-1),
        findings="ไก่เริ่มออกไข่",
        next_visit_due=days(29),
    )
    activity(target, district_officer_mae_rim, due_in=-1)
    activity(target, district_officer_mae_rim, due_in=10, description="ฝึกทำบัญชีครัวเรือน")
    target_capacity_set(
        target=target, capacity="self", reason="แข็งแรง", by=district_officer_mae_rim
    )
    plan_agree(target=target, agreed_on=today(), by=district_officer_mae_rim)

    response = officer.get(reverse("households:case_detail", args=[target.pk]))
    page = response.content.decode()
    assert "สำนักงานพัฒนาชุมชนอำเภอแม่ริม" in page.split('id="case-current-host"')[1].split("</p>")[0]
    assert "อบต.ดอนแก้ว" in page.split('id="case-host-history"')[1].split("</details>")[0]
    assert "พันธุ์ไก่ไข่ 20 ตัว" in page.split('id="case-assistance"')[1]
    assert "1,500" in page.split('id="case-assistance"')[1].split("</section>")[0]
    visits = page.split('id="case-visits"')[1].split("</section>")[0]
    assert "ไก่เริ่มออกไข่" in visits
    assert reverse("households:case_visit", args=[target.pk]) in visits
    plan = response.context["plan"]
    assert (plan.activities_count, plan.open_count, plan.overdue_count) == (2, 2, 1)
    assert 'data-activities="2"' in page
    assert 'data-overdue="1"' in page
    assert "Agreed with the household on" in page


def test_the_case_page_without_plan_or_help_yet(officer, programme_):
    target = mae_rim(programme_)[0]
    response = officer.get(reverse("households:case_detail", args=[target.pk]))
    assert response.context["plan"] is None
    page = response.content.decode()
    assert "No plan drawn up yet." in page
    assert "No host agency yet." in page
    assert "No assistance recorded yet." in page
    assert "No visit recorded yet." in page


def test_the_case_page_links_its_plan(officer, programme_):
    target = mae_rim(programme_)[0]
    page = officer.get(reverse("households:case_detail", args=[target.pk])).content.decode()
    assert f'href="{reverse("households:case_plan", args=[target.pk])}"' in page


def test_the_case_page_costs_the_same_queries_with_more_history(
    client, programme_, province_staff, district_officer_mae_rim, django_assert_max_num_queries
):
    target = confirm(mae_rim(programme_)[0], district_officer_mae_rim)
    url = reverse("households:case_detail", args=[target.pk])

    def add_history(n):
        agency = AgencyFactory()
        host_assign(target=target, agency=agency, by=province_staff)
        assistance_record(
            target=target,
            by=province_staff,
            date=days(-n),
            agency=agency,
            lever=Lever.RAISE_INCOME,
            what=f"ความช่วยเหลือ {n}",
            value=100,
        )
        visit_record(target=target, by=district_officer_mae_rim, visited_on=days(-n), findings="พบ")
        activity(target, district_officer_mae_rim, due_in=n)

    add_history(1)
    client.force_login(district_officer_mae_rim)
    client.get(url)  # the first request after logging in also starts the idle-session clock
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(2, 6):
        add_history(n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["visits"]) == 5
    assert len(response.context["assistance"]) == 5
    assert len(response.context["hosts"]) == 5


def test_record_a_visit_is_offered_only_on_an_open_case(
    officer, programme_, district_officer_mae_rim
):
    target = mae_rim(programme_)[0]
    url = reverse("households:case_detail", args=[target.pk])
    visit_url = reverse("households:case_visit", args=[target.pk])
    assert visit_url in officer.get(url).content.decode()
    target_verify(
        target=target, outcome=Verification.MOVED, note="ย้าย", by=district_officer_mae_rim
    )
    assert visit_url not in officer.get(url).content.decode()


def test_a_mueang_case_is_unknown_to_the_mae_rim_officer(officer, programme_):
    target = mueang(programme_)[0]
    assert officer.get(reverse("households:case_visit", args=[target.pk])).status_code == 404
