"""Forms of the agency directory: its filters, and an agency's details (shape only; saving is
`agency_save`'s job)."""

from dataclasses import dataclass

from crispy_forms.bootstrap import FieldWithButtons, StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Field, Layout, Row, Submit
from django import forms
from django.db.models import Q, QuerySet
from django.forms.models import fields_for_model, model_to_dict
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from povertyprog.core.layout import filter_actions

from ..models import Agency, AgencyType
from ..services import AGENCY_FIELDS

_HALF = "col-12 col-md-6"


class Reach:
    """Which agencies the directory shows by where they work."""

    ALL = ""
    PROVINCE = "province"
    NATIONAL = "national"


@dataclass(frozen=True)
class AgencyFilters:
    q: str = ""
    agency_type: str = ""
    reach: str = Reach.ALL
    active_only: bool = False

    def apply(self, agencies: QuerySet[Agency]) -> QuerySet[Agency]:
        """Narrow an already scoped queryset of agencies."""
        if self.q:
            agencies = agencies.filter(
                Q(name_th__icontains=self.q)
                | Q(name_en__icontains=self.q)
                | Q(short_name__icontains=self.q)
            )
        if self.agency_type:
            agencies = agencies.filter(agency_type=self.agency_type)
        if self.reach == Reach.PROVINCE:
            agencies = agencies.filter(province__isnull=False)
        elif self.reach == Reach.NATIONAL:
            agencies = agencies.filter(province__isnull=True)
        if self.active_only:
            agencies = agencies.filter(is_active=True)
        return agencies


class AgencyFilterForm(forms.Form):
    """The directory's filters: bind it to request.GET (every field optional)."""

    q = forms.CharField(
        label=gettext_lazy("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": gettext_lazy("Thai, English or short name")}
        ),
    )
    agency_type = forms.ChoiceField(
        label=gettext_lazy("Type"),
        required=False,
        choices=[("", gettext_lazy("All types")), *AgencyType.choices],
    )
    reach = forms.ChoiceField(
        label=gettext_lazy("Works in"),
        required=False,
        choices=[
            (Reach.ALL, gettext_lazy("The province and nationwide")),
            (Reach.PROVINCE, gettext_lazy("The province only")),
            (Reach.NATIONAL, gettext_lazy("Nationwide only")),
        ],
    )
    active_only = forms.BooleanField(label=gettext_lazy("Active agencies only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_action = reverse("agencies:agency_list")
        self.helper.form_id = "agency-filters"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            FieldWithButtons(
                "q",
                StrictButton(
                    format_html('<i class="bi bi-search"></i> {}', _("Search")),
                    type="submit",
                    css_class="btn-primary",
                ),
            ),
            HTML(
                format_html(
                    '<button class="btn btn-outline-secondary btn-sm d-md-none mb-3" type="button" '
                    'data-bs-toggle="collapse" data-bs-target="#agency-more-filters" '
                    'aria-controls="agency-more-filters" aria-expanded="{}">'
                    '<i class="bi bi-funnel"></i> {}</button>',
                    "true" if self.is_narrowed else "false",
                    _("More filters"),
                )
            ),
            Div(
                Row(
                    Column("agency_type", css_class="col-12 col-sm-6 col-lg-4"),
                    Column("reach", css_class="col-12 col-sm-6 col-lg-4"),
                    Column(
                        Field("active_only"),
                        css_class="col-12 col-lg-4 d-flex align-items-lg-center",
                    ),
                ),
                filter_actions(reverse("agencies:agency_list"), small=True, css_class="mb-3"),
                # Folded on phones unless a filter is in use; always open from md up.
                css_class="collapse d-md-block" + (" show" if self.is_narrowed else ""),
                css_id="agency-more-filters",
            ),
        )

    @property
    def is_narrowed(self) -> bool:
        """Is a folded filter in use or wrong? (Then the filters open on phones.)"""
        f = self.filters
        return bool(self.errors) or bool(f.agency_type or f.reach or f.active_only)

    @cached_property
    def filters(self) -> AgencyFilters:
        """The filters of the valid fields; an invalid one is shown and ignored."""
        self.is_valid()
        data = self.cleaned_data
        return AgencyFilters(
            q=" ".join((data.get("q") or "").split()),
            agency_type=data.get("agency_type") or "",
            reach=data.get("reach") or Reach.ALL,
            active_only=bool(data.get("active_only")),
        )


AGENCY_FORM_FIELDS = [name for name in AGENCY_FIELDS if name != "province_id"]


class AgencyForm(forms.Form):
    """An agency's details, with the model's fields; `agency_save` validates and saves.

    Not a ModelForm: a ModelForm writes the values onto the instance while it validates,
    and the service would then see nothing changed to audit.
    """

    def __init__(self, *args, provinces: QuerySet, agency: Agency | None = None, **kwargs):
        if agency is not None:
            kwargs.setdefault("initial", model_to_dict(agency, fields=AGENCY_FORM_FIELDS))
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(Agency, fields=AGENCY_FORM_FIELDS))
        province = self.fields["province"]
        # The user's own province(s), or none at all: a national agency.
        province.queryset = provinces
        province.empty_label = _("— national (every province) —")
        if agency is None and len(provinces) == 1:
            province.initial = provinces[0].pk
        self.fields["phone"].widget.attrs.update(inputmode="tel", autocomplete="off")
        self.agency = agency
        self.helper = FormHelper()
        self.helper.form_id = "agency-form"
        self.helper.layout = Layout(
            Row(Column("name_th", css_class=_HALF), Column("name_en", css_class=_HALF)),
            Row(
                Column("short_name", css_class="col-12 col-md-4"),
                Column("agency_type", css_class="col-12 col-md-4"),
                Column("province", css_class="col-12 col-md-4"),
            ),
            Row(
                Column("parent_organisation", css_class=_HALF),
                Column("head_title", css_class=_HALF),
            ),
            Row(
                Column("contact_person", css_class="col-12 col-md-4"),
                Column("phone", css_class="col-12 col-md-4"),
                Column("email", css_class="col-12 col-md-4"),
            ),
            Field("is_active"),
            Div(
                Submit("save", _("Save"), css_class="btn-primary"),
                HTML(
                    format_html(
                        '<a class="btn btn-outline-secondary" href="{}">{}</a>',
                        agency.get_absolute_url() if agency else reverse("agencies:agency_list"),
                        _("Cancel"),
                    )
                ),
                css_class="d-flex flex-wrap gap-2",
            ),
        )
