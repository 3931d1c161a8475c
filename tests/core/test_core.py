import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)


def test_healthz_is_public(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_login_page_is_thai_by_default(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'lang="th"' in content
    assert "เข้าสู่ระบบ" in content


def test_english_is_available(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    content = client.get(reverse("login")).content.decode()
    assert 'lang="en"' in content
    assert "Log in" in content


def test_password_reset_is_public(client, db):
    assert client.get(reverse("password_reset")).status_code == 200


def test_pages_send_a_content_security_policy(client, province_staff):
    client.force_login(province_staff)
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_navigation_follows_the_role(client, province_admin, viewer):
    client.force_login(viewer)
    assert "/admin/" not in client.get("/").content.decode()
    client.force_login(province_admin)
    assert "/admin/" in client.get("/").content.decode()


def test_no_view_reads_a_model_manager_directly():
    """Views read through scoped selectors and access functions (STYLE.md §3–4)."""
    offenders = []
    for folder in ("povertyprog", "households", "events", "agencies"):
        for path in (ROOT / folder).rglob("*.py"):
            if "views" not in path.parts and path.name != "views.py":
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if re.search(r"\b[A-Z][A-Za-z]+\.objects\b", line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_production_settings_refuse_to_start_without_secrets(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "povertyprog.settings.production", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_thai_even_for_an_english_browser_until_the_user_switches(client, db):
    content = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content
    assert 'lang="th"' in content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get(reverse("login")).content.decode()
