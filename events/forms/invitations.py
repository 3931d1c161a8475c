"""Forms of the invitations pages and the public RSVP page: shape only, the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import RSVPChannel, RSVPStatus


class RSVPForm(forms.Form):
    """An officer's record of a household's answer; `version` is the one the page showed."""

    status = forms.ChoiceField(label=_("Answer"), choices=RSVPStatus.choices)
    channel = forms.ChoiceField(
        label=_("How the answer came"),
        choices=[c for c in RSVPChannel.choices if c[0] != RSVPChannel.SELF_SERVICE],
        initial=RSVPChannel.PHONE,
    )
    representative_name = forms.CharField(
        label=_("Representative coming"), max_length=200, required=False
    )
    representative_relation = forms.CharField(
        label=_("Relation to the head"), max_length=100, required=False
    )
    people_coming = forms.IntegerField(
        label=_("People coming"), min_value=0, max_value=20, initial=1, required=False
    )
    transport_needed = forms.BooleanField(label=_("Needs transport"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class QuickAnswerForm(forms.Form):
    """One tap on the list: confirm or decline, with the version the row showed."""

    status = forms.ChoiceField(choices=[(RSVPStatus.CONFIRMED, ""), (RSVPStatus.DECLINED, "")])
    version = forms.IntegerField(min_value=1)


class SelfServiceForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            (RSVPStatus.CONFIRMED, _("I will attend")),
            (RSVPStatus.DECLINED, _("I will not attend")),
        ],
        widget=forms.RadioSelect,
    )
    people_coming = forms.IntegerField(
        label=_("How many people will come"), min_value=0, max_value=20, initial=1, required=False
    )


class GenerateForm(forms.Form):
    """Which districts to invite from: all of the user's, or one."""

    district = forms.ChoiceField(label=_("District"), required=False)
    unchecked = forms.BooleanField(
        label=_("Also cases not checked in the field yet"), required=False
    )

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", _("All districts"))] + [
            (d.code, d.name) for d in districts
        ]
