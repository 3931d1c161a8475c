from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The `make run` demo. Like dashboards and reports, it reads every app and nothing reads it."""

    name = "povertyprog.demo"
    label = "demo"
    verbose_name = _("Demo data")
