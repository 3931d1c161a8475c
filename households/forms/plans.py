"""Forms of the life compass (เข็มทิศชีวิต): an activity of a case's plan, its status, and the
household's agreement (shape only: households.plan_services checks every rule)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.forms.mous import thai_date_field
from agencies.models import Agency, AssistanceType, Lever, Pledge

from ..models import ActivityStatus, Indicator, Target
from .manage import PledgeChoiceField, _agencies, _pledges


class PlanActivityForm(forms.Form):
    """One activity: the lever, a kind of help from the catalogue or free words, the agency
    responsible (under one of its pledges, optionally) and the due date."""

    lever = forms.ChoiceField(label=_("Lever"))
    assistance_type = forms.ModelChoiceField(
        queryset=AssistanceType.objects.none(), label=_("Kind of assistance"), required=False
    )
    description = forms.CharField(
        label=_("Activity"),
        max_length=300,
        required=False,
        help_text=_("In your own words; empty: the kind of assistance's name."),
    )
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(), label=_("Responsible agency"), required=False
    )
    pledge = PledgeChoiceField(
        queryset=Pledge.objects.none(), label=_("Under the pledge"), required=False
    )
    due_on = thai_date_field(_("Due on"), required=False)
    from_indicator = forms.ModelChoiceField(
        queryset=Indicator.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, user, target: Target, **kwargs):
        super().__init__(*args, **kwargs)
        levers = [(value, label) for value, label in Lever.choices]
        if not target.needs_care:
            levers = [(v, label) for v, label in levers if v != Lever.WELFARE]
        self.fields["lever"].choices = [("", "—"), *levers]
        self.fields["assistance_type"].queryset = AssistanceType.objects.filter(
            is_active=True
        ).order_by("lever", "ordering", "code")
        self.fields["assistance_type"].label_from_instance = lambda kind: (
            f"{kind.get_lever_display()} · {kind.name_th}"
        )
        self.fields["agency"].queryset = _agencies(user, target.programme.province_id)
        self.fields["pledge"].queryset = _pledges(user)
        self.fields["from_indicator"].queryset = Indicator.objects.filter(
            indicator_set_id=target.survey.survey_round.indicator_set_id
        )


class ActivityStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices)


class PlanAgreeForm(forms.Form):
    agreed_on = thai_date_field(_("Agreed with the household on"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"agreed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
