"""What each role sees on the home page, as decided in povertyprog/accounts/roles.py, and the
menu each app contributes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from agencies.models import MOUStatus
from povertyprog.accounts.roles import Role
from povertyprog.core.menu import menu_for
from tests.agencies.factories import MOUFactory, PledgeFactory, SignatoryFactory
from tests.factories import AgencyFactory, AgencyLiaisonFactory, UserFactory

HOME = "/"


@pytest.fixture
def mous(agency_liaison):
    """A signed MOU about to expire that the liaison's agency signed and pledged under, and
    another agency's MOU and pledge."""
    today = timezone.localdate()
    farm = agency_liaison.agency_link.agency
    theirs = MOUFactory(status=MOUStatus.SIGNED, valid_until=today + datetime.timedelta(days=10))
    SignatoryFactory(mou=theirs, agency=farm)
    PledgeFactory(mou=theirs, agency=farm, households_pledged=7)
    other = MOUFactory(status=MOUStatus.SIGNED, valid_until=today + datetime.timedelta(days=20))
    PledgeFactory(mou=other, households_pledged=100)
    return theirs, other


def get_home(client, user):
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response, response.content.decode()


def test_the_viewer_sees_the_areas_aggregates_and_no_mou(client, viewer, mous):
    response, content = get_home(client, viewer)
    assert response.context["figures"] is not None
    assert 'data-figure="households"' in content
    assert response.context["pledges"].households == 107  # the area's totals
    assert response.context["expiring"] is None  # viewers follow no MOU
    assert mous[0].title not in content
    assert mous[1].title not in content


def test_the_liaison_sees_their_agencys_pledges_and_mous_not_the_province(
    client, agency_liaison, mous
):
    theirs, other = mous
    response, content = get_home(client, agency_liaison)
    assert "figures" not in response.context
    assert 'data-figure="households"' not in content
    assert 'data-figure="poor"' not in content
    assert response.context["pledges"].households == 7  # their agency's only
    assert [item.mou for item in response.context["expiring"]] == [theirs]
    assert theirs.title in content
    assert other.title not in content
    assert 'data-home="agency"' in content


def test_a_liaison_without_a_link_is_told_whom_to_ask(client, db, mous, english, settings):
    lost = UserFactory(username="lost", role=Role.AGENCY_LIAISON, area_scope="50")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _response, content = get_home(client, lost)
    assert 'data-home="no-agency"' in content
    assert "data-figure" not in content
    assert mous[0].title not in content


def test_a_user_with_no_role_sees_only_whom_to_ask(client, no_role, mous, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response, content = get_home(client, no_role)
    assert 'data-home="no-role"' in content
    assert "Ask the province admin to give you a role" in content
    assert "data-figure" not in content
    assert mous[0].title not in content
    assert [item.url for item in response.context["nav_items"]] == [reverse("home")]


def test_a_user_with_no_role_is_refused_every_other_page(client, no_role):
    client.force_login(no_role)
    for name in ("areas:browse", "households:list", "agencies:mou_list", "agencies:agency_list"):
        assert client.get(reverse(name)).status_code == 404, name


MENUS = {
    "no_role": ["home"],
    "fair_desk": ["home", "events:fair_list"],
    "viewer": ["home", "areas:browse", "households:programme_list"],
    "agency_liaison": [
        "home",
        "areas:browse",
        "households:list",
        "households:hosted_cases",
        "agencies:mou_list",
    ],
    "district_officer_mae_rim": [
        "home",
        "areas:browse",
        "households:list",
        "households:programme_list",
        "households:case_list",
        "households:follow_ups",
        "events:fair_list",
        "agencies:mou_list",
    ],
    "province_staff": [
        "home",
        "areas:browse",
        "households:list",
        "households:programme_list",
        "households:case_list",
        "households:follow_ups",
        "events:fair_list",
        "agencies:mou_list",
    ],
    "province_admin": [
        "home",
        "areas:browse",
        "households:list",
        "households:programme_list",
        "households:case_list",
        "households:follow_ups",
        "events:fair_list",
        "agencies:mou_list",
        "households:import_list",
        "admin:index",
    ],
}


@pytest.mark.parametrize(("persona_name", "names"), MENUS.items())
def test_each_app_contributes_its_menu_entries_by_perm(request, persona_name, names):
    user = request.getfixturevalue(persona_name)
    assert [item.url for item in menu_for(user)] == [reverse(name) for name in names]


def test_the_liaison_link_moves_with_the_user(client, db):
    """Linking another agency changes what the liaison sees at once."""
    a, b = AgencyFactory(), AgencyFactory()
    link = AgencyLiaisonFactory(agency=a, user__area_scope="50")
    mou = MOUFactory(status=MOUStatus.SIGNED)
    SignatoryFactory(mou=mou, agency=b)
    client.force_login(link.user)
    assert mou.title not in client.get(reverse("agencies:mou_list")).content.decode()
    link.agency = b
    link.save()
    assert mou.title in client.get(reverse("agencies:mou_list")).content.decode()
