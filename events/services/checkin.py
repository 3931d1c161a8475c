"""Check-in on the fair day: one service behind the desk's scan, its typed code, its search,
the offline queue's replays and the paper sheets entered afterwards.

The database holds the rules that matter under load: one check-in per case and fair
(CheckIn's unique constraint), one answer per request (CheckInAttempt's unique (fair,
nonce)). A request is answered from its nonce when the nonce was seen before, so a desk
that resends what it queued offline gets the first answer again and creates nothing. Two
desks checking in the same invitation at once: one insert wins, the other is told when,
at which desk and by whom the first check-in happened.

`by` is the desk user (CHECK_IN in the fair's province, or the district for a district's
desk account); the caller has found the fair through events.selectors.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from households.models import Target
from povertyprog.accounts.access import area_scope_for
from povertyprog.accounts.roles import Perm
from povertyprog.audit.services import activity_log

from ..codes import code_normalize
from ..models import CheckIn, CheckInAttempt, CheckInKind, CheckInResult, Desk, Fair, Invitation


def _check_in_scope(by, fair: Fair) -> str:
    """The area prefix in which `by` checks households in at this fair; 404 when none."""
    scope = area_scope_for(by, Perm.CHECK_IN)
    province = fair.programme.province_id
    if scope is None or not (province.startswith(scope) or scope.startswith(province)):
        raise Http404
    return scope


def _desk_of(fair: Fair, desk: Desk | int | None) -> Desk | None:
    if desk is None or isinstance(desk, Desk):
        if desk is not None and desk.fair_id != fair.pk:
            raise ValidationError({"desk": _("This desk is not one of this fair's.")})
        return desk
    found = Desk.objects.filter(fair=fair, pk=desk).first()
    if found is None:
        raise ValidationError({"desk": _("This desk is not one of this fair's.")})
    return found


def _kind(invitation: Invitation | None, desk: Desk | None) -> CheckInKind:
    if invitation is None:
        return CheckInKind.NOT_INVITED
    if desk is not None and desk.district_id and invitation.district_id != desk.district_id:
        return CheckInKind.OTHER_DESK
    return CheckInKind.INVITED


def _first(check_in: CheckIn) -> dict:
    """What a refused second check-in is told of the first."""
    by = check_in.by
    return {
        "at": timezone.localtime(check_in.checked_in_at).isoformat(),
        "desk": check_in.desk.name if check_in.desk_id else "",
        "by": (by.get_full_name() or by.get_username()) if by else "",
    }


def _record(
    *,
    fair: Fair,
    target: Target,
    invitation: Invitation | None,
    desk: Desk | None,
    scanned_at: datetime | None,
    by,
    late_entry: bool = False,
    checked_in_at: datetime | None = None,
) -> tuple[CheckInResult, CheckIn]:
    """Create the case's check-in, or find the first one: (result, the check-in)."""
    try:
        with transaction.atomic():
            check_in = CheckIn.objects.create(
                fair=fair,
                target=target,
                invitation=invitation,
                desk=desk,
                kind=_kind(invitation, desk),
                checked_in_at=checked_in_at or timezone.now(),
                scanned_at=scanned_at,
                by=by,
                late_entry=late_entry,
            )
    except IntegrityError:
        first = CheckIn.objects.select_related("desk", "by").get(fair=fair, target=target)
        return CheckInResult.ALREADY, first
    activity_log(
        "events.check_in.recorded",
        actor=by,
        target=check_in,
        data={
            "fair": fair.pk,
            "target": target.pk,
            "desk": desk.pk if desk else None,
            "kind": check_in.kind,
            "late_entry": late_entry,
        },
    )
    return CheckInResult.CHECKED_IN, check_in


def _answer(result: CheckInResult, code: str, check_in: CheckIn | None, **extra) -> dict:
    answer = {"result": str(result), "code": code, **extra}
    if result == CheckInResult.ALREADY and check_in is not None:
        answer["first"] = _first(check_in)
    return answer


def _head_first_name(target: Target) -> str:
    return target.survey.head_first_name if target.survey_id else ""


def check_in_by_code(
    *,
    fair: Fair,
    code: str,
    desk: Desk | int | None,
    nonce: str,
    scanned_at: datetime | None,
    by,
) -> dict:
    """The desk's check-in of the invitation with this code (scanned or typed): the answer
    the endpoint sends, `{"result", "code", "first"?, "name"?}`. The same nonce again
    returns the same answer and creates nothing."""
    _check_in_scope(by, fair)
    nonce = (nonce or "").strip()
    if not nonce or len(nonce) > 64:
        raise ValidationError({"nonce": _("Each request needs a nonce of 1 to 64 characters.")})
    seen = CheckInAttempt.objects.filter(fair=fair, nonce=nonce).first()
    if seen is not None:
        return seen.answer
    desk = _desk_of(fair, desk)
    normalized = code_normalize(code)
    try:
        with transaction.atomic():
            invitation = (
                Invitation.objects.select_related("target__survey")
                .filter(fair=fair, code=normalized)
                .first()
                if normalized
                else None
            )
            if invitation is None:
                result, check_in, extra = CheckInResult.UNKNOWN, None, {}
            else:
                result, check_in = _record(
                    fair=fair,
                    target=invitation.target,
                    invitation=invitation,
                    desk=desk,
                    scanned_at=scanned_at,
                    by=by,
                )
                extra = {"name": _head_first_name(invitation.target)}
            answer = _answer(result, normalized or (code or "")[:32], check_in, **extra)
            CheckInAttempt.objects.create(
                fair=fair,
                nonce=nonce,
                code=(normalized or code or "")[:32],
                result=result,
                answer=answer,
                by=by,
            )
    except IntegrityError:
        # The same nonce arrived twice at once: the other request's answer stands, and
        # whatever this one did is rolled back.
        return CheckInAttempt.objects.get(fair=fair, nonce=nonce).answer
    return answer


def check_in_target(
    *,
    fair: Fair,
    target: Target,
    desk: Desk | int | None,
    by,
    late_entry: bool = False,
    checked_in_at: datetime | None = None,
) -> tuple[CheckInResult, CheckIn]:
    """One tap on a search result (or a tick on a paper sheet, `late_entry`): the case's
    invitation to this fair is used when it has one; a case without one is a walk-in.
    Returns (result, the check-in: the new one, or the first one when already checked in).
    The case must live in `by`'s check-in scope and belong to the fair's programme."""
    scope = _check_in_scope(by, fair)
    if target.programme_id != fair.programme_id:
        raise ValidationError(
            {"target": _("This household is not a case of the fair's programme.")}
        )
    if not Target.objects.filter(pk=target.pk, household__village__code__startswith=scope).exists():
        raise Http404
    desk = _desk_of(fair, desk)
    invitation = Invitation.objects.filter(fair=fair, target=target).first()
    with transaction.atomic():
        return _record(
            fair=fair,
            target=target,
            invitation=invitation,
            desk=desk,
            scanned_at=None,
            by=by,
            late_entry=late_entry,
            checked_in_at=checked_in_at,
        )
