from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin

from povertyprog.accounts import admin as accounts_admin
from povertyprog.accounts.access import area_scope_of
from povertyprog.accounts.roles import Perm, ScopeKind, scope_kind_of
from povertyprog.core.admin_site import (
    ColumnLabelledExportForm,
    ScopedInlineFormSet,
    ScopedModelAdmin,
    ScopedStackedInline,
    ScopedTabularInline,
)

from .models import MOU, Agency, AgencyLiaison, AssistanceType, MOUSignatory, Pledge
from .resources import AgencyResource
from .selectors import agencies_visible_to
from .services import agency_check_rights, agency_liaison_link, agency_save


class AgencyAdminForm(forms.ModelForm):
    """The service's rules (who may create or change a national agency) land on the form,
    before `save_model` hands the values to `agency_save`."""

    acting_user = None

    def clean(self):
        cleaned = super().clean()
        province = cleaned.get("province")
        try:
            agency_check_rights(
                agency=self.instance if self.instance.pk else None,
                province_id=province.pk if province else None,
                name=cleaned.get("name_th", ""),
                by=self.acting_user,
            )
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


@admin.register(Agency)
class AgencyAdmin(ImportExportMixin, ScopedModelAdmin):
    """Agencies of the admin's province, and national ones; import and export as CSV/xlsx.

    Saved through `agency_save`, as on the directory pages; the province offered is the
    admin's own (or none, national)."""

    form = AgencyAdminForm
    export_form_class = ColumnLabelledExportForm
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


@admin.register(AssistanceType)
class AssistanceTypeAdmin(ScopedModelAdmin):
    """The national catalogue of assistance (fixtures/assistance_types.json): province admins
    read it, national-scope admins keep it (national reference data, DESIGN.md)."""

    scope_field = None
    national_reference = True
    perm = Perm.MANAGE_REFERENCE_DATA
    list_display = ("name_th", "lever", "code", "is_active", "ordering")
    list_filter = ("lever", "is_active")
    search_fields = ("name_th", "name_en", "code")


# Users: the liaison's agency ---------------------------------------------------------------
# The core's user admin knows no app; this app adds the link to an agency as an inline, saved
# through `agency_liaison_link` (audited, checked), never by the inline's own save.


class AgencyLiaisonFormSet(ScopedInlineFormSet):
    def clean(self) -> None:
        super().clean()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            linking = data.get("agency") and not data.get("DELETE")
            if linking and scope_kind_of(self.instance) != ScopeKind.AGENCY:
                raise ValidationError(
                    _("Only an agency liaison is linked to an agency; give the role first.")
                )


class AgencyLiaisonInline(ScopedStackedInline):
    """The agency a liaison works for: chosen among the agencies the admin may see; the
    permissions are the user admin's own (MANAGE_USERS)."""

    model = AgencyLiaison
    formset = AgencyLiaisonFormSet
    fields = ("agency",)
    extra = 1
    max_num = 1
    scoped_choices = {"agency": agencies_visible_to}


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class UserAdmin(accounts_admin.UserAdmin):
    inlines = [*accounts_admin.UserAdmin.inlines, AgencyLiaisonInline]

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is not AgencyLiaison:
            return super().save_formset(request, form, formset, change)
        for inline_form in formset.forms:
            data = getattr(inline_form, "cleaned_data", None) or {}
            if data.get("DELETE") or (inline_form.instance.pk and not data.get("agency")):
                agency_liaison_link(user=form.instance, agency=None, by=request.user)
            elif data.get("agency"):
                agency_liaison_link(user=form.instance, agency=data["agency"], by=request.user)
        # The admin's change message reads what the formset saved: nothing, by itself.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        return None
