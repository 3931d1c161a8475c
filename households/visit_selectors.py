"""Reads of the care step: which cases are overdue for a follow-up visit, scoped to the
viewer as their case list is (households.programme_selectors.targets_visible_to)."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from .models import FollowUpVisit, Stage, Target, Verification
from .plan_selectors import overdue_activities
from .programme_selectors import targets_visible_to


def visits_overdue_for(user, today: date) -> QuerySet[Target]:
    """The open cases (neither dropped nor graduated) in the viewer's scope that are
    overdue for a visit on `today`:

    - the latest visit set a next visit due before `today`; or
    - the case was verified and has never been visited, and more than
      settings.FIRST_VISIT_DUE_DAYS (30 by default) days have passed since the
      verification (the first visit is due on the day verified + that many days).

    Each case carries `last_visited_on` and `next_visit_due` (of its latest visit, or
    None), with its household, village and programme joined: one query, at any size.
    Never-visited cases first (earliest verified first), then by the day the next visit
    was due.
    """
    return (
        with_overdue_visits(targets_visible_to(user), today)
        .select_related("household__village", "programme")
        .order_by(F("next_visit_due").asc(nulls_first=True), "verified_at", "pk")
    )


def with_overdue_visits(targets: QuerySet[Target], today: date) -> QuerySet[Target]:
    """`targets` narrowed to the open cases overdue for a visit on `today` (the rules of
    `visits_overdue_for`), each annotated with `last_visited_on` and `next_visit_due`."""
    latest = FollowUpVisit.objects.filter(target=OuterRef("pk")).order_by("-visited_on", "-pk")
    first_due_before = timezone.make_aware(
        datetime.combine(today - timedelta(days=settings.FIRST_VISIT_DUE_DAYS), time.min)
    )
    return (
        targets.exclude(stage__in=(Stage.DROPPED, Stage.GRADUATED))
        .annotate(
            last_visited_on=Subquery(latest.values("visited_on")[:1]),
            next_visit_due=Subquery(latest.values("next_visit_due")[:1]),
        )
        .filter(
            Q(next_visit_due__lt=today)
            | Q(
                last_visited_on__isnull=True,
                verification=Verification.CONFIRMED,
                verified_at__lt=first_due_before,
            )
        )
    )


def overdue_cases(today: date) -> Q:
    """A filter of the open cases with something overdue on `today`: a visit (the rules
    above), or an activity of their plan still open past its due date. For an already
    scoped list of cases."""
    visits = with_overdue_visits(Target.objects.all(), today).values("pk")
    activities = overdue_activities(today).values("plan__target_id")
    return (Q(pk__in=visits) | Q(pk__in=activities)) & ~Q(
        stage__in=(Stage.DROPPED, Stage.GRADUATED)
    )


def visit_due_on(target: Target) -> date | None:
    """The day a case from `visits_overdue_for` was due for a visit: its latest visit's
    `next_visit_due` or, never visited, the day verified + settings.FIRST_VISIT_DUE_DAYS."""
    if target.next_visit_due is not None:
        return target.next_visit_due
    if target.verified_at is None:
        return None
    return timezone.localdate(target.verified_at) + timedelta(days=settings.FIRST_VISIT_DUE_DAYS)


def target_visits(target: Target) -> QuerySet[FollowUpVisit]:
    """A case's follow-up visits, the latest first, with who visited (the case page)."""
    return target.visits.select_related("visited_by").order_by("-visited_on", "-pk")
