"""Writes for pledges: what each agency commits to under an MOU (see mous.py for what a
signed MOU allows)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from povertyprog.audit.services import activity_log
from povertyprog.core.changes import apply_changes, changed_values

from ..models import (
    MOU,
    AmendmentKind,
    MOUStatus,
    Pledge,
)
from .mous import _check_amendment, _check_open, _record_amendment, _value

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
    changed = apply_changes(pledge, PLEDGE_FIELDS, values)
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
        data={**changed_values(pledge, changed), "districts": [d.code for d in districts]},
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
