"""A programme's fair: when and where, how many each district brings, its registration desks,
the agencies' booths, the MOUs signed at it, and its plan of work."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from povertyprog.core.models import TimeStampedModel

DEFAULT_NAME = "มหกรรมแก้จน สร้างคน สร้างอาชีพ สร้างรายได้อย่างยั่งยืน"
DEFAULT_THEME = "ลดรายจ่าย เพิ่มรายได้ ขยายโอกาส"


class Fair(TimeStampedModel):
    programme = models.ForeignKey(
        "households.Programme",
        on_delete=models.PROTECT,
        related_name="fairs",
        verbose_name=_("programme"),
    )
    name = models.CharField(_("name"), max_length=300, default=DEFAULT_NAME)
    theme = models.CharField(_("theme line"), max_length=300, default=DEFAULT_THEME, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.CharField(_("venue"), max_length=300)
    venue_address = models.TextField(_("venue address"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity (people)"))
    rsvp_deadline = models.DateField(_("RSVP deadline"))
    mous = models.ManyToManyField(
        "agencies.MOU", blank=True, related_name="fairs", verbose_name=_("MOUs signed at it")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("fair")
        verbose_name_plural = _("fairs")
        ordering = ["-starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="fair_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("events:fair_detail", args=[self.pk])

    @property
    def province_id(self) -> str:
        return self.programme.province_id


class FairDistrictQuota(models.Model):
    """How many households a district brings to the fair."""

    fair = models.ForeignKey(
        Fair, on_delete=models.CASCADE, related_name="quotas", verbose_name=_("fair")
    )
    district = models.ForeignKey(
        "areas.District", on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    quota = models.PositiveIntegerField(_("households"))

    class Meta:
        verbose_name = _("district quota")
        verbose_name_plural = _("district quotas")
        ordering = ["fair", "district"]
        constraints = [
            models.UniqueConstraint(fields=["fair", "district"], name="fair_quota_once"),
        ]

    def __str__(self) -> str:
        return f"{self.district_id}: {self.quota}"


class Desk(TimeStampedModel):
    """A registration desk; one per district by default (its district's households)."""

    fair = models.ForeignKey(
        Fair, on_delete=models.CASCADE, related_name="desks", verbose_name=_("fair")
    )
    name = models.CharField(_("name"), max_length=200)
    district = models.ForeignKey(
        "areas.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )

    class Meta:
        verbose_name = _("registration desk")
        verbose_name_plural = _("registration desks")
        ordering = ["fair", "district", "name"]
        constraints = [
            models.UniqueConstraint(fields=["fair", "name"], name="desk_name_once"),
        ]

    def __str__(self) -> str:
        return self.name


class Booth(TimeStampedModel):
    """An agency's service booth at the fair."""

    fair = models.ForeignKey(
        Fair, on_delete=models.CASCADE, related_name="booths", verbose_name=_("fair")
    )
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="booths", verbose_name=_("agency")
    )
    service = models.CharField(_("service"), max_length=300)
    place = models.CharField(_("place"), max_length=100, blank=True)
    pledge = models.ForeignKey(
        "agencies.Pledge",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="booths",
        verbose_name=_("pledge"),
    )

    class Meta:
        verbose_name = _("booth")
        verbose_name_plural = _("booths")
        ordering = ["fair", "place", "pk"]

    def __str__(self) -> str:
        return f"{self.agency} · {self.service}"


class TaskStatus(models.TextChoices):
    TODO = "todo", _("To do")
    DOING = "doing", _("Under way")
    DONE = "done", _("Done")


# What a task's form edits and its service changes.
TASK_FIELDS = ("title", "owner", "due_on", "status", "note")


class FairTask(TimeStampedModel):
    """One line of the fair's plan of work (created from the template, then edited)."""

    fair = models.ForeignKey(
        Fair, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("fair")
    )
    key = models.CharField(_("template step"), max_length=40, blank=True)
    title = models.CharField(_("task"), max_length=300)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=10, choices=TaskStatus, default=TaskStatus.TODO
    )
    note = models.TextField(_("note"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("plan-of-work task")
        verbose_name_plural = _("plan of work")
        ordering = ["fair", "due_on", "position", "pk"]

    def __str__(self) -> str:
        return self.title
