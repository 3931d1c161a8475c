"""The fair in the admin: read-only. Every write has its rules in events.services.fairs
(only the province's fair managers; quotas not negative; a desk with check-ins stays; a
booth's agency signed the fair's MOU or works in the province…) and the fair's pages call
them; a second editor here would be a second set of rules to keep in step. Invitations,
check-ins and booth services are personal data: their own pages show them, not the admin."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from povertyprog.core.admin_site import ScopedModelAdmin

from .models import Booth, Desk, Fair, FairDistrictQuota, FairTask

_FAIR_PROVINCE = "fair__programme__province__code"


@admin.register(Fair)
class FairAdmin(ScopedModelAdmin):
    scope_field = "programme__province__code"
    read_only = True
    app_page_label = _("Edit on the fair's page")
    list_display = ("name", "programme", "starts_at", "venue", "capacity", "rsvp_deadline")
    list_select_related = ("programme",)
    search_fields = ("name", "venue")
    exclude = ("mous",)


@admin.register(FairDistrictQuota)
class FairDistrictQuotaAdmin(ScopedModelAdmin):
    scope_field = _FAIR_PROVINCE
    read_only = True
    list_display = ("fair", "district", "quota")
    list_select_related = ("fair", "district")


@admin.register(Desk)
class DeskAdmin(ScopedModelAdmin):
    scope_field = _FAIR_PROVINCE
    read_only = True
    list_display = ("name", "fair", "district")
    list_select_related = ("fair", "district")


@admin.register(Booth)
class BoothAdmin(ScopedModelAdmin):
    scope_field = _FAIR_PROVINCE
    read_only = True
    list_display = ("agency", "service", "place", "fair")
    list_select_related = ("fair", "agency")


@admin.register(FairTask)
class FairTaskAdmin(ScopedModelAdmin):
    scope_field = _FAIR_PROVINCE
    read_only = True
    list_display = ("title", "fair", "due_on", "status", "owner")
    list_filter = ("status",)
    list_select_related = ("fair",)
