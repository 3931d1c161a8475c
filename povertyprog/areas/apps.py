from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AreasConfig(AppConfig):
    name = "povertyprog.areas"
    label = "areas"
    verbose_name = _("Areas")

    def ready(self) -> None:
        from povertyprog.accounts.roles import Perm
        from povertyprog.audit.labels import action_labels_register
        from povertyprog.core.menu import MenuEntry, menu_register

        from .audit_labels import ACTION_LABELS

        menu_register(MenuEntry(_("Areas"), "areas:browse", "geo-alt", Perm.VIEW_AREAS, 10))
        action_labels_register(ACTION_LABELS)
