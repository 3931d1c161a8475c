"""On a phone (390 × 844) every list and detail page fits the screen: no sideways
scrolling, and the values an officer came for (name, house number, village, income, the
poor badge; an MOU's signatories and pledges) are on the screen, not behind a scroll."""

from decimal import Decimal

import pytest

from povertyprog.accounts.roles import Role
from tests.agencies.factories import MOUFactory, PledgeFactory, signed
from tests.factories import AgencyFactory, UserFactory, VillageFactory
from tests.households.factories import (
    HouseholdFactory,
    HouseholdSurveyFactory,
    SurveyRoundFactory,
)

from .conftest import PHONE, fits_the_screen, log_in, page_width, screenshot

PASSWORD = "staff-pass-1"


def on_screen(locator) -> bool:
    """Visible and wholly inside the phone's width: not clipped by a scrolling table."""
    if not locator.is_visible():
        return False
    box = locator.bounding_box()
    return box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


@pytest.fixture
def staff(areas):
    return UserFactory(
        username="staff", role=Role.PROVINCE_STAFF, area_scope="50", password=PASSWORD
    )


@pytest.fixture
def household(areas):
    household = HouseholdFactory(village=VillageFactory(code="50070101"), house_no="15/2")
    HouseholdSurveyFactory(
        household=household,
        survey_round=SurveyRoundFactory(year_be=2566),
        head_first_name="บุญมา",
        income_per_person=Decimal(30000),
    )
    HouseholdSurveyFactory(
        household=household,
        survey_round=SurveyRoundFactory(year_be=2567),
        head_first_name="บุญมา",
        income_per_person=Decimal(31250),
    )
    return household


def test_household_list_is_cards_on_a_phone(phone_page, live_server, staff, household):
    log_in(phone_page, live_server, "staff", PASSWORD)
    phone_page.goto(f"{live_server.url}/households/")
    assert fits_the_screen(phone_page), page_width(phone_page)
    row = phone_page.locator("#households tbody tr").first
    for label, value in [
        ("หัวหน้าครัวเรือน", "บุญมา"),
        ("บ้านเลขที่", "15/2"),
        ("หมู่บ้าน", "หมู่ที่ 1 บ้านทดสอบ"),
        ("รายได้เฉลี่ยต่อคนต่อปี", "31,250"),
    ]:
        cell = row.locator(f"td[data-label='{label}']")
        assert value in cell.inner_text()
        assert on_screen(cell), label
    assert on_screen(row.locator(".badge", has_text="ยากจน"))
    screenshot(phone_page, "household-list-cards-phone")


def test_household_list_keeps_its_table_on_a_desktop(page, live_server, staff, household):
    log_in(page, live_server, "staff", PASSWORD)
    page.goto(f"{live_server.url}/households/")
    assert page.locator("#households thead").is_visible()
    assert (
        page.locator("#households tbody tr").first.evaluate("row => getComputedStyle(row).display")
        == "table-row"
    )


def test_household_detail_shows_the_latest_round_first_on_a_phone(
    phone_page, live_server, staff, household
):
    log_in(phone_page, live_server, "staff", PASSWORD)
    phone_page.goto(f"{live_server.url}{household.get_absolute_url()}")
    assert fits_the_screen(phone_page), page_width(phone_page)
    rounds = phone_page.locator("#rounds-phone section")
    assert rounds.count() == 2
    latest = rounds.first
    assert latest.get_attribute("data-round") == "2567"
    income = latest.locator("[data-figure=income]")
    assert income.inner_text() == "31,250"
    assert on_screen(income)
    assert on_screen(latest.locator(".badge", has_text="ยากจน"))
    assert not phone_page.locator("#rounds").is_visible(), "the wide table waits for a wider screen"
    screenshot(phone_page, "household-detail-phone")


def test_household_detail_keeps_rounds_side_by_side_on_a_desktop(
    page, live_server, staff, household
):
    log_in(page, live_server, "staff", PASSWORD)
    page.goto(f"{live_server.url}{household.get_absolute_url()}")
    assert page.locator("#rounds").is_visible()
    assert not page.locator("#rounds-phone").is_visible()


@pytest.fixture
def mou(areas):
    farm = AgencyFactory(
        name_th="สำนักงานเกษตรจังหวัดเชียงใหม่",
        name_en="Chiang Mai Provincial Agricultural Extension Office",
        contact_person="นางสาวกานดา ใจดี",
        phone="053-112-345",
        email="agriculture-chiangmai@example.go.th",
    )
    mou = signed(
        MOUFactory(
            title="บันทึกข้อตกลงความร่วมมือการขับเคลื่อนการแก้ไขปัญหาความยากจนแบบบูรณาการ "
            "จังหวัดเชียงใหม่ ประจำปีงบประมาณ พ.ศ. 2567"
        ),
        farm,
        AgencyFactory(name_th="องค์การบริหารส่วนจังหวัดเชียงใหม่"),
    )
    PledgeFactory(
        mou=mou,
        agency=farm,
        districts=["5001", "5007", "5008"],
        households_pledged=350,
        budget=Decimal("1250000"),
    )
    return mou


def test_mou_pages_fit_a_phone(phone_page, live_server, staff, mou):
    log_in(phone_page, live_server, "staff", PASSWORD)

    phone_page.goto(f"{live_server.url}{mou.get_absolute_url()}")
    assert fits_the_screen(phone_page), page_width(phone_page)
    signatory = phone_page.locator("#signatory-table tbody tr").first
    assert on_screen(signatory.locator("td[data-label='ชื่อผู้ลงนาม']"))
    assert on_screen(signatory.locator("td[data-label='ตำแหน่งผู้ลงนาม']"))
    pledge = phone_page.locator("#pledge-table tbody tr").first
    households = pledge.locator("[data-households]")
    assert households.inner_text() == "350"
    assert on_screen(households)
    assert on_screen(pledge.locator("td[data-label='งบประมาณ (บาท)']"))
    screenshot(phone_page, "mou-detail-cards-phone")

    phone_page.goto(f"{live_server.url}/agencies/mous/")
    assert fits_the_screen(phone_page), page_width(phone_page)
    row = phone_page.locator("#mous tbody tr").first
    assert on_screen(row.locator("a", has_text="บันทึกข้อตกลงความร่วมมือ"))
    assert on_screen(row.locator("td[data-label='สถานะ']"))
    screenshot(phone_page, "mou-list-phone")


def test_agency_pages_fit_a_phone(phone_page, live_server, staff, mou):
    log_in(phone_page, live_server, "staff", PASSWORD)
    phone_page.goto(f"{live_server.url}/agencies/")
    assert fits_the_screen(phone_page), page_width(phone_page)
    farm = phone_page.locator("#agencies tbody tr", has_text="สำนักงานเกษตรจังหวัดเชียงใหม่")
    assert on_screen(farm.locator("a[href^='mailto:']"))
    assert on_screen(farm.locator("a[href^='tel:']"))

    farm.locator("a", has_text="สำนักงานเกษตรจังหวัดเชียงใหม่").click()
    phone_page.wait_for_selector("#agency-data")
    assert fits_the_screen(phone_page), page_width(phone_page)
    assert on_screen(phone_page.locator("#agency-mous tbody tr").first.locator("a"))
    assert on_screen(phone_page.locator("#pledge-table [data-households]").first)
    screenshot(phone_page, "agency-detail-cards-phone")


def test_every_page_fits_a_phone(phone_page, live_server, areas, household, mou, browser_errors):
    """A sweep of the pages a province admin opens (a superset of the other roles' pages):
    each fits 390 px and, like every browser test, logs no console error."""
    UserFactory(username="admin", role=Role.PROVINCE_ADMIN, area_scope="50", password=PASSWORD)
    agency = mou.signatories.first().agency
    pledge = mou.pledges.first()
    pages = [
        "/",
        "/areas/",
        "/areas/5007/",
        "/areas/500701/",
        "/households/",
        household.get_absolute_url(),
        "/households/imports/",
        "/households/imports/new/",
        "/agencies/",
        "/agencies/new/",
        agency.get_absolute_url(),
        f"/agencies/{agency.pk}/edit/",
        "/agencies/mous/",
        "/agencies/mous/new/",
        mou.get_absolute_url(),
        f"/agencies/mous/{mou.pk}/edit/",
        f"/agencies/mous/{mou.pk}/pledges/new/",
        f"/agencies/mous/{mou.pk}/pledges/{pledge.pk}/edit/",
        "/accounts/password_change/",
        "/no-such-page/",
    ]
    browser_errors.allow(r"status of 404 .*/no-such-page/\)$")
    log_in(phone_page, live_server, "admin", PASSWORD)
    too_wide = {}
    for url in pages:
        phone_page.goto(f"{live_server.url}{url}")
        if not fits_the_screen(phone_page):
            too_wide[url] = page_width(phone_page)
    assert too_wide == {}
    screenshot(phone_page, "not-found-phone")  # the last page: the Thai 404


def test_the_doors_fit_a_phone(phone_page, live_server, areas):
    for url in ["/accounts/login/", "/accounts/password_reset/", "/accounts/reset/MQ/x-y/"]:
        phone_page.goto(f"{live_server.url}{url}")
        assert fits_the_screen(phone_page), (url, page_width(phone_page))


@pytest.mark.parametrize("width", [1280, 1440])
def test_the_admins_menu_fits_an_office_screen_on_one_line(browser, live_server, areas, width):
    """A province admin has the longest menu; at office widths it stays on one line and the
    page does not scroll sideways (on a wide screen the product and user names are the icons'
    tooltips; the collapsed menu of a smaller screen shows them)."""
    UserFactory(username="admin", role=Role.PROVINCE_ADMIN, area_scope="50", password="pw-12345678")
    context = browser.new_context(locale="th-TH", viewport={"width": width, "height": 800})
    page = context.new_page()
    log_in(page, live_server, "admin", "pw-12345678")
    assert page_width(page) <= width
    heights = page.locator("#mainnav .nav-link").evaluate_all(
        "links => links.map(link => link.getBoundingClientRect().height)"
    )
    assert max(heights) < 50  # one line of text each
    context.close()
