"""What each activity-log action code means, in words (translated) for the people who read
the log. The code stays in the data; each app registers the labels of its own codes from its
AppConfig.ready(), since the core knows no app. Admin saves ("admin.<app>.<model>.<verb>")
are labelled from the model's own name."""

from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

_LABELS: dict = {}
_ADMIN_VERBS = {
    "created": gettext_lazy("Added"),
    "changed": gettext_lazy("Changed"),
    "deleted": gettext_lazy("Deleted"),
}


def action_labels_register(labels: dict) -> None:
    """Add an app's {action code: lazy label}."""
    _LABELS.update(labels)


def action_label(action: str) -> str:
    """The label of an action code; the code itself when none is registered."""
    if action in _LABELS:
        return str(_LABELS[action])
    parts = action.split(".")
    if len(parts) == 4 and parts[0] == "admin" and parts[3] in _ADMIN_VERBS:
        try:
            model = apps.get_model(parts[1], parts[2])
        except LookupError:
            return action
        return _("%(verb)s %(model)s in the admin") % {
            "verb": _ADMIN_VERBS[parts[3]],
            "model": model._meta.verbose_name,
        }
    return action


def action_labels_registered() -> dict[str, str]:
    return {code: str(label) for code, label in _LABELS.items()}
