"""Paper fallback for the registration desks: the printed sign-in sheet of a desk, and the
entry of a signed sheet's ticks afterwards.

The entry goes through events.services.checkin.check_in_target, the same path as a tap at
the desk, with `late_entry` and the time written on the sheet (the fair's start when none
is given); one transaction for the whole sheet, so a refused line enters nothing. A case
already checked in keeps its first check-in and is reported as such.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction

from povertyprog.audit.services import activity_log

from ..models import CheckInResult, Desk, Fair, Invitation
from .checkin import check_in_target


@dataclass
class SheetEntry:
    entered: list[Invitation] = field(default_factory=list)
    already: list[Invitation] = field(default_factory=list)


@transaction.atomic
def sheet_enter(
    *,
    fair: Fair,
    desk: Desk,
    invitations: list[Invitation],
    checked_in_at: datetime | None,
    by,
) -> SheetEntry:
    """Check in each ticked invitation of the desk's paper sheet as a late entry at
    `checked_in_at` (default: the fair's start). Cases already checked in are left as they
    are and listed in `already`."""
    at = checked_in_at or fair.starts_at
    entry = SheetEntry()
    for invitation in invitations:
        result, _check_in = check_in_target(
            fair=fair,
            target=invitation.target,
            desk=desk,
            by=by,
            late_entry=True,
            checked_in_at=at,
        )
        (entry.entered if result == CheckInResult.CHECKED_IN else entry.already).append(invitation)
    activity_log(
        "events.sheet.entered",
        actor=by,
        target=desk,
        data={
            "fair": fair.pk,
            "checked_in_at": at.isoformat(),
            "entered": [i.pk for i in entry.entered],
            "already": [i.pk for i in entry.already],
        },
    )
    return entry
