"""Role and scope length agree, in the database (a constraint generated from ROLE_SCOPES)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from povertyprog.accounts.models import User
from povertyprog.accounts.roles import ROLE_SCOPES, Role

ALLOWED = [
    (Role.PROVINCE_ADMIN, ""),
    (Role.PROVINCE_ADMIN, "50"),
    (Role.PROVINCE_STAFF, "50"),
    (Role.DISTRICT_OFFICER, "5007"),
    (Role.DISTRICT_OFFICER, "500701"),
    (Role.VIEWER, ""),
    (Role.VIEWER, "50"),
    (Role.VIEWER, "5007"),
    (Role.AGENCY_LIAISON, "50"),
    (Role.AGENCY_LIAISON, ""),
    ("", "50070101"),  # no role, no permission: any scope
]
REFUSED = [
    (Role.DISTRICT_OFFICER, "50"),
    (Role.DISTRICT_OFFICER, ""),
    (Role.DISTRICT_OFFICER, "50070101"),
    (Role.PROVINCE_STAFF, "5007"),
    (Role.PROVINCE_ADMIN, "500701"),
    (Role.VIEWER, "500701"),
    (Role.AGENCY_LIAISON, "5007"),
]


@pytest.mark.parametrize(("role", "scope"), ALLOWED)
def test_the_database_accepts_a_scope_that_fits_the_role(db, role, scope):
    User.objects.create(username="u", role=role, area_scope=scope)


@pytest.mark.parametrize(("role", "scope"), REFUSED)
def test_the_database_refuses_a_scope_that_does_not_fit_the_role(db, role, scope):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="u", role=role, area_scope=scope)


def test_a_change_that_breaks_the_rule_is_refused_too(district_officer_mae_rim):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=district_officer_mae_rim.pk).update(area_scope="50")


def test_forms_get_the_rule_as_a_message(db, english):
    user = User(username="u", role=Role.DISTRICT_OFFICER, area_scope="50")
    user.set_password("x-x-x-x-x-x")
    with pytest.raises(ValidationError, match="district officer has a district"):
        user.full_clean()


def test_every_role_has_its_scope_lengths():
    assert set(ROLE_SCOPES) == set(Role)
