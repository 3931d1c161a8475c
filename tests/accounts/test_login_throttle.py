"""The login door: wrong passwords lock one username on one address (django-axes).

The issue's case: 30 wrong passwords for `staff`, then the right one, logged in. Now the
pair is locked with a Thai page in the product's layout until the cool-off passes or a
province admin unlocks it (audited); other addresses and other users are not affected.
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from povertyprog.accounts.roles import Role
from povertyprog.accounts.services import login_lockout_reset
from povertyprog.audit.models import ActivityLog
from tests.factories import UserFactory

PASSWORD = "pass-for-tests-only"  # UserFactory's
OFFICE = "10.50.0.7"
HOME = "10.50.9.9"


def log_in(client, username, password, address=OFFICE):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def thai(msgid: str) -> str:
    with translation.override("th"):
        return translation.gettext(msgid)


def lock_out(client, username, times=30, address=OFFICE):
    for _ in range(times):
        log_in(client, username, "wrong-guess", address)


def test_thirty_wrong_passwords_then_the_right_one_does_not_log_in(client, province_staff):
    lock_out(client, province_staff.username)
    response = log_in(client, province_staff.username, PASSWORD)

    assert response.status_code == 429
    assert not logged_in(client)
    page = response.content.decode()
    assert thai("Too many wrong passwords") in page
    assert '<html lang="th">' in page, "Thai first, whatever the browser says"
    assert 'class="navbar-brand"' in page, "in the product's layout"
    assert "locked for 30 minutes" in thai_page_in_english(client, province_staff.username)


def thai_page_in_english(client, username) -> str:
    """The same page in English, to read the cool-off without the Thai catalogue."""
    client.cookies["django_language"] = "en"
    try:
        return log_in(client, username, PASSWORD).content.decode()
    finally:
        del client.cookies["django_language"]


def test_the_lock_starts_at_the_failure_limit(client, province_staff, settings):
    lock_out(client, province_staff.username, times=settings.AXES_FAILURE_LIMIT - 1)
    assert log_in(client, province_staff.username, PASSWORD).status_code == 302
    client.logout()
    lock_out(client, province_staff.username, times=settings.AXES_FAILURE_LIMIT)
    assert log_in(client, province_staff.username, PASSWORD).status_code == 429


def test_another_address_or_another_user_is_not_locked(client, province_staff, viewer):
    lock_out(client, province_staff.username)

    elsewhere = Client()
    assert log_in(elsewhere, province_staff.username, PASSWORD, address=HOME).status_code == 302
    assert logged_in(elsewhere)

    colleague = Client()
    assert log_in(colleague, viewer.username, PASSWORD).status_code == 302
    assert logged_in(colleague)


def test_the_lock_lifts_after_the_cool_off(client, province_staff, settings):
    lock_out(client, province_staff.username)
    attempt = AccessAttempt.objects.get(username=province_staff.username)
    attempt.attempt_time -= settings.AXES_COOLOFF_TIME + timedelta(minutes=1)
    attempt.save(update_fields=["attempt_time"])

    assert log_in(client, province_staff.username, PASSWORD).status_code == 302
    assert logged_in(client)


def test_a_province_admin_unlocks_in_the_admin_and_it_is_audited(
    client, province_staff, province_admin
):
    lock_out(client, province_staff.username)
    attempt = AccessAttempt.objects.get(username=province_staff.username)
    admin = Client()
    admin.force_login(province_admin)
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert province_staff.username in admin.get(changelist).content.decode()

    response = admin.post(changelist, {"action": "unlock", "_selected_action": [attempt.pk]})

    assert response.status_code == 302
    entry = ActivityLog.objects.get(action="accounts.login_lockout.reset")
    assert entry.actor == province_admin
    assert entry.target_id == str(province_staff.pk)
    assert entry.data == {"username": province_staff.username, "ip": OFFICE, "removed": 1}
    assert log_in(client, province_staff.username, PASSWORD).status_code == 302
    assert logged_in(client)


def test_the_reset_commands_go_through_the_audited_service(client, province_staff):
    lock_out(client, province_staff.username)
    call_command("axes_reset_username", province_staff.username, stdout=None)

    entry = ActivityLog.objects.get(action="accounts.login_lockout.reset")
    assert entry.actor is None
    assert entry.data["removed"] == 1
    assert log_in(client, province_staff.username, PASSWORD).status_code == 302

    client.logout()
    lock_out(client, province_staff.username)
    call_command("axes_reset_ip_username", OFFICE, province_staff.username)
    call_command("axes_reset_ip", HOME)
    call_command("axes_reset")
    assert ActivityLog.objects.filter(action="accounts.login_lockout.reset").count() == 4


@pytest.fixture
def lockouts(client, province_staff, outsider):
    """Failed logins for a Chiang Mai user, a Lamphun user and a name that matches no one."""
    for username in (province_staff.username, outsider.username, "root"):
        lock_out(client, username, times=3)
    for username in (province_staff.username, outsider.username):  # a login record each
        log_in(Client(), username, PASSWORD, address=HOME)


def changelist_usernames(client, model: str) -> set[str]:
    response = client.get(reverse(f"admin:axes_{model}_changelist"))
    assert response.status_code == 200
    return {row.username for row in response.context["cl"].result_list}


def test_a_province_admin_sees_only_the_logins_of_their_users(
    lockouts, province_admin, province_staff
):
    admin = Client()
    admin.force_login(province_admin)
    assert changelist_usernames(admin, "accessattempt") == {province_staff.username}
    assert changelist_usernames(admin, "accesslog") == {
        province_staff.username,
        province_admin.username,  # their own login, just now
    }
    outsiders = AccessAttempt.objects.exclude(username=province_staff.username)
    for attempt in outsiders:
        change = reverse("admin:axes_accessattempt_change", args=[attempt.pk])
        assert admin.get(change).status_code == 404  # out of scope: as if it did not exist


def test_a_province_admin_cannot_unlock_another_province(lockouts, province_admin, outsider):
    admin = Client()
    admin.force_login(province_admin)
    theirs = AccessAttempt.objects.get(username=outsider.username)
    admin.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "unlock", "_selected_action": [theirs.pk]},
    )
    assert AccessAttempt.objects.filter(pk=theirs.pk).exists()
    with pytest.raises(PermissionDenied):
        login_lockout_reset(username=outsider.username, by=province_admin)
    with pytest.raises(PermissionDenied):
        login_lockout_reset(ip=OFFICE, by=province_admin)
    assert not ActivityLog.objects.filter(action="accounts.login_lockout.reset").exists()


def test_a_national_admin_sees_every_lockout(lockouts, province_staff, outsider):
    national = UserFactory(username="national", role=Role.PROVINCE_ADMIN, area_scope="")
    admin = Client()
    admin.force_login(national)
    assert changelist_usernames(admin, "accessattempt") == {
        province_staff.username,
        outsider.username,
        "root",
    }


@pytest.mark.parametrize("persona", ["province_staff", "district_officer_mae_rim", "viewer"])
def test_only_province_admins_open_the_login_records(lockouts, persona, request):
    user = request.getfixturevalue(persona)
    other = Client()
    other.force_login(user)
    for model in ("accessattempt", "accesslog", "accessfailurelog"):
        response = other.get(reverse(f"admin:axes_{model}_changelist"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


def test_login_and_password_reset_pages_still_work(client, province_staff):
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("password_reset")).status_code == 200
    response = client.post(reverse("password_reset"), {"email": "staff50@example.go.th"})
    assert response.status_code == 302
    response = log_in(client, province_staff.username, PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert AccessLog.objects.filter(username=province_staff.username).exists()


def test_behind_a_proxy_the_forwarded_client_is_locked_not_the_proxy(
    client, province_staff, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for spoofed in range(30):  # the client writes what it likes on the left
        client.post(
            reverse("login"),
            {"username": province_staff.username, "password": "wrong-guess"},
            HTTP_X_FORWARDED_FOR=f"192.0.2.{spoofed}, {OFFICE}",
            **proxy,
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {OFFICE}

    colleague = Client()  # same proxy, another office
    response = colleague.post(
        reverse("login"),
        {"username": province_staff.username, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR=HOME,
        **proxy,
    )
    assert response.status_code == 302
