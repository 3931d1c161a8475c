"""Reads for the case pages and the targeting screen that go beyond the scoped querysets of
programme_selectors: a case's replacement, timeline, plan, suggestions, host agencies and
assistance, a programme's districts. The caller has found the case or the programme through
its access function (get_…_for_user_or_404)."""

from django.db.models import F, Q, QuerySet

from agencies.models import AssistanceType
from povertyprog.areas.models import District
from povertyprog.audit.labels import action_label
from povertyprog.audit.models import ActivityLog

from .models import (
    Assistance,
    Graduation,
    HostAssignment,
    Household,
    Indicator,
    LifePlan,
    Programme,
    Target,
)
from .suggestions import PlanSuggestion, plan_suggestions


def target_replacement(target: Target) -> Target | None:
    """The case that replaced this one when the field check rejected it, if any. It follows
    the programme's line in the district the case was chosen in, so it is shown with it."""
    return Target.objects.filter(replaces=target).select_related("household").first()


def target_timeline(target: Target) -> list[ActivityLog]:
    """The case's activity-log entries and its household's moves, oldest first, each with
    its `label`."""
    entries = list(
        ActivityLog.objects.filter(
            Q(
                target_type__app_label=Target._meta.app_label,
                target_type__model=Target._meta.model_name,
                target_id=str(target.pk),
            )
            | Q(  # the household's moves: the case followed it
                target_type__app_label=Household._meta.app_label,
                target_type__model=Household._meta.model_name,
                target_id=str(target.household_id),
                action="households.household.moved",
            )
        )
        .select_related("actor")
        .order_by("created_at", "pk")
    )
    for entry in entries:
        entry.label = action_label(entry.action)
    return entries


def programme_districts(programme: Programme) -> QuerySet[District]:
    """The districts of the programme's province, for its district quotas."""
    return District.objects.filter(province_id=programme.province_id).order_by("code")


def target_plan(target: Target) -> LifePlan | None:
    """The case's life-compass plan with its activities (and what each names) attached as
    `activity_list`, or None: two queries."""
    plan = LifePlan.objects.filter(target=target).select_related("agreed_recorded_by").first()
    if plan is not None:
        plan.activity_list = list(
            plan.activities.select_related(
                "assistance_type", "agency", "pledge", "from_indicator", "completed_by"
            ).order_by(F("due_on").asc(nulls_last=True), "pk")
        )
    return plan


def open_suggestions(target: Target, plan: LifePlan | None) -> list[PlanSuggestion]:
    """What the household's failed indicators suggest (households.suggestions), without the
    indicators whose suggestion the officer has accepted already."""
    taken = {
        activity.from_indicator_id
        for activity in (plan.activity_list if plan is not None else [])
        if activity.from_indicator_id
    }
    return [s for s in plan_suggestions(target.survey) if s.indicator.pk not in taken]


def current_host(target: Target) -> HostAssignment | None:
    """The case's host agency now, if any."""
    hosts = target_hosts(target)
    return hosts[0] if hosts and hosts[0].ended_at is None else None


def target_hosts(target: Target) -> list[HostAssignment]:
    """Who hosted the case: the current host agency first, then the earlier ones, newest
    first, each with its agency, pledge and who assigned it."""
    return list(
        target.host_assignments.select_related("agency", "pledge", "assigned_by").order_by(
            F("ended_at").desc(nulls_first=True), "-created_at", "-pk"
        )
    )


def target_assistance(target: Target) -> list[Assistance]:
    """The assistance recorded for the case, the latest first, with its agency, pledge and
    kind of assistance."""
    return list(
        target.assistance.select_related("agency", "pledge", "assistance_type").order_by(
            "-date", "-pk"
        )
    )


def target_graduation(target: Target) -> Graduation | None:
    """Which round and figure graduated the case, if one did."""
    return Graduation.objects.filter(target=target).select_related("survey_round").first()


def suggested_activity(target: Target, *, kind: str, indicator: str) -> dict:
    """The plan form's initial values for a suggestion the officer accepted: the kind of
    help (by its code) with its lever, and the failed indicator (by its number) it came
    from; unknown codes or numbers are ignored."""
    initial = {}
    if kind:
        found = AssistanceType.objects.filter(code=kind, is_active=True).first()
        if found is not None:
            initial.update(lever=found.lever, assistance_type=found.pk)
    if indicator.isdigit():
        found = Indicator.objects.filter(
            indicator_set_id=target.survey.survey_round.indicator_set_id, number=int(indicator)
        ).first()
        if found is not None:
            initial["from_indicator"] = found.pk
            initial.setdefault("lever", found.lever)
    return initial
