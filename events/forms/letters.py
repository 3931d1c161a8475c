"""Forms of the fair's letters: the province's letterhead and a batch to print."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Letterhead, LetterKind


class LetterheadForm(forms.ModelForm):
    emblem_upload = forms.FileField(
        label=_("Emblem (ครุฑ), PNG or JPEG, at most 2 MB"),
        required=False,
        help_text=_("Without an image the letters leave its space blank."),
    )

    class Meta:
        model = Letterhead
        fields = [
            "office_name",
            "address",
            "phone_line",
            "reference_prefix",
            "signer_name",
            "signer_position",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))


class LetterBatchForm(forms.Form):
    kind = forms.ChoiceField(label=_("Letters"), choices=LetterKind.choices)
    area = forms.ChoiceField(label=_("District or subdistrict"), required=False)

    def __init__(self, *args, areas: list[tuple[str, str]], kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", "—"), *areas]
        self.fields["kind"].choices = [c for c in LetterKind.choices if c[0] in kinds]
        self.helper = FormHelper()
        self.helper.add_input(Submit("print", _("Print")))

    def clean(self):
        data = super().clean()
        if data.get("kind") == LetterKind.HOUSEHOLD and not data.get("area"):
            self.add_error("area", _("Choose the district or subdistrict to print."))
        return data
