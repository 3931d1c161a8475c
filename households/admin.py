from django.contrib import admin
from import_export.admin import ImportMixin

from povertyprog.accounts.roles import Perm
from povertyprog.areas.selectors import provinces_in_scope
from povertyprog.core.admin_site import ScopedModelAdmin

from .forms.admin_import import BMNConfirmImportForm, BMNImportForm
from .models import Household, HouseholdSurvey, ImportBatch, Indicator, IndicatorSet, SurveyRound
from .resources import BMNFile, HouseholdSurveyImportResource


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0


@admin.register(IndicatorSet)
class IndicatorSetAdmin(ScopedModelAdmin):
    """Reference data for every province; staff add new sets (e.g. 2566–2570) here."""

    scope_field = None
    perm = Perm.MANAGE_REFERENCE_DATA
    list_display = ("code", "name_th", "first_year_be", "last_year_be")
    inlines = [IndicatorInline]


@admin.register(SurveyRound)
class SurveyRoundAdmin(ScopedModelAdmin):
    scope_field = None
    perm = Perm.MANAGE_REFERENCE_DATA
    list_display = ("year_be", "indicator_set", "income_threshold")


@admin.register(Household)
class HouseholdAdmin(ScopedModelAdmin):
    scope_field = "village__code"
    list_display = ("house_no", "village", "house_code")
    search_fields = ("house_no", "house_code")
    list_select_related = ("village",)
    readonly_fields = ("village",)


@admin.register(HouseholdSurvey)
class HouseholdSurveyAdmin(ImportMixin, ScopedModelAdmin):
    """Survey records, and the import button: the same pipeline as the upload page."""

    scope_field = "household__village__code"
    list_display = ("household", "survey_round", "head_first_name", "head_last_name", "members")
    list_filter = ("survey_round",)
    list_select_related = ("household__village", "survey_round")
    search_fields = ("head_first_name", "head_last_name", "household__house_no")
    exclude = ("citizen_id_encrypted", "citizen_id_hash")
    readonly_fields = ("household", "survey_round", "import_batch")
    resource_classes = [HouseholdSurveyImportResource]
    formats = [BMNFile]
    import_form_class = BMNImportForm
    confirm_form_class = BMNConfirmImportForm
    skip_admin_log = True  # every import is recorded as an ImportBatch and in the activity log

    def has_import_permission(self, request) -> bool:
        return self._allowed(request)

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
    scope_field = "province__code"
    list_display = ("created_at", "file_name", "survey_round", "province", "status", "created_by")
    list_filter = ("status", "survey_round")
    list_select_related = ("survey_round", "province", "created_by")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
