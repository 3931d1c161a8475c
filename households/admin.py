from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportMixin

from povertyprog.accounts.roles import Perm
from povertyprog.areas.selectors import provinces_in_scope
from povertyprog.core.admin_site import RELATED_ADMIN, ScopedModelAdmin, ScopedTabularInline
from povertyprog.thai.formats import to_ascii_digits

from .forms.admin_import import BMNConfirmImportForm, BMNImportForm
from .models import (
    Assistance,
    FollowUpVisit,
    HostAssignment,
    Household,
    HouseholdSurvey,
    ImportBatch,
    Indicator,
    IndicatorSet,
    Programme,
    SurveyRound,
    Target,
)
from .programme_selectors import programmes_visible_to, targets_visible_to
from .resources import BMNFile, HouseholdSurveyImportResource
from .services import (
    SURVEY_CORRECTABLE,
    round_create,
    survey_correct,
    survey_indicators_check,
)


def _all_rounds(user):
    return SurveyRound.objects.all()  # national reference data: the same for everyone


def _all_indicator_sets(user):
    return IndicatorSet.objects.all()  # national reference data: the same for everyone


class IndicatorInline(ScopedTabularInline):
    model = Indicator
    extra = 0


@admin.register(IndicatorSet)
class IndicatorSetAdmin(ScopedModelAdmin):
    """National reference data: national-scope admins add new sets (e.g. 2566–2570) here;
    province admins see them read-only (DESIGN.md "Decisions"). Indicators are audited one
    entry each, through the inline."""

    scope_field = None
    national_reference = True
    perm = Perm.MANAGE_REFERENCE_DATA
    list_display = ("code", "name_th", "first_year_be", "last_year_be")
    inlines = [IndicatorInline]


@admin.register(SurveyRound)
class SurveyRoundAdmin(ScopedModelAdmin):
    """National reference data, like indicator sets. A new round is opened by `round_create`
    (its indicator set defaults to the one covering the year); a change is audited."""

    scope_field = None
    national_reference = True
    perm = Perm.MANAGE_REFERENCE_DATA
    list_display = ("year_be", "indicator_set", "income_threshold")
    scoped_choices = {"indicator_set": _all_indicator_sets}

    def save_model(self, request, obj, form, change) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        obj.pk = round_create(
            year_be=obj.year_be,
            income_threshold=obj.income_threshold,
            indicator_set=obj.indicator_set,
            by=request.user,
        ).pk


@admin.register(Household)
class HouseholdAdmin(ScopedModelAdmin):
    """Read-only here: a household's village and house number are the import's key for it
    (an edit would make the next import create it again) and its house code is part of each
    record's change-detection hash. The import keeps them; the registry page shows them."""

    scope_field = "village__code"
    read_only = True
    app_page_label = _("Open on the registry")
    list_display = ("house_no", "village", "house_code")
    search_fields = ("house_no", "house_code")
    list_select_related = ("village",)


class SurveyCorrectionForm(forms.ModelForm):
    """A record's correctable values; failed indicators typed as numbers ("4, 22")."""

    failed_indicators = forms.CharField(
        label=_("failed indicators"),
        required=False,
        help_text=_("Indicator numbers separated by commas, e.g. 4, 22"),
    )

    class Meta:
        model = HouseholdSurvey
        fields = SURVEY_CORRECTABLE

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["failed_indicators"] = ", ".join(
                map(str, self.instance.failed_indicator_numbers)
            )

    def clean_failed_indicators(self) -> list[int]:
        text = to_ascii_digits(self.cleaned_data["failed_indicators"])
        parts = [part.strip() for part in text.replace(" ", ",").split(",") if part.strip()]
        if not all(part.isdigit() for part in parts):
            raise ValidationError(_("Write indicator numbers separated by commas, e.g. 4, 22"))
        numbers = sorted({int(part) for part in parts})
        try:  # the service's own rule, so that a wrong number lands on the field
            survey_indicators_check(survey=self.instance, numbers=numbers)
        except ValidationError as error:
            raise ValidationError(error.message_dict["failed_indicators"]) from None
        return numbers

    def _post_clean(self) -> None:
        # The model's own checks run in `survey_correct`, on the normalised values; the
        # form's list of numbers is not the stored ",4,22," text, so it is kept off the model.
        numbers = self.cleaned_data.pop("failed_indicators", None)
        super()._post_clean()
        if numbers is not None:
            self.cleaned_data["failed_indicators"] = numbers


@admin.register(HouseholdSurvey)
class HouseholdSurveyAdmin(ImportMixin, ScopedModelAdmin):
    """Survey records, and the import button: the same pipeline as the upload page.

    A record is corrected through `survey_correct`: audited with the fields changed, and its
    change-detection hash recomputed as the import computes it, so the next import compares
    against the values the record holds. Records come from imports only (no add here) and
    are not deleted here: the next import of the round would bring them back.
    """

    scope_field = "household__village__code"
    form = SurveyCorrectionForm
    scoped_choices = {"survey_round": _all_rounds}
    list_display = ("household", "survey_round", "head_first_name", "head_last_name", "members")
    list_filter = ("survey_round",)
    list_select_related = ("household__village", "survey_round")
    search_fields = ("head_first_name", "head_last_name", "household__house_no")
    readonly_fields = ("household", "survey_round", "import_batch")
    resource_classes = [HouseholdSurveyImportResource]
    formats = [BMNFile]
    import_form_class = BMNImportForm
    confirm_form_class = BMNConfirmImportForm
    skip_admin_log = True  # every import is recorded as an ImportBatch and in the activity log

    def has_import_permission(self, request) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        # The form has set its values on `obj`; the service compares against the stored row.
        survey_correct(
            survey=HouseholdSurvey.objects.select_related("household", "survey_round").get(
                pk=obj.pk
            ),
            by=request.user,
            **{name: form.cleaned_data[name] for name in form.changed_data},
        )

    def create_import_form(self, request):
        form = super().create_import_form(request)
        form.limit_provinces(provinces_in_scope(request.user))
        return form

    def create_confirm_form(self, request, import_form=None):
        form = super().create_confirm_form(request, import_form)
        form.limit_provinces(provinces_in_scope(request.user))
        return form

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["survey_round"] = import_form.cleaned_data["survey_round"].pk
            initial["province"] = import_form.cleaned_data["province"].pk
        return initial

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        if form is not None and form.is_valid():
            return {
                "survey_round": form.cleaned_data["survey_round"],
                "province_code": form.cleaned_data["province"].code,
            }
        return {}


@admin.register(ImportBatch)
class ImportBatchAdmin(ScopedModelAdmin):
    """Read-only: a batch is the record of an import, written by the import's services."""

    scope_field = "province__code"
    read_only = True
    app_page_label = _("Open the import's page")
    # The stored file and the error list hold citizen IDs: the import's page shows them,
    # masked and logged; the admin does not link or print them.
    exclude = ("file", "errors")
    scoped_choices = {"survey_round": _all_rounds}
    list_display = ("created_at", "file_name", "survey_round", "province", "status", "created_by")
    list_filter = ("status", "survey_round")
    list_select_related = ("survey_round", "province", "created_by")


@admin.register(Programme)
class ProgrammeAdmin(ScopedModelAdmin):
    """Read-only: a programme is opened, activated and closed by its services, which check
    who may and keep its status in order; its targets come from the targeting preview."""

    scope_field = "province__code"
    read_only = True
    scoped_choices = {"survey_round": _all_rounds, "created_by": RELATED_ADMIN}
    list_display = (
        "name",
        "fiscal_year_be",
        "province",
        "survey_round",
        "target_households",
        "status",
    )
    list_filter = ("status", "fiscal_year_be")
    list_select_related = ("province", "survey_round")
    search_fields = ("name",)


@admin.register(Target)
class TargetAdmin(ScopedModelAdmin):
    """Read-only: a case changes only through its services (verification, capacity class,
    and the later steps), and its stage is derived from them. Scoped, as the app's case
    lists are, by the household's current village."""

    scope_field = "household__village__code"
    read_only = True
    scoped_choices = {
        "programme": lambda user: programmes_visible_to(user),
        "household": RELATED_ADMIN,
        "survey": RELATED_ADMIN,
        "selected_by_run": lambda user: _runs_visible_to(user),
        "replaces": lambda user: targets_visible_to(user),
        "verified_by": RELATED_ADMIN,
        "capacity_by": RELATED_ADMIN,
    }
    list_display = (
        "household",
        "programme",
        "district",
        "rank",
        "stage",
        "verification",
        "capacity",
    )
    list_filter = ("programme", "stage", "verification", "capacity")
    list_select_related = ("household__village", "programme", "district")
    search_fields = ("household__house_no",)
    readonly_fields = ("stage", "drop_reason")


@admin.register(FollowUpVisit)
class FollowUpVisitAdmin(ScopedModelAdmin):
    """Read-only: a visit is recorded by `visit_record`, which checks who may and derives
    the case's stage. Scoped as the cases are, by the household's current village."""

    scope_field = "target__household__village__code"
    read_only = True
    scoped_choices = {
        "target": lambda user: targets_visible_to(user),
        "visited_by": RELATED_ADMIN,
    }
    list_display = ("target", "visited_on", "visited_by", "next_visit_due")
    list_filter = ("visited_on", "next_visit_due")
    list_select_related = ("target__household__village", "target__programme", "visited_by")
    date_hierarchy = "visited_on"


def _runs_visible_to(user):
    from .models import TargetingRun

    return TargetingRun.objects.filter(programme__in=programmes_visible_to(user))


@admin.register(HostAssignment)
class HostAssignmentAdmin(ScopedModelAdmin):
    """Read-only: hosts are assigned by their services (pledge rules, capacity, history)."""

    scope_field = "target__household__village__code"
    read_only = True
    scoped_choices = {
        "target": lambda user: targets_visible_to(user),
        "agency": RELATED_ADMIN,
        "pledge": RELATED_ADMIN,
        "assigned_by": RELATED_ADMIN,
    }
    list_display = ("target", "agency", "pledge", "created_at", "ended_at")
    list_select_related = ("target__household", "agency", "pledge__agency")


@admin.register(Assistance)
class AssistanceAdmin(ScopedModelAdmin):
    """Read-only: assistance is recorded by its service, which moves the case's stage."""

    scope_field = "target__household__village__code"
    read_only = True
    scoped_choices = {
        "target": lambda user: targets_visible_to(user),
        "agency": RELATED_ADMIN,
        "pledge": RELATED_ADMIN,
        "assistance_type": RELATED_ADMIN,
        "recorded_by": RELATED_ADMIN,
    }
    list_display = ("date", "target", "agency", "lever", "what", "value")
    list_filter = ("lever",)
    list_select_related = ("target__household", "agency")
