"""Writes of the care step (ดูแลชีวิต): follow-up visits to a case's household.

Who may: the district officers of the district the household lives in now, and the
province's staff and admins (MANAGE_TARGETS in scope, as for the field check). A case
outside the user's scope answers 404, exactly as a missing one.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from povertyprog.audit.services import activity_log

from .models import FollowUpVisit, Stage, Target
from .programme_services import _check_case_rights, target_stage_refresh


@transaction.atomic
def visit_record(
    *,
    target: Target,
    by,
    visited_on: date,
    findings: str,
    next_visit_due: date | None = None,
) -> FollowUpVisit:
    """Record a follow-up visit to a case: the day (not in the future), what was found
    (required) and, optionally, when the next visit is due (not before this one). A
    dropped case is not visited. The case is then in care (its stage is derived), unless
    it has graduated."""
    _check_case_rights(target, by)
    target = Target.objects.select_for_update().get(pk=target.pk)
    if target.stage == Stage.DROPPED:
        raise ValidationError(_("This case was dropped: it is not visited."), code="dropped")
    errors = {}
    if visited_on > timezone.localdate():
        errors["visited_on"] = _("The visit cannot be in the future.")
    findings = findings.strip()
    if not findings:
        errors["findings"] = _("Say what the visit found.")
    if next_visit_due is not None and next_visit_due < visited_on:
        errors["next_visit_due"] = _("The next visit cannot be due before this one.")
    if errors:
        raise ValidationError(errors)
    visit = FollowUpVisit.objects.create(
        target=target,
        visited_on=visited_on,
        visited_by=by if by is not None and by.is_authenticated else None,
        findings=findings,
        next_visit_due=next_visit_due,
    )
    target_stage_refresh(target)
    activity_log(
        "households.target.visited",
        actor=by,
        target=target,
        data={
            "visit": visit.pk,
            "visited_on": visited_on.isoformat(),
            "next_visit_due": next_visit_due.isoformat() if next_visit_due else None,
        },
    )
    return visit
