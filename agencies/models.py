"""Partner agencies, the MOUs they sign with the governor, and what each pledges.

The chain MOU → pledge → households assigned → assistance delivered starts here; the
later links (host assignments, assistance) point back at Pledge.
"""

import uuid
from pathlib import Path

from django.conf import settings
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
    parent_organisation = models.CharField(
        _("ministry or parent organisation"), max_length=200, blank=True
    )
    province = models.ForeignKey(
        "areas.Province",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Empty for a national agency."),
    )
    head_title = models.CharField(
        _("title of the head"), max_length=200, blank=True, help_text=_("e.g. เกษตรจังหวัดเชียงใหม่")
    )
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
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
        return reverse("agencies:agency_detail", args=[self.pk])


class AgencyLiaison(TimeStampedModel):
    """The agency an agency liaison acts for. It lives here, not on the user: the core's user
    model knows no app. A liaison without a link sees nothing."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="agency_link",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="liaison_links"
    )

    class Meta:
        verbose_name = _("agency liaison")
        verbose_name_plural = _("agency liaisons")

    def __str__(self) -> str:
        return f"{self.user} → {self.agency}"

    def get_absolute_url(self) -> str:
        return self.agency.get_absolute_url()


class MOUStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    EXPIRED = "expired", _("Expired")
    CANCELLED = "cancelled", _("Cancelled")


def mou_document_path(mou: "MOU", filename: str) -> str:
    """A random name: the scan is served only through a view that checks access."""
    return f"mou/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class MOU(TimeStampedModel):
    """A memorandum of understanding (บันทึกข้อตกลงความร่วมมือ) signed with the governor."""

    province = models.ForeignKey(
        "areas.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    title = models.CharField(_("title"), max_length=300)
    fiscal_year_be = models.PositiveSmallIntegerField(_("programme year (fiscal, BE)"))
    signed_on = models.DateField(_("signing date"), null=True, blank=True)
    signing_place = models.CharField(_("signing place"), max_length=300, blank=True)
    governor_name = models.CharField(_("governor's name"), max_length=200)
    governor_title = models.CharField(
        _("governor's title"), max_length=200, default="ผู้ว่าราชการจังหวัด"
    )
    scope = models.TextField(_("scope of cooperation"), blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(
        _("status"), max_length=20, choices=MOUStatus, default=MOUStatus.DRAFT
    )
    document = models.FileField(
        _("signed document (PDF or image)"), upload_to=mou_document_path, blank=True
    )
    document_name = models.CharField(_("document file name"), max_length=255, blank=True)
    agencies = models.ManyToManyField(
        Agency, through="MOUSignatory", related_name="mous", verbose_name=_("agencies")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("MOU")
        verbose_name_plural = _("MOUs")
        ordering = ["-fiscal_year_be", "-signed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")),
                name="mou_validity_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(signed_on__isnull=True)
                | models.Q(signed_on__lte=models.F("valid_until")),
                name="mou_signed_before_expiry",
            ),
            models.CheckConstraint(
                condition=models.Q(fiscal_year_be__gte=2500, fiscal_year_be__lte=2700),
                name="mou_fiscal_year_is_be",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agencies:mou_detail", args=[self.pk])


class MOUSignatory(models.Model):
    """An agency that signed an MOU, and who signed for it."""

    mou = models.ForeignKey(
        MOU, on_delete=models.CASCADE, related_name="signatories", verbose_name=_("MOU")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="signatures", verbose_name=_("agency")
    )
    signer_name = models.CharField(_("signer's name"), max_length=200)
    signer_title = models.CharField(_("signer's title"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["mou", "agency"], name="signatory_once_per_mou")
        ]

    def __str__(self) -> str:
        return f"{self.signer_name} ({self.agency})"

    def get_absolute_url(self) -> str:
        return self.mou.get_absolute_url()


class Lever(models.TextChoices):
    """The programme's three levers, and welfare for households that cannot develop."""

    REDUCE_EXPENSES = "reduce_expenses", _("Reduce expenses")
    RAISE_INCOME = "raise_income", _("Raise income")
    WIDEN_OPPORTUNITY = "widen_opportunity", _("Widen opportunity")
    WELFARE = "welfare", _("Welfare")


class Pledge(TimeStampedModel):
    """An agency's concrete commitment under an MOU."""

    mou = models.ForeignKey(
        MOU, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("MOU")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("agency")
    )
    lever = models.CharField(_("lever"), max_length=20, choices=Lever)
    description = models.CharField(_("what"), max_length=300, help_text=_("e.g. ฝึกอาชีพเพาะเห็ด"))
    households_pledged = models.PositiveIntegerField(_("households"))
    districts = models.ManyToManyField(
        "areas.District", related_name="pledges", verbose_name=_("districts")
    )
    assistance_type = models.ForeignKey(
        "AssistanceType",
        verbose_name=_("kind of assistance"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pledges",
        help_text=_("From the catalogue, under the pledge's lever."),
    )
    budget = models.DecimalField(_("budget (baht)"), max_digits=14, decimal_places=2, default=0)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["mou", "agency__name_th", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(households_pledged__gt=0), name="pledge_households_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(budget__gte=0), name="pledge_budget_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="pledge_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency}: {self.description}"

    def get_absolute_url(self) -> str:
        return self.mou.get_absolute_url() + f"#pledge-{self.pk}"


class AmendmentKind(models.TextChoices):
    SIGNATORY_ADDED = "signatory_added", _("Signatory added")
    PLEDGE_ADDED = "pledge_added", _("Pledge added")
    PLEDGE_CHANGED = "pledge_changed", _("Pledge changed")
    PLEDGE_REMOVED = "pledge_removed", _("Pledge removed")
    TERMS_CHANGED = "terms_changed", _("Terms changed")


class MOUAmendment(TimeStampedModel):
    """An amendment (บันทึกแก้ไขเพิ่มเติม) to a signed MOU: what changed, from what to what,
    why and on what date. Written only by the services (agencies/services/mous.py and
    pledges.py), never edited."""

    mou = models.ForeignKey(
        MOU, on_delete=models.PROTECT, related_name="amendments", verbose_name=_("MOU")
    )
    kind = models.CharField(_("change"), max_length=20, choices=AmendmentKind)
    amended_on = models.DateField(_("amendment date"))
    reason = models.TextField(_("reason"))
    # The pledge it concerns, while the pledge exists: decides who may read the entry.
    pledge = models.ForeignKey(
        Pledge,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pledge"),
    )
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("MOU amendment")
        verbose_name_plural = _("MOU amendments")
        ordering = ["mou", "amended_on", "pk"]

    def __str__(self) -> str:
        return f"{self.mou}: {self.get_kind_display()} ({self.amended_on})"

    def get_absolute_url(self) -> str:
        return self.mou.get_absolute_url() + "#history"


class AssistanceTypeManager(models.Manager):
    def get_by_natural_key(self, code: str) -> "AssistanceType":
        return self.get(code=code)


class AssistanceType(TimeStampedModel):
    """A kind of help under one of the levers (national reference data, loaded from
    fixtures/assistance_types.json): what plans, pledges, booths and assistance records name."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    lever = models.CharField(_("lever"), max_length=20, choices=Lever)
    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = AssistanceTypeManager()

    class Meta:
        verbose_name = _("assistance type")
        verbose_name_plural = _("assistance types")
        ordering = ["lever", "ordering", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["lever", "name_th"], name="assistance_type_name_once_per_lever"
            )
        ]

    def __str__(self) -> str:
        return self.name_th

    def natural_key(self) -> tuple[str]:
        return (self.code,)

    def get_absolute_url(self) -> str:
        return reverse("admin:agencies_assistancetype_change", args=[self.pk])
