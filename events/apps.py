from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Poverty fair")

    def ready(self) -> None:
        from povertyprog.accounts.roles import Perm
        from povertyprog.audit.labels import action_labels_register
        from povertyprog.core.menu import MenuEntry, menu_register

        from .audit_labels import ACTION_LABELS

        action_labels_register(ACTION_LABELS)
        menu_register(
            # Translators: a menu entry; keep it short (มหกรรม): a province admin's menu must
            # fit a 1280 px screen on one line. Everyone who works on a fair (CHECK_IN:
            # province staff, district officers, desk staff) reaches the fair list.
            MenuEntry(_("Fairs"), "events:fair_list", "calendar-event", Perm.CHECK_IN, 28),
        )
