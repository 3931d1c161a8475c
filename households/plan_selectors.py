"""Reads of the life compass (เข็มทิศชีวิต) beyond the plan page: the activities past their due
date in the viewer's scope (the follow-ups page, the home page's count), and a case's plan in
figures (the case page). Scoped as the case list is (programme_selectors.targets_visible_to)."""

from datetime import date

from django.db.models import Count, Q, QuerySet

from .models import OPEN_ACTIVITY, ActivityStatus, LifePlan, PlanActivity, Stage, Target
from .programme_selectors import targets_visible_to


def overdue_activities(today: date) -> QuerySet[PlanActivity]:
    """Every plan activity still to do (planned or in progress) whose due date is before
    `today`, of an open case (neither dropped nor graduated)."""
    return PlanActivity.objects.filter(status__in=OPEN_ACTIVITY, due_on__lt=today).exclude(
        plan__target__stage__in=(Stage.DROPPED, Stage.GRADUATED)
    )


def plan_activities_overdue_for(user, today: date) -> QuerySet[PlanActivity]:
    """The plan activities still to do (planned or in progress) whose due date is before
    `today`, of the open cases (neither dropped nor graduated) in the viewer's scope.

    Each activity comes with its case's household, village and programme and its
    responsible agency joined: one query, at any size. The longest overdue first.
    """
    return (
        overdue_activities(today)
        .filter(plan__target__in=targets_visible_to(user).values("pk"))
        .select_related("plan__target__household__village", "plan__target__programme", "agency")
        .order_by("due_on", "pk")
    )


def plan_summary_for(target: Target, today: date) -> LifePlan | None:
    """The case's plan, if it has one, with its activities counted: `activities` (cancelled
    ones left out), `done`, `open` and `overdue` (open and due before `today`). One query.
    The caller has found the case through get_target_for_user_or_404."""
    live = Q(activities__status__in=[*OPEN_ACTIVITY, ActivityStatus.DONE])
    still_open = Q(activities__status__in=OPEN_ACTIVITY)
    return (
        LifePlan.objects.filter(target=target)
        .annotate(
            activities_count=Count("activities", filter=live),
            done_count=Count("activities", filter=Q(activities__status=ActivityStatus.DONE)),
            open_count=Count("activities", filter=still_open),
            overdue_count=Count("activities", filter=still_open & Q(activities__due_on__lt=today)),
        )
        .first()
    )
