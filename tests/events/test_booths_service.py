"""Booth services: given help becomes the case's assistance in the booth's agency's name,
a promise becomes an activity of the case's plan; both show in the case's timeline and page;
a booth of another fair, a case of another programme and a case out of scope are refused."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from agencies.models import Lever
from events.codes import code_display
from events.models import BoothService
from events.services.booths import BOOTH_NOTE, booth_service_record
from households.case_selectors import target_timeline
from households.models import Assistance, PlanActivity, Target
from tests.households.targeting_world import MAE_RIM, MUEANG

from .factories_booths import booth_world, confirmed

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(province_staff):
    return booth_world(by=province_staff)


def _case(world, district=MAE_RIM, n=0) -> Target:
    return [i.target for i in world.fair_world.invitations if i.district_id == district][n]


def test_given_help_becomes_assistance_of_the_booths_agency_and_shows_on_the_case(
    world, district_officer_mae_rim, client, english
):
    target = _case(world)
    service = booth_service_record(
        booth=world.booth,
        target=target,
        what="พันธุ์ผักสวนครัว 5 ซอง",
        value="150",
        by=district_officer_mae_rim,
    )
    assistance = Assistance.objects.get(target=target)
    assert service.assistance == assistance
    assert service.plan_activity is None
    assert (
        assistance.agency,
        assistance.pledge,
        assistance.lever,
        assistance.date,
        assistance.value,
        assistance.note,
        assistance.what,
    ) == (
        world.booth.agency,
        world.booth.pledge,
        Lever.RAISE_INCOME,
        timezone.localdate(),
        Decimal("150"),
        BOOTH_NOTE,
        "พันธุ์ผักสวนครัว 5 ซอง",
    )
    actions = [entry.action for entry in target_timeline(target)]
    assert "events.booth.service_recorded" in actions
    assert "households.target.assistance_recorded" in actions
    client.force_login(district_officer_mae_rim)
    page = client.get(reverse("households:case_detail", args=[target.pk]))
    assert page.status_code == 200
    assert "Served at a booth of the fair" in page.content.decode()


def test_a_promise_becomes_a_plan_activity_of_the_booths_agency(world, district_officer_mae_rim):
    target = confirmed(_case(world, n=1), district_officer_mae_rim)
    due = timezone.localdate() + timedelta(days=60)
    service = booth_service_record(
        booth=world.booth,
        target=target,
        what="อบรมเพาะเห็ด",
        promised=True,
        due_on=due,
        by=district_officer_mae_rim,
    )
    activity = PlanActivity.objects.get(plan__target=target)
    assert service.plan_activity == activity
    assert service.assistance is None
    assert (activity.agency, activity.pledge, activity.lever, activity.due_on) == (
        world.booth.agency,
        world.booth.pledge,
        Lever.RAISE_INCOME,
        due,
    )
    assert not Assistance.objects.filter(target=target).exists()
    actions = [entry.action for entry in target_timeline(target)]
    assert "households.plan.activity_added" in actions
    assert "events.booth.service_recorded" in actions


def test_a_promise_for_a_case_without_a_field_check_is_refused_and_nothing_is_kept(
    world, district_officer_mae_rim
):
    target = _case(world, n=2)  # pending verification: no plan may be written yet
    with pytest.raises(ValidationError):
        booth_service_record(
            booth=world.booth,
            target=target,
            what="อบรม",
            promised=True,
            by=district_officer_mae_rim,
        )
    assert not BoothService.objects.exists()
    assert not PlanActivity.objects.exists()


def test_a_case_of_another_programme_is_refused(world, province_staff):
    with pytest.raises(ValidationError) as excinfo:
        booth_service_record(
            booth=world.other_booth, target=_case(world), what="ตรวจสุขภาพ", by=province_staff
        )
    assert "target" in excinfo.value.message_dict
    assert not Assistance.objects.exists()


def test_another_districts_officer_may_not_record_for_the_case(world, district_officer_mueang):
    with pytest.raises(Http404):
        booth_service_record(
            booth=world.booth, target=_case(world), what="พันธุ์ผัก", by=district_officer_mueang
        )
    assert not BoothService.objects.exists()


def test_a_booth_of_another_fair_answers_404(world, province_staff, client):
    client.force_login(province_staff)
    url = reverse("events:booth_detail", args=[world.fair_world.fair.pk, world.other_booth.pk])
    assert client.get(url).status_code == 404


def test_the_booth_page_finds_by_typed_code_and_records(world, district_officer_mae_rim, client):
    client.force_login(district_officer_mae_rim)
    invitation = next(i for i in world.fair_world.invitations if i.district_id == MAE_RIM)
    url = reverse("events:booth_detail", args=[world.fair_world.fair.pk, world.booth.pk])
    typed = code_display(invitation.code).lower()
    page = client.get(url, {"code": typed})
    assert page.status_code == 200
    assert page.context["target"] == invitation.target
    answer = client.post(
        url, {"target": invitation.target.pk, "what": "พันธุ์ผัก", "value": "80", "lever": ""}
    )
    assert answer.status_code == 302
    service = BoothService.objects.get()
    assert (service.target, service.value, service.recorded_by) == (
        invitation.target,
        Decimal("80"),
        district_officer_mae_rim,
    )
    served = client.get(url)
    assert [s.pk for s in served.context["served"]] == [service.pk]


def test_the_booth_page_searches_only_the_users_cases(world, district_officer_mueang, client):
    client.force_login(district_officer_mueang)
    url = reverse("events:booth_detail", args=[world.fair_world.fair.pk, world.booth.pk])
    found = client.get(url, {"q": "สมชาย"}).context["found"]
    assert found
    assert all(t.district_id == MUEANG for t in found)
    mae_rim_case = _case(world)
    assert client.get(url, {"target": mae_rim_case.pk}).context["target"] is None
