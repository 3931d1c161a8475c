"""Labels of this app's activity-log action codes (povertyprog/audit/labels.py)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "areas.loaded": _("Provinces, districts and subdistricts loaded"),
    "areas.village.created": _("Village added"),
    "areas.village.changed": _("Village changed"),
    "areas.villages.created": _("Villages added by an import"),
}
