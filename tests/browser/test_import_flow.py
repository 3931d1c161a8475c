"""A province admin uploads a จปฐ. file, sees the preview with an error, downloads the error
sheet, and confirms the good rows."""

from decimal import Decimal

from openpyxl import load_workbook

from households.models import Household
from households.services import round_create
from povertyprog.accounts.roles import Role
from tests.factories import UserFactory
from tests.households.bmn_files import household_row, write_csv

from .conftest import fits_the_screen, log_in, screenshot


def test_upload_preview_error_sheet_and_confirm(page, live_server, areas, tmp_path):
    admin = UserFactory(
        username="admin", role=Role.PROVINCE_ADMIN, area_scope="50", password="admin-pass-1"
    )
    round_create(year_be=2564, income_threshold=Decimal(38000), by=admin)
    bad_id = "1.10170E+12"
    path = write_csv(
        tmp_path / "bmn-maerim.csv",
        [household_row(1), household_row(2, **{"เลขประจำตัวประชาชน": bad_id}), household_row(3)],
    )

    log_in(page, live_server, "admin", "admin-pass-1")
    page.goto(f"{live_server.url}/households/imports/new/")
    page.select_option("select[name=survey_round]", label="จปฐ. 2564")
    page.set_input_files("input[name=file]", str(path))
    page.click("main form input[name=submit]")

    page.wait_for_selector("#import-counts")
    assert page.locator("[data-count=new]").inner_text() == "2"
    assert page.locator("[data-count=invalid]").inner_text() == "1"
    errors = page.locator("#import-errors")
    assert bad_id in errors.inner_text()
    assert "3" in errors.inner_text()  # the row number as the spreadsheet shows it
    screenshot(page, "import-preview-desktop")

    with page.expect_download() as download_info:
        page.click("a[href$='errors.xlsx']")
    sheet = tmp_path / "errors.xlsx"
    download_info.value.save_as(sheet)
    rows = list(load_workbook(sheet).active.iter_rows(values_only=True))
    assert rows[1][0] == 3
    assert bad_id in [str(cell) for cell in rows[1]]

    assert not Household.objects.exists()
    page.check("input[name=skip_invalid]")
    page.click("#confirm-form button[type=submit]")
    page.wait_for_selector(".alert-success")
    assert sorted(Household.objects.values_list("house_no", flat=True)) == ["1/1", "3/1"]


def test_import_preview_fits_a_phone(phone_page, live_server, areas, tmp_path):
    admin = UserFactory(
        username="admin", role=Role.PROVINCE_ADMIN, area_scope="50", password="admin-pass-1"
    )
    round_create(year_be=2564, income_threshold=Decimal(38000), by=admin)
    path = write_csv(
        tmp_path / "bmn.csv",
        [household_row(1), household_row(2, **{"อำเภอ": "อำเภอที่ไม่มีจริง"})],
    )
    log_in(phone_page, live_server, "admin", "admin-pass-1")
    phone_page.goto(f"{live_server.url}/households/imports/new/")
    assert fits_the_screen(phone_page)
    phone_page.set_input_files("input[name=file]", str(path))
    phone_page.click("main form input[name=submit]")
    phone_page.wait_for_selector("#import-counts")
    assert fits_the_screen(phone_page)
    screenshot(phone_page, "import-preview-phone")
