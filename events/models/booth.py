"""What a booth gave or promised a household at the fair; it becomes assistance (given) or a
plan activity (promised) in the household's case."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from povertyprog.core.models import TimeStampedModel


class BoothService(TimeStampedModel):
    booth = models.ForeignKey(
        "events.Booth", on_delete=models.PROTECT, related_name="services", verbose_name=_("booth")
    )
    target = models.ForeignKey(
        "households.Target",
        on_delete=models.PROTECT,
        related_name="booth_services",
        verbose_name=_("case"),
    )
    what = models.CharField(_("what"), max_length=300)
    value = models.DecimalField(_("value (baht)"), max_digits=12, decimal_places=2, default=0)
    promised = models.BooleanField(_("promised (not given yet)"), default=False)
    assistance = models.OneToOneField(
        "households.Assistance",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="booth_service",
        verbose_name=_("assistance"),
    )
    plan_activity = models.OneToOneField(
        "households.PlanActivity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="booth_service",
        verbose_name=_("plan activity"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )

    class Meta:
        verbose_name = _("booth service")
        verbose_name_plural = _("booth services")
        ordering = ["booth", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(assistance__isnull=True) | models.Q(plan_activity__isnull=True),
                name="booth_service_one_outcome",
            ),
        ]

    def __str__(self) -> str:
        return self.what
