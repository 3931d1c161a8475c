"""The admin a province admin uses, in Chromium: no console error, no CSP violation."""

from povertyprog.accounts.roles import Role
from tests.factories import UserFactory

from .conftest import log_in

PASSWORD = "admin-pass-1"


def test_admin_pages_log_no_console_error(page, live_server, areas):
    admin = UserFactory(
        username="admin", role=Role.PROVINCE_ADMIN, area_scope="50", password=PASSWORD
    )
    log_in(page, live_server, "admin", PASSWORD)
    for url in [
        "/admin/",
        "/admin/accounts/user/",
        "/admin/accounts/user/add/",
        f"/admin/accounts/user/{admin.pk}/change/",
        "/admin/agencies/agency/",
        "/admin/agencies/agency/add/",
        "/admin/agencies/mou/",
        "/admin/agencies/pledge/",
        "/admin/axes/accessattempt/",
        # django-import-export's pages (agency and village import/export, the จปฐ. import)
        "/admin/agencies/agency/import/",
        "/admin/agencies/agency/export/",
        "/admin/areas/village/import/",
        "/admin/households/householdsurvey/import/",
        "/admin/households/household/",
    ]:
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        page.wait_for_load_state("load")


def test_the_export_pages_select_all_works_under_the_csp(page, live_server, areas):
    """django-import-export's toggle used an inline onchange, which the CSP blocks; our copy of
    the page binds it from a static file."""
    UserFactory(username="admin", role=Role.PROVINCE_ADMIN, area_scope="50", password=PASSWORD)
    log_in(page, live_server, "admin", PASSWORD)
    page.goto(f"{live_server.url}/admin/agencies/agency/export/")
    fields = page.locator('.selectable-field-export-row input[type="checkbox"]')
    assert fields.count() > 1
    page.uncheck("input.select-toggle")
    assert not any(fields.nth(i).is_checked() for i in range(fields.count()))
    page.check("input.select-toggle")
    assert all(fields.nth(i).is_checked() for i in range(fields.count()))
