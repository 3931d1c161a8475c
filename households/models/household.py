from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from povertyprog.core.crypto import decrypt_text
from povertyprog.core.models import TimeStampedModel

from .survey import SurveyRound


class Household(TimeStampedModel):
    """A household's stable identity across survey rounds: its village and house number."""

    # No plain index on the village: the unique (village, house number) index serves equal
    # codes, and the prefix index below serves area scopes ("50%"); a third would only slow
    # the import.
    village = models.ForeignKey(
        "areas.Village",
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name=_("village"),
        db_index=False,
    )
    house_no = models.CharField(_("house number"), max_length=30)
    house_code = models.CharField(
        _("house code"), max_length=11, blank=True, help_text=_("รหัสประจำบ้าน, 11 digits")
    )

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["village", "house_no"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "house_no"], name="household_unique_address"
            ),
            models.CheckConstraint(
                condition=models.Q(house_code="") | models.Q(house_code__length=11),
                name="household_house_code_11_digits",
            ),
        ]
        indexes = [
            models.Index(fields=["house_code"], name="household_house_code_idx"),
            # LIKE '5006%' (a district officer's scope) under any collation.
            models.Index(
                fields=["village"],
                name="household_village_prefix_idx",
                opclasses=["varchar_pattern_ops"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.house_no} {self.village}"

    def get_absolute_url(self) -> str:
        return reverse("households:detail", args=[self.pk])


class HouseholdSurvey(TimeStampedModel):
    """One round's record of a household: who heads it, its income, what it lacks."""

    # No single-column indexes on these two: the unique (household, round) constraint and
    # the (round, income) index serve their lookups, and each index slows the import.
    household = models.ForeignKey(
        Household,
        on_delete=models.CASCADE,
        related_name="surveys",
        verbose_name=_("household"),
        db_index=False,
    )
    survey_round = models.ForeignKey(
        SurveyRound,
        on_delete=models.PROTECT,
        related_name="surveys",
        verbose_name=_("round"),
        db_index=False,
    )
    head_prefix = models.CharField(_("prefix"), max_length=30, blank=True)
    head_first_name = models.CharField(_("first name"), max_length=100)
    head_last_name = models.CharField(_("last name"), max_length=100, blank=True)
    citizen_id_encrypted = models.CharField(_("citizen ID (encrypted)"), max_length=80)
    citizen_id_hash = models.CharField(_("citizen ID lookup hash"), max_length=32)
    members = models.PositiveSmallIntegerField(_("members"))
    income_per_person = models.DecimalField(
        _("income per person per year"), max_digits=12, decimal_places=2
    )
    # Failed indicator numbers as ",4,22," so that "failed indicator 22" is a portable
    # `contains` query on PostgreSQL and SQLite alike; read it through `failed_indicator_numbers`.
    failed_indicators = models.CharField(_("failed indicators"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    note = models.TextField(_("note"), blank=True)
    # Hash of the imported values: a re-import compares it and leaves unchanged rows alone.
    content_hash = models.CharField(_("change-detection hash"), max_length=32, editable=False)
    import_batch = models.ForeignKey(
        "households.ImportBatch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("import"),
    )

    class Meta:
        verbose_name = _("household survey")
        verbose_name_plural = _("household surveys")
        ordering = ["-survey_round__year_be"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "survey_round"], name="survey_one_per_household_and_round"
            ),
            models.CheckConstraint(
                condition=models.Q(members__gte=1), name="survey_members_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(income_per_person__gte=0), name="survey_income_not_negative"
            ),
        ]
        indexes = [
            models.Index(
                fields=["survey_round", "income_per_person"], name="survey_round_income_idx"
            ),
            # Exact matches only: a plain index, not the LIKE-capable pair db_index would make.
            models.Index(fields=["citizen_id_hash"], name="survey_citizen_id_hash_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.household} · {self.survey_round}"

    def get_absolute_url(self) -> str:
        return self.household.get_absolute_url()

    @property
    def head_name(self) -> str:
        return " ".join(
            p for p in (self.head_prefix + self.head_first_name, self.head_last_name) if p
        )

    @property
    def citizen_id(self) -> str:
        """The clear citizen ID. Show it only where the viewer may, and log that they saw it."""
        return decrypt_text(self.citizen_id_encrypted)

    @property
    def failed_indicator_numbers(self) -> list[int]:
        return [int(n) for n in self.failed_indicators.strip(",").split(",") if n]

    @property
    def is_poor(self) -> bool:
        return self.income_per_person < self.survey_round.income_threshold
