from django.db import models
from django.utils.translation import gettext_lazy as _


class HouseholdAccess(models.Model):
    """One household in one personal-data activity-log entry (PDPA: who saw or exported whom).

    An export or a search names many households; its ActivityLog entry holds the filters, and
    this table one row per household it contained, written with one INSERT … SELECT from the
    export's own query (no list of ids in Python, no JSON array to scan). The household page
    reads a household's entries through the (household, activity) index.
    """

    activity = models.ForeignKey(
        "audit.ActivityLog", on_delete=models.CASCADE, related_name="+", verbose_name=_("entry")
    )
    household = models.ForeignKey(
        "households.Household",
        on_delete=models.CASCADE,
        related_name="access_entries",
        verbose_name=_("household"),
    )

    class Meta:
        verbose_name = _("personal-data access")
        verbose_name_plural = _("personal-data accesses")
        indexes = [models.Index(fields=["household", "activity"], name="household_access_idx")]

    def __str__(self) -> str:
        return f"{self.activity_id} → {self.household_id}"
