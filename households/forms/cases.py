"""Forms of a district officer's cases: the case list's filters (a GET form), and the field
check and capacity class of one case (shape only: the rules are the services' job,
households.programme_services.target_verify and target_capacity_set)."""

from dataclasses import dataclass
from datetime import date

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row, Submit
from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext_lazy

from agencies.models import Agency
from povertyprog.core.layout import filter_actions
from povertyprog.thai.formats import to_ascii_digits

from ..models import Capacity, Programme, Stage, Target, Verification
from ..visit_selectors import overdue_cases

_NARROW_COLUMN = "col-6 col-lg-2"

# Sort keys of the case list: key -> the order it means (the last field keeps it stable).
CASE_SORTS = {
    "village": ("household__village_id", "household__house_no", "pk"),
    "-village": ("-household__village_id", "-household__house_no", "-pk"),
    "rank": ("district_id", "rank", "pk"),
    "-rank": ("-district_id", "-rank", "-pk"),
    "income": ("survey__income_per_person", "pk"),
    "-income": ("-survey__income_per_person", "-pk"),
    "stage": ("stage", "household__village_id", "pk"),
    "-stage": ("-stage", "household__village_id", "pk"),
}
DEFAULT_CASE_SORT = "village"


@dataclass(frozen=True)
class CaseFilters:
    programme: Programme | None = None
    stage: str = ""
    capacity: str = ""
    village: str = ""
    pending: bool = False
    overdue: bool = False
    host: Agency | None = None
    today: date | None = None  # for `overdue`: the day the form was read
    sort: str = DEFAULT_CASE_SORT

    def apply(self, targets: QuerySet[Target]) -> QuerySet[Target]:
        """Narrow an already scoped queryset of cases, in the chosen order."""
        if self.programme is not None:
            targets = targets.filter(programme=self.programme)
        if self.stage:
            targets = targets.filter(stage=self.stage)
        if self.capacity == _NOT_CLASSED:
            targets = targets.filter(capacity=Capacity.NOT_CLASSED)
        elif self.capacity:
            targets = targets.filter(capacity=self.capacity)
        if self.village:
            targets = targets.filter(household__village__code__startswith=self.village)
        if self.pending:
            targets = targets.filter(Q(verification=Verification.PENDING) & ~Q(stage=Stage.DROPPED))
        if self.overdue:
            targets = targets.filter(overdue_cases(self.today or timezone.localdate()))
        if self.host is not None:
            targets = targets.filter(
                host_assignments__agency=self.host, host_assignments__ended_at__isnull=True
            )
        return targets.order_by(*CASE_SORTS[self.sort])

    def for_log(self) -> dict:
        return {
            "programme": self.programme.pk if self.programme else None,
            "stage": self.stage,
            "capacity": self.capacity,
            "village": self.village,
            "pending": self.pending,
            "overdue": self.overdue,
            "host": self.host.pk if self.host else None,
        }


_NOT_CLASSED = "none"  # the filter's value for "not classed yet" (the model's value is "")


class CaseFilterForm(forms.Form):
    """Which cases the list shows: bind it to request.GET (every field optional). Invalid
    fields are reported and ignored; the valid ones still filter (see `filters`)."""

    programme = forms.ModelChoiceField(
        label=gettext_lazy("Programme"),
        queryset=Programme.objects.none(),
        required=False,
        empty_label=pgettext_lazy("programme filter", "All programmes"),
    )
    stage = forms.ChoiceField(label=gettext_lazy("Stage"), required=False)
    capacity = forms.ChoiceField(label=gettext_lazy("Capacity"), required=False)
    village = forms.CharField(
        label=gettext_lazy("Village code"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "50070103"}),
    )
    pending = forms.BooleanField(label=gettext_lazy("Not verified yet"), required=False)
    overdue = forms.BooleanField(
        label=gettext_lazy("Overdue (visit or plan activity)"), required=False
    )
    host = forms.ModelChoiceField(
        label=gettext_lazy("Host agency"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=pgettext_lazy("host filter", "Any"),
    )
    sort = forms.ChoiceField(
        required=False, choices=[(key, key) for key in CASE_SORTS], widget=forms.HiddenInput
    )

    def __init__(
        self,
        *args,
        programmes: QuerySet[Programme],
        hosts: QuerySet[Agency] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["host"].queryset = hosts if hosts is not None else Agency.objects.none()
        self.fields["stage"].choices = [
            ("", pgettext_lazy("stage filter", "All stages")),
            *Stage.choices,
        ]
        self.fields["capacity"].choices = [
            ("", pgettext_lazy("capacity filter", "All")),
            (_NOT_CLASSED, Capacity.NOT_CLASSED.label),
        ] + [(value, label) for value, label in Capacity.choices if value]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_action = reverse("households:case_list")
        self.helper.form_id = "case-filters"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("programme", css_class="col-12 col-lg-3"),
                Column("stage", css_class=_NARROW_COLUMN),
                Column("capacity", css_class=_NARROW_COLUMN),
                Column("village", css_class=_NARROW_COLUMN),
                Column(Field("pending"), css_class="col-6 col-lg-3 align-self-end"),
            ),
            Row(
                Column("host", css_class="col-12 col-lg-3"),
                Column(Field("overdue"), css_class="col-6 col-lg-3 align-self-end"),
            ),
            "sort",
            filter_actions(reverse("households:case_list")),
        )

    def clean_village(self) -> str:
        code = "".join(to_ascii_digits(self.cleaned_data["village"]).split())
        if code and not (code.isascii() and code.isdigit() and len(code) <= 8):
            raise forms.ValidationError(gettext_lazy("Enter a village code (up to 8 digits)."))
        return code

    @property
    def filters(self) -> CaseFilters:
        self.is_valid()
        data = self.cleaned_data
        values = {
            name: data[name]
            for name in (
                "programme",
                "stage",
                "capacity",
                "village",
                "pending",
                "overdue",
                "host",
                "sort",
            )
            if name not in self.errors and data.get(name) not in (None, "")
        }
        return CaseFilters(**values, today=timezone.localdate())


class CaseVerifyForm(forms.Form):
    """The field check: what the officer found, and a note (required when rejected: the
    service says so)."""

    outcome = forms.ChoiceField(
        label=gettext_lazy("What the field check found"),
        choices=[(v, label) for v, label in Verification.choices if v != Verification.PENDING],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, target: Target, **kwargs):
        super().__init__(*args, prefix="verify", **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = reverse("households:case_verify", args=[target.pk])
        self.helper.form_id = "verify-form"
        self.helper.layout = Layout(
            "outcome",
            "note",
            Submit("save", gettext_lazy("Record the check"), css_class="btn-primary"),
        )


class CaseCapacityForm(forms.Form):
    """The capacity class: can the household develop itself, or does it need care; why."""

    capacity = forms.ChoiceField(
        label=gettext_lazy("Capacity"),
        choices=[(v, label) for v, label in Capacity.choices if v],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, target: Target, **kwargs):
        initial = {"capacity": target.capacity or None, "reason": target.capacity_reason}
        super().__init__(*args, prefix="capacity", initial=initial, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = reverse("households:case_capacity", args=[target.pk])
        self.helper.form_id = "capacity-form"
        self.helper.layout = Layout(
            "capacity",
            "reason",
            Submit("save", gettext_lazy("Save the class"), css_class="btn-primary"),
        )
