"""The 404, 403, 500 and CSRF-failure pages: Thai, in the product's layout, with debug off.

A district officer who opens a colleague's link to another district gets the 404 page
(out of scope answers like missing); it must say so in Thai, not show Django's English
page or, in the demo, the debug page listing every URL pattern.
"""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.template import loader
from django.test import Client, RequestFactory
from django.utils import translation
from django.views.defaults import server_error

from households.models import Household
from tests.factories import VillageFactory

PRODUCT_NAME_TH = "ระบบบริหารจัดการครัวเรือนยากจนแบบบูรณาการ"


@pytest.fixture(autouse=True)
def production_like(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.core.error_urls"


def _in_product_layout(html: str) -> None:
    assert '<html lang="th">' in html
    assert 'class="navbar-brand"' in html
    assert PRODUCT_NAME_TH in html
    assert "vendor/bootstrap/bootstrap.min.css" in html


def test_404_is_thai_in_the_product_layout(client, district_officer_mae_rim):
    client.force_login(district_officer_mae_rim)
    response = client.get("/households/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "ไม่พบหน้าที่ต้องการ" in html
    assert "นอกความรับผิดชอบ" in html  # out of scope answers like missing: it says so
    _in_product_layout(html)
    assert "Not Found" not in html


def test_an_out_of_scope_household_answers_the_thai_404(client, district_officer_mae_rim):
    """The colleague's link: a household of Mueang opened by Mae Rim's officer."""
    household = Household.objects.create(village=VillageFactory(code="50010101"), house_no="1")
    client.force_login(district_officer_mae_rim)
    response = client.get(household.get_absolute_url())
    assert response.status_code == 404
    assert "ไม่พบหน้าที่ต้องการ" in response.content.decode()


def test_403_is_thai_in_the_product_layout(client, province_staff):
    client.force_login(province_staff)
    response = client.get("/test-forbidden/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "ไม่มีสิทธิ์เข้าถึง" in html
    _in_product_layout(html)
    assert "403 Forbidden" not in html


def test_500_is_thai_in_the_product_layout(province_staff):
    client = Client(raise_request_exception=False)
    client.force_login(province_staff)
    response = client.get("/test-broken/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "เกิดข้อผิดพลาด" in html
    _in_product_layout(html)
    assert "Server Error" not in html


def test_500_renders_without_context_processors_or_the_database():
    """No `db` fixture: pytest-django refuses any query, as a broken database would."""
    request = RequestFactory().get("/anything/")
    with translation.override("th"):
        response = server_error(request)
        bare = loader.get_template("500.html").render()
    assert response.status_code == 500
    assert "เกิดข้อผิดพลาด" in response.content.decode()
    assert "เกิดข้อผิดพลาด" in bare
    assert PRODUCT_NAME_TH in bare
    assert "language-switch" not in bare  # no CSRF token to post the language switch with


def test_csrf_failure_is_thai_and_says_reload(province_staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(province_staff)
    referer = "http://testserver/households/?q=1"
    response = client.post("/accounts/logout/", headers={"referer": referer})
    html = response.content.decode()
    assert response.status_code == 403
    assert "ส่งแบบฟอร์มไม่สำเร็จ" in html
    assert "โหลดหน้านี้ใหม่" in html
    assert 'href="http://testserver/households/?q=1"' in html
    _in_product_layout(html)
    assert "CSRF verification failed" not in html


def test_csrf_failure_never_sends_the_user_to_another_site(province_staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(province_staff)
    response = client.post("/accounts/logout/", headers={"referer": "https://evil.example/"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "evil.example" not in html
    assert 'href="/accounts/logout/"' in html


def test_csrf_failure_view_is_the_products():
    assert django_settings.CSRF_FAILURE_VIEW == "povertyprog.core.views.csrf_failure"


def _dev_settings(extra_env: dict[str, str]) -> str:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_DEBUG"}
    # A data key in the environment keeps dev settings from writing a .env file.
    env |= {
        "DJANGO_SETTINGS_MODULE": "povertyprog.settings.dev",
        "POVERTYPROG_DATA_KEY": django_settings.POVERTYPROG_DATA_KEY,
        **extra_env,
    }
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DEBUG, settings.WHITENOISE_USE_FINDERS)"
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=django_settings.BASE_DIR,
    )
    return result.stdout.strip()


def test_the_demo_runs_without_debug_unless_a_developer_asks():
    """`make run` uses the dev settings: without DJANGO_DEBUG a wrong link gets the
    product's 404, not the debug page listing every URL pattern."""
    assert _dev_settings({}) == "False True"
    assert _dev_settings({"DJANGO_DEBUG": "1"}) == "True True"


def test_static_files_are_served_with_debug_off(client, settings):
    """With DEBUG off, runserver serves no static files (whitenoise.runserver_nostatic):
    WhiteNoise serves them from the source folders, as the dev settings configure it."""
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert b"Sarabun" in b"".join(response.streaming_content)


def test_debug_404_would_list_the_url_patterns(client, settings, province_staff):
    """What the demo showed before: the reason DEBUG is off there."""
    settings.DEBUG = True
    client.force_login(province_staff)
    response = client.get("/households/no-such-page/")
    assert "URLconf" in response.content.decode()


def test_the_favicon_is_served_at_the_site_root(client):
    """Chromium asks for /favicon.ico when it shows a PDF; a 404 there is a console error."""
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x00\x00\x01\x00")
