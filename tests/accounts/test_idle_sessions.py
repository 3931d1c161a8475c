"""Sessions end after a quiet spell: 30 minutes for roles that see personal data, 8 hours
for the others (both configurable). Every request starts the spell anew."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone


@pytest.fixture
def clock(monkeypatch):
    """Move Django's clock forward: `clock(minutes=31)` is 31 minutes after the test began."""
    start = timezone.now()

    def travel(**delta):
        moment = start + timedelta(**delta)
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return travel


def logged_in(client) -> bool:
    response = client.get(reverse("home"))
    if response.status_code == 302:
        assert response.url.startswith(reverse("login"))
        return False
    assert response.status_code == 200
    return True


def test_an_idle_officer_is_logged_out_after_30_minutes(client, province_staff, clock):
    client.force_login(province_staff)
    assert logged_in(client)
    clock(minutes=29)
    assert logged_in(client), "29 quiet minutes are not enough"
    clock(minutes=29 + 31)
    assert not logged_in(client)


def test_an_active_officer_stays_logged_in(client, district_officer_mae_rim, clock):
    client.force_login(district_officer_mae_rim)
    for minute in range(0, 181, 20):  # three hours, a request every 20 minutes
        clock(minutes=minute)
        assert logged_in(client), f"logged out at minute {minute}"


def test_a_viewer_without_personal_data_gets_the_longer_spell(client, viewer, clock):
    client.force_login(viewer)
    assert logged_in(client)
    clock(minutes=31)
    assert logged_in(client)
    clock(minutes=31 + 8 * 60 - 1)
    assert logged_in(client)
    clock(minutes=31 + 8 * 60 - 1 + 8 * 60 + 1)
    assert not logged_in(client)


def test_the_spells_come_from_settings(client, settings, province_staff, viewer, clock):
    settings.SESSION_IDLE_MINUTES_PERSONAL_DATA = 5
    settings.SESSION_IDLE_MINUTES = 10
    client.force_login(province_staff)
    assert logged_in(client)
    clock(minutes=6)
    assert not logged_in(client)

    client.force_login(viewer)
    assert logged_in(client)
    clock(minutes=6 + 9)
    assert logged_in(client)
    clock(minutes=6 + 9 + 11)
    assert not logged_in(client)


def test_the_session_cookie_lasts_as_long_as_the_spell(client, province_staff):
    client.force_login(province_staff)
    response = client.get(reverse("home"))
    assert response.cookies["sessionid"]["max-age"] == 30 * 60


def session_writes(client) -> int:
    """How many times a request updated the session row."""
    with CaptureQueriesContext(connection) as queries:
        assert logged_in(client)
    return sum(
        "django_session" in q["sql"] and q["sql"].lstrip().upper().startswith("UPDATE")
        for q in queries.captured_queries
    )


def test_a_page_that_polls_does_not_write_the_session_on_every_request(
    client, province_staff, clock
):
    """An import's progress page polls every second; the expiry slides at most once a
    minute, so those polls do not each write the session row."""
    client.force_login(province_staff)
    clock(seconds=0)
    assert logged_in(client)
    clock(seconds=5)
    assert session_writes(client) == 0
    clock(seconds=65)
    assert session_writes(client) == 1
