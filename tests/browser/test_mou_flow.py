"""Province staff record an MOU ceremony in the browser: the MOU, two agencies that sign, a
pledge (one date picked from the BE calendar, one typed), then open the summary PDF."""

import datetime

from agencies.models import MOU, AgencyType, MOUStatus
from povertyprog.accounts.roles import Role
from povertyprog.thai.formats import fiscal_year_be
from tests.agencies.factories import MOUFactory, PledgeFactory, signed
from tests.factories import AgencyFactory, UserFactory

from .conftest import fits_the_screen, log_in, screenshot

PASSWORD = "staff-pass-1"


def staff():
    return UserFactory(
        username="staff", role=Role.PROVINCE_STAFF, area_scope="50", password=PASSWORD
    )


def test_create_mou_with_two_agencies_and_a_pledge_then_print(page, live_server, areas):
    staff()
    AgencyFactory(name_th="สำนักงานเกษตรจังหวัดเชียงใหม่", short_name="เกษตรจังหวัด")
    AgencyFactory(name_th="มหาวิทยาลัยแม่โจ้", agency_type=AgencyType.EDUCATION)
    log_in(page, live_server, "staff", PASSWORD)

    page.goto(f"{live_server.url}/agencies/mous/")
    page.click("#mou-new")
    page.fill("input[name=title]", "บันทึกข้อตกลงความร่วมมือการแก้ไขปัญหาความยากจน ปี 2567")
    assert page.input_value("input[name=fiscal_year_be]") == str(
        fiscal_year_be(datetime.date.today())
    )
    page.fill("input[name=fiscal_year_be]", "๒๕๖๗")
    page.fill("input[name=governor_name]", "นายนิรัตน์ พงษ์สิทธิถาวร")
    page.fill("input[name=signing_place]", "ศาลากลางจังหวัดเชียงใหม่")

    # valid_from from the calendar: open it, go to สิงหาคม 2567, pick the 15th.
    field = page.locator("#div_id_valid_from")
    field.locator("[data-thai-datepicker-button]").click()
    calendar = field.locator("[role=dialog]")
    assert calendar.is_visible()
    calendar.locator("select[data-part=year]").select_option("2567")
    calendar.locator("select[data-part=month]").select_option(label="สิงหาคม")
    assert "อา" in calendar.inner_text()
    calendar.locator("button[data-day='15']").click()
    assert not calendar.is_visible()
    assert page.input_value("input[name=valid_from]") == "15/08/2567"
    screenshot(page, "mou-form-desktop")

    # valid_until typed, with Thai digits and a Thai month.
    page.fill("input[name=valid_until]", "๓๐ ก.ย. ๒๕๖๘")
    page.click("#mou-form input[type=submit]")
    page.wait_for_selector("#mou-title")
    mou = MOU.objects.get()
    assert (mou.valid_from, mou.valid_until, mou.fiscal_year_be) == (
        datetime.date(2024, 8, 15),
        datetime.date(2025, 9, 30),
        2567,
    )

    # Two agencies sign.
    for label, signer, title in [
        ("สำนักงานเกษตรจังหวัดเชียงใหม่ (เกษตรจังหวัด)", "นายสมชาย ใจดี", "เกษตรจังหวัดเชียงใหม่"),
        ("มหาวิทยาลัยแม่โจ้", "รองศาสตราจารย์ปิ่นแก้ว ฟ้าใส", "อธิการบดี"),
    ]:
        page.select_option("#signatory-form select[name=agency]", label=label)
        page.fill("#signatory-form input[name=signer_name]", signer)
        page.fill("#signatory-form input[name=signer_title]", title)
        page.click("#signatory-form input[type=submit]")
        page.wait_for_selector(f"#signatory-table >> text={signer}")
    assert page.locator("#signatory-table tbody tr").count() == 2

    # A pledge by the university in Mae Rim.
    page.click("#pledge-new")
    page.select_option("#pledge-form select[name=agency]", label="มหาวิทยาลัยแม่โจ้")
    page.select_option("#pledge-form select[name=lever]", value="raise_income")
    page.fill("input[name=description]", "ฝึกอาชีพเพาะเห็ด")
    page.fill("input[name=households_pledged]", "๔๐")
    page.fill("input[name=budget]", "150,000")
    page.check("input[name=districts][value='5007']")
    page.fill("input[name=starts_on]", "1/10/2567")
    page.click("#pledge-form input[type=submit]")
    page.wait_for_selector("#pledge-table >> text=ฝึกอาชีพเพาะเห็ด")
    assert page.locator("[data-total=households]").inner_text() == "40"

    # Signed on the day.
    page.fill("#sign-form input[name=signed_on]", "15/08/2567")
    page.click("#sign-form button[type=submit]")
    page.wait_for_selector(".mou-status[data-status=signed]")
    mou.refresh_from_db()
    assert (mou.status, mou.signed_on) == (MOUStatus.SIGNED, datetime.date(2024, 8, 15))
    screenshot(page, "mou-detail-desktop")

    # The summary for the ceremony.
    with page.expect_response(lambda response: "/summary.pdf" in response.url) as pdf_info:
        page.click("#mou-pdf")
    pdf = pdf_info.value
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    # Chromium shows the PDF in its viewer; fetch the same URL with the session for its bytes.
    assert page.context.request.get(pdf.url).body().startswith(b"%PDF")


def test_mou_detail_fits_a_phone(phone_page, live_server, areas):
    staff()
    mou = signed(
        MOUFactory(
            title="บันทึกข้อตกลงความร่วมมือการขับเคลื่อนการแก้ไขปัญหาความยากจนแบบบูรณาการ "
            "จังหวัดเชียงใหม่ ประจำปีงบประมาณ พ.ศ. 2567"
        ),
        farm := AgencyFactory(name_th="สำนักงานเกษตรจังหวัดเชียงใหม่"),
        AgencyFactory(name_th="องค์การบริหารส่วนจังหวัดเชียงใหม่"),
    )
    PledgeFactory(mou=mou, agency=farm, districts=["5001", "5007", "5008"])
    log_in(phone_page, live_server, "staff", PASSWORD)
    phone_page.goto(f"{live_server.url}{mou.get_absolute_url()}")
    assert fits_the_screen(phone_page)
    # The calendar of the signing form stays on the screen too.
    phone_page.click("#sign-form [data-thai-datepicker-button]")
    assert phone_page.locator("#sign-form [role=dialog]").is_visible()
    assert fits_the_screen(phone_page)
    screenshot(phone_page, "mou-detail-phone")
    phone_page.keyboard.press("Escape")
    assert not phone_page.locator("#sign-form [role=dialog]").is_visible()

    phone_page.goto(f"{live_server.url}/agencies/mous/{mou.pk}/pledges/new/")
    assert fits_the_screen(phone_page)
    screenshot(phone_page, "pledge-form-phone")


def test_agency_directory_fits_a_phone(phone_page, live_server, areas):
    staff()
    farm = AgencyFactory(
        name_th="สำนักงานเกษตรจังหวัดเชียงใหม่",
        name_en="Chiang Mai Provincial Agricultural Extension Office",
        short_name="เกษตรจังหวัด",
        contact_person="นางสาวกานดา ใจดี",
        phone="053-112-345",
        email="agriculture-chiangmai@example.go.th",
    )
    AgencyFactory(name_th="ธนาคารออมสิน", agency_type=AgencyType.STATE_ENTERPRISE, province_id=None)
    mou = signed(MOUFactory(), farm)
    PledgeFactory(mou=mou, agency=farm)
    log_in(phone_page, live_server, "staff", PASSWORD)
    phone_page.goto(f"{live_server.url}/agencies/")
    assert phone_page.locator("#agencies tbody tr").count() == 2
    assert fits_the_screen(phone_page)
    screenshot(phone_page, "agency-list-phone")
    phone_page.click("#agencies >> text=สำนักงานเกษตรจังหวัดเชียงใหม่")
    phone_page.wait_for_selector("#agency-data")
    assert fits_the_screen(phone_page)
    screenshot(phone_page, "agency-detail-phone")
