"""Only managers of national scope create or change a national agency (one with no province):
a rule of `agency_save`, held on every door: the service, the app pages, the admin and the
agency import (tests/agencies/test_agency_import.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agencies.models import Agency, AgencyType
from agencies.services import agency_save
from povertyprog.accounts.roles import Role
from povertyprog.areas.models import Province
from tests.factories import AgencyFactory, UserFactory

NEW = {"name_th": "มูลนิธิแห่งชาติ", "agency_type": AgencyType.CIVIL_SOCIETY}


@pytest.fixture
def national_staff(db):
    return UserFactory(username="staff-th", role=Role.PROVINCE_STAFF, area_scope="")


@pytest.fixture
def national_admin(db):
    return UserFactory(username="admin-th", role=Role.PROVINCE_ADMIN, area_scope="")


@pytest.fixture
def national_agency(db):
    return AgencyFactory(name_th="สำนักงานส่วนกลาง", province_id=None)


# The service ---------------------------------------------------------------------------


def test_province_staff_cannot_create_a_national_agency(province_staff):
    with pytest.raises(ValidationError) as error:
        agency_save(by=province_staff, province=None, **NEW)
    assert "province" in error.value.message_dict
    assert not Agency.objects.exists()


def test_province_staff_cannot_make_their_agency_national(province_staff):
    agency = AgencyFactory()
    with pytest.raises(ValidationError):
        agency_save(agency=agency, by=province_staff, province=None)
    agency.refresh_from_db()
    assert agency.province_id == "50"


def test_province_staff_cannot_change_a_national_agency(province_staff, national_agency):
    with pytest.raises(ValidationError):
        agency_save(agency=national_agency, by=province_staff, phone="053-000-000")
    with pytest.raises(ValidationError):  # nor move it into their province
        agency_save(
            agency=national_agency, by=province_staff, province=Province.objects.get(code="50")
        )
    national_agency.refresh_from_db()
    assert (national_agency.phone, national_agency.province_id) == ("", None)


def test_national_staff_create_and_change_national_agencies(national_staff):
    agency = agency_save(by=national_staff, province=None, **NEW)
    agency_save(agency=agency, by=national_staff, phone="02-000-0000")
    agency.refresh_from_db()
    assert (agency.province_id, agency.phone) == (None, "02-000-0000")


def test_those_who_do_not_manage_agencies_save_none(district_officer_mae_rim):
    with pytest.raises(ValidationError):
        agency_save(by=district_officer_mae_rim, province=Province.objects.get(code="50"), **NEW)


# The app pages -------------------------------------------------------------------------


def test_the_agency_form_refuses_a_national_agency_to_province_staff(client, province_staff):
    client.force_login(province_staff)
    response = client.post(reverse("agencies:agency_new"), {**NEW, "province": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["province"]
    assert not Agency.objects.exists()


def test_the_agency_form_creates_a_national_agency_for_national_staff(client, national_staff):
    client.force_login(national_staff)
    response = client.post(reverse("agencies:agency_new"), {**NEW, "province": ""})
    assert response.status_code == 302
    assert Agency.objects.get(name_th=NEW["name_th"]).province_id is None


def test_province_staff_get_no_edit_page_for_a_national_agency(
    client, province_staff, national_agency
):
    client.force_login(province_staff)
    assert client.get(reverse("agencies:agency_edit", args=[national_agency.pk])).status_code == 404


# The admin -----------------------------------------------------------------------------


def test_the_admin_refuses_a_national_agency_to_a_province_admin(client, province_admin):
    client.force_login(province_admin)
    response = client.post(
        "/admin/agencies/agency/add/", {**NEW, "province": "", "is_active": "on"}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["province"]
    assert not Agency.objects.exists()


def test_the_admin_refuses_a_change_of_a_national_agency_to_a_province_admin(
    client, province_admin, national_agency
):
    client.force_login(province_admin)
    response = client.post(
        f"/admin/agencies/agency/{national_agency.pk}/change/",
        {"name_th": national_agency.name_th, "agency_type": AgencyType.GOVERNMENT,
         "province": "", "phone": "053-000-000", "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()
    national_agency.refresh_from_db()
    assert national_agency.phone == ""


def test_the_admin_saves_a_national_agency_for_a_national_admin(client, national_admin):
    client.force_login(national_admin)
    response = client.post(
        "/admin/agencies/agency/add/", {**NEW, "province": "", "is_active": "on"}
    )
    assert response.status_code == 302
    assert Agency.objects.get(name_th=NEW["name_th"]).province_id is None
