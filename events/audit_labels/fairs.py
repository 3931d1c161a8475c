"""Activity-log labels of the fair: fairs."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "events.fair.created": _("Fair created"),
    "events.fair.changed": _("Fair changed"),
    "events.fair.quota_set": _("Fair quota set"),
    "events.fair.mous_set": _("MOUs of the fair set"),
    "events.desk.added": _("Registration desk added"),
    "events.desk.renamed": _("Registration desk renamed"),
    "events.desk.removed": _("Registration desk removed"),
    "events.booth.added": _("Booth added"),
    "events.booth.changed": _("Booth changed"),
    "events.booth.removed": _("Booth removed"),
    "events.task.added": _("Plan-of-work task added"),
    "events.task.changed": _("Plan-of-work task changed"),
    "events.task.removed": _("Plan-of-work task removed"),
}
