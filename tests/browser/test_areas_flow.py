"""A Mae Rim district officer logs in, browses Mae Rim, and cannot open Mueang."""

from povertyprog.accounts.roles import Role
from tests.factories import UserFactory, VillageFactory

from .conftest import fits_the_screen, log_in, screenshot


def mae_rim_officer():
    return UserFactory(
        username="maerim", role=Role.DISTRICT_OFFICER, area_scope="5007", password="maerim-pass-1"
    )


def test_mae_rim_officer_browses_mae_rim_and_not_mueang(page, live_server, areas, browser_errors):
    mae_rim_officer()
    VillageFactory(code="50070103", name_th="บ้านสันโป่ง")

    page.goto(f"{live_server.url}/areas/5007/")
    assert "/accounts/login/" in page.url, "anonymous users are sent to the login page"
    assert page.locator("html").get_attribute("lang") == "th"

    page.fill("input[name=username]", "maerim")
    page.fill("input[name=password]", "maerim-pass-1")
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/areas/5007/")
    rows = page.locator("#children tbody tr")
    assert rows.count() == 11
    assert page.get_by_role("link", name="ริมใต้").is_visible()
    screenshot(page, "areas-mae-rim-desktop")

    page.get_by_role("link", name="ริมใต้").click()
    page.wait_for_url(f"{live_server.url}/areas/500701/")
    assert page.get_by_text("บ้านสันโป่ง").is_visible()

    # The 404s asked for below are Chromium's only console messages; the page is the Thai one.
    browser_errors.allow(r"status of 404 .*/areas/(5001|500101)/\)$")
    response = page.goto(f"{live_server.url}/areas/5001/")
    assert response.status == 404
    assert page.get_by_role("heading", name="ไม่พบหน้าที่ต้องการ").is_visible()
    response = page.goto(f"{live_server.url}/areas/500101/")
    assert response.status == 404


def test_area_pages_fit_a_phone(phone_page, live_server, areas):
    mae_rim_officer()
    log_in(phone_page, live_server, "maerim", "maerim-pass-1")
    phone_page.goto(f"{live_server.url}/areas/5007/")
    assert phone_page.locator("#children tbody tr").count() == 11
    assert fits_the_screen(phone_page)
    # The menu folds behind the toggler on a phone and opens on tap.
    phone_page.click(".navbar-toggler")
    menu_link = phone_page.locator("#mainnav a[href='/areas/']")
    menu_link.wait_for(state="visible")
    assert menu_link.is_visible()
    screenshot(phone_page, "areas-mae-rim-phone")
