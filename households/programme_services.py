"""Writes for programmes and their cases: atomic, keyword-only, given the acting user, one
activity-log entry each.

Who may do what:

- province staff (and admins) create, activate and close programmes of a province inside
  their scope, and create its targets (MANAGE_TARGETS);
- district officers verify and class the cases of households living in their district;
  province staff may record the same for any district of their province.

An object the user may not see answers 404 (Http404), as the pages do; a rule the change
breaks raises a ValidationError that says what to do. `by=None` is the system itself (the
demo, a data migration): no rights are checked.

A case's stage is derived, never set by hand: every service that changes what happened to a
case ends with `target_stage_refresh`, the one place that writes `Target.stage`.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from povertyprog.accounts.access import area_in_scope, require_perm
from povertyprog.accounts.roles import Perm
from povertyprog.audit.services import activity_log

from .models import (
    REJECTED,
    Capacity,
    Graduation,
    LifePlan,
    Programme,
    ProgrammeStatus,
    Stage,
    SurveyRound,
    Target,
    TargetingRun,
    Verification,
)
from .programme_selectors import targets_visible_to
from .targeting import TargetingRules, next_in_line, targeting_preview

_REGISTRY_CHANGED = gettext_lazy(
    "The registry or the programme changed since this preview (an import, an edit, or "
    "another targeting). Preview again before creating the targets."
)


# Rights ------------------------------------------------------------------------------------


def programme_check_rights(*, programme: Programme, by) -> None:
    """May `by` manage this programme's targeting? 404 if not: the programme's province must
    lie inside their scope."""
    if by is None:
        return
    require_perm(by, Perm.MANAGE_TARGETS)
    if not area_in_scope(by, programme.province_id):
        raise Http404


def _check_case_rights(target: Target, by) -> None:
    """May `by` record the field check of this case? 404 if the household lives outside
    their scope, exactly as for a case that does not exist."""
    if by is None:
        return
    require_perm(by, Perm.MANAGE_TARGETS)
    if not targets_visible_to(by).filter(pk=target.pk).exists():
        raise Http404


# Programmes --------------------------------------------------------------------------------


@transaction.atomic
def programme_create(
    *,
    province,
    fiscal_year_be: int,
    name: str,
    target_households: int,
    survey_round: SurveyRound,
    by,
) -> Programme:
    """Open a programme as a draft: its targets are chosen next (`targets_create`)."""
    if by is not None:
        require_perm(by, Perm.MANAGE_TARGETS)
        if not area_in_scope(by, province.code):
            raise ValidationError(
                {"province": _("You may only open programmes of a province in your area.")}
            )
    programme = Programme(
        province=province,
        fiscal_year_be=fiscal_year_be,
        name=name.strip(),
        target_households=target_households,
        survey_round=survey_round,
        created_by=by if by is not None and by.is_authenticated else None,
    )
    programme.full_clean()
    programme.save()
    activity_log(
        "households.programme.created",
        actor=by,
        target=programme,
        data={"target_households": target_households, "round": survey_round.year_be},
    )
    return programme


def _programme_move(
    programme: Programme, *, by, source: ProgrammeStatus, to: ProgrammeStatus, message
) -> Programme:
    programme_check_rights(programme=programme, by=by)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.status != source:
        raise ValidationError(message, code="status")
    programme.status = to
    programme.save(update_fields=["status", "updated_at"])
    activity_log(f"households.programme.{to}", actor=by, target=programme)
    return programme


@transaction.atomic
def programme_activate(*, programme: Programme, by) -> Programme:
    """Draft → active: the programme's cases are worked on, and its targets are excluded
    from other programmes' targeting."""
    return _programme_move(
        programme,
        by=by,
        source=ProgrammeStatus.DRAFT,
        to=ProgrammeStatus.ACTIVE,
        message=_("Only a draft programme can be activated."),
    )


@transaction.atomic
def programme_close(*, programme: Programme, by) -> Programme:
    """Active → closed: the year's programme is over. Cases in care that have not graduated
    go on as continuing care; every other case stays as it is."""
    programme = _programme_move(
        programme,
        by=by,
        source=ProgrammeStatus.ACTIVE,
        to=ProgrammeStatus.CLOSED,
        message=_("Only an active programme can be closed."),
    )
    for target in programme.targets.filter(stage=Stage.IN_CARE).select_for_update():
        target.programme = programme
        target_stage_refresh(target)
    return programme


# Targets -----------------------------------------------------------------------------------


@transaction.atomic
def targets_create(
    *, programme: Programme, rules: TargetingRules, state_token: str, by
) -> TargetingRun:
    """Create exactly the targets the preview showed, in one transaction, and record the
    rules used (a TargetingRun: rules, counts, who, when).

    `state_token` is the preview's (`TargetingPreview.state_token`): if the registry, the
    cases or the programme changed since, nothing is created and the user previews again.
    A programme's targets are created once; a rejected case is replaced one by one
    (`target_verify`).
    """
    programme_check_rights(programme=programme, by=by)
    programme = (
        Programme.objects.select_for_update()
        .select_related("survey_round__indicator_set")
        .get(pk=programme.pk)
    )
    if programme.status == ProgrammeStatus.CLOSED:
        raise ValidationError(_("The programme is closed."), code="status")
    if programme.targets.exists():
        raise ValidationError(
            _("The programme's targets were created already."), code="already_targeted"
        )
    preview = targeting_preview(programme=programme, rules=rules)
    if preview.state_token != state_token:
        raise ValidationError(_REGISTRY_CHANGED, code="stale")
    if not preview.chosen:
        raise ValidationError(_("The rules choose no household."), code="empty")
    run = TargetingRun.objects.create(
        programme=programme,
        rules=rules.as_json(),
        counts=preview.counts,
        state_token=state_token,
        created_by=by if by is not None and by.is_authenticated else None,
    )
    targets = [
        Target(
            programme=programme,
            household_id=candidate.household_id,
            survey_id=candidate.survey_id,
            district_id=candidate.district_code,
            rank=candidate.rank,
            selected_by_run=run,
        )
        for candidate in preview.chosen
    ]
    for target in targets:
        target_stage_refresh(target, save=False)
    Target.objects.bulk_create(targets, batch_size=2000)
    activity_log(
        "households.targets.created",
        actor=by,
        target=programme,
        data={"run": run.pk, "targets": len(targets), "rules": run.rules},
    )
    return run


def _derived_stage(target: Target) -> tuple[str, str]:
    """(stage, drop reason) from what has happened to the case, latest step first."""
    if target.verification in REJECTED:
        return Stage.DROPPED, target.verification
    # Care (households.graduation, households.visit_services): a later round's import that
    # graduated the case outranks every other step; a follow-up visit puts it in care.
    if target.pk is not None and _has_graduated(target):
        return Stage.GRADUATED, ""
    if target.pk is not None and target.visits.exists():
        if target.programme.status == ProgrammeStatus.CLOSED:
            return Stage.CONTINUING_CARE, ""
        return Stage.IN_CARE, ""
    # Manage step (households.manage_services): any assistance recorded → ASSISTED.
    if target.pk is not None and target.assistance.exists():
        return Stage.ASSISTED, ""
    # Life compass (households.plan_services): the household agreed its plan.
    if target.pk is not None and _plan_agreed(target):
        return Stage.PLAN_AGREED, ""
    if target.verification == Verification.CONFIRMED:
        return Stage.VERIFIED, ""
    return Stage.TARGETED, ""


def _plan_agreed(target: Target) -> bool:
    return LifePlan.objects.filter(target=target, agreed_on__isnull=False).exists()


def _has_graduated(target: Target) -> bool:
    # No query when the graduation was just attached (households.graduation, in bulk).
    try:
        target.graduation  # noqa: B018
    except Graduation.DoesNotExist:
        return False
    return True


def target_stage_refresh(target: Target, *, save: bool = True) -> Target:
    """Derive the case's stage from what has happened; the only writer of `Target.stage`.

    From the latest step back: dropped (rejected in the field, with the verification outcome
    as reason), graduated, in care (visited), assisted, plan agreed, verified (confirmed in
    the field), targeted (chosen, not checked). `save=False` leaves a new, unsaved case for
    a bulk create.
    """
    stage, reason = _derived_stage(target)
    if (target.stage, target.drop_reason) == (stage, reason):
        return target
    target.stage, target.drop_reason = stage, reason
    if save and target.pk is not None:
        target.save(update_fields=["stage", "drop_reason", "updated_at"])
    return target


@dataclass(frozen=True)
class VerificationResult:
    target: Target
    replacement: Target | None
    message: str


@transaction.atomic
def target_verify(*, target: Target, outcome: str, note: str, by) -> VerificationResult:
    """Record the district officer's field check of a case.

    Confirmed: the case is verified. Not found, moved, deceased or not poor: the case is
    dropped (a note saying what was found is required) and replaced by the next household
    in line in the same district by the rules that chose it (a new case whose `replaces`
    is the dropped one). If nobody is left in line, there is no replacement and the result's
    message says so. A dropped case is final; a confirmed one may still be rejected.
    """
    _check_case_rights(target, by)
    target = (
        Target.objects.select_for_update()
        .select_related("programme__survey_round", "selected_by_run")
        .get(pk=target.pk)
    )
    if outcome not in Verification.values or outcome == Verification.PENDING:
        raise ValidationError({"outcome": _("Choose what the field check found.")})
    if target.stage == Stage.DROPPED:
        raise ValidationError(
            _("This case was dropped already (%(reason)s).")
            % {"reason": Verification(target.drop_reason).label},
            code="dropped",
        )
    if target.programme.status == ProgrammeStatus.CLOSED:
        raise ValidationError(_("The programme is closed."), code="status")
    note = note.strip()
    if outcome in REJECTED and not note:
        raise ValidationError({"note": _("Say what was found: a rejected case needs a note.")})
    target.verification, target.verification_note = outcome, note
    target.verified_by = by if by is not None and by.is_authenticated else None
    target.verified_at = timezone.now()
    target.save(
        update_fields=[
            "verification",
            "verification_note",
            "verified_by",
            "verified_at",
            "updated_at",
        ]
    )
    target_stage_refresh(target)
    replacement, message = None, ""
    if outcome in REJECTED:
        replacement = _replace(target)
        if replacement is None:
            message = _(
                "Nobody is left in line in %(district)s: the case is dropped without a replacement."
            ) % {"district": target.district.name}
        else:
            message = _("The case is dropped and replaced by house %(house)s (%(village)s).") % {
                "house": replacement.household.house_no,
                "village": replacement.household.village,
            }
    activity_log(
        "households.target.verified",
        actor=by,
        target=target,
        data={
            "outcome": outcome,
            "replacement": replacement.pk if replacement else None,
        },
    )
    return VerificationResult(target=target, replacement=replacement, message=message)


def _replace(dropped: Target) -> Target | None:
    """The next in line of the dropped case's district, by its run's rules; placed after
    the district's last case."""
    rules = TargetingRules.from_json(dropped.selected_by_run.rules)
    candidate = next_in_line(dropped.programme, rules, dropped.district_id)
    if candidate is None:
        return None
    last = Target.objects.filter(programme=dropped.programme, district=dropped.district).aggregate(
        rank=Max("rank")
    )["rank"]
    replacement = Target(
        programme=dropped.programme,
        household_id=candidate.household_id,
        survey_id=candidate.survey_id,
        district=dropped.district,
        rank=(last or 0) + 1,
        selected_by_run=dropped.selected_by_run,
        replaces=dropped,
    )
    target_stage_refresh(replacement, save=False)
    replacement.save()
    return replacement


@transaction.atomic
def target_capacity_set(*, target: Target, capacity: str, reason: str, by) -> Target:
    """Class a case: can develop itself, or needs care (elderly alone, disabled, chronically
    ill, other), with the reason."""
    _check_case_rights(target, by)
    target = Target.objects.select_for_update().get(pk=target.pk)
    if capacity not in Capacity.values or capacity == Capacity.NOT_CLASSED:
        raise ValidationError({"capacity": _("Choose the household's capacity.")})
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the class.")})
    if target.stage == Stage.DROPPED:
        raise ValidationError(_("This case was dropped."), code="dropped")
    before = target.capacity
    target.capacity, target.capacity_reason = capacity, reason
    target.capacity_by = by if by is not None and by.is_authenticated else None
    target.capacity_at = timezone.now()
    target.save(
        update_fields=["capacity", "capacity_reason", "capacity_by", "capacity_at", "updated_at"]
    )
    target_stage_refresh(target)
    activity_log(
        "households.target.capacity_set",
        actor=by,
        target=target,
        data={"capacity": capacity, "before": before},
    )
    return target
