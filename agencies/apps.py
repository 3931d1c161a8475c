from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("Agencies and MOUs")

    def ready(self) -> None:
        from povertyprog.accounts.roles import Perm
        from povertyprog.core.menu import MenuEntry, menu_register

        menu_register(
            MenuEntry(_("Agencies & MOUs"), "agencies:mou_list", "people", Perm.VIEW_AGENCIES, 30)
        )
