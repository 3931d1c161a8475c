"""The province office's letterhead for the fair's official letters, and the batches of
letters printed in the background (one PDF per batch)."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from povertyprog.core.models import TimeStampedModel


def emblem_path(instance, filename: str) -> str:
    # A random name: the file's own name says nothing and cannot clash.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    return f"letterheads/{instance.province_id}-{secrets.token_hex(8)}.{extension}"


def batch_path(instance, filename: str) -> str:
    return f"letters/{secrets.token_hex(12)}.pdf"


class Letterhead(TimeStampedModel):
    """What heads and signs a province's letters (หนังสือภายนอก): the office, its address and
    phone line, the prefix of its ที่ numbers, the signer, and the emblem (ครุฑ) it uploads."""

    province = models.OneToOneField(
        "areas.Province",
        on_delete=models.PROTECT,
        related_name="letterhead",
        verbose_name=_("province"),
    )
    office_name = models.CharField(_("office"), max_length=200)
    address = models.TextField(_("address"))
    phone_line = models.CharField(_("phone line"), max_length=200, blank=True)
    reference_prefix = models.CharField(
        _("reference prefix"), max_length=40, help_text=_("ที่ number before the running number")
    )
    signer_name = models.CharField(_("signer's name"), max_length=200)
    signer_position = models.CharField(_("signer's position"), max_length=200)
    emblem = models.FileField(_("emblem (PNG or JPEG)"), upload_to=emblem_path, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("letterhead")
        verbose_name_plural = _("letterheads")

    def __str__(self) -> str:
        return self.office_name


class LetterKind(models.TextChoices):
    HOUSEHOLD = "household", _("Invitations to households")
    DISTRICT = "district", _("Letters to districts")
    AGENCY = "agency", _("Letters to agencies")


class LetterBatchStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Printing")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class LetterBatch(TimeStampedModel):
    """Letters printed together in the background into one PDF: a district's or a
    subdistrict's invitations (scope code), or the letters to districts or agencies."""

    fair = models.ForeignKey(
        "events.Fair",
        on_delete=models.CASCADE,
        related_name="letter_batches",
        verbose_name=_("fair"),
    )
    kind = models.CharField(
        _("letters"), max_length=12, choices=LetterKind, default=LetterKind.HOUSEHOLD
    )
    scope_code = models.CharField(_("area"), max_length=8, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=LetterBatchStatus, default=LetterBatchStatus.QUEUED
    )
    pages_done = models.PositiveIntegerField(_("pages done"), default=0)
    pages_total = models.PositiveIntegerField(_("pages"), default=0)
    file = models.FileField(_("file"), upload_to=batch_path, blank=True)
    error = models.TextField(_("reason"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("letter batch")
        verbose_name_plural = _("letter batches")
        ordering = ["fair", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.scope_code}".strip()

    def get_absolute_url(self) -> str:
        return reverse("events:letter_batch_detail", args=[self.fair_id, self.pk])

    @property
    def is_running(self) -> bool:
        return self.status in (LetterBatchStatus.QUEUED, LetterBatchStatus.RUNNING)

    @property
    def progress_percent(self) -> int:
        if not self.pages_total:
            return 0
        return min(100, self.pages_done * 100 // self.pages_total)
