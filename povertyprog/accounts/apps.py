from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True  # this module holds two app configs: this one is "povertyprog.accounts"
    name = "povertyprog.accounts"
    label = "accounts"
    verbose_name = _("Users and roles")

    def ready(self) -> None:
        from povertyprog.audit.labels import action_labels_register

        from .audit_labels import ACTION_LABELS

        action_labels_register(ACTION_LABELS)


class LoginSecurityConfig(AxesAppConfig):
    """django-axes (the login door's lockouts), under a name an admin reads in Thai."""

    default = False
    verbose_name = _("Login security")
