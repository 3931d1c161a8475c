"""An invitation of a target household to the fair, with its code (typed or scanned as a QR)
and the household's answer (RSVP)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from povertyprog.core.models import TimeStampedModel


class RSVPStatus(models.TextChoices):
    NO_ANSWER = "no_answer", _("No answer yet")
    CONFIRMED = "confirmed", _("Will attend")
    DECLINED = "declined", _("Will not attend")


class RSVPChannel(models.TextChoices):
    PHONE = "phone", _("Phone")
    VILLAGE_HEAD = "village_head", _("Village head")
    IN_PERSON = "in_person", _("In person")
    SELF_SERVICE = "self_service", _("Self-service (QR)")


class Invitation(TimeStampedModel):
    fair = models.ForeignKey(
        "events.Fair", on_delete=models.PROTECT, related_name="invitations", verbose_name=_("fair")
    )
    target = models.ForeignKey(
        "households.Target",
        on_delete=models.PROTECT,
        related_name="invitations",
        verbose_name=_("case"),
    )
    # The district the case was invited from (its desk's); the household's current village
    # decides who sees the invitation.
    district = models.ForeignKey(
        "areas.District", on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    code = models.CharField(_("code"), max_length=16, unique=True)
    desk = models.ForeignKey(
        "events.Desk",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("desk"),
    )
    rsvp_status = models.CharField(
        _("answer"), max_length=12, choices=RSVPStatus, default=RSVPStatus.NO_ANSWER
    )
    rsvp_channel = models.CharField(
        _("answered by"), max_length=15, choices=RSVPChannel, blank=True
    )
    rsvp_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    rsvp_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    representative_name = models.CharField(_("representative"), max_length=200, blank=True)
    representative_relation = models.CharField(
        _("relation to the head"), max_length=100, blank=True
    )
    people_coming = models.PositiveSmallIntegerField(_("people coming"), default=0)
    transport_needed = models.BooleanField(_("needs transport"), default=False)
    # Bumped by every RSVP change: a form sends the version it showed, and an older one is
    # refused (two officers changing the same answer: no lost update).
    version = models.PositiveIntegerField(_("version"), default=1)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["fair", "district", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["fair", "target"], name="invitation_once_per_case"),
        ]
        indexes = [
            models.Index(fields=["fair", "district", "rsvp_status"], name="invitation_rsvp_idx"),
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("events:invitation_detail", args=[self.pk])
