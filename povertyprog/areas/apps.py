from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AreasConfig(AppConfig):
    name = "povertyprog.areas"
    label = "areas"
    verbose_name = _("Areas")

    def ready(self) -> None:
        from povertyprog.accounts.roles import Perm
        from povertyprog.core.menu import MenuEntry, menu_register

        menu_register(MenuEntry(_("Areas"), "areas:browse", "geo-alt", Perm.VIEW_AREAS, 10))
