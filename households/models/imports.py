from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from povertyprog.core.models import TimeStampedModel


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    PREVIEWING = "previewing", _("Checking the file")
    PREVIEWED = "previewed", _("Ready to confirm")
    COMMITTING = "committing", _("Importing")
    COMMITTED = "committed", _("Imported")
    REFUSED = "refused", _("Refused: changed since the preview")
    FAILED = "failed", _("Failed")
    ABANDONED = "abandoned", _("Abandoned: not imported")


class ImportBatch(TimeStampedModel):
    """One จปฐ. file brought in: who, when, which file, what the preview found, what happened."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
        help_text=_("Empty for imports run from the command line."),
    )
    survey_round = models.ForeignKey(
        "households.SurveyRound",
        on_delete=models.PROTECT,
        related_name="imports",
        verbose_name=_("round"),
    )
    province = models.ForeignKey(
        "areas.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField(_("file SHA-256"), max_length=64)
    # What is kept of the file once it is deleted (PDPA: the upload holds citizen IDs in clear).
    file_size = models.PositiveBigIntegerField(_("file size (bytes)"), default=0)
    file_deleted_at = models.DateTimeField(_("file deleted"), null=True, blank=True)
    skip_invalid = models.BooleanField(
        _("import the valid rows and skip the invalid ones"), default=False
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus, default=ImportStatus.QUEUED
    )
    progress_done = models.PositiveIntegerField(_("rows done"), default=0)
    progress_total = models.PositiveIntegerField(_("rows in all"), default=0)
    # Touched by the worker as it makes progress: a running batch whose heartbeat is older
    # than settings.IMPORT_STALE_MINUTES had its worker die, and is marked failed.
    heartbeat_at = models.DateTimeField(_("last sign of progress"), null=True, blank=True)
    # {"rows", "new", "updated", "unchanged", "invalid", "new_villages"}
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    # [{"row", "column", "value", "message", "kind", "expected"}]; row as a spreadsheet shows it
    errors = models.JSONField(_("errors"), default=list, blank=True)
    new_villages = models.JSONField(_("new villages"), default=list, blank=True)
    # [{"code", "stored", "file"}]: existing villages the file names differently (a warning).
    renamed_villages = models.JSONField(_("villages named differently"), default=list, blank=True)
    errors_truncated = models.BooleanField(_("error list cut short"), default=False)
    state_token = models.CharField(_("preview state token"), max_length=64, blank=True)
    message = models.TextField(_("message"), blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.survey_round})"

    def get_absolute_url(self) -> str:
        return reverse("households:import_detail", args=[self.pk])

    @property
    def progress_percent(self) -> int:
        if not self.progress_total:
            return 0
        return min(100, round(100 * self.progress_done / self.progress_total))

    @property
    def is_running(self) -> bool:
        return self.status in {
            ImportStatus.QUEUED,
            ImportStatus.PREVIEWING,
            ImportStatus.COMMITTING,
        }

    @property
    def may_abandon(self) -> bool:
        return self.status == ImportStatus.PREVIEWED
