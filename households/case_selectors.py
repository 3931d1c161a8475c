"""Reads for the case pages and the targeting screen that go beyond the scoped querysets of
programme_selectors: a case's replacement, timeline, host agencies and assistance, a
programme's districts. The caller has found the case or the programme through its access
function (get_…_for_user_or_404)."""

from django.db.models import F, QuerySet

from povertyprog.areas.models import District
from povertyprog.audit.labels import action_label
from povertyprog.audit.models import ActivityLog

from .models import Assistance, HostAssignment, Programme, Target


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
