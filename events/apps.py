from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Poverty fair")

    def ready(self) -> None:
        from povertyprog.audit.labels import action_labels_register

        from .audit_labels import ACTION_LABELS

        action_labels_register(ACTION_LABELS)
