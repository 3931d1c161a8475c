"""Shared fixtures: the areas of Thailand, loaded once, and the named personas of the tests.

Personas (STYLE.md §16) live in Chiang Mai (50) unless their name says otherwise.
"""

from importlib import import_module

import pytest
from django.apps import apps as django_apps

from povertyprog.accounts.roles import Role
from povertyprog.areas.models import Province
from povertyprog.areas.services import areas_load

from .factories import AgencyFactory, AgencyLiaisonFactory, UserFactory


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        areas_load()


def pytest_collection_modifyitems(items):
    # Transactional tests (the browser's, the migrations') empty the tables when they finish:
    # run them last so the areas loaded once per session serve every other test, those that
    # reach the database without asking for `db` by name (pytest-django puts them last) too.
    items.sort(key=_empties_the_tables)


def _empties_the_tables(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return (
        item.get_closest_marker("browser") is not None
        or bool(marker and marker.kwargs.get("transaction"))
        or not {"transactional_db", "live_server"}.isdisjoint(getattr(item, "fixturenames", ()))
    )


@pytest.fixture
def areas(transactional_db):
    """Transactional tests empty the tables after them; put back the areas and the data
    that migrations seed (the จปฐ. indicator set)."""
    if not Province.objects.exists():
        areas_load()
    seed = import_module("households.migrations.0002_indicator_set_2560_2564").seed
    seed(django_apps, None)


@pytest.fixture
def province_admin(db):
    return UserFactory(username="admin50", role=Role.PROVINCE_ADMIN, area_scope="50")


@pytest.fixture
def province_staff(db):
    return UserFactory(username="staff50", role=Role.PROVINCE_STAFF, area_scope="50")


@pytest.fixture
def district_officer_mae_rim(db):
    return UserFactory(username="maerim", role=Role.DISTRICT_OFFICER, area_scope="5007")


@pytest.fixture
def district_officer_mueang(db):
    return UserFactory(username="mueang", role=Role.DISTRICT_OFFICER, area_scope="5001")


@pytest.fixture
def agency_liaison(db):
    """The liaison of the province's agriculture office, linked to it (agencies.AgencyLiaison)."""
    agency = AgencyFactory(name_th="สำนักงานเกษตรจังหวัดเชียงใหม่", short_name="เกษตรจังหวัด")
    user = UserFactory(username="liaison", role=Role.AGENCY_LIAISON, area_scope="50")
    AgencyLiaisonFactory(user=user, agency=agency)
    return user


@pytest.fixture
def no_role(db):
    """An active user created without a role: no permission at all."""
    return UserFactory(username="norole", role="", area_scope="50")


@pytest.fixture
def liaison_of_another_agency(db):
    """A Chiang Mai agency liaison whose agency signed no MOU and pledged nothing: every other
    agency, MOU and household is out of their reach."""
    agency = AgencyFactory(name_th="สำนักงานประมงจังหวัดเชียงใหม่", short_name="ประมงจังหวัด")
    user = UserFactory(username="liaison_other", role=Role.AGENCY_LIAISON, area_scope="50")
    AgencyLiaisonFactory(user=user, agency=agency)
    return user


@pytest.fixture
def fair_desk(db):
    """A fair-day account for the registration desks of Chiang Mai's fair."""
    return UserFactory(username="desk50", role=Role.FAIR_DESK, area_scope="50")


@pytest.fixture
def viewer(db):
    return UserFactory(username="viewer50", role=Role.VIEWER, area_scope="50")


@pytest.fixture
def outsider(db):
    """A district officer of Mueang Lamphun: a real user, in the wrong province."""
    return UserFactory(username="lamphun", role=Role.DISTRICT_OFFICER, area_scope="5101")


PERSONAS = [
    "province_admin",
    "province_staff",
    "district_officer_mae_rim",
    "district_officer_mueang",
    "agency_liaison",
    "viewer",
    "outsider",
]


@pytest.fixture(params=PERSONAS)
def persona(request):
    return request.param, request.getfixturevalue(request.param)


@pytest.fixture
def english(client, settings):
    """Run a test in English, for assertions on message wording (the default is Thai): the
    code it calls, and the pages the test client fetches (the language switch's cookie; the
    site is Thai whatever the browser asks, so an override alone would not reach a page)."""
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
