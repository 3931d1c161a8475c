"""Province staff create the fair in the browser and tick a plan-of-work task done; the
organisers' live board on a phone fits the screen, draws its chart and refreshes itself."""

import datetime

import pytest
from django.utils import timezone

from events.codes import code_new
from events.models import CheckIn, CheckInKind, Fair, Invitation, TaskStatus
from povertyprog.accounts.roles import Role
from povertyprog.thai.formats import format_thai_date_numeric
from tests.events.factories_fairs import chiang_mai_programme, make_fair
from tests.factories import UserFactory

from .conftest import fits_the_screen, log_in, open_menu, page_width, screenshot

pytestmark = pytest.mark.browser

PASSWORD = "staff-pass-1"


def staff():
    return UserFactory(
        username="staff", role=Role.PROVINCE_STAFF, area_scope="50", password=PASSWORD
    )


def test_staff_create_a_fair_and_tick_a_task_done(page, live_server, areas):
    staff()
    programme = chiang_mai_programme()
    day = timezone.localdate() + datetime.timedelta(days=20)
    log_in(page, live_server, "staff", PASSWORD)

    open_menu(page)
    page.click("#mainnav a[href='/fairs/']")
    page.click("#fair-new")
    page.select_option("select[name=programme]", str(programme.pk))
    page.fill("input[name=day]", format_thai_date_numeric(day))
    page.fill("input[name=venue]", "ศาลากลางจังหวัดเชียงใหม่")
    page.fill("input[name=capacity]", "๑,๐๐๐")
    page.fill("input[name=rsvp_deadline]", format_thai_date_numeric(day - datetime.timedelta(7)))
    page.click("#fair-form button[type=submit]")
    page.wait_for_selector("#fair-facts")
    fair = Fair.objects.get()
    assert fair.capacity == 1000
    assert fair.tasks.count() == 10
    assert page.locator("#fair-overdue").is_visible()  # the fair is 20 days away

    page.click("#fair-tabs a[href$='/plan/']")
    row = page.locator("tr[data-key=committee]")
    assert "task-overdue" in row.get_attribute("class")
    assert page.locator("tr.task-overdue").count() == 6
    row.locator("select").select_option(TaskStatus.DONE)
    page.wait_for_selector("tr[data-key=committee].task-done")
    assert page.locator("tr.task-overdue").count() == 5
    assert fair.tasks.get(key="committee").status == TaskStatus.DONE
    screenshot(page, "fair-plan-desktop")


def test_the_live_board_on_a_phone(phone_page, live_server, areas):
    user = staff()
    fair = make_fair(chiang_mai_programme())
    log_in(phone_page, live_server, "staff", PASSWORD)
    phone_page.goto(f"{live_server.url}/fairs/{fair.pk}/board/")
    assert fits_the_screen(phone_page), page_width(phone_page)
    phone_page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.querySelector('canvas[data-board-chart]'))"
    )
    assert phone_page.inner_text("[data-total=checked_in]") == "0"
    target = fair.programme.targets.first()
    CheckIn.objects.create(
        fair=fair,
        target=target,
        invitation=Invitation.objects.create(
            fair=fair, target=target, district_id=target.district_id, code=code_new()
        ),
        kind=CheckInKind.INVITED,
        checked_in_at=timezone.now(),
        by=user,
    )
    # The next poll (every 10 s) brings the new figure, and the chart is drawn again.
    phone_page.wait_for_function(
        "() => document.querySelector('[data-total=checked_in]').textContent.trim() === '1'",
        timeout=15_000,
    )
    phone_page.wait_for_function(
        "() => Chart.getChart(document.querySelector('canvas[data-board-chart]'))"
    )
    assert fits_the_screen(phone_page), page_width(phone_page)
    screenshot(phone_page, "fair-board-phone")
    # The fair's other pages fit a phone too.
    for part in ("", "plan/", "quotas/", "desks/", "booths/", "mous/", "edit/"):
        phone_page.goto(f"{live_server.url}/fairs/{fair.pk}/{part}")
        assert fits_the_screen(phone_page), (part, page_width(phone_page))
