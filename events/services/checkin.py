"""Check-in on the fair day: one service behind the desk's scan, its typed code, its search,
the offline queue's replays and the paper sheets entered afterwards.

The database holds the rules that matter under load: one check-in per case and fair
(CheckIn's unique constraint), one answer per request (CheckInAttempt's unique (fair,
nonce)). A request is answered from its nonce when the nonce was seen before, so a desk
that resends what it queued offline gets the first answer again and creates nothing. Two
desks checking in the same invitation at once: one insert wins, the other is told when,
at which desk and by whom the first check-in happened.

`by` is the desk user (CHECK_IN in the fair's province, or the district for a district's
desk account); the caller has found the fair through events.selectors, or, for the scan,
names it by its pk and the service's own read finds it in `by`'s scope.

The scan is the fair morning's hot path (issue 10, `manage.py bench_checkin`), so it is
written for few round trips: one read finds everything the request needs (the nonce's
stored answer, the desk, the invitation, the case's name, an earlier check-in), then one
transaction with no savepoint writes the check-in, its audit entry and the answer. A lost
race (unique constraint) rolls that transaction back whole and is answered afterwards;
the database, not a read before the write, keeps one check-in per case and one answer
per nonce. Queries of one request to the endpoint (tests/events/test_checkin_queries.py,
the session's two included): a new check-in 8 (was 13), already checked in 7 (was 14), an
unknown code 6 (was 9), a replay 3 (was 4).
"""

import json
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from households.models import Target
from povertyprog.audit.services import activity_log

from ..codes import code_normalize
from ..models import CheckIn, CheckInAttempt, CheckInKind, CheckInResult, Desk, Fair, Invitation
from ..selectors import check_in_scope


def _desk_of(fair: Fair, desk: Desk | None) -> Desk | None:
    if desk is not None and desk.fair_id != fair.pk:
        raise _not_this_fairs_desk()
    return desk


def _not_this_fairs_desk() -> ValidationError:
    return ValidationError({"desk": _("This desk is not one of this fair's.")})


def first_check_in(check_in: CheckIn) -> dict:
    """What a refused second check-in is told of the first: when (local time), at which
    desk, by whom."""
    by = check_in.by
    return {
        "at": timezone.localtime(check_in.checked_in_at),
        "desk": check_in.desk.name if check_in.desk_id else "",
        "by": (by.get_full_name() or by.get_username()) if by else "",
    }


def _first(check_in: CheckIn) -> dict:
    """The same, for the JSON answer."""
    first = first_check_in(check_in)
    return {**first, "at": first["at"].isoformat()}


def _record(
    *,
    fair: Fair,
    target: Target,
    invitation: Invitation | None,
    desk: Desk | None,
    by,
    late_entry: bool = False,
    checked_in_at: datetime | None = None,
) -> tuple[CheckInResult, CheckIn]:
    """Create the case's check-in, or find the first one: (result, the check-in). Its own
    transaction (the caller holds none): a lost race rolls it back whole, no savepoint."""
    try:
        with transaction.atomic():
            check_in = _create(
                fair_id=fair.pk,
                target_id=target.pk,
                invitation_id=invitation.pk if invitation else None,
                kind=CheckInKind.of(
                    invitation.district_id if invitation else None,
                    desk.district_id if desk else None,
                ),
                desk_id=desk.pk if desk else None,
                scanned_at=None,
                by=by,
                late_entry=late_entry,
                checked_in_at=checked_in_at,
            )
    except IntegrityError:
        return CheckInResult.ALREADY, _first_check_in(fair.pk, target.pk)
    return CheckInResult.CHECKED_IN, check_in


def _create(
    *,
    fair_id: int,
    target_id: int,
    invitation_id: int | None,
    kind: CheckInKind,
    desk_id: int | None,
    scanned_at: datetime | None,
    by,
    late_entry: bool = False,
    checked_in_at: datetime | None = None,
) -> CheckIn:
    """Insert the check-in and its audit entry, inside the caller's transaction; raises
    IntegrityError when the case is checked in already (check_in_once_per_case)."""
    check_in = CheckIn.objects.create(
        fair_id=fair_id,
        target_id=target_id,
        invitation_id=invitation_id,
        desk_id=desk_id,
        kind=kind,
        checked_in_at=checked_in_at or timezone.now(),
        scanned_at=scanned_at,
        by=by,
        late_entry=late_entry,
    )
    activity_log(
        "events.check_in.recorded",
        actor=by,
        target=check_in,
        data={
            "fair": fair_id,
            "target": target_id,
            "desk": desk_id,
            "kind": check_in.kind,
            "late_entry": late_entry,
        },
    )
    return check_in


def _first_check_in(fair_id: int, target_id: int) -> CheckIn:
    return CheckIn.objects.select_related("desk", "by").get(fair_id=fair_id, target_id=target_id)


def _answer(result: CheckInResult, code: str, check_in: CheckIn | None, **extra) -> dict:
    answer = {"result": str(result), "code": code, **extra}
    if result == CheckInResult.ALREADY and check_in is not None:
        answer["first"] = _first(check_in)
    return answer


@dataclass(frozen=True)
class _Found:
    """What one read finds for a request to check in by code."""

    province: str  # the fair's
    seen: dict | None  # the answer stored for this nonce
    desk_id: int | None  # the desk asked for, when it is one of the fair's
    desk_district: str | None
    invitation_id: int | None  # the invitation with this code at this fair
    invitation_district: str | None
    target_id: int | None
    name: str  # the head of the household's first name ("" without an invitation)
    checked_in: bool  # the invitation's case has a check-in at this fair already


# One statement for every read of the request (each part a unique-index lookup): a round
# trip and an ORM query compiled per read were most of the check-in's cost (issue 10).
# Anchored on the fair's row, so that each other part is NULL when it finds nothing. The
# parts that need no column of another are subqueries rather than joins: PostgreSQL plans
# a join of 9 tables in ~0.6 ms, this in ~0.2 ms (0.64 against 0.38 ms a statement, warm,
# on the bench's fair of 10,000 invitations).
_FIND = """
    SELECT programme.province_id,
           (SELECT attempt.answer
              FROM events_checkinattempt AS attempt
             WHERE attempt.fair_id = fair.id AND attempt.nonce = %s),
           desk.id, desk.district_id, invitation.id, invitation.district_id, invitation.target_id,
           (SELECT survey.head_first_name
              FROM households_target AS target
              JOIN households_householdsurvey AS survey ON survey.id = target.survey_id
             WHERE target.id = invitation.target_id),
           EXISTS (SELECT 1
                     FROM events_checkin AS check_in
                    WHERE check_in.fair_id = fair.id
                      AND check_in.target_id = invitation.target_id)
      FROM events_fair AS fair
      JOIN households_programme AS programme ON programme.id = fair.programme_id
      LEFT JOIN events_desk AS desk ON desk.fair_id = fair.id AND desk.id = %s
      LEFT JOIN events_invitation AS invitation
             ON invitation.fair_id = fair.id AND invitation.code = %s
     WHERE fair.id = %s
"""


def _bigint(value: int | None) -> bool:
    """Could a bigint column hold it? (The database refuses to compare a larger number.)"""
    return value is not None and -(2**63) <= value < 2**63


def _find(fair_id: int, nonce: str, desk_id: int | None, code: str | None) -> _Found | None:
    """None when there is no such fair."""
    if not _bigint(fair_id):
        return None
    if not _bigint(desk_id):
        desk_id = None  # no desk has a number that large
    with connection.cursor() as cursor:
        cursor.execute(_FIND, [nonce, desk_id, code, fair_id])
        row = cursor.fetchone()
    if row is None:
        return None
    province, answer, desk, desk_district, invitation, district, target, name, checked_in = row
    if isinstance(answer, str):  # PostgreSQL's jsonb and SQLite's text arrive as text
        answer = json.loads(answer)
    return _Found(
        province=province,
        seen=answer,
        desk_id=desk,
        desk_district=desk_district,
        invitation_id=invitation,
        invitation_district=district,
        target_id=target,
        name=name or "",
        checked_in=bool(checked_in),  # SQLite's EXISTS is 0 or 1
    )


def _store(*, fair_id: int, nonce: str, code: str, answer: dict, by) -> dict:
    """Keep the answer given to this nonce, in the caller's transaction: the answer."""
    CheckInAttempt.objects.create(
        fair_id=fair_id, nonce=nonce, code=code, result=answer["result"], answer=answer, by=by
    )
    return answer


def _store_alone(*, fair_id: int, nonce: str, code: str, answer: dict, by) -> dict:
    """Keep the answer of a request that creates nothing: the answer, or the one given to
    the same nonce by a request that arrived at the same time."""
    try:
        with transaction.atomic():
            return _store(fair_id=fair_id, nonce=nonce, code=code, answer=answer, by=by)
    except IntegrityError:
        return CheckInAttempt.objects.get(fair_id=fair_id, nonce=nonce).answer


def check_in_by_code(
    *,
    fair: Fair | int,
    code: str,
    desk: Desk | int | None,
    nonce: str,
    scanned_at: datetime | None,
    by,
) -> dict:
    """The desk's check-in of the invitation with this code (scanned or typed): the answer
    the endpoint sends, `{"result", "code", "name"?, "first"?}`. The same nonce again
    returns the same answer and creates nothing.

    `fair` may be the pk the URL named: the fair is read here with the rest, and one that
    does not exist or lies outside `by`'s check-in scope raises Http404, as
    events.selectors.get_fair_for_user_or_404 would."""
    fair_id = fair.pk if isinstance(fair, Fair) else fair
    # A desk of another fair is found by no part of the read (each is the fair's): refused.
    desk_id = desk.pk if isinstance(desk, Desk) else desk
    nonce = (nonce or "").strip()
    normalized = code_normalize(code)
    found = _find(fair_id, nonce, desk_id, normalized)
    if found is None:
        raise Http404
    check_in_scope(by, found.province)
    if not nonce or len(nonce) > 64:
        raise ValidationError({"nonce": _("Each request needs a nonce of 1 to 64 characters.")})
    if found.seen is not None:
        return found.seen
    if desk_id is not None and found.desk_id is None:
        raise _not_this_fairs_desk()
    sent = (normalized or code or "")[:32]
    stored = {"fair_id": fair_id, "nonce": nonce, "code": sent, "by": by}
    if found.invitation_id is None:
        return _store_alone(**stored, answer=_answer(CheckInResult.UNKNOWN, sent, None))
    if not found.checked_in:
        try:
            with transaction.atomic():
                _create(
                    fair_id=fair_id,
                    target_id=found.target_id,
                    invitation_id=found.invitation_id,
                    kind=CheckInKind.of(found.invitation_district, found.desk_district),
                    desk_id=found.desk_id,
                    scanned_at=scanned_at,
                    by=by,
                )
                answer = _answer(CheckInResult.CHECKED_IN, sent, None, name=found.name)
                return _store(**stored, answer=answer)
        except IntegrityError:
            # A race lost, all of this request's writes undone: the same nonce arrived twice
            # at once (the other request's answer stands), or another desk checked the case
            # in first (answered below, as when the read had found it).
            seen = CheckInAttempt.objects.filter(fair_id=fair_id, nonce=nonce).first()
            if seen is not None:
                return seen.answer
    first = _first_check_in(fair_id, found.target_id)
    answer = _answer(CheckInResult.ALREADY, sent, first, name=found.name)
    return _store_alone(**stored, answer=answer)


def check_in_target(
    *,
    fair: Fair,
    target: Target,
    desk: Desk | None,
    by,
    late_entry: bool = False,
    checked_in_at: datetime | None = None,
) -> tuple[CheckInResult, CheckIn]:
    """One tap on a search result (or a tick on a paper sheet, `late_entry`): the case's
    invitation to this fair is used when it has one; a case without one is a walk-in.
    Returns (result, the check-in: the new one, or the first one when already checked in).
    The case must live in `by`'s check-in scope and belong to the fair's programme."""
    scope = check_in_scope(by, fair.programme.province_id)
    if target.programme_id != fair.programme_id:
        raise ValidationError(
            {"target": _("This household is not a case of the fair's programme.")}
        )
    if not Target.objects.filter(pk=target.pk, household__village__code__startswith=scope).exists():
        raise Http404
    desk = _desk_of(fair, desk)
    invitation = Invitation.objects.filter(fair=fair, target=target).order_by().first()
    return _record(
        fair=fair,
        target=target,
        invitation=invitation,
        desk=desk,
        by=by,
        late_entry=late_entry,
        checked_in_at=checked_in_at,
    )
