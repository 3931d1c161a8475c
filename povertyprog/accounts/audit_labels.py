"""Labels of this app's activity-log action codes (povertyprog/audit/labels.py)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "accounts.user.created": _("User created"),
    "accounts.user.changed": _("User changed"),
    "accounts.user.reset": _("User's role, area and password set again"),
    "accounts.user.password_set": _("User's password set"),
    "accounts.login_lockout.reset": _("Login lockout lifted"),
}
