"""The desks' paper fallback: the printed sign-in sheet (A4 PDF, Thai) and the entry of a
signed sheet's ticks as late check-ins, once each."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from events.models import CheckIn, Desk, Fair
from events.services.checkin import check_in_target
from povertyprog.audit.models import ActivityLog
from tests.households.targeting_world import MAE_RIM, MUEANG

from .factories_checkin import fair_world

pytestmark = pytest.mark.django_db


def consonants(text: str) -> str:
    return "".join(ch for ch in text if "ก" <= ch <= "ฮ")


@pytest.fixture
def world(province_staff):
    return fair_world(by=province_staff)


def _mae_rim(world):
    return [i for i in world.invitations if i.district_id == MAE_RIM]


def test_the_sheet_lists_the_desks_households_in_order(world, province_staff, client):
    client.force_login(province_staff)
    desk = world.desks[MAE_RIM]
    response = client.get(reverse("events:sheet_pdf", args=[world.fair.pk, desk.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in ("ใบลงทะเบียน", "ลายมือชื่อ", desk.name, "นายสมชาย ใจดี"):
        assert consonants(expected) in consonants(text), expected
    houses = [i.target.household.house_no for i in _mae_rim(world)]
    positions = [text.index(house) for house in sorted(houses)]
    assert positions == sorted(positions)  # by village, then house number
    mueang_house = next(i for i in world.invitations if i.district_id == MUEANG)
    assert mueang_house.target.household.house_no not in text  # another desk's
    assert ActivityLog.objects.filter(action="events.sheet.printed").count() == 1


def test_ticks_are_entered_once_as_late_check_ins(world, province_staff, fair_desk, client):
    mae = _mae_rim(world)
    desk = world.desks[MAE_RIM]
    check_in_target(fair=world.fair, target=mae[0].target, desk=desk, by=fair_desk)
    client.force_login(province_staff)
    url = reverse("events:sheet_entry", args=[world.fair.pk, desk.pk])
    page = client.get(url)
    offered = set(page.context["form"].fields["invitations"].queryset)
    assert offered == set(mae[1:])  # the checked-in one is shown as such, not offered
    assert list(page.context["checked_in"]) == [mae[0]]
    answer = client.post(url, {"invitations": [mae[1].pk, mae[2].pk]})
    assert answer.status_code == 302
    late = CheckIn.objects.filter(fair=world.fair, late_entry=True)
    assert {c.invitation for c in late} == {mae[1], mae[2]}
    assert all(c.checked_in_at == world.fair.starts_at for c in late)
    assert all(c.by == province_staff and c.desk == desk for c in late)
    # The same ticks again (a second browser tab): refused by the form, nothing doubled.
    again = client.post(url, {"invitations": [mae[1].pk]})
    assert again.status_code == 200
    assert CheckIn.objects.filter(fair=world.fair).count() == 3
    audited = ActivityLog.objects.filter(action="events.check_in.recorded", data__late_entry=True)
    assert audited.count() == 2
    assert ActivityLog.objects.filter(action="events.sheet.entered").count() == 1


def test_the_time_on_the_sheet_is_kept(world, province_staff, client):
    mae = _mae_rim(world)
    desk = world.desks[MAE_RIM]
    client.force_login(province_staff)
    at = world.fair.starts_at + timedelta(hours=2)
    local = timezone.localtime(at)
    client.post(
        reverse("events:sheet_entry", args=[world.fair.pk, desk.pk]),
        {"invitations": [mae[3].pk], "checked_in_at": local.strftime("%Y-%m-%dT%H:%M")},
    )
    check_in = CheckIn.objects.get(invitation=mae[3])
    assert check_in.late_entry
    assert abs(check_in.checked_in_at - at) < timedelta(minutes=1)


def test_a_desk_of_another_fair_answers_404(world, province_staff, client):
    fair = world.fair
    other = Fair.objects.create(
        programme=fair.programme,
        starts_at=fair.starts_at + timedelta(days=30),
        ends_at=fair.ends_at + timedelta(days=30),
        venue="อำเภอแม่ริม",
        capacity=100,
        rsvp_deadline=fair.rsvp_deadline + timedelta(days=30),
    )
    desk = Desk.objects.create(fair=other, name="จุดลงทะเบียนอื่น", district_id=MAE_RIM)
    client.force_login(province_staff)
    for name in ("events:sheet_entry", "events:sheet_pdf"):
        assert client.get(reverse(name, args=[world.fair.pk, desk.pk])).status_code == 404
