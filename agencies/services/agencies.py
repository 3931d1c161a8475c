"""Writes for the agency directory and the liaisons' link to their agency."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from povertyprog.accounts.access import area_scope_of
from povertyprog.accounts.roles import Perm, ScopeKind, has_perm, scope_kind_of
from povertyprog.audit.services import activity_log
from povertyprog.core.changes import apply_changes, changed_values

from ..models import (
    Agency,
    AgencyLiaison,
)

AGENCY_FIELDS = (
    "name_th",
    "name_en",
    "short_name",
    "agency_type",
    "parent_organisation",
    "province",
    "province_id",
    "head_title",
    "contact_person",
    "phone",
    "email",
    "is_active",
)


# Agencies ----------------------------------------------------------------------------------


def agency_check_rights(*, agency: Agency | None, province_id: str | None, name: str, by) -> None:
    """May `by` create this agency (agency None) or change it, with `province_id` as its
    province? Raises a ValidationError that names the agency, so an import row can show it.

    A national agency (no province) serves every province: only a manager of national scope
    creates one, turns an agency national, or changes one. Every other agency lies in the
    manager's area. `by=None` is the system itself (the demo, a data migration).
    """
    if by is None:
        return
    scope = area_scope_of(by)
    if scope is None or not has_perm(by, Perm.MANAGE_AGENCIES):
        raise ValidationError(_("You may not create or change agencies."))
    if scope:
        if agency is not None and agency.province_id is None:
            raise ValidationError(
                _("“%(name)s” is a national agency: only a manager of national scope changes it.")
                % {"name": agency.name_th}
            )
        if province_id is None:
            raise ValidationError(
                {
                    "province": _(
                        "“%(name)s” would be a national agency (no province): only a manager "
                        "of national scope creates one. Choose your province."
                    )
                    % {"name": name}
                }
            )
        for code in {province_id, getattr(agency, "province_id", province_id)}:
            if not code.startswith(scope):
                raise ValidationError({"province": _("This province lies outside your area.")})


@transaction.atomic
def agency_save(*, agency: Agency | None = None, by, **values) -> Agency:
    """Create an agency, or change one. Validates who may (`agency_check_rights`), names and
    uniqueness within the province. Every door (pages, admin, import) saves through here."""
    creating = agency is None
    province = values.get("province", getattr(agency, "province", None))
    province_id = values.get("province_id", province.pk if province is not None else None)
    agency_check_rights(
        agency=agency,
        province_id=province_id,
        name=values.get("name_th", getattr(agency, "name_th", "")),
        by=by,
    )
    agency = agency or Agency()
    changed = apply_changes(agency, AGENCY_FIELDS, values)
    agency.full_clean()
    agency.save()
    activity_log(
        "agencies.agency.created" if creating else "agencies.agency.changed",
        actor=by,
        target=agency,
        data=changed_values(agency, changed),
    )
    return agency


@transaction.atomic
def agency_ensure(
    *, name_th: str, agency_type: str, province_code: str | None, by=None, **details: str
) -> tuple[Agency, bool]:
    """Find an agency by its Thai name within a province, creating it if it is new."""
    existing = Agency.objects.filter(name_th=name_th, province_id=province_code).first()
    if existing:
        return existing, False
    agency = agency_save(
        by=by, name_th=name_th, agency_type=agency_type, province_id=province_code, **details
    )
    return agency, True


@transaction.atomic
def agency_liaison_link(*, user, agency: Agency | None, by) -> AgencyLiaison | None:
    """Link an agency liaison to the agency they act for (None unlinks them: they then see
    nothing). Only agency-scoped roles are linked; `by` must see the agency."""
    current = AgencyLiaison.objects.filter(user=user).first()
    if agency is None:
        if current is not None:
            current.delete()
            activity_log(
                "agencies.liaison.unlinked",
                actor=by,
                target=user,
                data={"agency": current.agency_id},
            )
        return None
    if scope_kind_of(user) != ScopeKind.AGENCY:
        raise ValidationError(
            {"agency": _("Only an agency liaison is linked to an agency; give the role first.")}
        )
    if by is not None:
        scope = area_scope_of(by)
        if scope is None or (scope and agency.province_id not in (None, scope[:2])):
            raise ValidationError({"agency": _("This agency lies outside your area.")})
    if current is not None and current.agency_id == agency.pk:
        return current
    link, _created = AgencyLiaison.objects.update_or_create(user=user, defaults={"agency": agency})
    activity_log(
        "agencies.liaison.linked",
        actor=by,
        target=user,
        data={"agency": agency.pk, "previous": current.agency_id if current else None},
    )
    return link
