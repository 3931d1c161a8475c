from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from povertyprog.core.admin_site import ScopedModelAdmin

from .labels import action_label
from .models import ActivityLog


class ActionFilter(admin.SimpleListFilter):
    """The actions the admin's log holds, by their labels (the codes stay in the data)."""

    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        actions = (
            model_admin.get_queryset(request).order_by().values_list("action", flat=True).distinct()
        )
        return sorted(((code, action_label(code)) for code in actions), key=lambda a: a[1])

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(ActivityLog)
class ActivityLogAdmin(ScopedModelAdmin):
    """Read-only: the log is evidence, so nobody edits or deletes it."""

    scope_field = "actor__area_scope"
    read_only = True
    scoped_choices = {"target_type": lambda user: ContentType.objects.all()}  # not area data
    list_display = ("created_at", "actor", "what", "target_type", "target_repr")
    # Only the kinds of record the log names: Django's own (sessions, task results) never are.
    list_filter = (ActionFilter, ("target_type", admin.RelatedOnlyFieldListFilter))
    search_fields = ("action", "target_repr", "actor__username")
    date_hierarchy = "created_at"
    list_select_related = ("actor", "target_type")
    readonly_fields = ("what",)

    @admin.display(description=_("action"), ordering="action")
    def what(self, entry: ActivityLog) -> str:
        return action_label(entry.action)
