"""Activity-log labels of the fair: letters."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "events.letterhead.saved": _("Letterhead saved"),
    "events.letters.batch_requested": _("Letters queued for printing"),
    "events.letters.downloaded": _("Printed letters downloaded"),
    "events.letters.printed": _("Invitation letter printed"),
}
