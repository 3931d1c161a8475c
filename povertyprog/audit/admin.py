from django.contrib import admin
from django.contrib.contenttypes.models import ContentType

from povertyprog.core.admin_site import ScopedModelAdmin

from .models import ActivityLog


@admin.register(ActivityLog)
class ActivityLogAdmin(ScopedModelAdmin):
    """Read-only: the log is evidence, so nobody edits or deletes it."""

    scope_field = "actor__area_scope"
    read_only = True
    scoped_choices = {"target_type": lambda user: ContentType.objects.all()}  # not area data
    list_display = ("created_at", "actor", "action", "target_type", "target_repr")
    # Only the kinds of record the log names: Django's own (sessions, task results) never are.
    list_filter = ("action", ("target_type", admin.RelatedOnlyFieldListFilter))
    search_fields = ("action", "target_repr", "actor__username")
    date_hierarchy = "created_at"
    list_select_related = ("actor", "target_type")
