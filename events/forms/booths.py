"""Forms of the booths and the paper sign-in sheets: shape only; the services hold the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.forms.mous import thai_date_field
from agencies.models import Lever


class BoothFindForm(forms.Form):
    """Find the household served: its invitation code (typed or scanned), or a search."""

    # A scanner types the code and Enter into the focused field.
    code = forms.CharField(
        label=_("Invitation code"),
        max_length=32,
        required=False,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "off", "autocapitalize": "characters"}
        ),
    )
    q = forms.CharField(label=_("Or search: name or house number"), max_length=100, required=False)


class BoothServiceForm(forms.Form):
    target = forms.IntegerField(widget=forms.HiddenInput)
    what = forms.CharField(label=_("What was given or promised"), max_length=300)
    value = forms.DecimalField(
        label=_("Value (baht)"), min_value=0, max_digits=12, decimal_places=2, initial=0
    )
    promised = forms.BooleanField(label=_("Promised (to be given later)"), required=False)
    lever = forms.ChoiceField(
        label=_("Lever"),
        choices=[("", _("The booth pledge's lever")), *Lever.choices],
        required=False,
    )
    due_on = thai_date_field(_("Due on (promised help)"), required=False)


class SheetEntryForm(forms.Form):
    checked_in_at = forms.DateTimeField(
        label=_("Time on the sheet (default: the fair's start)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    invitations = forms.ModelMultipleChoiceField(
        label=_("Ticked on the sheet"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, invitations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invitations"].queryset = invitations
        self.fields["invitations"].label_from_instance = _sheet_label


def _sheet_label(invitation) -> str:
    household = invitation.target.household
    name = invitation.target.survey.head_name if invitation.target.survey_id else ""
    return f"{name} · {household.village} · {household.house_no}"
