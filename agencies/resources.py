"""Agency import and export (CSV/xlsx) in the admin, with messages a person can act on.

Types and provinces may be written in Thai ("ส่วนราชการ", "เชียงใหม่") or as codes; every
saved row goes through `agency_save`, and every row, previews included, is checked against
its rules (`agency_check_rights`: who may create or change a national agency).
"""

from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from povertyprog.areas.models import Province
from povertyprog.thai.formats import to_ascii_digits

from .models import Agency, AgencyType
from .services import agency_check_rights, agency_save

_TRUE = {"1", "true", "yes", "y", "ใช่", "ใช้งาน", "✓"}
_FALSE = {"0", "false", "no", "n", "ไม่", "ไม่ใช่", "ยกเลิก", "ไม่ใช้งาน"}
_TYPE_NAMES = {
    "ส่วนราชการ": AgencyType.GOVERNMENT,
    "รัฐวิสาหกิจ": AgencyType.STATE_ENTERPRISE,
    "ภาคเอกชน": AgencyType.PRIVATE,
    "เอกชน": AgencyType.PRIVATE,
    "ภาคประชาชน": AgencyType.CIVIL_SOCIETY,
    "ภาคประชาสังคม": AgencyType.CIVIL_SOCIETY,
    "องค์กรปกครองส่วนท้องถิ่น": AgencyType.LOCAL_GOVERNMENT,
    "อปท.": AgencyType.LOCAL_GOVERNMENT,
    "สถาบันการศึกษา": AgencyType.EDUCATION,
}


class AgencyTypeWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if text in AgencyType.values:
            return text
        for label, code in _TYPE_NAMES.items():
            if text == label:
                return code
        raise ValueError(
            _("Unknown type “%(value)s”; write one of: %(choices)s.")
            % {"value": text, "choices": ", ".join(dict.fromkeys(_TYPE_NAMES))}
        )

    def render(self, value, obj=None, **kwargs):
        return str(AgencyType(value).label) if value else ""


class ProvinceWidget(widgets.Widget):
    """A province by code ("50") or Thai name ("เชียงใหม่", "จ.เชียงใหม่"); empty = national."""

    def clean(self, value, row=None, **kwargs):
        text = to_ascii_digits(str(value or "")).strip()
        if not text or text in {"-", "ทั่วประเทศ", "ส่วนกลาง"}:
            return None
        name = text.removeprefix("จังหวัด").removeprefix("จ.").strip()
        province = (
            Province.objects.filter(code=text).first()
            or Province.objects.filter(name_th=name).first()
        )
        if province is None:
            raise ValueError(
                _(
                    "No province is called or coded “%(value)s”; write e.g. เชียงใหม่ or 50, "
                    "or leave it empty for a national agency."
                )
                % {"value": text}
            )
        return province

    def render(self, value, obj=None, **kwargs):
        return value.name_th if value else ""


class ActiveWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip().lower()
        if text in _TRUE or text == "":
            return True
        if text in _FALSE:
            return False
        raise ValueError(_("Write ใช่ or ไม่ใช่ (yes or no), not “%(value)s”.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return "ใช่" if value else "ไม่ใช่"


class AgencyResource(resources.ModelResource):
    name_th = fields.Field(attribute="name_th", column_name="ชื่อหน่วยงาน")
    name_en = fields.Field(attribute="name_en", column_name="ชื่อภาษาอังกฤษ")
    short_name = fields.Field(attribute="short_name", column_name="ชื่อย่อ")
    agency_type = fields.Field(
        attribute="agency_type", column_name="ประเภท", widget=AgencyTypeWidget()
    )
    parent_organisation = fields.Field(attribute="parent_organisation", column_name="สังกัด")
    province = fields.Field(attribute="province", column_name="จังหวัด", widget=ProvinceWidget())
    head_title = fields.Field(attribute="head_title", column_name="ตำแหน่งหัวหน้าหน่วยงาน")
    contact_person = fields.Field(attribute="contact_person", column_name="ผู้ประสานงาน")
    phone = fields.Field(attribute="phone", column_name="โทรศัพท์")
    email = fields.Field(attribute="email", column_name="อีเมล")
    is_active = fields.Field(attribute="is_active", column_name="ใช้งาน", widget=ActiveWidget())

    class Meta:
        model = Agency
        fields = (
            "name_th", "name_en", "short_name", "agency_type", "parent_organisation", "province",
            "head_title", "contact_person", "phone", "email", "is_active",
        )  # fmt: skip
        import_id_fields = ("name_th", "province")
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            return None  # an unreadable province: reported on the row when the field is read

    def import_instance(self, instance, row, **kwargs) -> None:
        """Check the service's rules on every row, previews included (a dry run without
        transactions never reaches `save_instance`), so the row shows why it would fail."""
        super().import_instance(instance, row, **kwargs)
        existing = Agency.objects.filter(pk=instance.pk).first() if instance.pk else None
        agency_check_rights(
            agency=existing,
            province_id=instance.province_id,
            name=instance.name_th,
            by=kwargs.get("user"),
        )

    def save_instance(self, instance, is_create, row, **kwargs) -> None:
        if not self._is_using_transactions(kwargs) and self._is_dry_run(kwargs):
            return
        values = {name: getattr(instance, name) for name in self._meta.fields}
        existing = None if is_create else Agency.objects.get(pk=instance.pk)
        saved = agency_save(agency=existing, by=kwargs.get("user"), **values)
        instance.pk = saved.pk
