"""The liaison's agency lives in agencies (AgencyLiaison), linked through one audited service,
from the admin as from the demo; a liaison without a link sees nothing."""

import pytest
from django.core.exceptions import ValidationError

from agencies.models import AgencyLiaison
from agencies.selectors import agencies_visible_to, mous_visible_to, pledges_visible_to
from agencies.services import agency_liaison_link
from households.selectors import households_visible_to
from povertyprog.accounts.roles import Role
from povertyprog.audit.models import ActivityLog
from tests.agencies.factories import MOUFactory, PledgeFactory, SignatoryFactory
from tests.factories import AgencyFactory, UserFactory


@pytest.fixture
def unlinked(db):
    return UserFactory(username="newliaison", role=Role.AGENCY_LIAISON, area_scope="50")


def test_linking_is_audited_and_unlinking_too(province_admin, unlinked):
    agency = AgencyFactory()
    link = agency_liaison_link(user=unlinked, agency=agency, by=province_admin)
    assert link.agency == agency
    entry = ActivityLog.objects.get(action="agencies.liaison.linked")
    assert (entry.actor, entry.data["agency"]) == (province_admin, agency.pk)
    agency_liaison_link(user=unlinked, agency=None, by=province_admin)
    assert not AgencyLiaison.objects.filter(user=unlinked).exists()
    assert ActivityLog.objects.filter(action="agencies.liaison.unlinked").count() == 1


def test_only_an_agency_liaison_is_linked(province_admin, district_officer_mae_rim):
    with pytest.raises(ValidationError):
        agency_liaison_link(
            user=district_officer_mae_rim, agency=AgencyFactory(), by=province_admin
        )
    assert not AgencyLiaison.objects.exists()


def test_an_admin_links_only_agencies_of_their_area(province_admin, unlinked):
    with pytest.raises(ValidationError):
        agency_liaison_link(
            user=unlinked, agency=AgencyFactory(province_id="51"), by=province_admin
        )
    national = AgencyFactory(province_id=None)
    assert agency_liaison_link(user=unlinked, agency=national, by=province_admin)


def test_a_liaison_without_a_link_sees_nothing(unlinked):
    agency = AgencyFactory()
    mou = MOUFactory()
    SignatoryFactory(mou=mou, agency=agency)
    MOUFactory()  # an MOU nobody signed: a join on "no agency" must not reveal it
    PledgeFactory(mou=mou, agency=agency)
    assert not agencies_visible_to(unlinked).exists()
    assert not mous_visible_to(unlinked).exists()
    assert not pledges_visible_to(unlinked).exists()
    assert not households_visible_to(unlinked).exists()


def test_a_linked_liaison_sees_their_agency_only(agency_liaison):
    farm = agency_liaison.agency_link.agency
    other = AgencyFactory()
    mou = MOUFactory()
    SignatoryFactory(mou=mou, agency=farm)
    PledgeFactory(mou=mou, agency=farm)
    PledgeFactory(mou=mou, agency=other)
    assert list(agencies_visible_to(agency_liaison)) == [farm]
    assert list(mous_visible_to(agency_liaison)) == [mou]
    assert {p.agency for p in pledges_visible_to(agency_liaison)} == {farm}


# The admin's door ------------------------------------------------------------------------


def user_change_data(client, user, **changes):
    """The user admin's change form as the browser would post it, with the agency inline."""
    response = client.get(f"/admin/accounts/user/{user.pk}/change/")
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data["last_login_0"] = data["last_login_1"] = ""
    data["date_joined_0"], data["date_joined_1"] = "2024-01-01", "00:00:00"
    (formset,) = [f.formset for f in response.context["inline_admin_formsets"]]
    management = formset.management_form
    for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
        data[f"{formset.prefix}-{name}"] = management[name].value()
    for index, inline_form in enumerate(formset.forms):
        if inline_form.instance.pk:
            data[f"{formset.prefix}-{index}-id"] = inline_form.instance.pk
            data[f"{formset.prefix}-{index}-user"] = user.pk
            data[f"{formset.prefix}-{index}-agency"] = inline_form.instance.agency_id
    data.update(changes)
    return data, formset.prefix


def test_the_user_admin_links_a_liaison_through_the_service(client, province_admin, unlinked):
    agency = AgencyFactory()
    client.force_login(province_admin)
    data, prefix = user_change_data(client, unlinked)
    data[f"{prefix}-0-agency"] = agency.pk
    response = client.post(f"/admin/accounts/user/{unlinked.pk}/change/", data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert AgencyLiaison.objects.get(user=unlinked).agency == agency
    assert ActivityLog.objects.filter(
        action="agencies.liaison.linked", actor=province_admin
    ).exists()


def test_the_user_admin_offers_only_agencies_of_the_area(client, province_admin, unlinked):
    ours, theirs = AgencyFactory(), AgencyFactory(province_id="51")
    client.force_login(province_admin)
    data, prefix = user_change_data(client, unlinked)
    data[f"{prefix}-0-agency"] = theirs.pk
    response = client.post(f"/admin/accounts/user/{unlinked.pk}/change/", data)
    assert response.status_code == 200  # the choice is not offered: the form says so
    (inline,) = response.context["inline_admin_formsets"]
    assert "agency" in inline.formset.errors[0]
    assert not AgencyLiaison.objects.exists()
    data[f"{prefix}-0-agency"] = ours.pk
    assert client.post(f"/admin/accounts/user/{unlinked.pk}/change/", data).status_code == 302


def test_the_user_admin_refuses_to_link_a_user_who_is_not_a_liaison(
    client, province_admin, district_officer_mae_rim
):
    client.force_login(province_admin)
    data, prefix = user_change_data(client, district_officer_mae_rim)
    data[f"{prefix}-0-agency"] = AgencyFactory().pk
    response = client.post(f"/admin/accounts/user/{district_officer_mae_rim.pk}/change/", data)
    assert response.status_code == 200
    (inline,) = response.context["inline_admin_formsets"]
    assert "เฉพาะผู้ประสานงานหน่วยงาน" in str(inline.formset.non_form_errors())  # Thai first
    assert not AgencyLiaison.objects.exists()
