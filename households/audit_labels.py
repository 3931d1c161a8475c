"""Labels of this app's activity-log action codes (povertyprog/audit/labels.py)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "households.round.created": _("Survey round opened"),
    "households.indicator_set.created": _("Indicator set added"),
    "households.survey.corrected": _("Survey record corrected"),
    "households.household.moved": _("Household moved to another address"),
    "households.import.uploaded": _("จปฐ. file uploaded"),
    "households.import.confirmed": _("จปฐ. import confirmed"),
    "households.import.committed": _("จปฐ. file imported"),
    "households.import.abandoned": _("จปฐ. import abandoned, file deleted"),
    "households.import.stale": _("จปฐ. import stopped: no sign of progress"),
    "households.import.files_purged": _("Uploaded จปฐ. files deleted after the retention period"),
    "households.import.error_sheet_downloaded": _("Error sheet downloaded"),
    "households.programme.created": _("Programme created"),
    "households.programme.active": _("Programme started"),
    "households.programme.closed": _("Programme closed"),
    "households.targets.created": _("Target households chosen by the rules"),
    "households.target.verified": _("Target household checked in the field"),
    "households.target.capacity_set": _("Household's capacity classed"),
    "households.target.visited": _("Follow-up visit recorded"),
    "households.targets.graduated": _("Target households graduated by a later จปฐ. round"),
    "households.target.host_assigned": _("Host agency assigned"),
    "households.targets.hosts_assigned": _("Host agency assigned to households in bulk"),
    "households.target.assistance_recorded": _("Assistance recorded"),
    "households.plan.activity_added": _("Activity added to the life-compass plan"),
    "households.plan.activity_changed": _("Life-compass plan activity changed"),
    "households.plan.agreed": _("Life-compass plan agreed with the household"),
    # Personal data (PDPA): shown to province admins on each household's page.
    "households.citizen_id.viewed": _("Opened the household page, citizen ID shown"),
    "households.registry.searched_citizen_id": _("Searched the registry by citizen ID"),
    "households.registry.exported": _("Exported the registry to Excel"),
    "households.cases.exported": _("Exported the case list to Excel"),
    "households.plan.printed": _("Printed the life-compass plan (head's name shown)"),
    "households.follow_ups.exported": _("Exported an overdue follow-up list to Excel"),
}
