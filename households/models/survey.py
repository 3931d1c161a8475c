from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agencies.models import Lever
from povertyprog.core.models import TimeStampedModel


class IndicatorSetManager(models.Manager):
    def get_by_natural_key(self, code: str) -> "IndicatorSet":
        return self.get(code=code)


class IndicatorSet(TimeStampedModel):
    """A version of the จปฐ. questionnaire, e.g. 2560–2564: 5 categories, 31 indicators."""

    code = models.SlugField(_("code"), max_length=20, unique=True, help_text="2560-2564")
    name_th = models.CharField(_("name"), max_length=200)
    first_year_be = models.PositiveSmallIntegerField(_("first year (BE)"))
    last_year_be = models.PositiveSmallIntegerField(_("last year (BE)"))

    # Natural keys let fixtures/ be loaded over a migrated database without duplicates.
    objects = IndicatorSetManager()

    class Meta:
        verbose_name = _("indicator set")
        verbose_name_plural = _("indicator sets")
        ordering = ["-first_year_be"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_year_be__gte=models.F("first_year_be")),
                name="indicator_set_years_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.name_th

    def get_absolute_url(self) -> str:
        return reverse("admin:households_indicatorset_change", args=[self.pk])

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class IndicatorManager(models.Manager):
    def get_by_natural_key(self, set_code: str, number: int) -> "Indicator":
        return self.get(indicator_set__code=set_code, number=number)


class Indicator(models.Model):
    indicator_set = models.ForeignKey(
        IndicatorSet, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("set")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    category = models.PositiveSmallIntegerField(_("category (หมวด)"))
    category_name_th = models.CharField(_("category name"), max_length=100)
    text_th = models.TextField(_("indicator"))
    is_income = models.BooleanField(
        _("income criterion"),
        default=False,
        help_text=_("The indicator that compares income per person with the round's threshold."),
    )
    # Which of the programme's levers helps a household that fails this indicator, and the
    # kinds of help a life-compass plan suggests for it (households/suggestions.py).
    lever = models.CharField(
        _("lever"),
        max_length=20,
        choices=Lever,
        blank=True,
        help_text=_("The lever whose activities help a household that fails this indicator."),
    )
    suggested_assistance = models.ManyToManyField(
        "agencies.AssistanceType",
        through="IndicatorSuggestion",
        blank=True,
        related_name="+",
        verbose_name=_("suggested assistance"),
    )

    objects = IndicatorManager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["indicator_set", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator_set", "number"], name="indicator_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text_th}"

    def get_absolute_url(self) -> str:
        return self.indicator_set.get_absolute_url()

    def natural_key(self) -> tuple[str, int]:
        return (self.indicator_set.code, self.number)

    natural_key.dependencies = ["households.indicatorset"]


class IndicatorSuggestionManager(models.Manager):
    def get_by_natural_key(self, set_code: str, number: int, type_code: str):
        return self.get(
            indicator__indicator_set__code=set_code,
            indicator__number=number,
            assistance_type__code=type_code,
        )


class IndicatorSuggestion(models.Model):
    """A kind of help suggested to a household that fails an indicator (national reference
    data, fixtures/bmn_indicator_suggestions_2560_2564.json)."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="suggestions",
        verbose_name=_("indicator"),
    )
    assistance_type = models.ForeignKey(
        "agencies.AssistanceType",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("kind of assistance"),
    )

    objects = IndicatorSuggestionManager()

    class Meta:
        verbose_name = _("suggested assistance")
        verbose_name_plural = _("suggested assistance")
        ordering = ["indicator", "assistance_type__ordering", "assistance_type__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "assistance_type"], name="indicator_suggestion_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.number} → {self.assistance_type}"

    def natural_key(self) -> tuple[str, int, str]:
        return (*self.indicator.natural_key(), self.assistance_type.code)

    natural_key.dependencies = ["households.indicator", "agencies.assistancetype"]


class SurveyRound(TimeStampedModel):
    """One year of the จปฐ. survey, with the income threshold staff entered for it."""

    year_be = models.PositiveSmallIntegerField(_("year (BE)"), unique=True)
    indicator_set = models.ForeignKey(
        IndicatorSet,
        on_delete=models.PROTECT,
        related_name="rounds",
        verbose_name=_("indicator set"),
    )
    income_threshold = models.DecimalField(
        _("income threshold (baht per person per year)"), max_digits=10, decimal_places=2
    )

    class Meta:
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")
        ordering = ["-year_be"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year_be__gte=2500, year_be__lte=2700), name="round_year_is_be"
            ),
            models.CheckConstraint(
                condition=models.Q(income_threshold__gt=0), name="round_threshold_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"จปฐ. {self.year_be}"

    def get_absolute_url(self) -> str:
        return reverse("households:list") + f"?round={self.year_be}"
