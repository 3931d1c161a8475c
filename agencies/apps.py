from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("Agencies and MOUs")

    def ready(self) -> None:
        from povertyprog.accounts.roles import Perm
        from povertyprog.audit.labels import action_labels_register
        from povertyprog.core.menu import MenuEntry, menu_register

        from .audit_labels import ACTION_LABELS

        menu_register(
            MenuEntry(_("Agencies & MOUs"), "agencies:mou_list", "people", Perm.VIEW_AGENCIES, 30)
        )
        action_labels_register(ACTION_LABELS)
