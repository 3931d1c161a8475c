"""The agency directory and the MOU list as Excel files, with the filters the page shows."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from povertyprog.core.xlsx import xlsx_table
from povertyprog.thai.formats import format_thai_date

from .models import MOU, Agency


def _date(value) -> str:
    return format_thai_date(value) if value else ""


def agencies_xlsx(agencies: Iterable[Agency]) -> bytes:
    headers = [
        _("Thai name"), _("English name"), _("short name"), _("type"),
        _("ministry or parent organisation"), _("province"), _("title of the head"),
        _("contact person"), _("phone"), _("e-mail"), _("active"),
    ]  # fmt: skip
    rows = (
        (
            a.name_th,
            a.name_en,
            a.short_name,
            str(a.get_agency_type_display()),
            a.parent_organisation,
            a.province.name_th if a.province else _("national"),
            a.head_title,
            a.contact_person,
            a.phone,
            a.email,
            _("yes") if a.is_active else _("no"),
        )
        for a in agencies
    )
    return xlsx_table(_("Agencies"), headers, rows)


def mous_xlsx(mous: Iterable[MOU]) -> bytes:
    headers = [
        _("title"), _("programme year (fiscal, BE)"), _("province"), _("status"),
        _("signing date"), _("signing place"), _("valid from"), _("valid until"),
        _("signatories"), _("pledges"),
    ]  # fmt: skip
    rows = (
        (
            m.title,
            m.fiscal_year_be,
            m.province.name_th,
            str(m.get_status_display()),
            _date(m.signed_on),
            m.signing_place,
            _date(m.valid_from),
            _date(m.valid_until),
            m.signatory_count,
            m.pledge_count,
        )
        for m in mous
    )
    return xlsx_table(_("MOUs"), headers, rows)
