"""Activity-log labels of the fair: check-in."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "events.check_in.recorded": _("Checked in at the fair"),
    "events.desk.searched_citizen_id": _("Searched the fair desk by citizen ID"),
}
