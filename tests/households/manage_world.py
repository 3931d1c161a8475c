"""A programme with cases in Mae Rim and Mueang, pledges in force and liaisons, for the
manage step's tests."""

import datetime

from agencies.models import Lever, MOUStatus
from povertyprog.accounts.roles import Role
from tests.agencies.factories import MOUFactory, PledgeFactory
from tests.factories import AgencyLiaisonFactory, UserFactory

from .targeting_world import MAE_RIM, MUEANG, programme, record, targeted

TODAY = datetime.date.today()


def make_cases(province_staff):
    """A programme with 3 cases in Mae Rim (two villages) and 2 in Mueang, verified."""
    for village, income in (
        ("50070101", 1000),
        ("50070101", 2000),
        ("50070102", 3000),
        ("50010101", 1500),
        ("50010201", 2500),
    ):
        record(village, income)
    p = programme(by=province_staff, target=5)
    targeted(p, by=province_staff)
    assert p.targets.count() == 5
    return p


def mae_rim(p):
    return list(p.targets.filter(household__village__code__startswith=MAE_RIM).order_by("rank"))


def mueang(p):
    return list(p.targets.filter(household__village__code__startswith=MUEANG).order_by("rank"))


def in_force_pledge(agency, *, districts=(MAE_RIM,), households=2, lever=Lever.RAISE_INCOME):
    mou = MOUFactory(
        status=MOUStatus.SIGNED,
        signed_on=TODAY - datetime.timedelta(days=30),
        valid_from=TODAY - datetime.timedelta(days=30),
        valid_until=TODAY + datetime.timedelta(days=300),
    )
    return PledgeFactory(
        mou=mou, agency=agency, districts=districts, households_pledged=households, lever=lever
    )


def liaison_of(agency, name):
    user = UserFactory(username=name, role=Role.AGENCY_LIAISON, area_scope="50")
    AgencyLiaisonFactory(user=user, agency=agency)
    return user
