"""What a life-compass plan (เข็มทิศชีวิต) suggests for a household: for each จปฐ. indicator it
failed, the lever that helps (the indicator set says which) and the kinds of help the
catalogue lists for it. The officer accepts or ignores each suggestion."""

from dataclasses import dataclass

from django.db.models import Prefetch

from agencies.models import AssistanceType

from .models import HouseholdSurvey, Indicator, IndicatorSuggestion


@dataclass(frozen=True)
class PlanSuggestion:
    indicator: Indicator
    lever: str  # the indicator's lever; "" where none applies (values such as warm families)
    assistance_types: tuple[AssistanceType, ...]  # each with its own lever

    @property
    def lever_label(self) -> str:
        return self.indicator.get_lever_display()


def plan_suggestions(survey: HouseholdSurvey) -> list[PlanSuggestion]:
    """One suggestion per failed indicator of `survey`, in indicator order, with the active
    kinds of help suggested for it (two queries, whatever the number of indicators)."""
    numbers = survey.failed_indicator_numbers
    if not numbers:
        return []
    active = IndicatorSuggestion.objects.filter(assistance_type__is_active=True).select_related(
        "assistance_type"
    )
    indicators = (
        Indicator.objects.filter(
            indicator_set_id=survey.survey_round.indicator_set_id, number__in=numbers
        )
        .prefetch_related(Prefetch("suggestions", queryset=active))
        .order_by("number")
    )
    return [
        PlanSuggestion(
            indicator=indicator,
            lever=indicator.lever,
            assistance_types=tuple(s.assistance_type for s in indicator.suggestions.all()),
        )
        for indicator in indicators
    ]
