"""Labels of this app's activity-log action codes (povertyprog/audit/labels.py)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "agencies.agency.created": _("Agency added"),
    "agencies.agency.changed": _("Agency changed"),
    "agencies.liaison.linked": _("Liaison linked to an agency"),
    "agencies.liaison.unlinked": _("Liaison unlinked from an agency"),
    "agencies.mou.created": _("MOU recorded"),
    "agencies.mou.changed": _("MOU corrected"),
    "agencies.mou.amended": _("MOU amended"),
    "agencies.mou.signed": _("MOU signed"),
    "agencies.mou.cancelled": _("MOU cancelled"),
    "agencies.mou.expired": _("MOU expired"),
    "agencies.mou.printed": _("MOU summary printed"),
    "agencies.mou.document_attached": _("Signed MOU scan attached"),
    "agencies.mou.signatory_added": _("Signing agency added"),
    "agencies.mou.signatory_removed": _("Signing agency removed"),
    "agencies.mou.expiry_reminders_sent": _("MOU expiry reminders sent"),
    "agencies.pledge.created": _("Pledge added"),
    "agencies.pledge.changed": _("Pledge changed"),
    "agencies.pledge.removed": _("Pledge removed"),
}
