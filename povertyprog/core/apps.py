from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "povertyprog.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from povertyprog.accounts.roles import Perm

        from .menu import MenuEntry, menu_register

        menu_register(MenuEntry(_("Administration"), "admin:index", "gear", Perm.USE_ADMIN, 90))


class PovertyAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on a site that only province admins may enter."""

    default = False

    default_site = "povertyprog.core.admin_site.ProvinceAdminSite"
