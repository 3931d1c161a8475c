"""The targeting screen's rules (shape only: households.targeting.TargetingRules.check and
the services judge them). One form serves "Preview" and "Create targets": the creation posts
the rules again with the preview's state token, and `targets_create` refuses if anything
(the registry, the cases, the rules) changed since."""

from django import forms
from django.utils.translation import gettext_lazy

from ..models import Programme
from ..targeting import JUST_MISSED_DEFAULT, IndicatorMatch, QuotaMode, TargetingRules

QUOTA_PREFIX = "quota_"


class TargetingForm(forms.Form):
    below_threshold = forms.BooleanField(
        label=gettext_lazy("Income per person below the round's threshold"),
        required=False,
        initial=True,
    )
    indicators = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Failed indicators"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    indicator_match = forms.ChoiceField(
        label=gettext_lazy("Households that failed"),
        choices=[
            (IndicatorMatch.ANY, gettext_lazy("any of the chosen indicators")),
            (IndicatorMatch.ALL, gettext_lazy("all of the chosen indicators")),
        ],
        initial=IndicatorMatch.ANY,
    )
    exclude_graduated = forms.BooleanField(
        label=gettext_lazy("Leave out households graduated in an earlier programme"),
        required=False,
        initial=True,
    )
    exclude_other_programmes = forms.BooleanField(
        label=gettext_lazy("Leave out households already a target of another active programme"),
        required=False,
        initial=True,
    )
    exclude_moved_or_deceased = forms.BooleanField(
        label=gettext_lazy("Leave out households found moved away or deceased"),
        required=False,
        initial=True,
    )
    quota_mode = forms.ChoiceField(
        label=gettext_lazy("District quotas"),
        choices=[
            (
                QuotaMode.PROPORTIONAL,
                gettext_lazy("The target number, split by each district's poor"),
            ),
            (QuotaMode.NUMBER, gettext_lazy("A number of households per district")),
            (QuotaMode.SHARE, gettext_lazy("A percentage of each district's poor")),
        ],
        initial=QuotaMode.PROPORTIONAL,
        widget=forms.RadioSelect,
    )
    share_percent = forms.IntegerField(
        label=gettext_lazy("Percentage of each district's poor"),
        required=False,
        min_value=0,
        max_value=100,
    )
    just_missed = forms.IntegerField(
        label=gettext_lazy("Households who just missed, shown per district"),
        initial=JUST_MISSED_DEFAULT,
        min_value=0,
        max_value=100,
    )
    state_token = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, programme: Programme, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].choices = [
            (indicator.number, f"{indicator.number}. {indicator.text_th}")
            for indicator in programme.survey_round.indicator_set.indicators.order_by("number")
        ]
        self.districts = list(districts)
        for district in self.districts:
            self.fields[QUOTA_PREFIX + district.code] = forms.IntegerField(
                label=district.name, required=False, min_value=0
            )

    @property
    def quota_fields(self):
        return [self[QUOTA_PREFIX + district.code] for district in self.districts]

    def rules(self) -> TargetingRules:
        data = self.cleaned_data
        mode = QuotaMode(data["quota_mode"])
        quotas = {}
        if mode == QuotaMode.NUMBER:
            quotas = {
                district.code: data[QUOTA_PREFIX + district.code]
                for district in self.districts
                if data.get(QUOTA_PREFIX + district.code) is not None
            }
        return TargetingRules(
            below_threshold=data["below_threshold"],
            indicators=tuple(sorted(data["indicators"])),
            indicator_match=IndicatorMatch(data["indicator_match"]),
            quota_mode=mode,
            district_quotas=quotas,
            share_percent=data["share_percent"] or 0,
            exclude_graduated=data["exclude_graduated"],
            exclude_other_programmes=data["exclude_other_programmes"],
            exclude_moved_or_deceased=data["exclude_moved_or_deceased"],
            just_missed=data["just_missed"],
        )
