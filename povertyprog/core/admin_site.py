from django.contrib import admin
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from povertyprog.accounts.roles import Perm, has_perm
from povertyprog.core.product import PRODUCT_NAME, PRODUCT_SHORT_NAME


class ProvinceAdminSite(admin.AdminSite):
    """The admin is a province admin's tool: no other role enters it, whatever `is_staff` says."""

    site_header = format_lazy(_("{product}: administration"), product=PRODUCT_NAME)
    site_title = format_lazy(_("{product}: administration"), product=PRODUCT_SHORT_NAME)
    index_title = _("Reference data and users")

    def has_permission(self, request) -> bool:
        return request.user.is_active and has_perm(request.user, Perm.USE_ADMIN)


class ScopedModelAdmin(admin.ModelAdmin):
    """A ModelAdmin whose rows are limited to the admin's area scope.

    `scope_field` names the lookup holding an area code ("code", "subdistrict__code",
    "area_scope"…); rows outside the user's scope prefix are invisible, so they answer 404.
    None marks reference data that every province shares.
    """

    scope_field = "code"

    def get_queryset(self, request):
        from povertyprog.accounts.access import scope_filter

        queryset = super().get_queryset(request)
        if self.scope_field is None:  # reference data shared by every province
            return queryset
        return scope_filter(queryset, request.user, self.scope_field)

    def get_form(self, request, obj=None, **kwargs):
        """Forms learn who is acting, so they can refuse values outside the user's scope."""
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"acting_user": request.user})

    def save_model(self, request, obj, form, change) -> None:
        from povertyprog.audit.services import activity_log

        super().save_model(request, obj, form, change)
        verb = "changed" if change else "created"
        activity_log(
            f"admin.{obj._meta.label_lower}.{verb}",
            actor=request.user,
            target=obj,
            data={"fields": sorted(form.changed_data)},
        )

    def delete_model(self, request, obj) -> None:
        from povertyprog.audit.services import activity_log

        activity_log(f"admin.{obj._meta.label_lower}.deleted", actor=request.user, target=obj)
        super().delete_model(request, obj)

    def _allowed(self, request) -> bool:
        return request.user.is_active and has_perm(request.user, Perm.USE_ADMIN)

    def has_module_permission(self, request) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._allowed(request)
