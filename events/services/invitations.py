"""Invitations to the fair and the households' answers (RSVPs).

Who may do what: province fair managers (MANAGE_FAIR, province scope) work on the whole
province; a district officer (MANAGE_FAIR, district scope) on the households living in their
district. `by=None` is the system (the demo loader, a management command): no scope.

Quotas: a district's FairDistrictQuota caps how many of its households are invited (removing
an invitation frees its place); a district without a quota row has no cap: all its verified
targets are invited.

Concurrency: every RSVP change is one conditional UPDATE ... WHERE version = <the version
the form showed>, which also bumps the version, so of two officers answering from the same
screen the second is refused and told who changed it first and when.
"""

from collections import Counter

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from households.models import Stage, Target
from povertyprog.accounts.access import area_scope_for
from povertyprog.accounts.roles import Perm
from povertyprog.audit.services import activity_log
from povertyprog.core.xlsx import xlsx_table
from povertyprog.thai.formats import format_thai_datetime

from ..codes import code_display, code_new, code_normalize
from ..models import CheckIn, Desk, Fair, FairDistrictQuota, Invitation, RSVPChannel, RSVPStatus

BATCH_SIZE = 500
_CODE_ATTEMPTS = 5
# Stages of a case that may be invited: checked in the field and still in the programme.
NOT_INVITABLE = (Stage.TARGETED, Stage.DROPPED)
# With `unchecked`: also the cases the district has not checked in the field yet (a province
# that cannot wait for the last field checks invites its whole target list; the officer
# checks those households when they come).
NOT_INVITABLE_UNCHECKED = (Stage.DROPPED,)


def _scope(by) -> str:
    """The area prefix `by` works in on the fair ("" for the system or the whole country)."""
    if by is None:
        return ""
    scope = area_scope_for(by, Perm.MANAGE_FAIR)
    if scope is None:
        raise ValidationError(_("You may not work on this fair's invitations."), code="scope")
    return scope


def _check_in_scope(by, village_code: str) -> None:
    if not village_code.startswith(_scope(by)):
        raise ValidationError(_("This household is outside your area."), code="scope")


def invitable_targets(fair: Fair, *, unchecked: bool = False):
    """The programme's cases that may be invited to the fair and are not yet (`unchecked`:
    also those not checked in the field yet)."""
    return (
        Target.objects.filter(programme_id=fair.programme_id)
        .exclude(stage__in=NOT_INVITABLE_UNCHECKED if unchecked else NOT_INVITABLE)
        .exclude(invitations__fair=fair)
    )


def _unused_codes(count: int, taken: set[str]) -> list[str]:
    """`count` new codes, distinct among themselves and from `taken` and the database's."""
    codes: list[str] = []
    while len(codes) < count:
        fresh = {code_new() for _ in range(count - len(codes))} - taken - set(codes)
        fresh -= set(Invitation.objects.filter(code__in=fresh).values_list("code", flat=True))
        codes.extend(sorted(fresh))
    return codes[:count]


def _district_desks(fair: Fair) -> dict[str, int]:
    """District code → the desk its invitations go to: the district's first desk."""
    desks: dict[str, int] = {}
    for district_id, pk in (
        Desk.objects.filter(fair=fair, district__isnull=False)
        .order_by("district_id", "pk")
        .values_list("district_id", "pk")
    ):
        desks.setdefault(district_id, pk)
    return desks


def _bulk_insert(rows: list[Invitation]) -> None:
    """Insert in batches; a code taken meanwhile (the unique constraint is the guarantee)
    gets the batch new codes and one more try. A household invited meanwhile (the other
    unique constraint) is an IntegrityError for the caller."""
    for start in range(0, len(rows), BATCH_SIZE):
        batch = rows[start : start + BATCH_SIZE]
        for attempt in range(_CODE_ATTEMPTS):
            try:
                with transaction.atomic():
                    Invitation.objects.bulk_create(batch)
                break
            except IntegrityError:
                taken = Invitation.objects.filter(
                    fair_id=batch[0].fair_id, target_id__in=[row.target_id for row in batch]
                ).exists()
                if attempt == _CODE_ATTEMPTS - 1 or taken:
                    raise
                for row, code in zip(batch, _unused_codes(len(batch), set()), strict=True):
                    row.code = code


@transaction.atomic
def invitations_generate(
    *, fair: Fair, districts: list[str] | None = None, unchecked: bool = False, by
) -> dict:
    """Invite the programme's verified (or later) cases, district by district in rank order,
    up to each district's quota (no quota row: no cap), skipping cases already invited.

    `districts`: district codes, or None for every district in `by`'s scope. `unchecked`:
    also the cases not checked in the field yet. Returns the number invited per district code.
    """
    scope = _scope(by)
    if districts is not None:
        districts = sorted(set(districts))
        if any(not code.startswith(scope) and not scope.startswith(code) for code in districts):
            raise ValidationError(_("This district is outside your area."), code="scope")
    candidates = invitable_targets(fair, unchecked=unchecked).filter(
        household__village__code__startswith=scope
    )
    if districts is not None:
        candidates = candidates.filter(district_id__in=districts)
    candidates = list(
        candidates.order_by("district_id", "rank", "pk").values_list("pk", "district_id")
    )
    quotas = dict(FairDistrictQuota.objects.filter(fair=fair).values_list("district_id", "quota"))
    already = dict(
        Invitation.objects.filter(fair=fair)
        .values("district_id")
        .annotate(n=Count("pk"))
        .values_list("district_id", "n")
    )
    desks = _district_desks(fair)
    taken: Counter = Counter()
    chosen = []
    for target_pk, district_id in candidates:
        quota = quotas.get(district_id)
        if quota is not None and already.get(district_id, 0) + taken[district_id] >= quota:
            continue
        taken[district_id] += 1
        chosen.append((target_pk, district_id))
    codes = _unused_codes(len(chosen), set())
    rows = [
        Invitation(
            fair=fair,
            target_id=target_pk,
            district_id=district_id,
            desk_id=desks.get(district_id),
            code=code,
            added_by=by,
        )
        for (target_pk, district_id), code in zip(chosen, codes, strict=True)
    ]
    _bulk_insert(rows)
    counts = dict(sorted(taken.items()))
    activity_log(
        "events.invitations.generated",
        actor=by,
        target=fair,
        data={
            "invited": len(rows),
            "by_district": counts,
            "districts": districts or "all",
            "unchecked": unchecked,
        },
    )
    return counts


def _quota_left(fair: Fair, district_id: str) -> int | None:
    quota = (
        FairDistrictQuota.objects.filter(fair=fair, district_id=district_id)
        .values_list("quota", flat=True)
        .first()
    )
    if quota is None:
        return None
    return quota - Invitation.objects.filter(fair=fair, district_id=district_id).count()


@transaction.atomic
def invitation_add(*, fair: Fair, target: Target, by) -> Invitation:
    """Invite one more case of the district (within its quota)."""
    _check_in_scope(by, target.household.village_id)
    if target.programme_id != fair.programme_id or target.stage in NOT_INVITABLE:
        raise ValidationError(
            {
                "target": ValidationError(
                    _("Only the programme's cases checked in the field can be invited."),
                    code="not_invitable",
                )
            }
        )
    if Invitation.objects.filter(fair=fair, target=target).exists():
        raise ValidationError(
            {"target": ValidationError(_("This household is already invited."), code="twice")}
        )
    # One quota check at a time per fair: lock the fair's row.
    Fair.objects.select_for_update().filter(pk=fair.pk).first()
    left = _quota_left(fair, target.district_id)
    if left is not None and left <= 0:
        raise ValidationError(
            {
                "target": ValidationError(
                    _("The district's quota is full: remove an invitation first."), code="quota"
                )
            }
        )
    invitation = Invitation(
        fair=fair,
        target=target,
        district_id=target.district_id,
        desk_id=_district_desks(fair).get(target.district_id),
        code=code_new(),
        added_by=by,
    )
    _bulk_insert([invitation])
    activity_log("events.invitation.added", actor=by, target=invitation)
    return invitation


@transaction.atomic
def invitation_remove(*, invitation: Invitation, by) -> None:
    """Withdraw an invitation (its place in the quota is free again); refused once the
    household checked in."""
    _check_in_scope(by, invitation.target.household.village_id)
    if CheckIn.objects.filter(fair_id=invitation.fair_id, target_id=invitation.target_id).exists():
        raise ValidationError(
            _("This household has checked in at the fair: its invitation stays."),
            code="checked_in",
        )
    data = {"code": invitation.code, "target": invitation.target_id}
    fair = invitation.fair
    invitation.delete()
    activity_log("events.invitation.removed", actor=by, target=fair, data=data)


def _conflict(invitation_pk: int) -> ValidationError:
    current = Invitation.objects.select_related("rsvp_by").filter(pk=invitation_pk).first()
    if current is None:
        return ValidationError(_("This invitation was removed meanwhile."), code="conflict")
    who = (
        current.rsvp_by.get_full_name() or current.rsvp_by.username
        if current.rsvp_by
        else (_("the household itself") if current.rsvp_channel else _("someone else"))
    )
    when = format_thai_datetime(current.rsvp_at) if current.rsvp_at else "—"
    return ValidationError(
        _(
            "%(who)s changed this answer at %(when)s, after you opened it: it is now "
            "“%(status)s”. Look again and change it if needed."
        ),
        code="conflict",
        params={"who": who, "when": when, "status": current.get_rsvp_status_display()},
    )


def _answer_fields(status, people_coming, transport_needed) -> tuple[int, bool]:
    if status not in RSVPStatus.values:
        raise ValidationError({"status": ValidationError(_("Choose an answer."), code="invalid")})
    if people_coming < 0 or people_coming > 20:
        raise ValidationError(
            {"people_coming": ValidationError(_("Between 0 and 20 people."), code="people_coming")}
        )
    if status == RSVPStatus.CONFIRMED:
        return max(people_coming, 1), transport_needed
    if status == RSVPStatus.DECLINED:
        return 0, False
    return people_coming, transport_needed


def _write_answer(
    invitation: Invitation, fields: dict, *, expected_version: int | None = None
) -> bool:
    """Write the answer's fields, now, with the version bumped: one UPDATE, conditional on
    `expected_version` when given (False: someone changed it since)."""
    now = timezone.now()
    fields = {**fields, "rsvp_at": now}
    rows = Invitation.objects.filter(pk=invitation.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if not rows.update(**fields, version=F("version") + 1, updated_at=now):
        return False
    for name, value in fields.items():
        setattr(invitation, name, value)
    invitation.version = (invitation.version if expected_version is None else expected_version) + 1
    return True


@transaction.atomic
def rsvp_record(
    *,
    invitation: Invitation,
    status: str,
    channel: str,
    representative_name: str = "",
    representative_relation: str = "",
    people_coming: int = 0,
    transport_needed: bool = False,
    expected_version: int,
    by,
) -> Invitation:
    """Record the household's answer as a district officer heard it. Refused (code
    "conflict") when the invitation changed since `expected_version` was shown."""
    _check_in_scope(by, invitation.target.household.village_id)
    if channel not in RSVPChannel.values:
        raise ValidationError(
            {"channel": ValidationError(_("Choose how the answer came."), code="invalid")}
        )
    people_coming, transport_needed = _answer_fields(status, people_coming, transport_needed)
    fields = {
        "rsvp_status": status,
        "rsvp_channel": channel if status != RSVPStatus.NO_ANSWER else "",
        "representative_name": representative_name.strip(),
        "representative_relation": representative_relation.strip(),
        "people_coming": people_coming,
        "transport_needed": transport_needed,
        "rsvp_by": by,
    }
    if not _write_answer(invitation, fields, expected_version=expected_version):
        raise _conflict(invitation.pk)
    activity_log(
        "events.rsvp.recorded",
        actor=by,
        target=invitation,
        data={"status": status, "channel": channel, "people_coming": people_coming},
    )
    return invitation


@transaction.atomic
def rsvp_confirm_village(*, fair: Fair, village_code: str, by) -> int:
    """Confirm every invitation of the village that has no answer yet (the village head
    answered for them all); returns how many."""
    _check_in_scope(by, village_code)
    now = timezone.now()
    count = Invitation.objects.filter(
        fair=fair,
        target__household__village_id=village_code,
        rsvp_status=RSVPStatus.NO_ANSWER,
    ).update(
        rsvp_status=RSVPStatus.CONFIRMED,
        rsvp_channel=RSVPChannel.VILLAGE_HEAD,
        rsvp_by=by,
        rsvp_at=now,
        people_coming=Greatest(F("people_coming"), 1),
        version=F("version") + 1,
        updated_at=now,
    )
    activity_log(
        "events.rsvp.village_confirmed",
        actor=by,
        target=fair,
        data={"village": village_code, "confirmed": count},
    )
    return count


def rsvp_open(fair: Fair) -> bool:
    """Households may answer by themselves until the fair starts (the RSVP deadline is the
    officers' target for phoning round, not a door that closes)."""
    return timezone.now() < fair.starts_at


@transaction.atomic
def rsvp_self_service(*, code: str, status: str, people_coming: int, by=None) -> Invitation:
    """The household's own answer from the public page (the code is its key)."""
    normalized = code_normalize(code)
    invitation = (
        Invitation.objects.select_related("fair").filter(code=normalized).first()
        if normalized
        else None
    )
    if invitation is None:
        raise ValidationError(_("Unknown code."), code="unknown")
    if not rsvp_open(invitation.fair):
        raise ValidationError(_("Answers are closed: the fair has started."), code="closed")
    if status not in (RSVPStatus.CONFIRMED, RSVPStatus.DECLINED):
        raise ValidationError({"status": ValidationError(_("Choose an answer."), code="invalid")})
    people_coming, _transport = _answer_fields(status, people_coming, False)
    fields = {
        "rsvp_status": status,
        "rsvp_channel": RSVPChannel.SELF_SERVICE,
        "people_coming": people_coming,
        "rsvp_by": None,
    }
    _write_answer(invitation, fields)
    activity_log(
        "events.rsvp.self_service",
        actor=by,
        target=invitation,
        data={
            "status": status,
            "channel": RSVPChannel.SELF_SERVICE,
            "people_coming": people_coming,
        },
    )
    return invitation


def invitations_export(*, fair: Fair, invitations, by) -> bytes:
    """The list as an Excel file (personal data: the export is logged with its size)."""
    headers = [
        _("Code"),
        _("District"),
        _("Subdistrict"),
        _("Village"),
        _("House no."),
        _("Head of household"),
        _("Answer"),
        _("How the answer came"),
        _("Representative coming"),
        _("Relation to the head"),
        _("People coming"),
        _("Needs transport"),
    ]
    rows = []
    for invitation in invitations:
        village = invitation.target.household.village
        rows.append(
            [
                code_display(invitation.code),
                village.subdistrict.district.name,
                village.subdistrict.name,
                str(village),
                invitation.target.household.house_no,
                invitation.target.survey.head_name,
                invitation.get_rsvp_status_display(),
                invitation.get_rsvp_channel_display(),
                invitation.representative_name,
                invitation.representative_relation,
                invitation.people_coming,
                _("Yes") if invitation.transport_needed else "",
            ]
        )
    content = xlsx_table(_("Invitations"), headers, rows)
    activity_log("events.invitations.exported", actor=by, target=fair, data={"rows": len(rows)})
    return content
