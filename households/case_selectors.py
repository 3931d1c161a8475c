"""Reads for the case pages and the targeting screen that go beyond the scoped querysets of
programme_selectors: a case's replacement, timeline, plan, suggestions and host, a
programme's districts. The caller
has found the case or the programme through its access function (get_…_for_user_or_404)."""

from django.db.models import F, Q, QuerySet

from povertyprog.areas.models import District
from povertyprog.audit.labels import action_label
from povertyprog.audit.models import ActivityLog

from .models import HostAssignment, Household, LifePlan, Programme, Target
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
    return (
        HostAssignment.objects.filter(target=target, ended_at__isnull=True)
        .select_related("agency", "pledge")
        .first()
    )
