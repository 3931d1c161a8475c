"""Arrivals on the fair day. One check-in per case and fair, held by the database; every
request a desk sends (its nonce) is kept with the answer it got, so a replay answers the same
and creates nothing."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CheckInKind(models.TextChoices):
    INVITED = "invited", _("Invited")
    OTHER_DESK = "other_desk", _("Walk-in: invited to another district's desk")
    NOT_INVITED = "not_invited", _("Walk-in: not invited")

    @classmethod
    def of(cls, invitation_district: str | None, desk_district: str | None) -> "CheckInKind":
        """A check-in's kind: invited, or a walk-in (no invitation, or invited by another
        district than the desk's; a desk without a district takes everyone)."""
        if invitation_district is None:
            return cls.NOT_INVITED
        if desk_district and invitation_district != desk_district:
            return cls.OTHER_DESK
        return cls.INVITED


class CheckIn(models.Model):
    fair = models.ForeignKey(
        "events.Fair", on_delete=models.PROTECT, related_name="check_ins", verbose_name=_("fair")
    )
    target = models.ForeignKey(
        "households.Target",
        on_delete=models.PROTECT,
        related_name="check_ins",
        verbose_name=_("case"),
    )
    invitation = models.OneToOneField(
        "events.Invitation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="check_in",
        verbose_name=_("invitation"),
    )
    desk = models.ForeignKey(
        "events.Desk",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="check_ins",
        verbose_name=_("desk"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=CheckInKind)
    checked_in_at = models.DateTimeField(_("checked in at"))
    scanned_at = models.DateTimeField(_("scanned at (on the device)"), null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    # Entered afterwards from a paper sign-in sheet.
    late_entry = models.BooleanField(_("entered from a paper sheet"), default=False)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["fair", "checked_in_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["fair", "target"], name="check_in_once_per_case"),
        ]

    def __str__(self) -> str:
        return f"{self.target_id} @ {self.checked_in_at:%H:%M}"


class CheckInResult(models.TextChoices):
    CHECKED_IN = "checked_in", _("Checked in")
    ALREADY = "already_checked_in", _("Already checked in")
    UNKNOWN = "unknown_code", _("Unknown code")


class CheckInAttempt(models.Model):
    """One check-in request, by its client-made nonce, and the answer it got."""

    fair = models.ForeignKey(
        "events.Fair", on_delete=models.CASCADE, related_name="+", verbose_name=_("fair")
    )
    nonce = models.CharField(_("nonce"), max_length=64)
    code = models.CharField(_("code"), max_length=32)
    result = models.CharField(_("result"), max_length=20, choices=CheckInResult)
    answer = models.JSONField(_("answer"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("check-in request")
        verbose_name_plural = _("check-in requests")
        constraints = [
            models.UniqueConstraint(fields=["fair", "nonce"], name="check_in_nonce_once"),
        ]

    def __str__(self) -> str:
        return f"{self.nonce}: {self.result}"
