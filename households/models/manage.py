"""The programme's third step, manage (บริหารจัดการชีวิต): the agency that hosts a case
(เจ้าภาพ) and the assistance recorded for it.

A host assignment is kept when it ends: the case history shows who hosted it when, and
assistance given under an earlier host still counts for that host's pledge. Only one
assignment per case is current (`ended_at` empty), enforced by the database; a pledge's
capacity counts its current assignments only.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.models import Lever
from povertyprog.core.models import TimeStampedModel


class HostAssignment(TimeStampedModel):
    """A case's host agency, optionally under one of the agency's pledges; who assigned it
    when (`created_at`), and when it ended, if it did (another host took over)."""

    target = models.ForeignKey(
        "households.Target",
        on_delete=models.PROTECT,
        related_name="host_assignments",
        verbose_name=_("target"),
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="host_assignments",
        verbose_name=_("host agency"),
    )
    pledge = models.ForeignKey(
        "agencies.Pledge",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="host_assignments",
        verbose_name=_("pledge"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("host assignment")
        verbose_name_plural = _("host assignments")
        ordering = ["target", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["target"],
                condition=models.Q(ended_at__isnull=True),
                name="host_one_current_per_target",
            )
        ]
        indexes = [
            models.Index(
                fields=["agency", "target"],
                condition=models.Q(ended_at__isnull=True),
                name="host_current_by_agency_idx",
            ),
            models.Index(
                fields=["pledge"],
                condition=models.Q(ended_at__isnull=True),
                name="host_current_by_pledge_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} → {self.target}"

    def get_absolute_url(self) -> str:
        return self.target.get_absolute_url()


class Assistance(TimeStampedModel):
    """Help given to a case: when, by which agency (under which pledge), on which lever,
    of which kind, what, its value in baht, and who recorded it."""

    target = models.ForeignKey(
        "households.Target",
        on_delete=models.PROTECT,
        related_name="assistance",
        verbose_name=_("target"),
    )
    date = models.DateField(_("date"))
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="assistance",
        verbose_name=_("agency"),
    )
    pledge = models.ForeignKey(
        "agencies.Pledge",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assistance",
        verbose_name=_("pledge"),
    )
    lever = models.CharField(_("lever"), max_length=20, choices=Lever)
    assistance_type = models.ForeignKey(
        "agencies.AssistanceType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assistance",
        verbose_name=_("kind of assistance"),
    )
    what = models.CharField(_("what"), max_length=300)
    value = models.DecimalField(_("value (baht)"), max_digits=12, decimal_places=2, default=0)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("assistance")
        verbose_name_plural = _("assistance")
        ordering = ["target", "-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="assistance_value_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.what} ({self.target})"

    def get_absolute_url(self) -> str:
        return self.target.get_absolute_url()


__all__ = ["Assistance", "HostAssignment"]
