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
        "/admin/households/household/",
    ]:
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        page.wait_for_load_state("load")
