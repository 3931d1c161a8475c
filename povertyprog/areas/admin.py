from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin

from povertyprog.accounts.access import area_in_scope
from povertyprog.core.admin_site import ColumnLabelledExportForm, ScopedModelAdmin

from .models import District, Province, Subdistrict, Village
from .resources import VillageResource
from .services import village_code_parse, village_save


class ReferenceAreaAdmin(ScopedModelAdmin):
    """Provinces, districts and subdistricts come from geothai (`load_areas`): read-only here."""

    read_only = True
    list_display = ("code", "name_th", "name_en")
    search_fields = ("code", "name_th", "name_en")


@admin.register(Province)
class ProvinceAdmin(ReferenceAreaAdmin):
    pass


@admin.register(District)
class DistrictAdmin(ReferenceAreaAdmin):
    list_display = ("code", "name_th", "name_en", "province")
    list_select_related = ("province",)


@admin.register(Subdistrict)
class SubdistrictAdmin(ReferenceAreaAdmin):
    list_display = ("code", "name_th", "name_en", "district", "postcodes")
    list_select_related = ("district",)


class VillageForm(forms.ModelForm):
    class Meta:
        model = Village
        fields = ("code", "name_th", "name_en")

    acting_user = None

    def clean_code(self) -> str:
        subdistrict, moo = village_code_parse(self.cleaned_data["code"])
        code = f"{subdistrict.code}{moo:02d}"
        if not area_in_scope(self.acting_user, code):
            raise forms.ValidationError(
                _("Village %(code)s lies outside your area."), params={"code": code}
            )
        return code


@admin.register(Village)
class VillageAdmin(ImportExportMixin, ScopedModelAdmin):
    """Villages of the admin's area, saved through `village_save` (code checked in scope)."""

    form = VillageForm
    export_form_class = ColumnLabelledExportForm
    resource_classes = [VillageResource]
    list_display = ("code", "name_th", "name_en", "subdistrict")
    list_select_related = ("subdistrict",)
    search_fields = ("code", "name_th", "name_en")

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj else ()

    def save_model(self, request, obj, form, change) -> None:
        village, _created = village_save(
            code=obj.code, name_th=obj.name_th, name_en=obj.name_en, by=request.user
        )
        obj.pk = village.pk
