from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .roles import Role, role_scope_condition

area_scope_validator = RegexValidator(
    r"^(\d{2}|\d{4}|\d{6}|\d{8})?$",
    _("A scope is empty (whole country) or an area code of 2, 4, 6 or 8 digits."),
)


class User(AbstractUser):
    """A person who logs in. What they may do comes from `role`; where, from `area_scope`.

    A user created without a role may do nothing until a province admin gives them one. An
    agency liaison's agency is linked in the agencies app (the core knows no app).
    """

    role = models.CharField(_("role"), max_length=20, choices=Role, blank=True, default="")
    area_scope = models.CharField(
        _("area scope"),
        max_length=8,
        blank=True,
        validators=[area_scope_validator],
        help_text=_("Area code prefix: empty = whole country, 50 = a province, 5007 = a district."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(area_scope="") | models.Q(area_scope__length__in=[2, 4, 6, 8]),
                name="area_scope_is_a_code_prefix",
            ),
            models.CheckConstraint(
                condition=role_scope_condition(),
                name="role_scope_length",
                violation_error_message=_(
                    "The scope does not fit the role: a district officer has a district (4 "
                    "digits) or subdistrict (6) code; province admins, staff and agency liaisons "
                    "a province code (2) or none; viewers a province or district code, or none."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_absolute_url(self) -> str:
        return reverse("admin:accounts_user_change", args=[self.pk])
