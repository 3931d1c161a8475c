"""Thailand's administrative areas, keyed by their DOPA codes.

A code contains its parents' codes (village 50070103 is in subdistrict 500701, district 5007,
province 50), which is what makes an area-code prefix work as an access scope.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Area(models.Model):
    name_th = models.CharField(_("Thai name"), max_length=150)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("areas:detail", args=[self.code])

    @property
    def name(self) -> str:
        """The name in the language the page is shown in (Thai when there is no English)."""
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_th


class Province(Area):
    code = models.CharField(_("code"), max_length=2, primary_key=True)

    class Meta(Area.Meta):
        verbose_name = _("province")
        verbose_name_plural = _("provinces")


class District(Area):
    code = models.CharField(_("code"), max_length=4, primary_key=True)
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="districts"
    )

    class Meta(Area.Meta):
        verbose_name = _("district")
        verbose_name_plural = _("districts")


class Subdistrict(Area):
    code = models.CharField(_("code"), max_length=6, primary_key=True)
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="subdistricts"
    )
    postcodes = models.CharField(
        _("postcodes"),
        max_length=60,
        blank=True,
        help_text=_("Thailand Post codes, comma-separated when the subdistrict has several."),
    )

    class Meta(Area.Meta):
        verbose_name = _("subdistrict")
        verbose_name_plural = _("subdistricts")


class Village(Area):
    """A หมู่บ้าน. Its code is the subdistrict's code followed by the หมู่ที่ as two digits."""

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    subdistrict = models.ForeignKey(
        Subdistrict,
        verbose_name=_("subdistrict"),
        on_delete=models.PROTECT,
        related_name="villages",
    )

    class Meta(Area.Meta):
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__length=8)
                & models.Q(code__startswith=models.F("subdistrict_id")),
                name="village_code_extends_subdistrict",
            ),
        ]

    def __str__(self) -> str:
        # "Moo" stands alone so that makemessages sees it (it reads no f-string).
        moo = _("Moo")
        return f"{moo} {self.moo} {self.name}"

    @property
    def moo(self) -> int:
        """หมู่ที่ (village number within the subdistrict)."""
        return int(self.code[6:])


AREA_MODELS: dict[int, type[Area]] = {2: Province, 4: District, 6: Subdistrict, 8: Village}
