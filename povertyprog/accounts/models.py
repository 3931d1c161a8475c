from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .roles import Role

area_scope_validator = RegexValidator(
    r"^(\d{2}|\d{4}|\d{6}|\d{8})?$",
    _("A scope is empty (whole country) or an area code of 2, 4, 6 or 8 digits."),
)


class User(AbstractUser):
    """A person who logs in. What they may do comes from `role`; where, from `area_scope`.

    An agency liaison is further limited to the households assigned to `agency`.
    """

    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.VIEWER)
    area_scope = models.CharField(
        _("area scope"),
        max_length=8,
        blank=True,
        validators=[area_scope_validator],
        help_text=_("Area code prefix: empty = whole country, 50 = a province, 5007 = a district."),
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="liaisons",
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role=Role.AGENCY_LIAISON) | models.Q(agency__isnull=False),
                name="liaison_has_agency",
                violation_error_message=_("An agency liaison must belong to an agency."),
            ),
            models.CheckConstraint(
                condition=models.Q(area_scope="") | models.Q(area_scope__length__in=[2, 4, 6, 8]),
                name="area_scope_is_a_code_prefix",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_absolute_url(self) -> str:
        return reverse("admin:accounts_user_change", args=[self.pk])
