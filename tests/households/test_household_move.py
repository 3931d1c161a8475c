"""A household that moves to another district keeps its history (rounds, cases, plan,
assistance, visits) and its cases appear on the new district officer's list; the old
district's officer no longer sees them. The quota district of a case does not change."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from households.models import Verification
from households.programme_selectors import targets_visible_to
from households.programme_services import target_verify
from households.services import household_move
from households.visit_services import visit_record
from povertyprog.areas.models import Village
from povertyprog.audit.models import ActivityLog
from tests.factories import VillageFactory

from .manage_world import mae_rim, make_cases, mueang

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(province_staff):
    return make_cases(province_staff)


def test_a_move_to_another_district_hands_the_case_to_its_officer(
    cases, district_officer_mae_rim, district_officer_mueang, client
):
    target = mae_rim(cases)[0]
    target_verify(
        target=target, outcome=Verification.CONFIRMED, note="", by=district_officer_mae_rim
    )
    visit = visit_record(
        target=target,
        by=district_officer_mae_rim,
        visited_on=timezone.localdate() - datetime.timedelta(days=3),
        findings="ย้ายไปอยู่กับลูกในเมือง",
    )
    household = target.household
    surveys = set(household.surveys.values_list("pk", flat=True))
    assert targets_visible_to(district_officer_mae_rim).filter(pk=target.pk).exists()
    assert not targets_visible_to(district_officer_mueang).filter(pk=target.pk).exists()

    new_village = Village.objects.get(code="50010201")
    household_move(
        household=household,
        village=new_village,
        house_no="๑๒/๓",  # Thai digits accepted
        note="ผู้ใหญ่บ้านแจ้ง",
        by=district_officer_mae_rim,
    )
    household.refresh_from_db()
    assert (household.village_id, household.house_no) == ("50010201", "12/3")
    target.refresh_from_db()
    assert target.district_id == "5007"  # the quota it was chosen under
    assert set(household.surveys.values_list("pk", flat=True)) == surveys
    assert list(target.visits.all()) == [visit]
    assert not targets_visible_to(district_officer_mae_rim).filter(pk=target.pk).exists()
    assert targets_visible_to(district_officer_mueang).filter(pk=target.pk).exists()

    entry = ActivityLog.objects.get(action="households.household.moved")
    assert entry.data["from"]["village"] == "50070101"
    assert entry.data["to"] == {"village": "50010201", "house_no": "12/3"}

    client.force_login(district_officer_mueang)
    listed = client.get(reverse("households:case_list"))
    assert target in list(listed.context["page"].object_list)
    page = client.get(reverse("households:case_detail", args=[target.pk]))
    assert page.status_code == 200
    actions = [e.action for e in page.context["timeline"]]
    assert actions == [
        "households.target.verified",
        "households.target.visited",
        "households.household.moved",
    ]
    client.force_login(district_officer_mae_rim)
    assert client.get(reverse("households:case_detail", args=[target.pk])).status_code == 404


def test_a_move_is_checked(
    cases, district_officer_mae_rim, district_officer_mueang, province_staff
):
    first, second = mae_rim(cases)[:2]
    household = first.household
    with pytest.raises(Http404):  # not in the Mueang officer's area
        household_move(
            household=household,
            village=Village.objects.get(code="50010101"),
            house_no="1",
            note="x",
            by=district_officer_mueang,
        )
    lamphun = VillageFactory(code="51010101")
    with pytest.raises(ValidationError) as excinfo:
        household_move(
            household=household, village=lamphun, house_no="1", note="", by=province_staff
        )
    assert set(excinfo.value.message_dict) == {"village", "note"}
    with pytest.raises(ValidationError) as excinfo:  # another household's address
        household_move(
            household=household,
            village=second.household.village,
            house_no=second.household.house_no,
            note="แจ้ง",
            by=province_staff,
            house_code="123",
        )
    assert set(excinfo.value.message_dict) == {"house_code"}
    with pytest.raises(ValidationError) as excinfo:
        household_move(
            household=household,
            village=second.household.village,
            house_no=second.household.house_no,
            note="แจ้ง",
            by=province_staff,
        )
    assert set(excinfo.value.message_dict) == {"house_no"}
    assert not ActivityLog.objects.filter(action="households.household.moved").exists()


def test_the_move_page_records_it_and_returns_to_the_cases(cases, district_officer_mae_rim, client):
    target = mae_rim(cases)[0]
    client.force_login(district_officer_mae_rim)
    url = reverse("households:household_move", args=[target.household_id])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"village": "50010201", "house_no": "", "note": ""})
    assert bad.status_code == 200
    assert bad.context["form"].errors
    done = client.post(url, {"village": "50010201", "house_no": "9", "note": "แจ้งย้าย"})
    assert done.status_code == 302
    assert done["Location"] == reverse("households:case_list")  # out of their area now
    assert mueang(cases)  # the Mueang cases are untouched
