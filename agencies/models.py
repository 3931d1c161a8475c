from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from povertyprog.core.models import TimeStampedModel


class AgencyType(models.TextChoices):
    GOVERNMENT = "government", _("Government agency")
    STATE_ENTERPRISE = "state_enterprise", _("State enterprise")
    PRIVATE = "private", _("Private sector")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    LOCAL_GOVERNMENT = "local_government", _("Local government organisation")
    EDUCATION = "education", _("Educational institution")


class Agency(TimeStampedModel):
    """A partner organisation that pledges help and hosts households (เจ้าภาพ)."""

    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    agency_type = models.CharField(_("type"), max_length=20, choices=AgencyType)
    province = models.ForeignKey(
        "areas.Province",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Empty for a national agency."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name_th"]
        constraints = [
            models.UniqueConstraint(
                fields=["name_th", "province"], name="agency_unique_name_in_province"
            )
        ]

    def __str__(self) -> str:
        return self.short_name or self.name_th

    def get_absolute_url(self) -> str:
        return reverse("admin:agencies_agency_change", args=[self.pk])
