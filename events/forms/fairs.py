"""Forms of the fair and its plan of work: shape only (the rules are the services')."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from agencies.models import Pledge
from povertyprog.thai.fields import ThaiDateField, ThaiIntegerField

from ..models import Fair, FairTask, TaskStatus
from ..models.fair import DEFAULT_NAME, DEFAULT_THEME, TASK_FIELDS


def _date_field(label, *, required: bool = True) -> ThaiDateField:
    """A BE date typed as 15/08/2567 or picked from the calendar of thai-datepicker.js."""
    return ThaiDateField(
        label=label,
        required=required,
        widget=forms.TextInput(
            attrs={
                "data-thai-datepicker": gettext_lazy("Choose from the calendar"),
                "autocomplete": "off",
            }
        ),
    )


def _time_field(label) -> forms.TimeField:
    return forms.TimeField(label=label, widget=forms.TimeInput(attrs={"type": "time"}))


class FairForm(forms.Form):
    """A fair's details: a new fair also chooses its programme (one of the province's)."""

    programme = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Programme"))
    name = forms.CharField(label=gettext_lazy("Name"), max_length=300, initial=DEFAULT_NAME)
    theme = forms.CharField(
        label=gettext_lazy("Theme line"), max_length=300, required=False, initial=DEFAULT_THEME
    )
    day = _date_field(gettext_lazy("Fair day"))
    starts = _time_field(gettext_lazy("Starts at"))
    ends = _time_field(gettext_lazy("Ends at"))
    venue = forms.CharField(label=gettext_lazy("Venue"), max_length=300)
    venue_address = forms.CharField(
        label=gettext_lazy("Venue address"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    capacity = ThaiIntegerField(label=gettext_lazy("Capacity (people)"))
    rsvp_deadline = _date_field(gettext_lazy("RSVP deadline"))

    def __init__(self, *args, programmes=None, fair: Fair | None = None, **kwargs):
        if fair is not None:
            starts, ends = timezone.localtime(fair.starts_at), timezone.localtime(fair.ends_at)
            kwargs.setdefault(
                "initial",
                {
                    "name": fair.name,
                    "theme": fair.theme,
                    "day": starts.date(),
                    "starts": starts.time(),
                    "ends": ends.time(),
                    "venue": fair.venue,
                    "venue_address": fair.venue_address,
                    "capacity": fair.capacity,
                    "rsvp_deadline": fair.rsvp_deadline,
                },
            )
        else:
            kwargs.setdefault(
                "initial", {"starts": datetime.time(8, 30), "ends": datetime.time(16)}
            )
        super().__init__(*args, **kwargs)
        if fair is not None:
            del self.fields["programme"]
        else:
            self.fields["programme"].queryset = programmes

    def service_values(self) -> dict:
        data = self.cleaned_data
        zone = timezone.get_current_timezone()
        values = {
            "name": data["name"],
            "theme": data["theme"],
            "starts_at": datetime.datetime.combine(data["day"], data["starts"], tzinfo=zone),
            "ends_at": datetime.datetime.combine(data["day"], data["ends"], tzinfo=zone),
            "venue": data["venue"],
            "venue_address": data["venue_address"],
            "capacity": data["capacity"],
            "rsvp_deadline": data["rsvp_deadline"],
        }
        if "programme" in self.fields:
            values["programme"] = data["programme"]
        return values

    def add_service_error(self, error) -> None:
        """The service names starts_at/ends_at; the form asks for times."""
        from povertyprog.core.errors import add_service_error

        renamed = {"starts_at": "starts", "ends_at": "ends"}
        if hasattr(error, "error_dict"):
            error.error_dict = {renamed.get(k, k): v for k, v in error.error_dict.items()}
        add_service_error(self, error)


class QuotaForm(forms.Form):
    """One field per district of the province: how many households it brings."""

    def __init__(self, *args, districts, quotas: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.districts = list(districts)
        for district in self.districts:
            self.fields[f"q_{district.code}"] = ThaiIntegerField(
                label=district.name_th,
                required=False,
                initial=quotas.get(district.code),
            )

    def rows(self):
        return [(district, self[f"q_{district.code}"]) for district in self.districts]

    def service_values(self) -> dict[str, int | None]:
        """District code → quota (None: left empty, no quota)."""
        return {
            district.code: self.cleaned_data.get(f"q_{district.code}")
            for district in self.districts
        }

    def add_district_errors(self, error) -> None:
        """The service's errors are keyed by district code: each lands on its district."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for code, errors in error.error_dict.items():
            field = f"q_{code}" if f"q_{code}" in self.fields else None
            self.add_error(field, errors)


class DeskForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Desk name"), max_length=200)
    district = forms.ModelChoiceField(queryset=None, label=gettext_lazy("District"), required=False)

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts


class DeskRenameForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Desk name"), max_length=200)


class BoothForm(forms.Form):
    agency = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Agency"))
    service = forms.CharField(label=gettext_lazy("Service"), max_length=300)
    place = forms.CharField(label=gettext_lazy("Place"), max_length=100, required=False)
    pledge = forms.ModelChoiceField(
        queryset=None,
        label=gettext_lazy("Pledge"),
        required=False,
        help_text=gettext_lazy("Optional: the agency's pledge this booth delivers."),
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["pledge"].queryset = (
            Pledge.objects.filter(agency__in=agencies).select_related("agency").order_by("pk")
        )


class FairMOUsForm(forms.Form):
    mous = forms.ModelMultipleChoiceField(
        queryset=None,
        label=gettext_lazy("MOUs signed at the fair"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mous"].queryset = choices


class TaskForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Task"), max_length=300)
    owner = forms.CharField(label=gettext_lazy("Owner"), max_length=200, required=False)
    due_on = _date_field(gettext_lazy("Due on"))
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), choices=TaskStatus.choices, initial=TaskStatus.TODO
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, task: FairTask | None = None, **kwargs):
        if task is not None:
            kwargs.setdefault("initial", {name: getattr(task, name) for name in TASK_FIELDS})
        super().__init__(*args, **kwargs)

    def service_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in TASK_FIELDS}


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=TaskStatus.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
