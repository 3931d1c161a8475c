"""A Mae Rim district officer, on a phone in the field, opens their case list from the menu,
opens a case, confirms it and classes its capacity."""

from households.models import Target
from povertyprog.accounts.roles import Role
from tests.factories import UserFactory
from tests.households.targeting_world import MAE_RIM, MUEANG, VILLAGES, programme, record, targeted

from .conftest import fits_the_screen, log_in, open_menu, screenshot

PASSWORD = "maerim-pass-1"


def test_an_officer_confirms_and_classes_a_case_on_a_phone(phone_page, live_server, areas):
    page = phone_page
    staff = UserFactory(username="staff50", role=Role.PROVINCE_STAFF, area_scope="50")
    UserFactory(username="maerim", role=Role.DISTRICT_OFFICER, area_scope="5007", password=PASSWORD)
    record(VILLAGES[MAE_RIM][0], 1000, head_first_name="สมศรี")
    record(VILLAGES[MUEANG][0], 1500, head_first_name="เมืองหนึ่ง")
    targeted(programme(by=staff, target=2), by=staff)

    log_in(page, live_server, "maerim", PASSWORD)
    open_menu(page)
    page.click("nav a[href='/households/cases/']")
    page.wait_for_url("**/households/cases/")
    cards = page.locator("#cases tbody tr[data-case]")
    assert cards.count() == 1, "Mae Rim's case only"
    assert "สมศรี" in cards.first.inner_text()
    assert fits_the_screen(page)
    screenshot(page, "case-list-phone")

    cards.first.locator("a.case-link").click()
    page.wait_for_url("**/households/cases/*/")
    assert fits_the_screen(page)
    page.check("input[name='verify-outcome'][value='confirmed']")
    page.fill("textarea[name='verify-note']", "พบครัวเรือน")
    page.click("#verify-form [type=submit]")
    page.wait_for_load_state()
    assert page.locator(".alert-success").count() >= 1
    case = Target.objects.get(survey__head_first_name="สมศรี")
    assert (case.verification, case.stage) == ("confirmed", "verified")
    assert page.locator("#timeline [data-action='households.target.verified']").count() == 1

    page.check("input[name='capacity-capacity'][value='care_elderly']")
    page.fill("textarea[name='capacity-reason']", "ผู้สูงอายุอยู่คนเดียว")
    page.click("#capacity-form [type=submit]")
    page.wait_for_load_state()
    assert "ผู้สูงอายุอยู่คนเดียว" in page.locator("#case-capacity").inner_text()
    assert page.locator("#timeline [data-action='households.target.capacity_set']").count() == 1
    case.refresh_from_db()
    assert case.capacity == "care_elderly"
    assert fits_the_screen(page)
    screenshot(page, "case-detail-phone")


def test_province_staff_preview_and_create_the_targets(page, live_server, areas):
    staff = UserFactory(
        username="staff50", role=Role.PROVINCE_STAFF, area_scope="50", password="staff-pass-1"
    )
    record(VILLAGES[MAE_RIM][0], 1000, head_first_name="สมศรี")
    record(VILLAGES[MAE_RIM][1], 2000, head_first_name="สมชาย")
    record(VILLAGES[MUEANG][0], 1500, head_first_name="เมืองหนึ่ง")
    small = programme(by=staff, target=2)

    log_in(page, live_server, "staff50", "staff-pass-1")
    page.goto(f"{live_server.url}{small.get_absolute_url()}")
    page.click("#targeting-link")
    page.wait_for_url("**/targeting/")
    page.click("#preview-button")
    page.wait_for_selector("#preview")
    # The chart is drawn (Chart.js sizes its canvas) and its table holds the same figures.
    page.wait_for_function(
        "document.getElementById('targeting-chart').parentNode.style.height !== ''"
    )
    assert page.locator("#preview-districts tbody tr").count() == 2
    assert page.locator("#preview-chosen tbody tr").count() == 2
    assert "สมชาย" in page.locator("#preview-just-missed").inner_text()
    screenshot(page, "targeting-preview")

    page.click("#create-button")
    page.wait_for_url(f"**{small.get_absolute_url()}")
    assert page.locator(".alert-success").count() == 1
    assert sorted(small.targets.values_list("survey__head_first_name", flat=True)) == sorted(
        ["สมศรี", "เมืองหนึ่ง"]
    )
