"""Activity-log labels of the fair: invitations."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "events.invitations.generated": _("Fair invitations generated"),
    "events.invitation.added": _("Household invited to the fair"),
    "events.invitation.removed": _("Fair invitation withdrawn"),
    "events.invitations.exported": _("Fair invitations exported to Excel"),
    "events.rsvp.recorded": _("Fair answer (RSVP) recorded"),
    "events.rsvp.village_confirmed": _("Village's fair invitations confirmed"),
    "events.rsvp.self_service": _("Household answered the fair invitation itself"),
}
