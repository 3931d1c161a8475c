"""The household registry's filter form (a GET form: it narrows a list, it changes nothing)."""

from crispy_forms.bootstrap import FieldWithButtons, StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Field, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from povertyprog.core.layout import filter_actions
from povertyprog.thai.formats import (
    CitizenIDError,
    normalize_citizen_id,
    parse_thai_decimal,
    to_ascii_digits,
)

from ..registry_queries import (
    DEFAULT_SORT,
    SORT_CHOICES,
    SORTS,
    Poor,
    RegistryFilters,
    districts_for_filter,
)
from ..selectors import rounds_all

_COLUMN = "col-12 col-sm-6 col-lg-3"
_NARROW_COLUMN = "col-6 col-lg-3"


def _area_code(value: str, digits: int) -> str:
    code = "".join(to_ascii_digits(value).split())
    if code and (len(code) != digits or not code.isascii() or not code.isdigit()):
        raise ValidationError(
            _("Enter a code of %(digits)d digits."), code="invalid", params={"digits": digits}
        )
    return code


class _DigitsChoiceField(forms.ChoiceField):
    """A choice of codes or years, typed in the URL with Thai digits or ASCII ones."""

    def to_python(self, value):
        return to_ascii_digits(super().to_python(value)).strip()


class HouseholdFilterForm(forms.Form):
    """Which survey records the registry lists: bind it to request.GET (every field optional).

    Invalid fields are reported and ignored; the valid ones still filter (see `filters`).
    """

    q = forms.CharField(
        label=gettext_lazy("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "placeholder": gettext_lazy("Name, house number or citizen ID"),
                "type": "search",
            }
        ),
    )
    round = _DigitsChoiceField(label=gettext_lazy("Survey round"), required=False)
    district = _DigitsChoiceField(label=gettext_lazy("District"), required=False)
    subdistrict = forms.CharField(
        label=gettext_lazy("Subdistrict code"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "500701"}),
    )
    village = forms.CharField(
        label=gettext_lazy("Village code"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "50070103"}),
    )
    poor = forms.ChoiceField(
        label=gettext_lazy("Below the threshold"),
        required=False,
        choices=[
            (Poor.ALL, pgettext_lazy("poor filter", "All")),
            (Poor.YES, gettext_lazy("Poor only")),
            (Poor.NO, gettext_lazy("Not poor only")),
        ],
    )
    failed = forms.CharField(
        label=gettext_lazy("Failed indicator no."),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "22"}),
    )
    income_min = forms.CharField(
        label=gettext_lazy("Income from (baht)"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    income_max = forms.CharField(
        label=gettext_lazy("Income up to (baht)"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "38,000"}),
    )
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.rounds = list(rounds_all())
        self.fields["round"].choices = [(str(r.year_be), str(r)) for r in self.rounds]
        self.fields["district"].choices = [("", _("All districts"))] + [
            (district.code, district.name) for district in districts_for_filter(user)
        ]
        # A search that looks like a mistyped citizen ID: said under the box, not refused.
        self.q_hint = ""
        self.helper = self._helper()

    def _helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_method = "get"
        helper.form_action = reverse("households:list")
        helper.form_id = "registry-filters"
        helper.disable_csrf = True
        search_button = StrictButton(
            format_html('<i class="bi bi-search"></i> {}', _("Search")),
            type="submit",
            css_class="btn-primary",
        )
        toggle = format_html(
            '<button class="btn btn-outline-secondary btn-sm d-md-none mb-3" type="button" '
            'data-bs-toggle="collapse" data-bs-target="#registry-more-filters" '
            'aria-controls="registry-more-filters" aria-expanded="{}">'
            '<i class="bi bi-funnel"></i> {}</button>',
            "true" if self.is_narrowed else "false",
            _("More filters"),
        )
        helper.layout = Layout(
            FieldWithButtons("q", search_button),
            HTML(toggle),
            Div(
                Row(
                    Column("round", css_class=_NARROW_COLUMN),
                    Column("district", css_class=_NARROW_COLUMN),
                    Column("subdistrict", css_class=_NARROW_COLUMN),
                    Column("village", css_class=_NARROW_COLUMN),
                    Column("poor", css_class=_COLUMN),
                    Column("failed", css_class=_COLUMN),
                    Column("income_min", css_class=_NARROW_COLUMN),
                    Column("income_max", css_class=_NARROW_COLUMN),
                ),
                filter_actions(reverse("households:list")),
                # Folded on phones unless a filter is in use; always open from md up.
                css_class="collapse d-md-block" + (" show" if self.is_narrowed else ""),
                css_id="registry-more-filters",
            ),
            Field("sort"),
        )
        return helper

    # Shape checks ---------------------------------------------------------------------------

    def clean_round(self):
        year = self.cleaned_data["round"]
        return next((r for r in self.rounds if str(r.year_be) == year), None)

    def clean_subdistrict(self):
        return _area_code(self.cleaned_data["subdistrict"], 6)

    def clean_village(self):
        return _area_code(self.cleaned_data["village"], 8)

    def clean_failed(self):
        text = "".join(to_ascii_digits(self.cleaned_data["failed"]).split())
        if not text:
            return None
        if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 99:
            raise ValidationError(_("Enter an indicator number, such as 22."), code="invalid")
        return int(text)

    def _clean_income(self, name: str):
        text = self.cleaned_data[name].strip()
        return parse_thai_decimal(text) if text else None

    def clean_income_min(self):
        return self._clean_income("income_min")

    def clean_income_max(self):
        return self._clean_income("income_max")

    def clean_q(self):
        q = " ".join(self.cleaned_data["q"].split())
        try:
            normalize_citizen_id(q)
        except CitizenIDError as error:
            if error.code in {"check_digit", "lost_leading_zero"}:
                self.q_hint = error.messages[0]
        return q

    def clean_sort(self):
        # Only the whitelisted sort keys; anything else quietly falls back to the default.
        sort = self.cleaned_data["sort"]
        return sort if sort in SORT_CHOICES else DEFAULT_SORT

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("income_min"), cleaned.get("income_max")
        if low is not None and high is not None and low > high:
            self.add_error("income_max", _("The upper income limit is below the lower one."))
        return cleaned

    # What the view uses ---------------------------------------------------------------------

    @cached_property
    def filters(self) -> RegistryFilters:
        """The filters of the valid fields; the newest round when none (valid) is chosen."""
        self.is_valid()
        data = self.cleaned_data
        return RegistryFilters(
            survey_round=data.get("round") or (self.rounds[0] if self.rounds else None),
            district=data.get("district") or "",
            subdistrict=data.get("subdistrict") or "",
            village=data.get("village") or "",
            poor=data.get("poor") or Poor.ALL,
            failed_indicator=data.get("failed"),
            income_min=data.get("income_min"),
            income_max=data.get("income_max"),
            q=data.get("q") or "",
            sort=data.get("sort") or DEFAULT_SORT,
        )

    @property
    def is_narrowed(self) -> bool:
        """Is a folded filter in use or wrong? (Then the filters open on phones.)"""
        f = self.filters
        return (
            bool(self.errors)
            or any((f.district, f.subdistrict, f.village, f.poor))
            or any(v is not None for v in (f.failed_indicator, f.income_min, f.income_max))
        )

    def sort_links(self) -> dict[str, dict[str, str]]:
        """For each sortable column: the `sort` value its header links to, and the current
        direction ("asc", "desc" or "")."""
        current = self.filters.sort
        links = {}
        for name in SORTS:
            if current == name:
                links[name] = {"next": f"-{name}", "direction": "asc"}
            elif current == f"-{name}":
                links[name] = {"next": name, "direction": "desc"}
            else:
                links[name] = {"next": name, "direction": ""}
        return links
