from django.contrib import admin
from django.db.models import Q
from import_export.admin import ImportExportMixin

from povertyprog.accounts.access import area_scope_of
from povertyprog.core.admin_site import ScopedModelAdmin

from .models import MOU, Agency, AssistanceType, MOUSignatory, Pledge
from .resources import AgencyResource
from .services import agency_save


@admin.register(Agency)
class AgencyAdmin(ImportExportMixin, ScopedModelAdmin):
    """Agencies of the admin's province, and national ones; import and export as CSV/xlsx."""

    resource_classes = [AgencyResource]
    list_display = ("name_th", "short_name", "agency_type", "province", "is_active")
    list_filter = ("agency_type", "is_active")
    search_fields = ("name_th", "name_en", "short_name")
    list_select_related = ("province",)
    skip_admin_log = True

    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request)
        scope = area_scope_of(request.user)
        if scope is None:
            return queryset.none()
        if not scope:
            return queryset
        return queryset.filter(Q(province__isnull=True) | Q(province__code=scope[:2]))

    def save_model(self, request, obj, form, change) -> None:
        existing = Agency.objects.get(pk=obj.pk) if change else None
        obj.pk = agency_save(agency=existing, by=request.user, **form.cleaned_data).pk


class SignatoryInline(admin.TabularInline):
    model = MOUSignatory
    extra = 0
    autocomplete_fields = ("agency",)


@admin.register(MOU)
class MOUAdmin(ScopedModelAdmin):
    """For corrections only: staff record MOUs on the MOU pages, which check every rule."""

    scope_field = "province__code"
    list_display = ("title", "fiscal_year_be", "province", "status", "signed_on", "valid_until")
    list_filter = ("status", "fiscal_year_be")
    search_fields = ("title",)
    inlines = [SignatoryInline]
    exclude = ("document",)


@admin.register(Pledge)
class PledgeAdmin(ScopedModelAdmin):
    scope_field = "mou__province__code"
    list_display = ("agency", "description", "lever", "households_pledged", "budget", "mou")
    list_filter = ("lever",)
    list_select_related = ("agency", "mou")


@admin.register(AssistanceType)
class AssistanceTypeAdmin(ScopedModelAdmin):
    """The national catalogue of assistance (fixtures/assistance_types.json): province admins
    read it, national-scope admins keep it."""

    scope_field = None
    list_display = ("name_th", "lever", "code", "is_active", "ordering")
    list_filter = ("lever", "is_active")
    search_fields = ("name_th", "name_en", "code")

    def _national(self, request) -> bool:
        return self._allowed(request) and area_scope_of(request.user) == ""

    def has_add_permission(self, request) -> bool:
        return self._national(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._national(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._national(request)
