"""Permissions in one place: one helper, every view classified, every Perm checked, no role
names outside povertyprog/accounts/."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from povertyprog.accounts.access import perm_required, require_perm, users_with_perm
from povertyprog.accounts.roles import Perm, Role, has_perm
from tests.factories import UserFactory

BASE = Path(settings.BASE_DIR)
SOURCES = [
    path
    for root in ("povertyprog", "agencies", "households", "events")
    for path in (BASE / root).rglob("*.py")
    if "migrations" not in path.parts
]
# Perms no code checks yet (see roles.py).
NOT_CHECKED_YET: set[Perm] = set()
# Views that every signed-in user (or anyone) may open: each says why.
OPEN_VIEWS = {
    "home",  # shows only what the user's perms allow (tests/accounts/test_home.py)
    "healthz",  # the load balancer's liveness check
    "set_language",
    # The invitation's QR opens it: the code is the key, it shows only the head's first
    # name and the fair, and it is rate-limited (events/views/rsvp_public.py).
    "events:rsvp_public",
}


def test_require_perm_answers_404_like_a_missing_page(no_role, viewer):
    with pytest.raises(Http404):
        require_perm(no_role, Perm.VIEW_AREAS)
    with pytest.raises(Http404):
        require_perm(viewer, Perm.VIEW_AGENCIES)
    require_perm(viewer, Perm.VIEW_DASHBOARD)  # no exception


def test_perm_required_checks_before_the_view_runs(viewer, province_staff):
    ran = []

    @perm_required(Perm.MANAGE_AGENCIES)
    def view(request):
        ran.append(request.user)
        return HttpResponse("ok")

    request = RequestFactory().get("/")
    request.user = viewer
    with pytest.raises(Http404):
        view(request)
    assert ran == []
    request.user = province_staff
    assert view(request).content == b"ok"
    assert ran == [province_staff]
    assert view.required_perm == Perm.MANAGE_AGENCIES


def _app_views(patterns=None, prefix=""):
    """(name, view) of every URL pattern of the project's own apps."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{pattern.namespace}:" if pattern.namespace else ""
            if pattern.app_name == "admin":
                continue  # the admin checks USE_ADMIN on its own site
            yield from _app_views(pattern.url_patterns, prefix + namespace)
        elif isinstance(pattern, URLPattern):
            module = getattr(pattern.callback, "__module__", "")
            if module.startswith(("povertyprog", "agencies", "households", "events")):
                yield prefix + (pattern.name or ""), pattern.callback


def test_every_view_of_the_project_checks_a_perm():
    views = dict(_app_views())
    assert "households:import_template" in views
    unchecked = {
        name
        for name, view in views.items()
        if name not in OPEN_VIEWS and not isinstance(getattr(view, "required_perm", None), Perm)
    }
    assert unchecked == set()


def test_the_import_template_needs_the_import_perm(
    client, district_officer_mae_rim, province_admin
):
    url = reverse("households:import_template")
    client.force_login(district_officer_mae_rim)
    assert client.get(url).status_code == 404
    client.force_login(province_admin)
    assert client.get(url).status_code == 200


def test_every_perm_is_checked_somewhere_outside_the_roles_map():
    code = "\n".join(
        path.read_text() for path in SOURCES if path != BASE / "povertyprog/accounts/roles.py"
    )
    checked = {perm for perm in Perm if re.search(rf"\bPerm\.{perm.name}\b", code)}
    assert checked == set(Perm) - NOT_CHECKED_YET
    assert not (checked & NOT_CHECKED_YET), "checked now: drop it from NOT_CHECKED_YET"


def test_no_code_outside_accounts_names_a_role_for_access():
    # The demo and the page benchmark name roles to create their users; that is not an
    # access decision.
    allowed = (
        BASE / "povertyprog/accounts",
        BASE / "povertyprog/demo",
        BASE / "households/management/commands/bench_pages.py",
        BASE / "events/management/commands/bench_checkin.py",
    )
    offenders = [
        f"{path.relative_to(BASE)}:{number}: {line.strip()}"
        for path in SOURCES
        if not any(path.is_relative_to(place) for place in allowed)
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\bRole\b|\.role\b|role__", line)
    ]
    assert offenders == []


def test_a_user_created_without_a_role_may_do_nothing(db):
    user = UserFactory(role="")
    assert UserFactory._meta.model(username="new").role == ""
    assert not any(has_perm(user, perm) for perm in Perm)


def test_users_with_perm_covers_the_area_and_its_enclosing_scopes(
    province_staff, province_admin, district_officer_mae_rim, viewer, outsider
):
    national = UserFactory(role=Role.PROVINCE_STAFF, area_scope="")
    lamphun = UserFactory(role=Role.PROVINCE_STAFF, area_scope="51")
    gone = UserFactory(role=Role.PROVINCE_STAFF, area_scope="50", is_active=False)
    found = set(users_with_perm(Perm.MANAGE_AGENCIES, ["50"]))
    assert found == {province_staff, province_admin, national}
    assert lamphun not in found
    assert gone not in found
    # A district's users with the perm, when the area is inside their district.
    assert district_officer_mae_rim in set(users_with_perm(Perm.VIEW_AGENCIES, ["50070101"]))
