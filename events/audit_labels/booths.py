"""Activity-log labels of the fair: booths."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "events.booth.service_recorded": _("Served at a booth of the fair"),
    "events.sheet.entered": _("Paper sign-in sheet entered"),
    "events.sheet.printed": _("Paper sign-in sheet printed"),
    "events.report.no_shows_exported": _("Fair no-show list downloaded"),
}
