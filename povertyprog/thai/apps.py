from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThaiConfig(AppConfig):
    name = "povertyprog.thai"
    label = "thai"
    verbose_name = _("Thai formats")
