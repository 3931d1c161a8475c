from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin

from povertyprog.accounts.access import area_scope_of
from povertyprog.core.admin_site import ScopedModelAdmin, ScopedTabularInline

from .models import MOU, Agency, MOUSignatory, Pledge
from .resources import AgencyResource
from .selectors import agencies_visible_to
from .services import agency_save


@admin.register(Agency)
class AgencyAdmin(ImportExportMixin, ScopedModelAdmin):
    """Agencies of the admin's province, and national ones; import and export as CSV/xlsx.

    Saved through `agency_save`, as on the directory pages; the province offered is the
    admin's own (or none, national)."""

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


class SignatoryInline(ScopedTabularInline):
    model = MOUSignatory
    extra = 0
    autocomplete_fields = ("agency",)
    scoped_choices = {"agency": agencies_visible_to}


@admin.register(MOU)
class MOUAdmin(ScopedModelAdmin):
    """Read-only here: an MOU's writes have rules (`mou_update` keeps its province,
    `mou_sign` needs signatories, `mou_signatory_add` refuses inactive or other provinces'
    agencies, a signed MOU keeps its date…) and the MOU pages apply them, signatories and
    the scan included. A second editor here would be a second set of rules to keep in step,
    so the admin shows the MOU and links to its page."""

    scope_field = "province__code"
    read_only = True
    app_page_label = _("Edit on the MOU page")
    list_display = ("title", "fiscal_year_be", "province", "status", "signed_on", "valid_until")
    list_filter = ("status", "fiscal_year_be")
    search_fields = ("title",)
    inlines = [SignatoryInline]
    exclude = ("document",)


@admin.register(Pledge)
class PledgeAdmin(ScopedModelAdmin):
    """Read-only here, as MOUs are: `pledge_save` checks the agency signs the MOU, the
    districts lie in its province and the MOU is still open; the MOU page calls it."""

    scope_field = "mou__province__code"
    read_only = True
    app_page_label = _("Edit on the MOU page")
    list_display = ("agency", "description", "lever", "households_pledged", "budget", "mou")
    list_filter = ("lever",)
    list_select_related = ("agency", "mou")
