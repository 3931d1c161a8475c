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
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from povertyprog.audit.services import activity_log
from povertyprog.core.changes import apply_changes, changed_values

from ..models import (
    MOU,
    Agency,
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
    apply_changes(mou, MOU_FIELDS, values)
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
    changed = apply_changes(mou, fields, values)
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
        activity_log(
            "agencies.mou.changed", actor=by, target=mou, data=changed_values(mou, changed)
        )
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
