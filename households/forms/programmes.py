"""The form that opens a programme (shape only: households.programme_services.programme_create
checks the rules)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from povertyprog.areas.models import Province
from povertyprog.thai.fields import ThaiIntegerField

from ..models import SurveyRound


class RoundChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, survey_round: SurveyRound) -> str:
        return _("Round %(year)s (threshold %(threshold)s baht)") % {
            "year": survey_round.year_be,
            "threshold": f"{survey_round.income_threshold:,.0f}",
        }


class ProgrammeForm(forms.Form):
    province = forms.ModelChoiceField(queryset=Province.objects.none(), label=_("Province"))
    fiscal_year_be = ThaiIntegerField(
        label=_("Fiscal year (BE)"), min_value=2500, max_value=2700, help_text=_("e.g. 2570")
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    target_households = ThaiIntegerField(label=_("Target number of households"), min_value=1)
    survey_round = RoundChoiceField(
        queryset=SurveyRound.objects.none(),
        label=_("จปฐ. round it draws from"),
    )

    def __init__(self, *args, provinces, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces
        if provinces.count() == 1:
            self.fields["province"].initial = provinces.first()
        self.fields["survey_round"].queryset = rounds
