"""The care step (ดูแลชีวิต) of a case: follow-up visits, and graduation when a later
จปฐ. round shows the household at or above that round's income threshold."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from povertyprog.core.models import TimeStampedModel


class FollowUpVisit(TimeStampedModel):
    """A district officer's follow-up visit to a case's household: what they found, and
    when the next visit is due (the overdue lists read it). Recorded by `visit_record`."""

    target = models.ForeignKey(
        "households.Target",
        on_delete=models.PROTECT,
        related_name="visits",
        verbose_name=_("case"),
        db_index=False,  # the (target, visited_on) index below serves it
    )
    visited_on = models.DateField(_("visited on"))
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("visited by"),
    )
    findings = models.TextField(_("findings"))
    next_visit_due = models.DateField(_("next visit due"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")
        ordering = ["target", "-visited_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(next_visit_due__isnull=True)
                | models.Q(next_visit_due__gte=models.F("visited_on")),
                name="visit_next_due_not_before_visit",
            ),
        ]
        indexes = [
            # The latest visit of a case (overdue lists, case page).
            models.Index(fields=["target", "-visited_on", "-id"], name="visit_latest_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.target} · {self.visited_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return self.target.get_absolute_url()


class Graduation(models.Model):
    """Why a case graduated: the round whose import showed the household's income per
    person at or above that round's threshold, the figures, and the import that did it.
    Written by households.graduation only; a case graduates once."""

    target = models.OneToOneField(
        "households.Target",
        on_delete=models.PROTECT,
        related_name="graduation",
        verbose_name=_("case"),
    )
    survey_round = models.ForeignKey(
        "households.SurveyRound",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("round"),
    )
    survey = models.ForeignKey(
        "households.HouseholdSurvey",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("survey record"),
    )
    income_per_person = models.DecimalField(
        _("income per person per year"), max_digits=12, decimal_places=2
    )
    income_threshold = models.DecimalField(
        _("round's income threshold"), max_digits=10, decimal_places=2
    )
    import_batch = models.ForeignKey(
        "households.ImportBatch",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("import"),
    )
    created_at = models.DateTimeField(_("graduated at"), auto_now_add=True)

    class Meta:
        verbose_name = _("graduation")
        verbose_name_plural = _("graduations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(income_per_person__gte=models.F("income_threshold")),
                name="graduation_income_reaches_threshold",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target} · {self.survey_round}"

    def get_absolute_url(self) -> str:
        return self.target.get_absolute_url()
