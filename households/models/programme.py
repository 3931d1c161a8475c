"""The poverty programme of a fiscal year, the targeting runs that chose its households, and
each chosen household's case (Target).

A programme draws its targets from one จปฐ. round by rules that staff can see and change
(households.targeting). Each case then walks the four steps of the programme: target,
life compass (plan), manage (assistance) and care (visits, graduation). This module holds
the programme and the first step; plans, host agencies, assistance and visits hang off
Target in later modules.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from povertyprog.core.models import TimeStampedModel


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class Programme(TimeStampedModel):
    """A province's poverty programme of one fiscal year, e.g. Chiang Mai 2557: 972 targets."""

    province = models.ForeignKey(
        "areas.Province",
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("province"),
    )
    fiscal_year_be = models.PositiveSmallIntegerField(_("fiscal year (BE)"))
    name = models.CharField(_("name"), max_length=200)
    target_households = models.PositiveIntegerField(_("target number of households"))
    survey_round = models.ForeignKey(
        "households.SurveyRound",
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("survey round"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ProgrammeStatus, default=ProgrammeStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-fiscal_year_be", "province", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "fiscal_year_be", "name"], name="programme_unique_name"
            ),
            models.CheckConstraint(
                condition=models.Q(fiscal_year_be__gte=2500, fiscal_year_be__lte=2700),
                name="programme_year_is_be",
            ),
            models.CheckConstraint(
                condition=models.Q(target_households__gte=1),
                name="programme_target_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.fiscal_year_be})"

    def get_absolute_url(self) -> str:
        return reverse("households:programme_detail", args=[self.pk])


class TargetingRun(TimeStampedModel):
    """One use of the targeting rules that created a programme's targets: the rules as
    they were (JSON), what the preview counted, who ran it and when. Replacements of
    rejected targets are drawn later by the same run's rules."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="runs", verbose_name=_("programme")
    )
    rules = models.JSONField(_("rules"))
    counts = models.JSONField(_("counts"), default=dict)
    state_token = models.CharField(_("registry state"), max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("run by"),
    )

    class Meta:
        verbose_name = _("targeting run")
        verbose_name_plural = _("targeting runs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.programme} · {self.created_at:%Y-%m-%d %H:%M}"


class Verification(models.TextChoices):
    PENDING = "pending", _("Not verified yet")
    CONFIRMED = "confirmed", _("Confirmed")
    NOT_FOUND = "not_found", _("Not found")
    MOVED = "moved", _("Moved away")
    DECEASED = "deceased", _("Deceased")
    NOT_POOR = "not_poor", _("Not poor")


# A field check that rejects the household: the case is dropped and replaced.
REJECTED = frozenset(
    {Verification.NOT_FOUND, Verification.MOVED, Verification.DECEASED, Verification.NOT_POOR}
)


class Capacity(models.TextChoices):
    """Can the household develop itself, or does it need care (welfare)? and why."""

    NOT_CLASSED = "", _("Not classed yet")
    SELF_DEVELOP = "self", _("Can develop itself")
    CARE_ELDERLY = "care_elderly", _("Needs care: elderly living alone")
    CARE_DISABLED = "care_disabled", _("Needs care: disabled")
    CARE_ILL = "care_ill", _("Needs care: chronically ill")
    CARE_OTHER = "care_other", _("Needs care: other")


class Stage(models.TextChoices):
    """Where a case stands in the programme's four steps. Never set by hand: the services
    call `target_stage_refresh`, which derives it from what has happened.

    TARGETED: chosen, not yet checked in the field. VERIFIED: confirmed by the district
    officer. PLAN_AGREED: the household agreed its life compass (plan). ASSISTED: assistance
    was recorded. IN_CARE: a follow-up visit was recorded. GRADUATED: a later round's income
    per person reached that round's threshold. CONTINUING_CARE: the programme closed with the
    case in care and not graduated; it is still followed. DROPPED: rejected by the field
    check (the reason is `drop_reason`).
    """

    TARGETED = "targeted", _("Targeted")
    VERIFIED = "verified", _("Verified")
    PLAN_AGREED = "plan_agreed", _("Plan agreed")
    ASSISTED = "assisted", _("Assistance under way")
    IN_CARE = "in_care", _("In care")
    GRADUATED = "graduated", _("Graduated")
    CONTINUING_CARE = "continuing_care", _("Continuing care")
    DROPPED = "dropped", _("Dropped")


class Target(TimeStampedModel):
    """A household chosen by a programme: its case through the four steps."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="targets", verbose_name=_("programme")
    )
    household = models.ForeignKey(
        "households.Household",
        on_delete=models.PROTECT,
        related_name="targets",
        verbose_name=_("household"),
        db_index=False,  # the (household, stage) index below serves it
    )
    survey = models.ForeignKey(
        "households.HouseholdSurvey",
        on_delete=models.PROTECT,
        related_name="targets",
        verbose_name=_("chosen from survey"),
    )
    # Where the household lived when chosen: the quota it counts against. Who sees the case
    # follows the household's current village instead (a move changes the officer).
    district = models.ForeignKey(
        "areas.District",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("district at selection"),
    )
    rank = models.PositiveIntegerField(_("rank in the district"))
    selected_by_run = models.ForeignKey(
        TargetingRun,
        on_delete=models.PROTECT,
        related_name="targets",
        verbose_name=_("targeting run"),
    )
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replacement",
        verbose_name=_("replaces"),
    )
    verification = models.CharField(
        _("verification"), max_length=12, choices=Verification, default=Verification.PENDING
    )
    verification_note = models.TextField(_("verification note"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    capacity = models.CharField(
        _("capacity"), max_length=16, choices=Capacity, default=Capacity.NOT_CLASSED, blank=True
    )
    capacity_reason = models.TextField(_("capacity reason"), blank=True)
    capacity_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("classed by"),
    )
    capacity_at = models.DateTimeField(_("classed at"), null=True, blank=True)
    # Derived, never edited: see Stage and households.programme_services.target_stage_refresh.
    stage = models.CharField(
        _("stage"), max_length=16, choices=Stage, default=Stage.TARGETED, editable=False
    )
    drop_reason = models.CharField(
        _("reason dropped"), max_length=12, choices=Verification, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["programme", "district", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "household"], name="target_one_per_household_and_programme"
            ),
            models.CheckConstraint(
                condition=models.Q(stage="dropped") | models.Q(drop_reason=""),
                name="target_drop_reason_only_when_dropped",
            ),
        ]
        indexes = [
            # Exclusions look up a household's cases in other programmes.
            models.Index(fields=["household", "stage"], name="target_household_stage_idx"),
            models.Index(fields=["programme", "district", "rank"], name="target_line_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.household} · {self.programme}"

    def get_absolute_url(self) -> str:
        # The case page arrives with the next slice; until then, the household's page.
        return self.household.get_absolute_url()

    @property
    def needs_care(self) -> bool:
        return self.capacity.startswith("care_")
