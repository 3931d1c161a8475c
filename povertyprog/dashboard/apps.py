from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "povertyprog.dashboard"
    label = "dashboard"
    verbose_name = _("Dashboard")

    def ready(self) -> None:
        from povertyprog.core.menu import MenuEntry, menu_register

        # The home page is every signed-in user's: it shows what their perms allow.
        menu_register(MenuEntry(_("Home"), "home", "house", None, 0))
