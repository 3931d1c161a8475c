from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources

from povertyprog.accounts.access import area_in_scope
from povertyprog.thai.formats import to_ascii_digits

from .models import Village
from .services import village_code_parse, village_save


class VillageResource(resources.ModelResource):
    """CSV/xlsx import and export of villages. Every saved row goes through `village_save`."""

    code = fields.Field(attribute="code", column_name="village_code")
    subdistrict = fields.Field(
        attribute="subdistrict_id", column_name="subdistrict_code", readonly=True
    )

    class Meta:
        model = Village
        fields = ("code", "subdistrict", "name_th", "name_en")
        import_id_fields = ("code",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = False

    def before_import_row(self, row, **kwargs) -> None:
        # Spreadsheets hand codes over as numbers or in Thai digits.
        row["village_code"] = to_ascii_digits(str(row.get("village_code") or "")).strip()

    def import_instance(self, instance, row, **kwargs) -> None:
        super().import_instance(instance, row, **kwargs)
        try:
            subdistrict, _moo = village_code_parse(instance.code)
        except ValidationError as error:
            raise ValidationError({"code": error.messages}) from None
        instance.subdistrict_id = subdistrict.code
        user = kwargs.get("user")
        if user is not None and not area_in_scope(user, instance.code):
            message = _("Village %(code)s lies outside your area.") % {"code": instance.code}
            raise ValidationError({"code": [message]})
        if not (instance.name_th or "").strip():
            raise ValidationError({"name_th": [_("A village needs a Thai name.")]})

    def save_instance(self, instance, is_create, row, **kwargs) -> None:
        if not self._is_using_transactions(kwargs) and self._is_dry_run(kwargs):
            return
        village_save(
            code=instance.code,
            name_th=instance.name_th,
            name_en=instance.name_en or "",
            by=kwargs.get("user"),
        )
