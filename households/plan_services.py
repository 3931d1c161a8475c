"""Writes of the life compass (เข็มทิศชีวิต): a case's plan, its activities and the day the
household agreed it. Atomic, keyword-only, given the acting user, one activity-log entry each
(on the case, so its timeline tells the story).

Who may: whoever does the case's field check (MANAGE_TARGETS in scope: the district officers
of the district the household lives in now, the province's staff and admins). A case outside
the user's scope answers 404. Recorded assistance completes an activity
(households.manage_services.assistance_record, `plan_activity`).

Rules:
- a plan is drawn up for a confirmed (verified) case that is still open (not dropped, not
  graduated) of a programme that is not closed;
- an activity's lever is one of the three levers; welfare (สงเคราะห์) only for a household
  classed as needing care; its kind of assistance, if any, belongs to the same lever;
- the responsible agency is active, of the province or national; a pledge must be that
  agency's, on the same lever, under a signed MOU in force, covering the household's district;
- a due date, when set or changed, is not in the past;
- the household agrees a plan that has at least one activity that is not cancelled, on a day
  not in the future and not before the field check; agreeing moves the case to "plan agreed".
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency, AssistanceType, Lever, Pledge
from povertyprog.audit.services import activity_log

from .manage_services import _check_agency, _check_pledge, _district_of, _user
from .models import (
    ActivityStatus,
    Indicator,
    LifePlan,
    PlanActivity,
    ProgrammeStatus,
    Stage,
    Target,
    Verification,
)
from .programme_services import _check_case_rights, target_stage_refresh

_FIELDS = frozenset(
    {"lever", "description", "assistance_type", "agency", "pledge", "due_on", "from_indicator"}
)


def _open_case(target: Target, by) -> Target:
    """The case, locked, if a plan may be written for it now."""
    _check_case_rights(target, by)
    target = (
        Target.objects.select_for_update(of=("self",))
        .select_related("programme", "household", "survey__survey_round")
        .get(pk=target.pk)
    )
    refusal = plan_refusal(target)
    if refusal is not None:
        raise refusal
    return target


def plan_refusal(target: Target) -> ValidationError | None:
    """Why the case's plan may not be written now (dropped, graduated, programme closed, not
    confirmed in the field), or None: the plan page shows its forms only then."""
    if target.stage == Stage.DROPPED:
        return ValidationError(_("This case was dropped."), code="dropped")
    if target.stage == Stage.GRADUATED:
        return ValidationError(_("This case has graduated: its plan is closed."), code="graduated")
    if target.programme.status == ProgrammeStatus.CLOSED:
        return ValidationError(_("The programme is closed."), code="status")
    if target.verification != Verification.CONFIRMED:
        return ValidationError(
            _("Confirm the household in the field check before drawing up its plan."),
            code="not_verified",
        )
    return None


def _clean_activity(target: Target, values: dict, *, before: PlanActivity | None) -> dict:
    """The activity's fields checked against the rules above; a ValidationError names each
    field to correct."""
    errors = {}
    lever = values.get("lever") or ""
    kind: AssistanceType | None = values.get("assistance_type")
    agency: Agency | None = values.get("agency")
    pledge: Pledge | None = values.get("pledge")
    indicator: Indicator | None = values.get("from_indicator")
    if lever not in Lever.values:
        errors["lever"] = _("Choose the lever.")
    elif lever == Lever.WELFARE and not target.needs_care:
        errors["lever"] = _(
            "Welfare is for a household classed as needing care; class the household first, "
            "or choose another lever."
        )
    elif kind is not None and kind.lever != lever:
        errors["assistance_type"] = _("This kind of assistance belongs to another lever.")
    description = (values.get("description") or "").strip()
    if not description and kind is not None:
        description = kind.name_th
    if not description:
        errors["description"] = _("Say what will be done, or choose a kind of assistance.")
    if agency is None and pledge is not None:
        agency = pledge.agency
    if agency is not None:
        try:
            _check_agency(agency, target.programme)
        except ValidationError as error:
            errors.update(error.message_dict)
    if pledge is not None and agency is not None and "agency" not in errors:
        pledge = Pledge.objects.select_related("mou").get(pk=pledge.pk)
        if pledge.lever != lever and "lever" not in errors:
            errors["pledge"] = _("This pledge is for another lever.")
        else:
            try:
                _check_pledge(pledge, agency, _district_of(target))
            except ValidationError as error:
                errors.update(error.message_dict)
    due_on: date | None = values.get("due_on")
    changed_due = before is None or before.due_on != due_on
    if due_on is not None and changed_due and due_on < timezone.localdate():
        errors["due_on"] = _("The due date is in the past.")
    if indicator is not None and (
        indicator.indicator_set_id != target.survey.survey_round.indicator_set_id
        or indicator.number not in target.survey.failed_indicator_numbers
    ):
        errors["from_indicator"] = _("The household did not fail this indicator.")
    if errors:
        raise ValidationError(errors)
    return {
        "lever": lever,
        "assistance_type": kind,
        "description": description[:300],
        "agency": agency,
        "pledge": pledge,
        "due_on": due_on,
        "from_indicator": indicator,
    }


@transaction.atomic
def plan_activity_add(*, target: Target, by, **values) -> PlanActivity:
    """Add an activity to the case's plan (the plan is drawn up with its first activity):
    `lever`, `description` (or an `assistance_type` whose name it takes), `agency`,
    `pledge`, `due_on`, `from_indicator` (a suggestion the officer accepted)."""
    unknown = set(values) - _FIELDS
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    target = _open_case(target, by)
    cleaned = _clean_activity(target, values, before=None)
    plan, _created = LifePlan.objects.get_or_create(
        target=target, defaults={"created_by": _user(by)}
    )
    activity = PlanActivity(plan=plan, **cleaned)
    activity.full_clean(
        exclude=["plan", "assistance_type", "agency", "pledge", "from_indicator", "completed_by"]
    )
    activity.save()
    activity_log(
        "households.plan.activity_added",
        actor=by,
        target=target,
        data={
            "activity": activity.pk,
            "lever": activity.lever,
            "agency": activity.agency_id,
            "pledge": activity.pledge_id,
            "due_on": activity.due_on.isoformat() if activity.due_on else None,
            "indicator": activity.from_indicator.number if activity.from_indicator else None,
        },
    )
    return activity


def _locked_activity(activity: PlanActivity, by) -> tuple[PlanActivity, Target]:
    target = _open_case(activity.plan.target, by)
    activity = (
        PlanActivity.objects.select_for_update(of=("self",))
        .select_related("plan", "from_indicator")
        .get(pk=activity.pk, plan__target=target)
    )
    return activity, target


@transaction.atomic
def plan_activity_update(*, activity: PlanActivity, by, status: str, **values) -> PlanActivity:
    """Change an activity: its fields as for `plan_activity_add`, and its `status` (planned,
    in progress, done: completed today, cancelled). An activity completed by recorded
    assistance stays done."""
    unknown = set(values) - _FIELDS
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    activity, target = _locked_activity(activity, by)
    if status not in ActivityStatus.values:
        raise ValidationError({"status": _("Choose the activity's status.")})
    if activity.completed_by_id and status != ActivityStatus.DONE:
        raise ValidationError(
            {"status": _("Recorded assistance completed this activity: it stays done.")}
        )
    merged = {name: getattr(activity, name) for name in _FIELDS} | values
    cleaned = _clean_activity(target, merged, before=activity)
    before = {"status": activity.status, "due_on": activity.due_on}
    for name, value in cleaned.items():
        setattr(activity, name, value)
    if status == ActivityStatus.DONE and activity.completed_on is None:
        activity.completed_on = timezone.localdate()
    elif status != ActivityStatus.DONE:
        activity.completed_on = None
    activity.status = status
    activity.save()
    activity_log(
        "households.plan.activity_changed",
        actor=by,
        target=target,
        data={
            "activity": activity.pk,
            "status": status,
            "before": {
                "status": before["status"],
                "due_on": before["due_on"].isoformat() if before["due_on"] else None,
            },
            "due_on": activity.due_on.isoformat() if activity.due_on else None,
        },
    )
    return activity


@transaction.atomic
def plan_agree(*, target: Target, agreed_on: date, by) -> LifePlan:
    """Record the day the household agreed its plan: the case is then "plan agreed"."""
    target = _open_case(target, by)
    plan = LifePlan.objects.select_for_update().filter(target=target).first()
    if plan is None or not plan.activities.exclude(status=ActivityStatus.CANCELLED).exists():
        raise ValidationError(
            _("Add at least one activity to the plan before the household agrees it."),
            code="empty",
        )
    if plan.agreed_on is not None:
        raise ValidationError(
            _("The household agreed this plan already."),
            code="agreed",
        )
    if not target.capacity:
        raise ValidationError(
            _("Class the household's capacity before it agrees its plan."), code="not_classed"
        )
    if agreed_on > timezone.localdate():
        raise ValidationError({"agreed_on": _("The agreement cannot be in the future.")})
    if target.verified_at and agreed_on < timezone.localdate(target.verified_at):
        raise ValidationError({"agreed_on": _("The agreement cannot come before the field check.")})
    plan.agreed_on, plan.agreed_recorded_by = agreed_on, _user(by)
    plan.save(update_fields=["agreed_on", "agreed_recorded_by", "updated_at"])
    target_stage_refresh(target)
    activity_log(
        "households.plan.agreed",
        actor=by,
        target=target,
        data={"agreed_on": agreed_on.isoformat(), "activities": plan.activities.count()},
    )
    return plan
