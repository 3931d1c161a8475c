"""Roles as code: what each role may do and where. The one place that maps roles to permissions.

Django's model permissions know nothing about areas, so they are not used: a role says
*what* a user may do, the user's scope says *where*. Code outside `povertyprog.accounts`
never names a role to decide access: it asks `has_perm`, `scope_kind_of` or
`access.users_with_perm`.

What each role sees on the home page (decided here, tested in tests/accounts/test_home.py):

- province admin, province staff, district officer: the figures of their area (households,
  poor, graduated, by district; pledges covering the area) and the MOUs they follow that
  are about to expire.
- viewer (committee members, the governor's office): the same aggregate figures of their
  area, and nothing else: no MOU, no pledge, no name, no citizen ID. VIEW_DASHBOARD without
  VIEW_AGENCIES or VIEW_PERSONAL_DATA.
- agency liaison: their own agency's pledges and MOUs (totals, MOUs about to expire) and,
  when targets arrive, the households assigned to their agency. No province aggregates: a
  liaison works for one agency, not for the programme's committee, and the province's
  figures are the committee's dashboard (VIEW_DASHBOARD), not their agency's work.
- fair desk staff: nothing but a link to the fair's check-in desk.
- an active user with no role (role ""): only a line that says to ask the province admin
  for a role. A user created without a role has no permission at all.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROVINCE_ADMIN = "province_admin", _("Province admin")
    PROVINCE_STAFF = "province_staff", _("Province staff")
    DISTRICT_OFFICER = "district_officer", _("District officer")
    AGENCY_LIAISON = "agency_liaison", _("Agency liaison")
    VIEWER = "viewer", _("Viewer")
    FAIR_DESK = "fair_desk", _("Fair desk staff")


class Perm(StrEnum):
    USE_ADMIN = "use_admin"
    MANAGE_USERS = "manage_users"
    IMPORT_SURVEYS = "import_surveys"
    MANAGE_REFERENCE_DATA = "manage_reference_data"
    VIEW_AREAS = "view_areas"
    VIEW_DASHBOARD = "view_dashboard"
    VIEW_AGENCIES = "view_agencies"
    VIEW_PERSONAL_DATA = "view_personal_data"
    VIEW_CITIZEN_ID = "view_citizen_id"
    # PDPA: who viewed or exported a household's personal data (province admins: all of Perm).
    VIEW_ACCESS_LOG = "view_access_log"
    MANAGE_AGENCIES = "manage_agencies"
    # MANAGE_TARGETS is checked by the programme's services (households.programme_services),
    # RECORD_ASSISTANCE by households.manage_services, MANAGE_FAIR (the fair, its invitations
    # and RSVPs) and CHECK_IN (the desks on the fair day) by events.
    MANAGE_TARGETS = "manage_targets"
    MANAGE_FAIR = "manage_fair"
    RECORD_ASSISTANCE = "record_assistance"
    CHECK_IN = "check_in"


_STAFF = {
    Perm.VIEW_AREAS,
    Perm.VIEW_DASHBOARD,
    Perm.VIEW_AGENCIES,
    Perm.VIEW_PERSONAL_DATA,
    Perm.VIEW_CITIZEN_ID,
    Perm.MANAGE_TARGETS,
    Perm.MANAGE_FAIR,
    Perm.CHECK_IN,
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
            Perm.VIEW_AGENCIES,
            Perm.VIEW_PERSONAL_DATA,
            Perm.VIEW_CITIZEN_ID,
            Perm.MANAGE_TARGETS,
            Perm.MANAGE_FAIR,
            Perm.CHECK_IN,
            Perm.RECORD_ASSISTANCE,
        }
    ),
    # A liaison sees their agency's pledges and MOUs and the households assigned to it,
    # never the citizen ID and never the province's aggregates.
    Role.AGENCY_LIAISON: frozenset(
        {Perm.VIEW_AREAS, Perm.VIEW_AGENCIES, Perm.VIEW_PERSONAL_DATA, Perm.RECORD_ASSISTANCE}
    ),
    Role.VIEWER: frozenset({Perm.VIEW_AREAS, Perm.VIEW_DASHBOARD}),
    # A fair-day account for a registration desk: checks households in (finding them by
    # code, name, house number or citizen ID inside its scope), and nothing else: no
    # registry, no case, no figures.
    Role.FAIR_DESK: frozenset({Perm.CHECK_IN}),
}


class ScopeKind(StrEnum):
    """What limits a user's view inside their area scope."""

    AREA = "area"  # everything inside the area prefix
    AGENCY = "agency"  # only what concerns the agency they are linked to


@dataclass(frozen=True)
class RoleScope:
    kind: ScopeKind
    lengths: tuple[int, ...]  # the lengths the role's area scope may have ("" is 0)


# One map says how long each role's scope is; the database constraint on users is generated
# from it (models.User.Meta), so the two cannot drift apart.
# - Province admin and staff work for a province (2) or, in a national deployment, the
#   whole country (0).
# - District officers work for a district (4), or a subdistrict (6) for a tambon's officer.
# - Viewers sit on the provincial committee (2), the national one (0), or a district's
#   committee (ศจพ.อ., 4): they see aggregates of that area.
# - A liaison's agency is provincial or national: their area scope is the province they
#   follow (2) or the country (0); their agency, not a district, limits what they see.
# A user with no role has no permission, whatever their scope: any valid scope is accepted.
ROLE_SCOPES: dict[str, RoleScope] = {
    Role.PROVINCE_ADMIN: RoleScope(ScopeKind.AREA, (0, 2)),
    Role.PROVINCE_STAFF: RoleScope(ScopeKind.AREA, (0, 2)),
    Role.DISTRICT_OFFICER: RoleScope(ScopeKind.AREA, (4, 6)),
    Role.VIEWER: RoleScope(ScopeKind.AREA, (0, 2, 4)),
    Role.AGENCY_LIAISON: RoleScope(ScopeKind.AGENCY, (0, 2)),
    # A desk serves the province's fair (2) or one district's desk (4).
    Role.FAIR_DESK: RoleScope(ScopeKind.AREA, (2, 4)),
}


def role_scope_condition() -> models.Q:
    """The check constraint "the scope's length fits the role", from ROLE_SCOPES."""
    condition = ~models.Q(role__in=list(ROLE_SCOPES))
    for role, scope in ROLE_SCOPES.items():
        condition |= models.Q(role=role, area_scope__length__in=list(scope.lengths))
    return condition


def has_perm(user, perm: Perm) -> bool:
    """May this user do `perm` at all (somewhere in their scope)?"""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return perm in ROLE_PERMISSIONS.get(user.role, frozenset())


def scope_kind_of(user) -> ScopeKind | None:
    """Area-scoped or agency-scoped; None for a user who sees nothing (no role, inactive)."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return ScopeKind.AREA
    scope = ROLE_SCOPES.get(user.role)
    return scope.kind if scope else None


def roles_with_perm(perm: Perm) -> list[str]:
    return [role for role, perms in ROLE_PERMISSIONS.items() if perm in perms]
