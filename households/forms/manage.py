"""Forms of the manage step: the bulk host assignment and an assistance record (shape only;
households.manage_services checks every rule)."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.forms.mous import thai_date_field
from agencies.models import Agency, AssistanceType, Lever, MOUStatus, Pledge
from agencies.selectors import agencies_visible_to, pledges_visible_to
from povertyprog.areas.models import District, Subdistrict
from povertyprog.thai.fields import ThaiDecimalField, ThaiIntegerField

from ..models import OPEN_ACTIVITY, PlanActivity


def _agencies(user, province_id):
    return agencies_visible_to(user).filter(is_active=True).order_by("name_th")


def _pledges(user, agency_id=None):
    pledges = (
        pledges_visible_to(user)
        .filter(mou__status=MOUStatus.SIGNED)
        .select_related("agency", "mou")
        .order_by("agency__name_th", "pk")
    )
    return pledges.filter(agency_id=agency_id) if agency_id else pledges


class PledgeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, pledge: Pledge) -> str:
        return f"{pledge.agency} · {pledge.description} ({pledge.households_pledged})"


class BulkHostForm(forms.Form):
    """Which cases of a district or subdistrict an agency hosts, how many, under which pledge."""

    area = forms.ChoiceField(label=_("District or subdistrict"))
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label=_("Host agency"))
    pledge = PledgeChoiceField(
        queryset=Pledge.objects.none(),
        label=_("Under the pledge"),
        required=False,
        help_text=_("Optional: its districts and households pledged limit the assignment."),
    )
    count = ThaiIntegerField(
        label=_("Households"),
        min_value=1,
        help_text=_("One agency per five households: 5, then the next agency."),
    )

    def __init__(self, *args, programme, user, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—")]
        subdistricts = {}
        for sub in Subdistrict.objects.filter(district__province_id=programme.province_id):
            subdistricts.setdefault(sub.district_id, []).append(sub)
        for district in District.objects.filter(province_id=programme.province_id).order_by("code"):
            group = [(district.code, _("%(name)s (whole district)") % {"name": district.name})]
            group += [(sub.code, sub.name) for sub in subdistricts.get(district.code, [])]
            choices.append((district.name, group))
        self.fields["area"].choices = choices
        self.fields["agency"].queryset = _agencies(user, programme.province_id)
        self.fields["pledge"].queryset = _pledges(user)

    def service_args(self) -> dict:
        area = self.cleaned_data["area"]
        return {
            "agency": self.cleaned_data["agency"],
            "pledge": self.cleaned_data["pledge"],
            "count": self.cleaned_data["count"],
            "district_code": area if len(area) == 4 else "",
            "subdistrict_code": area if len(area) == 6 else "",
        }


class HostForm(forms.Form):
    """One case's host agency, optionally under one of its pledges (the case page)."""

    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label=_("Host agency"))
    pledge = PledgeChoiceField(
        queryset=Pledge.objects.none(), label=_("Under the pledge"), required=False
    )

    def __init__(self, *args, user, target, **kwargs):
        super().__init__(*args, prefix="host", **kwargs)
        self.fields["agency"].queryset = _agencies(user, target.programme.province_id)
        self.fields["pledge"].queryset = _pledges(user)


class AssistanceForm(forms.Form):
    """Help given to a case. A liaison's records are in their agency's name: no agency field."""

    date = thai_date_field(_("Date"))
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label=_("Agency"))
    pledge = PledgeChoiceField(queryset=Pledge.objects.none(), label=_("Pledge"), required=False)
    lever = forms.ChoiceField(label=_("Lever"), choices=Lever.choices)
    assistance_type = forms.ModelChoiceField(
        queryset=AssistanceType.objects.none(), label=_("Kind of assistance"), required=False
    )
    what = forms.CharField(label=_("What"), max_length=300)
    value = ThaiDecimalField(
        label=_("Value (baht)"), required=False, max_digits=12, decimal_places=2
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    plan_activity = forms.ModelChoiceField(
        queryset=PlanActivity.objects.none(),
        label=_("Completes the plan activity"),
        required=False,
        help_text=_("An activity of the household's life compass that this help completes."),
    )

    def __init__(self, *args, user, target, liaison_agency_id=None, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        if liaison_agency_id is not None:
            del self.fields["agency"]
        else:
            self.fields["agency"].queryset = _agencies(user, target.programme.province_id)
        self.fields["pledge"].queryset = _pledges(user, liaison_agency_id)
        self.fields["assistance_type"].queryset = AssistanceType.objects.filter(
            is_active=True
        ).order_by("lever", "ordering", "code")
        self.fields["assistance_type"].label_from_instance = lambda kind: (
            f"{kind.get_lever_display()} · {kind.name_th}"
        )
        activities = PlanActivity.objects.filter(
            plan__target=target, status__in=OPEN_ACTIVITY
        ).order_by("due_on", "pk")
        if liaison_agency_id is not None:
            activities = activities.filter(Q(agency__isnull=True) | Q(agency_id=liaison_agency_id))
        self.fields["plan_activity"].queryset = activities
        self.fields["plan_activity"].label_from_instance = lambda activity: (
            f"{activity.get_lever_display()} · {activity.description}"
        )

    def service_values(self) -> dict:
        values = dict(self.cleaned_data)
        values["value"] = values.get("value") or 0
        return values
