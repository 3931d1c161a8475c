"""The case list's filters of the later steps: overdue (a visit, or a plan activity past its
due date) and host agency; a constant number of queries with them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from agencies.models import Lever
from households.manage_services import host_assign
from households.models import PlanActivity, Target, Verification
from households.plan_services import plan_activity_add
from households.programme_services import target_verify
from households.visit_services import visit_record
from tests.agencies.factories import AgencyFactory

from .manage_world import mae_rim, make_cases

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def listed(client, **params) -> set[int]:
    page = client.get(reverse("households:case_list"), params)
    assert page.status_code == 200
    return {target.pk for target in page.context["page"].object_list}


def test_overdue_and_host_filters(client, province_staff, district_officer_mae_rim):
    programme = make_cases(province_staff)
    late_visit, late_activity, on_time = mae_rim(programme)[:3]
    for target in (late_visit, late_activity, on_time):
        target_verify(target=target, outcome=Verification.CONFIRMED, note="", by=province_staff)
    visit_record(
        target=late_visit,
        by=province_staff,
        visited_on=TODAY - datetime.timedelta(days=40),
        findings="ปลูกผัก",
        next_visit_due=TODAY - datetime.timedelta(days=10),
    )
    visit_record(
        target=on_time,
        by=province_staff,
        visited_on=TODAY,
        findings="ปลูกผัก",
        next_visit_due=TODAY + datetime.timedelta(days=10),
    )
    visit_record(target=late_activity, by=province_staff, visited_on=TODAY, findings="ดี")
    activity = plan_activity_add(
        target=late_activity,
        by=province_staff,
        lever=Lever.RAISE_INCOME,
        description="ฝึกอาชีพ",
        due_on=TODAY,
    )
    # Time passes: the activity's due date is behind us.
    PlanActivity.objects.filter(pk=activity.pk).update(due_on=TODAY - datetime.timedelta(days=3))
    agency = AgencyFactory()
    host_assign(target=on_time, agency=agency, by=province_staff)
    client.force_login(district_officer_mae_rim)
    assert listed(client, overdue="on") == {late_visit.pk, late_activity.pk}
    assert listed(client, host=agency.pk) == {on_time.pk}
    page = client.get(reverse("households:case_list"))
    assert list(page.context["form"].fields["host"].queryset) == [agency]


def test_the_filters_cost_the_same_queries_whatever_the_size(
    client, province_staff, district_officer_mae_rim, django_assert_max_num_queries
):
    make_cases(province_staff)
    client.force_login(district_officer_mae_rim)
    url = reverse("households:case_list")
    client.get(url)  # the session's first request
    with django_assert_max_num_queries(14) as few:
        listed(client, overdue="on")
    for target in Target.objects.all():
        target_verify(target=target, outcome=Verification.CONFIRMED, note="", by=province_staff)
    with django_assert_max_num_queries(len(few.captured_queries)):
        listed(client, overdue="on")
