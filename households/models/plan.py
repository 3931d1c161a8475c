"""The programme's second step, the life compass (เข็มทิศชีวิต): a plan per case of what will
be done, on which lever, by which agency and by when, agreed with the household.

A plan is a case's list of activities and the day the household agreed it. Each activity is
one thing to do under a lever (ลดรายจ่าย / เพิ่มรายได้ / ขยายโอกาส, and สงเคราะห์ for a
household that needs care), from the catalogue of assistance types or in free words, with
the agency responsible (optionally under one of its pledges), a due date and a status. An
activity suggested by a failed จปฐ. indicator remembers the indicator. Recording assistance
may complete an activity (`completed_by`). Written by households.plan_services only.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agencies.models import Lever
from povertyprog.core.models import TimeStampedModel


class LifePlan(TimeStampedModel):
    """A case's life compass: its activities, and when the household agreed it."""

    target = models.OneToOneField(
        "households.Target",
        on_delete=models.PROTECT,
        related_name="plan",
        verbose_name=_("case"),
    )
    agreed_on = models.DateField(_("agreed with the household on"), null=True, blank=True)
    agreed_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agreement recorded by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("drawn up by"),
    )

    class Meta:
        verbose_name = _("life-compass plan")
        verbose_name_plural = _("life-compass plans")
        ordering = ["target"]

    def __str__(self) -> str:
        return str(self.target)

    def get_absolute_url(self) -> str:
        return reverse("households:case_plan", args=[self.target_id])


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


# An activity still to do: the overdue lists read these.
OPEN_ACTIVITY = (ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS)


class PlanActivity(TimeStampedModel):
    """One thing to do in a case's plan."""

    plan = models.ForeignKey(
        LifePlan, on_delete=models.PROTECT, related_name="activities", verbose_name=_("plan")
    )
    lever = models.CharField(_("lever"), max_length=20, choices=Lever)
    assistance_type = models.ForeignKey(
        "agencies.AssistanceType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kind of assistance"),
    )
    description = models.CharField(_("activity"), max_length=300)
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_activities",
        verbose_name=_("responsible agency"),
    )
    pledge = models.ForeignKey(
        "agencies.Pledge",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_activities",
        verbose_name=_("under pledge"),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActivityStatus, default=ActivityStatus.PLANNED
    )
    from_indicator = models.ForeignKey(
        "households.Indicator",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("suggested by indicator"),
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    completed_by = models.OneToOneField(
        "households.Assistance",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="completes",
        verbose_name=_("completed by the assistance"),
    )

    class Meta:
        verbose_name = _("plan activity")
        verbose_name_plural = _("plan activities")
        ordering = ["plan", "due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="done", completed_on__isnull=False)
                | (~models.Q(status="done") & models.Q(completed_on__isnull=True)),
                name="plan_activity_completed_on_when_done",
            ),
        ]
        indexes = [
            # Overdue activities: open ones by due date.
            models.Index(
                fields=["due_on"],
                condition=models.Q(status__in=("planned", "in_progress")),
                name="plan_activity_open_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    def get_absolute_url(self) -> str:
        return reverse("households:case_plan", args=[self.plan.target_id])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTIVITY


__all__ = ["OPEN_ACTIVITY", "ActivityStatus", "LifePlan", "PlanActivity"]
