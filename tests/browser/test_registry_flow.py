"""A district officer finds a household by its citizen ID (typed in Thai digits), opens it
and sees its rounds side by side; a viewer sees the dashboard's numbers and chart only."""

from decimal import Decimal

from povertyprog.accounts.roles import Role
from povertyprog.thai.formats import format_citizen_id, to_thai_digits
from tests.factories import UserFactory, VillageFactory
from tests.households.factories import (
    HouseholdFactory,
    HouseholdSurveyFactory,
    SurveyRoundFactory,
)

from .conftest import fits_the_screen, log_in, screenshot


def two_rounds_of(village_code: str, citizen_id: str, house_no: str):
    household = HouseholdFactory(village=VillageFactory(code=village_code), house_no=house_no)
    earlier = SurveyRoundFactory(year_be=2566)
    later = SurveyRoundFactory(year_be=2567)
    HouseholdSurveyFactory(
        household=household,
        survey_round=earlier,
        citizen_id=citizen_id,
        income_per_person=Decimal(30000),
    )
    HouseholdSurveyFactory(
        household=household,
        survey_round=later,
        citizen_id=citizen_id,
        income_per_person=Decimal(45000),
        failed=(),
    )
    return household


def test_officer_finds_a_household_by_citizen_id_and_sees_its_rounds(page, live_server, areas):
    UserFactory(
        username="maerim", role=Role.DISTRICT_OFFICER, area_scope="5007", password="maerim-pass-1"
    )
    cid = "3500700123458"
    two_rounds_of("50070101", cid, "15/2")
    two_rounds_of("50010101", "3500100765431", "99")  # Mueang: not Mae Rim's to see

    log_in(page, live_server, "maerim", "maerim-pass-1")
    page.click("nav a[href='/households/']")
    rows = page.locator("#households tbody tr")
    assert rows.count() == 1
    assert cid not in page.content(), "the list shows citizen IDs masked"

    page.fill("input[name=q]", to_thai_digits(format_citizen_id(cid)))
    page.press("input[name=q]", "Enter")
    page.wait_for_load_state()
    assert rows.count() == 1
    page.click("#households tbody tr a")
    page.wait_for_url("**/households/*/")
    content = page.content()
    assert "2566" in content
    assert "2567" in content
    assert format_citizen_id(cid) in content, "an officer of the district may see the ID"
    screenshot(page, "household-detail-desktop")


def test_registry_fits_a_phone(phone_page, live_server, areas):
    UserFactory(
        username="maerim", role=Role.DISTRICT_OFFICER, area_scope="5007", password="maerim-pass-1"
    )
    two_rounds_of("50070101", "3500700123458", "15/2")
    log_in(phone_page, live_server, "maerim", "maerim-pass-1")
    phone_page.goto(f"{live_server.url}/households/")
    assert phone_page.locator("#households tbody tr").count() == 1
    assert fits_the_screen(phone_page)
    screenshot(phone_page, "households-phone")


def test_viewer_sees_numbers_and_a_chart_but_no_household(page, live_server, areas, browser_errors):
    UserFactory(username="viewer", role=Role.VIEWER, area_scope="50", password="viewer-pass-1")
    two_rounds_of("50070101", "3500700123458", "15/2")
    log_in(page, live_server, "viewer", "viewer-pass-1")
    assert page.locator("[data-figure=households]").inner_text() == "1"
    assert page.locator("#district-chart").is_visible()
    # Drawn by static/js/district-bars.js, which sizes the chart's box first.
    page.wait_for_function(
        "document.getElementById('district-chart').parentNode.style.height !== ''"
    )
    assert page.locator("nav a[href='/households/']").count() == 0
    browser_errors.allow(r"status of 404 .*/households/\)$")
    assert page.goto(f"{live_server.url}/households/").status == 404
    screenshot(page, "dashboard-viewer")
