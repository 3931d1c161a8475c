"""The check-in desk: its search in the desk's scope, the one-tap check-in (walk-ins, a
double tap refused with the first's details), the page and its counter."""

import pytest
from django.test import Client
from django.urls import reverse

from events.checkin_selectors import desk_cases_visible_to, desk_search
from events.models import CheckIn, CheckInKind
from households.models import HouseholdAccess
from povertyprog.accounts.roles import Role
from povertyprog.audit.models import ActivityLog
from tests.factories import UserFactory
from tests.households.targeting_world import MAE_RIM, MUEANG

from .factories_checkin import fair_world


@pytest.fixture
def world(province_staff):
    return fair_world(by=province_staff)


@pytest.fixture
def mae_rim_desk(db):
    return UserFactory(username="desk5007", role=Role.FAIR_DESK, area_scope=MAE_RIM)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_district_desk_finds_only_its_districts_cases(world, mae_rim_desk, fair_desk):
    district = set(desk_cases_visible_to(mae_rim_desk, world.fair).values_list("district_id"))
    assert district == {(MAE_RIM,)}
    province = set(desk_cases_visible_to(fair_desk, world.fair).values_list("district_id"))
    assert province == {(MAE_RIM,), (MUEANG,)}


def test_search_by_name_house_number_and_citizen_id(world, mae_rim_desk, fair_desk):
    mueang_case = world.walk_in
    name = mueang_case.survey.head_first_name
    found, _ = desk_search(fair_desk, world.fair, name, None)
    assert mueang_case in [case.target for case in found]
    found, _ = desk_search(mae_rim_desk, world.fair, name, None)
    assert mueang_case not in [case.target for case in found]

    house_no = mueang_case.household.house_no
    found, _ = desk_search(fair_desk, world.fair, house_no, None)
    assert mueang_case in [case.target for case in found]

    cid = mueang_case.survey.citizen_id
    (only,), _ = desk_search(fair_desk, world.fair, cid, None)
    assert only.target == mueang_case
    assert only.citizen_id_masked == f"{cid[0]}-xxxx-xxxxx-xx-{cid[12]}"
    assert only.walk_in == CheckInKind.NOT_INVITED
    assert desk_search(mae_rim_desk, world.fair, cid, None)[0] == []
    assert desk_search(fair_desk, world.fair, "   ", None)[0] == []


def test_the_search_page_masks_and_logs_a_citizen_id(world, fair_desk):
    case = world.invitations[0].target
    cid = case.survey.citizen_id
    response = _client(fair_desk).get(
        reverse("events:desk_search", args=[world.fair.pk]), {"q": cid}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert cid not in text
    assert f"{cid[0]}-xxxx-xxxxx-xx-{cid[12]}" in text
    assert f'data-case="{case.pk}"' in text
    entry = ActivityLog.objects.get(action="events.desk.searched_citizen_id")
    assert cid not in str(entry.data)
    assert list(
        HouseholdAccess.objects.filter(activity=entry).values_list("household_id", flat=True)
    ) == [case.household_id]


def test_a_search_outside_the_users_province_is_404(world):
    lamphun = UserFactory(role=Role.FAIR_DESK, area_scope="51")
    response = _client(lamphun).get(reverse("events:desk_search", args=[world.fair.pk]), {"q": "x"})
    assert response.status_code == 404
    response = _client(lamphun).get(reverse("events:desk", args=[world.fair.pk]))
    assert response.status_code == 404


def _tap(client, world, target, desk):
    return client.post(
        reverse("events:desk_check_in", args=[world.fair.pk, target.pk]),
        {"desk": desk.pk},
        headers={"HX-Request": "true"},
    )


def test_one_tap_checks_in_and_a_second_tap_is_refused_with_the_first(world, fair_desk):
    invitation = world.invitations[0]
    desk = world.desks[invitation.district_id]
    client = _client(fair_desk)
    first = _tap(client, world, invitation.target, desk)
    assert first.status_code == 200
    assert 'data-result="checked_in"' in first.content.decode()
    assert first["HX-Trigger"] == "desk:checked-in"
    check_in = CheckIn.objects.get()
    assert (check_in.kind, check_in.desk, check_in.invitation) == (
        CheckInKind.INVITED,
        desk,
        invitation,
    )

    other = UserFactory(username="desk2", role=Role.FAIR_DESK, area_scope="50", first_name="สมปอง")
    second = _tap(_client(other), world, invitation.target, world.desks[MUEANG])
    text = second.content.decode()
    assert 'data-result="already_checked_in"' in text
    by = fair_desk.get_full_name() or fair_desk.get_username()
    assert desk.name in text
    assert by in text
    assert CheckIn.objects.count() == 1


@pytest.mark.parametrize(
    ("which", "kind"), [("walk_in", CheckInKind.NOT_INVITED), ("other", CheckInKind.OTHER_DESK)]
)
def test_walk_ins_are_recorded_as_such(world, fair_desk, which, kind):
    mae_rim_invited = next(i for i in world.invitations if i.district_id == MAE_RIM)
    target = world.walk_in if which == "walk_in" else mae_rim_invited.target
    response = _tap(_client(fair_desk), world, target, world.desks[MUEANG])
    assert response.status_code == 200
    assert "desk-walk-in" in response.content.decode()
    assert CheckIn.objects.get().kind == kind


def test_a_district_desk_cannot_tap_another_districts_case(world, mae_rim_desk):
    response = _tap(_client(mae_rim_desk), world, world.walk_in, world.desks[MAE_RIM])
    assert response.status_code == 404
    assert not CheckIn.objects.exists()


def test_the_desk_page_and_its_counter(world, fair_desk):
    desk = world.desks[MAE_RIM]
    client = _client(fair_desk)
    page = client.get(reverse("events:desk", args=[world.fair.pk]), {"desk": desk.pk})
    assert page.status_code == 200
    assert f'data-desk="{desk.pk}"' in page.content.decode()
    _tap(client, world, world.invitations[0].target, desk)
    counter = client.get(reverse("events:desk_counter", args=[world.fair.pk]), {"desk": desk.pk})
    assert 'data-count="1"' in counter.content.decode()
    other = client.get(
        reverse("events:desk_counter", args=[world.fair.pk]), {"desk": world.desks[MUEANG].pk}
    )
    assert 'data-count="0"' in other.content.decode()


def test_the_desk_door_lists_the_fairs_of_the_users_province(world, mae_rim_desk):
    response = _client(mae_rim_desk).get(reverse("events:desk_choose"))
    assert response.status_code == 200
    assert reverse("events:desk", args=[world.fair.pk]) in response.content.decode()
    lamphun = UserFactory(role=Role.FAIR_DESK, area_scope="51")
    response = _client(lamphun).get(reverse("events:desk_choose"))
    assert reverse("events:desk", args=[world.fair.pk]) not in response.content.decode()
