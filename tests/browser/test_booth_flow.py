"""On a phone, a booth's officer types a household's invitation code, records what the
booth gave, and sees it in the booth's served list; a viewer opens the attendance report
and its chart draws (Chart.js, no console error, no CSP violation)."""

from datetime import timedelta

from django.utils import timezone

from events.codes import code_display
from povertyprog.accounts.roles import Role
from tests.events.factories_booths import booth_world
from tests.factories import UserFactory
from tests.households.targeting_world import MAE_RIM

from .conftest import fits_the_screen, log_in, screenshot

PASSWORD = "booth-pass-1"


def test_a_booth_records_a_household_on_a_phone(phone_page, live_server, areas):
    staff = UserFactory(username="staff50", role=Role.PROVINCE_STAFF, area_scope="50")
    UserFactory(
        username="maerim", role=Role.DISTRICT_OFFICER, area_scope=MAE_RIM, password=PASSWORD
    )
    world = booth_world(by=staff)
    invitation = next(i for i in world.fair_world.invitations if i.district_id == MAE_RIM)
    page = phone_page
    log_in(page, live_server, "maerim", PASSWORD)
    page.goto(f"{live_server.url}/fairs/{world.fair_world.fair.pk}/services/{world.booth.pk}/")
    page.fill("input[name=code]", code_display(invitation.code).lower())
    page.click("#find button[type=submit]")
    page.fill("input[name=what]", "พันธุ์ผักสวนครัว")
    page.fill("input[name=value]", "120")
    page.click("#serve button[type=submit]")
    page.wait_for_selector("#served tbody tr td >> text=พันธุ์ผักสวนครัว")
    assert fits_the_screen(page)
    screenshot(page, "booth-phone")


def test_the_attendance_chart_draws(page, live_server, areas):
    staff = UserFactory(username="staff50", role=Role.PROVINCE_STAFF, area_scope="50")
    UserFactory(username="viewer50", role=Role.VIEWER, area_scope="50", password=PASSWORD)
    world = booth_world(by=staff)
    fair = world.fair_world.fair
    fair.starts_at = timezone.now() - timedelta(hours=1)  # under way: no-shows count
    fair.save(update_fields=["starts_at"])
    log_in(page, live_server, "viewer50", PASSWORD)
    page.goto(f"{live_server.url}/fairs/{world.fair_world.fair.pk}/report/")
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.getElementById('attendance-chart'))"
    )
    datasets = page.evaluate(
        "() => Chart.getChart(document.getElementById('attendance-chart'))"
        ".data.datasets.map(d => d.data.reduce((a, b) => a + b, 0))"
    )
    assert datasets == [0, 7, 0]  # under way, nobody checked in: seven no-shows, no walk-ins
    assert page.locator("#by-district tbody tr").count() == 2
    screenshot(page, "fair-attendance")
