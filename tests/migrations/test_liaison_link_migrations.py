"""The liaison's agency moved from `User.agency` (the core) to `agencies.AgencyLiaison`:
agencies 0002 copies the links, accounts 0003 clears a role whose scope does not fit it before
its constraint, accounts 0004 drops the field and, going back, copies the links into it again.

The data is written and read through the historical models of each state (the current models
know neither `User.agency` before nor after), and the database is migrated for real, so these
tests are transactional. A model instance of one state is not one of the next: across states,
rows are referred to by primary key. Each test leaves the database at the latest migrations;
the tables are emptied after it like after any transactional test, which the suite runs last
(tests/conftest.py).
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("accounts", "0002_initial"), ("agencies", "0001_initial")]
AFTER = [("accounts", "0004_remove_user_agency"), ("agencies", "0002_agency_liaison")]

pytestmark = pytest.mark.django_db(transaction=True)


def migrate(targets):
    """Migrate the test database to `targets` and return the historical apps of that state."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()  # the applied migrations changed
    return executor.loader.project_state(targets).apps


@pytest.fixture
def before():
    """The historical apps before the link moved; the latest state is restored afterwards,
    whatever the test did, so later tests find the schema they expect."""
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        yield migrate(BEFORE)
    finally:
        migrate(latest)


def test_forward_moves_the_link_and_clears_roles_whose_scope_does_not_fit(before, capsys):
    User, Agency = before.get_model("accounts", "User"), before.get_model("agencies", "Agency")
    agency = Agency.objects.create(name_th="สำนักงานเกษตรจังหวัดเชียงใหม่", agency_type="government")
    User.objects.create(username="liaison", role="agency_liaison", area_scope="50", agency=agency)
    User.objects.create(username="too_wide", role="district_officer", area_scope="50")
    User.objects.create(username="mae_rim", role="district_officer", area_scope="5007")
    User.objects.create(username="staff", role="province_staff", area_scope="50")

    after = migrate(AFTER)

    User, AgencyLiaison = (
        after.get_model("accounts", "User"),
        after.get_model("agencies", "AgencyLiaison"),
    )
    assert "agency" not in {field.name for field in User._meta.get_fields()}
    assert list(AgencyLiaison.objects.values_list("user__username", "agency_id")) == [
        ("liaison", agency.pk)
    ]
    roles = dict(User.objects.values_list("username", "role"))
    assert roles == {
        "liaison": "agency_liaison",
        "too_wide": "",
        "mae_rim": "district_officer",
        "staff": "province_staff",
    }
    printed = capsys.readouterr().out
    assert "too_wide: role district_officer cleared (scope '50')" in printed
    assert "mae_rim" not in printed
    assert "liaison" not in printed


def test_backward_copies_the_links_back_into_the_user(before):
    Agency = before.get_model("agencies", "Agency")
    first = Agency.objects.create(name_th="สำนักงานเกษตรจังหวัดเชียงใหม่", agency_type="government")
    second = Agency.objects.create(name_th="มหาวิทยาลัยแม่โจ้", agency_type="education")
    before.get_model("accounts", "User").objects.create(
        username="liaison", role="agency_liaison", area_scope="50", agency=first
    )

    after = migrate(AFTER)
    # Links recorded after the move (a changed agency, a new liaison) exist only in
    # AgencyLiaison: going back must take them from there.
    User, AgencyLiaison = (
        after.get_model("accounts", "User"),
        after.get_model("agencies", "AgencyLiaison"),
    )
    AgencyLiaison.objects.filter(user__username="liaison").update(agency_id=second.pk)
    newcomer = User.objects.create(username="newcomer", role="agency_liaison", area_scope="50")
    AgencyLiaison.objects.create(user=newcomer, agency_id=first.pk)
    User.objects.create(username="staff", role="province_staff", area_scope="50")

    back = migrate(BEFORE)

    User = back.get_model("accounts", "User")
    assert dict(User.objects.values_list("username", "agency_id")) == {
        "liaison": second.pk,
        "newcomer": first.pk,
        "staff": None,
    }
