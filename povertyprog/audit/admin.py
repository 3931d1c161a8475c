from django.contrib import admin

from povertyprog.core.admin_site import ScopedModelAdmin

from .models import ActivityLog


@admin.register(ActivityLog)
class ActivityLogAdmin(ScopedModelAdmin):
    """Read-only: the log is evidence, so nobody edits or deletes it."""

    scope_field = "actor__area_scope"
    list_display = ("created_at", "actor", "action", "target_type", "target_repr")
    list_filter = ("action", "target_type")
    search_fields = ("action", "target_repr", "actor__username")
    date_hierarchy = "created_at"
    list_select_related = ("actor", "target_type")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
