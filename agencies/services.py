"""Writes for agencies, MOUs and pledges: atomic, validated with messages a person can act
on, and audited.

What an MOU allows depends on its status, as a CDD officer keeps the paper file:

- **Draft**: everything may change (header, signatories, pledges); the signing date is a
  plan and may lie in the future.
- **Signed**: the signed text is a fact. The signing date is not in the future and not after
  expiry. A signatory cannot be removed (they signed). Adding a signatory, adding, changing or
  withdrawing a pledge, or changing the terms (validity, scope, governor, programme year) is
  an amendment (บันทึกแก้ไขเพิ่มเติม): it needs a reason and the amendment's date, and is
  recorded as an MOUAmendment with the values before and after, plus one activity-log entry
  `agencies.mou.amended`. Clerical fields (title, signing place, the recorded signing date)
  may be corrected without an amendment; the correction is logged as `agencies.mou.changed`.
- **Expired or cancelled**: read only. Only the scan of the signed paper may still be
  attached (evidence, not a change).

The rules live here, so the pages, the admin and commands all obey them.
"""

import datetime
import re
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from povertyprog.accounts.access import area_scope_of
from povertyprog.accounts.roles import Perm, ScopeKind, has_perm, scope_kind_of
from povertyprog.audit.services import activity_log

from .models import (
    MOU,
    Agency,
    AgencyLiaison,
    AmendmentKind,
    MOUAmendment,
    MOUSignatory,
    MOUStatus,
    Pledge,
)

MOU_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
EXPIRY_WARNING_DAYS = 60
# What a scan may be, recognised by its first bytes, not by its name.
_DOCUMENT_SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}
_UNSAFE_NAME = re.compile(r"[^\w.\- ()\u0E00-\u0E7F]+")

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
MOU_FIELDS = (
    "province",
    "title",
    "fiscal_year_be",
    "signed_on",
    "signing_place",
    "governor_name",
    "governor_title",
    "scope",
    "valid_from",
    "valid_until",
)
# Changing these on a signed MOU changes what was signed: an amendment.
MOU_TERMS = (
    "fiscal_year_be",
    "governor_name",
    "governor_title",
    "scope",
    "valid_from",
    "valid_until",
)
PLEDGE_FIELDS = (
    "agency",
    "lever",
    "assistance_type",
    "description",
    "households_pledged",
    "budget",
    "starts_on",
    "ends_on",
)


def _apply(instance, fields: tuple[str, ...], values: dict) -> list[str]:
    """Set the given values on the instance; return the names of the fields that changed."""
    changed = []
    for name in fields:
        # A default: reading an unset foreign key (a new MOU's province) raises AttributeError.
        if name in values and getattr(instance, name, None) != values[name]:
            setattr(instance, name, values[name])
            changed.append(name)
    return changed


def _audit_data(instance, changed: list[str]) -> dict:
    return {name: str(getattr(instance, name)) for name in changed}


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
    changed = _apply(agency, AGENCY_FIELDS, values)
    agency.full_clean()
    agency.save()
    activity_log(
        "agencies.agency.created" if creating else "agencies.agency.changed",
        actor=by,
        target=agency,
        data=_audit_data(agency, changed),
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


# MOUs --------------------------------------------------------------------------------------


def _check_mou_dates(valid_from, valid_until, signed_on, *, signed: bool = False) -> None:
    """Dates in order; once signed (or being signed), the signing date is not in the future."""
    errors = {}
    if valid_from and valid_until and valid_until < valid_from:
        errors["valid_until"] = _("The MOU cannot end before it starts.")
    if signed_on and valid_until and signed_on > valid_until:
        errors["signed_on"] = _("The signing date cannot be after the MOU expires.")
    elif signed and signed_on and signed_on > timezone.localdate():
        errors["signed_on"] = _("The signing date cannot be in the future.")
    if errors:
        raise ValidationError(errors)


def _check_mou_values(mou: MOU, values: dict) -> None:
    """Check the dates as they will be, before anything is set on the instance."""
    merged = {
        name: values.get(name, getattr(mou, name))
        for name in ("valid_from", "valid_until", "signed_on")
    }
    _check_mou_dates(**merged, signed=mou.status == MOUStatus.SIGNED)


def _check_open(mou: MOU) -> None:
    """An expired or cancelled MOU is read only."""
    if mou.status in (MOUStatus.EXPIRED, MOUStatus.CANCELLED):
        raise ValidationError(
            _("This MOU is %(status)s: it can no longer be changed.")
            % {"status": mou.get_status_display().lower()},
            code="read_only",
        )


def _check_amendment(mou: MOU, reason: str, amended_on: datetime.date | None) -> None:
    """A change to a signed MOU needs a reason and a date between signing and today (and not
    after the MOU expires)."""
    errors = {}
    if not (reason or "").strip():
        errors["amendment_reason"] = _(
            "The MOU is signed: this change is an amendment. Give its reason."
        )
    if amended_on is None:
        errors["amended_on"] = _("Give the date of the amendment.")
    elif amended_on > timezone.localdate():
        errors["amended_on"] = _("The amendment date cannot be in the future.")
    elif mou.signed_on and amended_on < mou.signed_on:
        errors["amended_on"] = _("The amendment date cannot be before the MOU was signed.")
    elif amended_on > mou.valid_until:
        errors["amended_on"] = _("The amendment date cannot be after the MOU expires.")
    if errors:
        raise ValidationError(errors)


def _record_amendment(
    mou: MOU,
    *,
    kind: AmendmentKind,
    reason: str,
    amended_on: datetime.date,
    before: dict,
    after: dict,
    by,
    pledge: Pledge | None = None,
) -> MOUAmendment:
    amendment = MOUAmendment.objects.create(
        mou=mou,
        kind=kind,
        reason=reason.strip(),
        amended_on=amended_on,
        pledge=pledge,
        before=before,
        after=after,
        recorded_by=by if by is not None and by.is_authenticated else None,
    )
    activity_log(
        "agencies.mou.amended",
        actor=by,
        target=mou,
        data={
            "kind": str(kind),
            "reason": amendment.reason,
            "amended_on": str(amended_on),
            "before": before,
            "after": after,
            "amendment": amendment.pk,
        },
    )
    return amendment


def _value(value) -> str:
    return "" if value is None else str(value)


@transaction.atomic
def mou_create(*, by, **values) -> MOU:
    """Record a new MOU as a draft: its signatories and pledges are added next."""
    mou = MOU(created_by=by if by and by.is_authenticated else None)
    _check_mou_values(mou, values)
    _apply(mou, MOU_FIELDS, values)
    mou.full_clean(exclude=["document"])
    mou.save()
    activity_log("agencies.mou.created", actor=by, target=mou)
    return mou


@transaction.atomic
def mou_update(
    *,
    mou: MOU,
    by,
    amendment_reason: str = "",
    amended_on: datetime.date | None = None,
    **values,
) -> MOU:
    """Change an MOU's header. A draft changes freely. On a signed MOU the clerical fields
    (title, signing place, the recorded signing date) may be corrected, and a change of the
    terms (MOU_TERMS) is an amendment: `amendment_reason` and `amended_on` are required.
    An expired or cancelled MOU refuses every change."""
    _check_open(mou)
    _check_mou_values(mou, values)
    fields = tuple(f for f in MOU_FIELDS if f != "province")
    before = {name: _value(getattr(mou, name)) for name in fields}
    will_change = [name for name in fields if name in values and getattr(mou, name) != values[name]]
    amends = mou.status == MOUStatus.SIGNED and any(name in MOU_TERMS for name in will_change)
    if amends:
        _check_amendment(mou, amendment_reason, amended_on)
    changed = _apply(mou, fields, values)
    mou.full_clean(exclude=["document"])
    if not changed:
        return mou
    mou.save(update_fields=[*changed, "updated_at"])
    if amends:
        _record_amendment(
            mou,
            kind=AmendmentKind.TERMS_CHANGED,
            reason=amendment_reason,
            amended_on=amended_on,
            before={name: before[name] for name in changed},
            after={name: _value(getattr(mou, name)) for name in changed},
            by=by,
        )
    else:
        activity_log("agencies.mou.changed", actor=by, target=mou, data=_audit_data(mou, changed))
    return mou


@transaction.atomic
def mou_signatory_add(
    *,
    mou: MOU,
    agency: Agency,
    signer_name: str,
    signer_title: str,
    by,
    amendment_reason: str = "",
    amended_on: datetime.date | None = None,
) -> MOUSignatory:
    """Add an agency that signs. On a signed MOU the agency joins by amendment (reason and
    date required); an expired or cancelled MOU takes no new signatory."""
    if mou.status in (MOUStatus.EXPIRED, MOUStatus.CANCELLED):
        raise ValidationError(
            _("An expired or cancelled MOU cannot take new signatories."), code="read_only"
        )
    if not agency.is_active:
        raise ValidationError({"agency": _("%(agency)s is marked inactive.") % {"agency": agency}})
    if agency.province_id not in (None, mou.province_id):
        raise ValidationError(
            {"agency": _("%(agency)s belongs to another province.") % {"agency": agency}}
        )
    if mou.signatories.filter(agency=agency).exists():
        raise ValidationError(
            {"agency": _("%(agency)s already signs this MOU.") % {"agency": agency}}
        )
    if not signer_name.strip() or not signer_title.strip():
        raise ValidationError(_("Give the signer's name and title."))
    signed = mou.status == MOUStatus.SIGNED
    if signed:
        _check_amendment(mou, amendment_reason, amended_on)
    signatory = MOUSignatory.objects.create(
        mou=mou,
        agency=agency,
        signer_name=signer_name.strip(),
        signer_title=signer_title.strip(),
        order=mou.signatories.count() + 1,
    )
    if signed:
        _record_amendment(
            mou,
            kind=AmendmentKind.SIGNATORY_ADDED,
            reason=amendment_reason,
            amended_on=amended_on,
            before={},
            after={
                "agency": agency.name_th,
                "signer_name": signatory.signer_name,
                "signer_title": signatory.signer_title,
            },
            by=by,
        )
    else:
        activity_log(
            "agencies.mou.signatory_added", actor=by, target=mou, data={"agency": agency.pk}
        )
    return signatory


@transaction.atomic
def mou_signatory_remove(*, signatory: MOUSignatory, by) -> None:
    """Remove an agency from a draft MOU. Once the MOU is signed its signatories signed: none
    is removed (cancel the MOU, or amend the pledges, instead)."""
    mou = signatory.mou
    _check_open(mou)
    if mou.status == MOUStatus.SIGNED:
        raise ValidationError(
            _(
                "%(agency)s signed this MOU: a signatory of a signed MOU cannot be removed. "
                "Amend its pledges or cancel the MOU instead."
            )
            % {"agency": signatory.agency},
            code="signed",
        )
    if mou.pledges.filter(agency=signatory.agency).exists():
        raise ValidationError(
            _("%(agency)s has pledges under this MOU; remove them first.")
            % {"agency": signatory.agency}
        )
    signatory.delete()
    activity_log(
        "agencies.mou.signatory_removed", actor=by, target=mou, data={"agency": signatory.agency_id}
    )


@transaction.atomic
def mou_sign(*, mou: MOU, signed_on: datetime.date, by, signing_place: str | None = None) -> MOU:
    """Mark a draft MOU as signed on the ceremony's date: not in the future, not after the
    MOU expires."""
    if mou.status != MOUStatus.DRAFT:
        raise ValidationError(_("Only a draft MOU can be signed."))
    if not mou.signatories.exists():
        raise ValidationError(_("Add the agencies that sign before marking the MOU as signed."))
    _check_mou_dates(mou.valid_from, mou.valid_until, signed_on, signed=True)
    mou.signed_on, mou.status = signed_on, MOUStatus.SIGNED
    if signing_place is not None:
        mou.signing_place = signing_place
    mou.save(update_fields=["signed_on", "status", "signing_place", "updated_at"])
    activity_log("agencies.mou.signed", actor=by, target=mou, data={"signed_on": str(signed_on)})
    return mou


@transaction.atomic
def mou_cancel(*, mou: MOU, by, reason: str = "") -> MOU:
    """Cancel a draft or signed MOU (cancelling twice changes nothing); an expired one has
    already ended and stays as it was."""
    if mou.status == MOUStatus.CANCELLED:
        return mou
    if mou.status == MOUStatus.EXPIRED:
        raise ValidationError(_("An expired MOU has ended; it cannot be cancelled."))
    mou.status = MOUStatus.CANCELLED
    mou.save(update_fields=["status", "updated_at"])
    activity_log("agencies.mou.cancelled", actor=by, target=mou, data={"reason": reason})
    return mou


@transaction.atomic
def mous_expire(*, today: datetime.date, by=None) -> list[MOU]:
    """Mark every signed MOU whose validity ended before `today` as expired."""
    due = list(
        MOU.objects.select_for_update().filter(status=MOUStatus.SIGNED, valid_until__lt=today)
    )
    for mou in due:
        mou.status = MOUStatus.EXPIRED
        mou.save(update_fields=["status", "updated_at"])
        activity_log("agencies.mou.expired", actor=by, target=mou)
    return due


def clean_document_name(name: str) -> str:
    """The file's own name, without folders or characters that mean something to a shell."""
    base = Path(name.replace("\\", "/")).name
    base = _UNSAFE_NAME.sub("_", base).strip(" .")
    return base[:200] or "document"


def validate_mou_document(upload) -> str:
    """Check a scan's size, extension and content; return the extension."""
    name = clean_document_name(upload.name)
    extension = Path(name).suffix.lower()
    if extension not in _DOCUMENT_SIGNATURES:
        raise ValidationError(
            _("The signed MOU must be a PDF, JPEG or PNG file; “%(name)s” is not."),
            params={"name": name},
            code="type",
        )
    if upload.size > MOU_DOCUMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB."),
            params={
                "size": round(upload.size / 2**20, 1),
                "limit": MOU_DOCUMENT_MAX_BYTES // 2**20,
            },
            code="size",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(_DOCUMENT_SIGNATURES[extension]):
        raise ValidationError(
            _("“%(name)s” is not really a %(kind)s file; scan or export it again."),
            params={"name": name, "kind": extension.lstrip(".").upper()},
            code="content",
        )
    return extension


@transaction.atomic
def mou_document_attach(*, mou: MOU, upload, by) -> MOU:
    """Store the signed scan under a random name; the old one is removed after commit."""
    validate_mou_document(upload)
    old = mou.document.name if mou.document else ""
    mou.document_name = clean_document_name(upload.name)
    mou.document.save(mou.document_name, upload, save=False)
    mou.save(update_fields=["document", "document_name", "updated_at"])
    if old:
        storage = mou.document.storage
        transaction.on_commit(lambda: storage.delete(old))
    activity_log(
        "agencies.mou.document_attached", actor=by, target=mou, data={"name": mou.document_name}
    )
    return mou


def mous_expiring(*, today: datetime.date, days: int = EXPIRY_WARNING_DAYS):
    """Signed MOUs whose validity ends within `days` days from `today` (today included)."""
    return MOU.objects.filter(
        status=MOUStatus.SIGNED,
        valid_until__gte=today,
        valid_until__lte=today + datetime.timedelta(days=days),
    ).select_related("province")


# Pledges -----------------------------------------------------------------------------------


def _check_pledge(pledge: Pledge, districts) -> None:
    errors = {}
    mou = pledge.mou
    if pledge.households_pledged is not None and pledge.households_pledged <= 0:
        errors["households_pledged"] = _("A pledge covers at least one household.")
    if pledge.budget is not None and pledge.budget < 0:
        errors["budget"] = _("The budget cannot be negative.")
    if not mou.signatories.filter(agency_id=pledge.agency_id).exists():
        errors["agency"] = _("Only an agency that signs this MOU can pledge under it.")
    outside = [d for d in districts if d.province_id != mou.province_id]
    if outside:
        errors["districts"] = _("These districts are outside the MOU's province: %(names)s.") % {
            "names": ", ".join(d.name_th for d in outside)
        }
    if not districts:
        errors["districts"] = _("Choose the districts the pledge covers.")
    if pledge.starts_on and pledge.ends_on and pledge.ends_on < pledge.starts_on:
        errors["ends_on"] = _("The pledge cannot end before it starts.")
    kind = pledge.assistance_type
    if kind is not None and kind.lever != pledge.lever:
        errors["assistance_type"] = _("“%(kind)s” is help under “%(lever)s”, not this lever.") % {
            "kind": kind.name_th,
            "lever": kind.get_lever_display(),
        }
    if errors:
        raise ValidationError(errors)


def _pledge_state(pledge: Pledge, districts=None) -> dict:
    """A pledge's values as text, for an amendment's before and after."""
    state = {name: _value(getattr(pledge, name)) for name in PLEDGE_FIELDS}
    state["agency"] = pledge.agency.name_th if pledge.agency_id else ""
    state["assistance_type"] = pledge.assistance_type.name_th if pledge.assistance_type else ""
    if districts is None:
        districts = pledge.districts.all() if pledge.pk else []
    state["districts"] = sorted(d.code for d in districts)
    return state


@transaction.atomic
def pledge_save(
    *,
    mou: MOU,
    pledge: Pledge | None = None,
    districts,
    by,
    amendment_reason: str = "",
    amended_on: datetime.date | None = None,
    **values,
) -> Pledge:
    """Add a pledge to an MOU, or change one. On a signed MOU, adding or changing a pledge is
    an amendment (reason and date required; saving unchanged values records nothing); an
    expired or cancelled MOU takes no pledge and no change."""
    if mou.status in (MOUStatus.EXPIRED, MOUStatus.CANCELLED):
        raise ValidationError(
            _("An expired or cancelled MOU cannot take new pledges or changes."), code="read_only"
        )
    creating = pledge is None
    pledge = pledge or Pledge(mou=mou)
    before = None if creating else _pledge_state(pledge)
    values.setdefault("budget", pledge.budget if pledge.budget is not None else Decimal(0))
    districts = list(districts)
    signed = mou.status == MOUStatus.SIGNED
    if signed:
        will_change = creating or any(
            name in values and getattr(pledge, name) != values[name] for name in PLEDGE_FIELDS
        )
        will_change = will_change or sorted(d.code for d in districts) != before["districts"]
        if not will_change:
            return pledge
        _check_amendment(mou, amendment_reason, amended_on)
    changed = _apply(pledge, PLEDGE_FIELDS, values)
    _check_pledge(pledge, districts)
    pledge.save()
    pledge.districts.set(districts)
    if signed:
        after = _pledge_state(pledge, districts)
        if before is not None:
            keys = [name for name in after if after[name] != before[name]]
            before, after = {k: before[k] for k in keys}, {k: after[k] for k in keys}
            if "description" not in keys:  # name the pledge the change is about
                before["description"] = after["description"] = pledge.description
        _record_amendment(
            mou,
            kind=AmendmentKind.PLEDGE_ADDED if creating else AmendmentKind.PLEDGE_CHANGED,
            reason=amendment_reason,
            amended_on=amended_on,
            before=before or {},
            after=after,
            by=by,
            pledge=pledge,
        )
        return pledge
    activity_log(
        "agencies.pledge.created" if creating else "agencies.pledge.changed",
        actor=by,
        target=pledge,
        data={**_audit_data(pledge, changed), "districts": [d.code for d in districts]},
    )
    return pledge


@transaction.atomic
def pledge_remove(
    *, pledge: Pledge, by, amendment_reason: str = "", amended_on: datetime.date | None = None
) -> None:
    """Remove a pledge from a draft MOU; on a signed MOU, an agency withdrawing its pledge is
    an amendment (reason and date required); an expired or cancelled MOU keeps its pledges."""
    mou = pledge.mou
    _check_open(mou)
    if mou.status == MOUStatus.SIGNED:
        _check_amendment(mou, amendment_reason, amended_on)
        _record_amendment(
            mou,
            kind=AmendmentKind.PLEDGE_REMOVED,
            reason=amendment_reason,
            amended_on=amended_on,
            before=_pledge_state(pledge),
            after={},
            by=by,
        )
    else:
        activity_log("agencies.pledge.removed", actor=by, target=mou, data={"pledge": str(pledge)})
    pledge.delete()
