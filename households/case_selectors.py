"""Reads for the case pages and the targeting screen that go beyond the scoped querysets of
programme_selectors: a case's replacement and timeline, a programme's districts. The caller
has found the case or the programme through its access function (get_…_for_user_or_404)."""

from django.db.models import QuerySet

from povertyprog.areas.models import District
from povertyprog.audit.labels import action_label
from povertyprog.audit.models import ActivityLog

from .models import Programme, Target


def target_replacement(target: Target) -> Target | None:
    """The case that replaced this one when the field check rejected it, if any. It follows
    the programme's line in the district the case was chosen in, so it is shown with it."""
    return Target.objects.filter(replaces=target).select_related("household").first()


def target_timeline(target: Target) -> list[ActivityLog]:
    """The case's activity-log entries, oldest first, each with its `label`."""
    entries = list(
        ActivityLog.objects.filter(
            target_type__app_label=Target._meta.app_label,
            target_type__model=Target._meta.model_name,
            target_id=str(target.pk),
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
