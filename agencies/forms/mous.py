"""Forms of MOUs, their signatories and pledges (shape only; the services validate and save)."""

from dataclasses import dataclass
from decimal import Decimal

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Field, Layout, Row, Submit
from django import forms
from django.db.models import Q, QuerySet
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from povertyprog.areas.models import District
from povertyprog.thai.fields import ThaiDateField, ThaiDecimalField, ThaiIntegerField
from povertyprog.thai.formats import fiscal_year_be, to_ascii_digits

from ..models import MOU, Agency, AssistanceType, Lever, MOUStatus, Pledge
from ..services import PLEDGE_FIELDS

_HALF = "col-12 col-md-6"
_THIRD = "col-12 col-md-4"


def thai_date_field(label, *, required: bool = True, help_text: str = "") -> ThaiDateField:
    """A BE date typed as 15/08/2567 or picked from the calendar of thai-datepicker.js."""
    return ThaiDateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.TextInput(
            attrs={
                # The attribute's value is the calendar button's label.
                "data-thai-datepicker": gettext_lazy("Choose from the calendar"),
                "autocomplete": "off",
            }
        ),
    )


def _buttons(submit_label: str, cancel_url: str) -> Div:
    return Div(
        Submit("save", submit_label, css_class="btn-primary"),
        HTML(
            format_html(
                '<a class="btn btn-outline-secondary" href="{}">{}</a>', cancel_url, _("Cancel")
            )
        ),
        css_class="d-flex flex-wrap gap-2",
    )


AMENDMENT_FIELDS = ("amendment_reason", "amended_on")


def add_amendment_fields(form: forms.Form, mou: MOU, *, required: bool = True) -> bool:
    """On a signed MOU a change is an amendment (บันทึกแก้ไขเพิ่มเติม): the form asks for its
    reason and date, which the service checks and records. Returns whether it did."""
    if mou.status != MOUStatus.SIGNED:
        return False
    form.fields["amendment_reason"] = forms.CharField(
        label=gettext_lazy("Reason for the amendment"),
        required=required,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "The MOU is signed: this change is recorded as an amendment on the MOU's history."
        ),
    )
    form.fields["amended_on"] = thai_date_field(gettext_lazy("Amendment date"), required=required)
    form.fields["amended_on"].initial = timezone.localdate()
    return True


def amendment_layout(form: forms.Form) -> Div | HTML:
    if "amendment_reason" not in form.fields:
        return HTML("")
    return Div(
        Row(
            Column("amendment_reason", css_class="col-12 col-md-8"),
            Column("amended_on", css_class="col-12 col-md-4"),
        ),
        css_class="border-start border-warning border-3 ps-3 mb-3",
        css_id="amendment",
    )


class AgencyChoiceField(forms.ModelChoiceField):
    """Agencies by their full Thai name, as printed on the MOU."""

    def label_from_instance(self, agency: Agency) -> str:
        return f"{agency.name_th} ({agency.short_name})" if agency.short_name else agency.name_th


# The MOU list's filters --------------------------------------------------------------------


@dataclass(frozen=True)
class MOUFilters:
    fiscal_year_be: int | None = None
    status: str = ""

    def apply(self, mous: QuerySet[MOU]) -> QuerySet[MOU]:
        if self.fiscal_year_be:
            mous = mous.filter(fiscal_year_be=self.fiscal_year_be)
        if self.status:
            mous = mous.filter(status=self.status)
        return mous


class _YearChoiceField(forms.TypedChoiceField):
    """A BE year from the URL, with Thai digits or ASCII ones."""

    def to_python(self, value):
        return to_ascii_digits(super().to_python(value)).strip()


class MOUFilterForm(forms.Form):
    fiscal_year = _YearChoiceField(
        label=gettext_lazy("Programme year"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("All statuses")), *MOUStatus.choices],
    )

    def __init__(self, *args, mous: QuerySet[MOU], **kwargs):
        super().__init__(*args, **kwargs)
        years = sorted(set(mous.values_list("fiscal_year_be", flat=True)), reverse=True)
        self.fields["fiscal_year"].choices = [("", _("All years"))] + [
            (str(year), str(year)) for year in years
        ]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_action = reverse("agencies:mou_list")
        self.helper.form_id = "mou-filters"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("fiscal_year", css_class="col-6 col-md-3"),
                Column("status", css_class="col-6 col-md-3"),
                Column(
                    Submit("filter", _("Filter"), css_class="btn-primary"),
                    HTML(
                        format_html(
                            '<a class="btn btn-outline-secondary" href="{}">{}</a>',
                            reverse("agencies:mou_list"),
                            _("Clear filters"),
                        )
                    ),
                    css_class="col-12 col-md-6 d-flex flex-wrap gap-2 align-items-end mb-3",
                ),
            )
        )

    @cached_property
    def filters(self) -> MOUFilters:
        self.is_valid()
        data = self.cleaned_data
        return MOUFilters(fiscal_year_be=data.get("fiscal_year"), status=data.get("status") or "")


# An MOU ------------------------------------------------------------------------------------

MOU_FORM_FIELDS = [
    "province",
    "title",
    "fiscal_year_be",
    "governor_name",
    "governor_title",
    "signing_place",
    "signed_on",
    "scope",
    "valid_from",
    "valid_until",
]


class MOUForm(forms.Form):
    """An MOU's header. The province is chosen once, when the MOU is created."""

    province = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Province"))
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=300,
        widget=forms.TextInput(
            attrs={
                "placeholder": gettext_lazy("e.g. บันทึกข้อตกลงความร่วมมือการแก้ไขปัญหาความยากจน ปี 2567")
            }
        ),
    )
    fiscal_year_be = ThaiIntegerField(
        label=gettext_lazy("Programme year (fiscal, BE)"),
        min_value=2500,
        max_value=2700,
        help_text=gettext_lazy("The fiscal year runs from 1 October to 30 September."),
    )
    governor_name = forms.CharField(label=gettext_lazy("Governor's name"), max_length=200)
    governor_title = forms.CharField(label=gettext_lazy("Governor's title"), max_length=200)
    signing_place = forms.CharField(
        label=gettext_lazy("Signing place"), max_length=300, required=False
    )
    signed_on = thai_date_field(
        gettext_lazy("Signing date"),
        required=False,
        help_text=gettext_lazy(
            "The planned date; the MOU counts as signed once you mark it signed."
        ),
    )
    scope = forms.CharField(
        label=gettext_lazy("Scope of cooperation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    valid_from = thai_date_field(gettext_lazy("Valid from"))
    valid_until = thai_date_field(gettext_lazy("Valid until"))

    def __init__(self, *args, provinces: QuerySet, mou: MOU | None = None, **kwargs):
        if mou is not None:
            kwargs.setdefault("initial", model_to_dict(mou, fields=MOU_FORM_FIELDS))
        super().__init__(*args, **kwargs)
        self.mou = mou
        province = self.fields["province"]
        province.queryset = provinces
        if mou is not None:
            # An MOU's province does not change: its pledges' districts lie in it.
            province.disabled = True
            province.required = False
        elif len(provinces) == 1:
            province.initial = provinces[0].pk
        if mou is None:
            self.fields["fiscal_year_be"].initial = fiscal_year_be(timezone.localdate())
            self.fields["governor_title"].initial = MOU._meta.get_field("governor_title").default
        if mou is not None and mou.status != MOUStatus.DRAFT:
            # Once signed, the date is a fact of the record, no longer a plan.
            self.fields["signed_on"].help_text = ""
            self.fields["signed_on"].required = mou.signed_on is not None
        # Only a change of the terms is an amendment: the service asks for the reason then.
        if mou is not None and add_amendment_fields(self, mou, required=False):
            self.fields["amendment_reason"].help_text = _(
                "The MOU is signed: changing its validity, scope, governor or year is an "
                "amendment. Give its reason and date; a correction of the title or place needs "
                "none."
            )
        self.helper = FormHelper()
        self.helper.form_id = "mou-form"
        self.helper.layout = Layout(
            Row(
                Column("title", css_class="col-12 col-lg-7"),
                Column("fiscal_year_be", css_class="col-6 col-lg-3"),
                Column("province", css_class="col-6 col-lg-2"),
            ),
            Row(
                Column("governor_name", css_class=_HALF), Column("governor_title", css_class=_HALF)
            ),
            Row(
                Column("valid_from", css_class="col-12 col-sm-6 col-md-4"),
                Column("valid_until", css_class="col-12 col-sm-6 col-md-4"),
                Column("signed_on", css_class="col-12 col-md-4"),
            ),
            Field("signing_place"),
            Field("scope"),
            amendment_layout(self),
            _buttons(
                _("Save"),
                mou.get_absolute_url() if mou else reverse("agencies:mou_list"),
            ),
        )

    def service_values(self) -> dict:
        """The cleaned values for mou_create / mou_update (without the fixed province)."""
        values = dict(self.cleaned_data)
        if self.mou is not None:
            values.pop("province", None)
        return values


# Signatories and signing -------------------------------------------------------------------


class SignatoryForm(forms.Form):
    """Add an agency as a signatory: who signs for it, and with what title."""

    agency = AgencyChoiceField(queryset=None, label=gettext_lazy("Agency"))
    signer_name = forms.CharField(label=gettext_lazy("Signer's name"), max_length=200)
    signer_title = forms.CharField(
        label=gettext_lazy("Signer's title"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("e.g. เกษตรจังหวัดเชียงใหม่")}),
    )

    def __init__(self, *args, mou: MOU, agencies: QuerySet[Agency], **kwargs):
        super().__init__(*args, **kwargs)
        signed = [signatory.agency_id for signatory in mou.signatories.all()]
        # Agencies of the MOU's province or national ones, active, not yet signing.
        self.fields["agency"].queryset = (
            agencies.filter(Q(province__isnull=True) | Q(province_id=mou.province_id))
            .filter(is_active=True)
            .exclude(pk__in=signed)
            .order_by("name_th")
        )
        self.fields["agency"].empty_label = _("— choose an agency —")
        add_amendment_fields(self, mou)
        self.helper = FormHelper()
        self.helper.form_id = "signatory-form"
        self.helper.form_action = reverse("agencies:mou_signatory_add", args=[mou.pk])
        self.helper.layout = Layout(
            amendment_layout(self),
            Row(
                Column("agency", css_class="col-12 col-lg-4"),
                Column("signer_name", css_class="col-12 col-sm-6 col-lg-3"),
                Column("signer_title", css_class="col-12 col-sm-6 col-lg-3"),
                Column(
                    Submit("add", _("Add signatory"), css_class="btn-primary"),
                    css_class="col-12 col-lg-2 d-flex align-items-lg-end mb-3",
                ),
            ),
        )


class SignForm(forms.Form):
    """Mark a draft MOU as signed on the day of the ceremony."""

    signed_on = thai_date_field(gettext_lazy("Signing date"))
    signing_place = forms.CharField(
        label=gettext_lazy("Signing place"), max_length=300, required=False
    )

    def __init__(self, *args, mou: MOU, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "signed_on": mou.signed_on or timezone.localdate(),
                "signing_place": mou.signing_place,
            },
        )
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_id = "sign-form"
        self.helper.form_action = reverse("agencies:mou_sign", args=[mou.pk])
        self.helper.layout = Layout(
            Row(
                Column("signed_on", css_class="col-12 col-sm-5 col-lg-3"),
                Column("signing_place", css_class="col-12 col-sm-7 col-lg-6"),
                Column(
                    StrictButton(
                        format_html(
                            '<i class="bi bi-pen" aria-hidden="true"></i> {}', _("Mark as signed")
                        ),
                        type="submit",
                        name="sign",
                        css_class="btn-success",
                    ),
                    css_class="col-12 col-lg-3 d-flex align-items-lg-end mb-3",
                ),
            )
        )


class DocumentForm(forms.Form):
    """The signed scan, posted to agencies:mou_document (its view checks size and type)."""

    document = forms.FileField(
        label=gettext_lazy("Signed document"),
        help_text=gettext_lazy("PDF, JPEG or PNG, up to 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, mou: MOU, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_id = "document-form"
        self.helper.form_action = reverse("agencies:mou_document", args=[mou.pk])
        self.helper.layout = Layout(
            Field("document"),
            StrictButton(
                format_html('<i class="bi bi-upload" aria-hidden="true"></i> {}', _("Upload")),
                type="submit",
                name="upload",
                css_class="btn-outline-primary",
            ),
        )


# Pledges -----------------------------------------------------------------------------------


class PledgeForm(forms.Form):
    """An agency's pledge under an MOU. Only the MOU's signatories may pledge; districts are
    those of the MOU's province."""

    agency = AgencyChoiceField(queryset=None, label=gettext_lazy("Agency"))
    lever = forms.ChoiceField(label=gettext_lazy("Lever"), choices=Lever.choices)
    assistance_type = forms.ModelChoiceField(
        queryset=None,
        label=gettext_lazy("Kind of assistance"),
        required=False,
        help_text=gettext_lazy("From the catalogue, under the pledge's lever."),
    )
    description = forms.CharField(
        label=gettext_lazy("What"),
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("e.g. ฝึกอาชีพเพาะเห็ด")}),
    )
    households_pledged = ThaiIntegerField(label=gettext_lazy("Households"))
    budget = ThaiDecimalField(
        label=gettext_lazy("Budget (baht)"),
        required=False,
        max_digits=14,
        decimal_places=2,
    )
    whole_province = forms.BooleanField(
        label=gettext_lazy("Every district of the province"), required=False
    )
    districts = forms.ModelMultipleChoiceField(
        queryset=None,
        label=gettext_lazy("Districts"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    starts_on = thai_date_field(gettext_lazy("From"), required=False)
    ends_on = thai_date_field(gettext_lazy("Until"), required=False)

    def __init__(
        self, *args, mou: MOU, agencies: QuerySet[Agency], pledge: Pledge | None = None, **kwargs
    ):
        if pledge is not None:
            initial = model_to_dict(
                pledge,
                fields=PLEDGE_FIELDS,
            )
            initial["districts"] = [district.pk for district in pledge.districts.all()]
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.mou = mou
        self.fields["agency"].queryset = agencies.order_by("name_th")
        self.fields["agency"].empty_label = _("— choose a signatory —")
        kinds = AssistanceType.objects.filter(is_active=True)
        if pledge is not None and pledge.assistance_type_id:
            kinds = AssistanceType.objects.filter(
                Q(is_active=True) | Q(pk=pledge.assistance_type_id)
            )
        self.fields["assistance_type"].queryset = kinds.order_by("lever", "ordering", "code")
        self.fields["assistance_type"].label_from_instance = lambda kind: (
            f"{kind.get_lever_display()} · {kind.name_th}"
        )
        self.fields["districts"].queryset = District.objects.filter(
            province_id=mou.province_id
        ).order_by("code")
        add_amendment_fields(self, mou)
        self.helper = FormHelper()
        self.helper.form_id = "pledge-form"
        self.helper.layout = Layout(
            Row(
                Column("agency", css_class=_HALF),
                Column("lever", css_class=_HALF),
            ),
            Field("assistance_type"),
            Field("description"),
            Row(
                Column("households_pledged", css_class="col-6 col-md-3"),
                Column("budget", css_class="col-6 col-md-3"),
                Column("starts_on", css_class="col-12 col-sm-6 col-md-3"),
                Column("ends_on", css_class="col-12 col-sm-6 col-md-3"),
            ),
            Field("whole_province"),
            HTML('{% include "agencies/_district_checkboxes.html" with field=form.districts %}'),
            amendment_layout(self),
            _buttons(_("Save pledge"), mou.get_absolute_url()),
        )

    def service_values(self) -> dict:
        """The cleaned values for pledge_save, with the districts as a list."""
        values = dict(self.cleaned_data)
        whole_province = values.pop("whole_province")
        districts = list(values.pop("districts"))
        if whole_province:
            districts = list(self.fields["districts"].queryset)
        if values.get("budget") is None:
            values["budget"] = Decimal(0)
        return {**values, "districts": districts}


class PledgeRemoveForm(forms.Form):
    """Withdrawing a pledge: on a signed MOU, an amendment with its reason and date."""

    def __init__(self, *args, mou: MOU, **kwargs):
        super().__init__(*args, **kwargs)
        add_amendment_fields(self, mou)
