from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from povertyprog.areas.models import Province
from povertyprog.thai.fields import ThaiDecimalField, ThaiIntegerField

from ..models import SurveyRound

ACCEPTED_EXTENSIONS = ["xlsx", "xls", "ods", "csv"]
MAX_UPLOAD_BYTES = 200 * 1024 * 1024


class ImportUploadForm(forms.Form):
    """Shape only: which round, which province, which file. The service does the rest."""

    survey_round = forms.ModelChoiceField(
        queryset=SurveyRound.objects.none(),
        required=False,
        label=_("Survey round"),
        empty_label=_("— a new round —"),
    )
    new_round_year = ThaiIntegerField(
        required=False, min_value=2500, max_value=2700, label=_("New round: year (BE)")
    )
    new_round_threshold = ThaiDecimalField(
        required=False,
        min_value=1,
        max_digits=10,
        decimal_places=2,
        label=_("New round: income threshold (baht per person per year)"),
        help_text=_("38,000 for the 2560–2564 indicator set."),
    )
    province = forms.ModelChoiceField(queryset=Province.objects.none(), label=_("Province"))
    file = forms.FileField(
        label=_("จปฐ. file"),
        validators=[FileExtensionValidator(ACCEPTED_EXTENSIONS)],
        help_text=_("Excel (.xlsx, .xls), OpenDocument (.ods) or CSV (UTF-8 or Windows Thai)."),
    )

    def __init__(self, *args, rounds, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survey_round"].queryset = rounds
        self.fields["survey_round"].initial = rounds.first()
        self.fields["province"].queryset = provinces
        if len(provinces) == 1:
            self.fields["province"].initial = provinces[0]
        self.helper = FormHelper()
        self.helper.attrs = {"enctype": "multipart/form-data"}
        self.helper.layout = Layout(
            Div(
                Div(Field("survey_round"), css_class="col-12 col-md-4"),
                Div(Field("new_round_year"), css_class="col-6 col-md-3"),
                Div(Field("new_round_threshold"), css_class="col-6 col-md-5"),
                css_class="row",
            ),
            Field("province"),
            Field("file", accept=",".join(f".{ext}" for ext in ACCEPTED_EXTENSIONS)),
            Submit("submit", _("Upload and check"), css_class="btn-primary"),
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)d MB; the limit is %(limit)d MB."),
                params={"size": upload.size // 2**20, "limit": MAX_UPLOAD_BYTES // 2**20},
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload

    def clean(self):
        data = super().clean()
        chosen = data.get("survey_round")
        year, threshold = data.get("new_round_year"), data.get("new_round_threshold")
        if chosen and (year or threshold or self._typed("new_round_year", "new_round_threshold")):
            # Both a round from the list and a new one typed: which was meant is not ours to
            # guess (the list keeps its default when a person only types the new round).
            raise forms.ValidationError(
                _(
                    "You chose the round %(round)s and also typed a new round. To open the new "
                    "round, choose “%(new)s” in the list; to import into %(round)s, clear the new "
                    "round's year and threshold."
                ),
                code="contradictory_round",
                params={"round": chosen, "new": self.fields["survey_round"].empty_label},
            )
        if not chosen and (not year or not threshold):
            raise forms.ValidationError(
                _("Choose a survey round, or give the new round's year and income threshold.")
            )
        return data

    def _typed(self, *names: str) -> bool:
        """Did the person type anything in these fields (even something invalid)?"""
        return any(str(self.data.get(self.add_prefix(name), "")).strip() for name in names)


class ImportConfirmForm(forms.Form):
    skip_invalid = forms.BooleanField(
        required=False, label=_("Import the valid rows and skip the invalid ones")
    )
