"""Roles as code: what each role may do. The one place that maps roles to permissions.

Django's model permissions know nothing about areas, so they are not used: a role says
*what* a user may do, the user's scope (area prefix, or agency) says *where*.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROVINCE_ADMIN = "province_admin", _("Province admin")
    PROVINCE_STAFF = "province_staff", _("Province staff")
    DISTRICT_OFFICER = "district_officer", _("District officer")
    AGENCY_LIAISON = "agency_liaison", _("Agency liaison")
    VIEWER = "viewer", _("Viewer")


class Perm(StrEnum):
    USE_ADMIN = "use_admin"
    MANAGE_USERS = "manage_users"
    IMPORT_SURVEYS = "import_surveys"
    MANAGE_REFERENCE_DATA = "manage_reference_data"
    VIEW_AREAS = "view_areas"
    VIEW_DASHBOARD = "view_dashboard"
    VIEW_PERSONAL_DATA = "view_personal_data"
    VIEW_CITIZEN_ID = "view_citizen_id"
    # PDPA: who viewed or exported a household's personal data (province admins: all of Perm).
    VIEW_ACCESS_LOG = "view_access_log"
    MANAGE_TARGETS = "manage_targets"
    MANAGE_FAIR = "manage_fair"
    MANAGE_AGENCIES = "manage_agencies"
    RECORD_ASSISTANCE = "record_assistance"


_STAFF = {
    Perm.VIEW_AREAS,
    Perm.VIEW_DASHBOARD,
    Perm.VIEW_PERSONAL_DATA,
    Perm.VIEW_CITIZEN_ID,
    Perm.MANAGE_TARGETS,
    Perm.MANAGE_FAIR,
    Perm.MANAGE_AGENCIES,
    Perm.RECORD_ASSISTANCE,
}

ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.PROVINCE_ADMIN: frozenset(Perm),
    Role.PROVINCE_STAFF: frozenset(_STAFF),
    Role.DISTRICT_OFFICER: frozenset(
        {
            Perm.VIEW_AREAS,
            Perm.VIEW_DASHBOARD,
            Perm.VIEW_PERSONAL_DATA,
            Perm.VIEW_CITIZEN_ID,
            Perm.MANAGE_TARGETS,
            Perm.MANAGE_FAIR,
            Perm.RECORD_ASSISTANCE,
        }
    ),
    # A liaison sees the households assigned to their agency, never the citizen ID.
    Role.AGENCY_LIAISON: frozenset(
        {Perm.VIEW_AREAS, Perm.VIEW_PERSONAL_DATA, Perm.RECORD_ASSISTANCE}
    ),
    Role.VIEWER: frozenset({Perm.VIEW_AREAS, Perm.VIEW_DASHBOARD}),
}


def has_perm(user, perm: Perm) -> bool:
    """May this user do `perm` at all (somewhere in their scope)?"""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return perm in ROLE_PERMISSIONS.get(user.role, frozenset())


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str
    icon: str


def navigation_for(user) -> list[NavItem]:
    """The main menu for a user, in the order an officer works through it."""
    items = [NavItem(_("Home"), reverse("home"), "house")]
    if has_perm(user, Perm.VIEW_AREAS):
        items.append(NavItem(_("Areas"), reverse("areas:browse"), "geo-alt"))
    if has_perm(user, Perm.VIEW_PERSONAL_DATA):
        items.append(NavItem(_("Households"), reverse("households:list"), "house-door"))
    if user.is_superuser or user.role != Role.VIEWER:
        items.append(NavItem(_("Agencies & MOUs"), reverse("agencies:mou_list"), "people"))
    if has_perm(user, Perm.IMPORT_SURVEYS):
        items.append(NavItem(_("Import จปฐ."), reverse("households:import_list"), "upload"))
    if has_perm(user, Perm.USE_ADMIN):
        items.append(NavItem(_("Administration"), reverse("admin:index"), "gear"))
    return items
