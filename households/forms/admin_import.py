"""The admin import form asks, besides the file, for the round and the province."""

from django import forms
from django.utils.translation import gettext_lazy as _
from import_export.forms import ConfirmImportForm, ImportForm

from povertyprog.areas.models import Province

from ..models import SurveyRound


class _RoundAndProvince(forms.Form):
    survey_round = forms.ModelChoiceField(SurveyRound.objects.all(), label=_("Survey round"))
    province = forms.ModelChoiceField(Province.objects.none(), label=_("Province"))

    def limit_provinces(self, provinces) -> None:
        self.fields["province"].queryset = provinces


class BMNImportForm(_RoundAndProvince, ImportForm):
    pass


class BMNConfirmImportForm(_RoundAndProvince, ConfirmImportForm):
    survey_round = forms.ModelChoiceField(SurveyRound.objects.all(), widget=forms.HiddenInput)
    province = forms.ModelChoiceField(Province.objects.none(), widget=forms.HiddenInput)
