from django.contrib import admin

from povertyprog.core.admin_site import ScopedModelAdmin

from .models import Agency


@admin.register(Agency)
class AgencyAdmin(ScopedModelAdmin):
    scope_field = "province__code"
    list_display = ("name_th", "short_name", "agency_type", "province", "is_active")
    list_filter = ("agency_type", "is_active")
    search_fields = ("name_th", "name_en", "short_name")
    list_select_related = ("province",)
