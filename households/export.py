"""The registry as an .xlsx file in exactly the import template's columns, so that staff can
correct it in Excel and import it back unchanged."""

import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from povertyprog.audit.services import activity_log
from povertyprog.core.xlsx import xlsx_table
from povertyprog.thai.formats import format_thai_date_numeric
from povertyprog.thai.templatetags.thai import citizen_id_masked

from .access_log import household_access_record
from .importer.parse import TEMPLATE_FIELDS, TEMPLATE_HEADERS
from .models import HouseholdSurvey
from .registry_queries import RegistryFilters

_WIDTHS = {"seq": 7, "moo": 7, "house_no": 11, "prefix": 10, "members": 8, "note": 24}
_DEFAULT_WIDTH = 16
_TEXT = "@"
_INCOME = "#,##0.00"
CHUNK_SIZE = 2000


@dataclass(frozen=True)
class RegistryExport:
    content: bytes
    file_name: str
    rows: int


def _text(sheet, value: str) -> WriteOnlyCell:
    # Text format keeps IDs, house codes and phone numbers from becoming numbers in Excel.
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = _TEXT
    return cell


def write_registry_sheet(surveys: Iterable[HouseholdSurvey], handle) -> int:
    """Write `surveys` (joined to village, subdistrict and district) as an .xlsx workbook to
    the binary file `handle`; return the number of households written."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("ครัวเรือน")
    for number, key in enumerate(TEMPLATE_FIELDS, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = _WIDTHS.get(key, _DEFAULT_WIDTH)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for title in TEMPLATE_HEADERS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    rows = 0
    for rows, survey in enumerate(surveys, start=1):
        household = survey.household
        village = household.village
        income = WriteOnlyCell(sheet, value=survey.income_per_person)
        income.number_format = _INCOME
        # By field, in the template's order (the importer's own list, so they cannot drift).
        values = {
            "seq": rows,
            "district": village.subdistrict.district.name_th,
            "subdistrict": village.subdistrict.name_th,
            "moo": village.moo,
            "village_name": village.name_th,
            "house_no": _text(sheet, household.house_no),
            "house_code": _text(sheet, household.house_code),
            "prefix": survey.head_prefix,
            "first_name": survey.head_first_name,
            "last_name": survey.head_last_name,
            "citizen_id": _text(sheet, survey.citizen_id),
            "members": survey.members,
            "income": income,
            "failed_indicators": ",".join(map(str, survey.failed_indicator_numbers)),
            "phone": _text(sheet, survey.phone),
            "note": survey.note,
        }
        sheet.append([values[key] for key in TEMPLATE_FIELDS])
    workbook.save(handle)
    return rows


def registry_export(
    *, surveys: QuerySet[HouseholdSurvey], filters: RegistryFilters, by
) -> RegistryExport:
    """Every record of the filtered registry (not one page) as an .xlsx file, with the full
    citizen IDs; the caller has checked that `by` may see them. Logged with its filters."""
    buffer = io.BytesIO()
    rows = write_registry_sheet(surveys.iterator(chunk_size=CHUNK_SIZE), buffer)
    entry = activity_log(
        "households.registry.exported",
        actor=by,
        data={"rows": rows, "filters": filters.for_log()},
    )
    # PDPA: each household's page lists the exports that contained it.
    household_access_record(entry=entry, households=surveys.values("household_id"))
    year = filters.survey_round.year_be if filters.survey_round else "none"
    return RegistryExport(content=buffer.getvalue(), file_name=f"households-{year}.xlsx", rows=rows)


_CASE_HEADERS = (
    "ลำดับ",
    "โครงการ",
    "อำเภอ",
    "ตำบล",
    "หมู่ที่",
    "หมู่บ้าน",
    "บ้านเลขที่",
    "หัวหน้าครัวเรือน",
    "เลขประจำตัวประชาชน",
    "รายได้ต่อคนต่อปี",
    "ขั้นตอน",
    "การตรวจสอบ",
    "ความสามารถ",
)


def case_export(*, targets: QuerySet, filters: dict, by) -> RegistryExport:
    """A case list (every case of `targets`, already scoped and filtered, not one page; joined
    to the programme, household, village and survey) as an .xlsx file for the field, citizen
    IDs masked; logged as personal data (PDPA) with its row count and `filters`."""
    rows = []
    for number, target in enumerate(targets.iterator(chunk_size=CHUNK_SIZE), start=1):
        village = target.household.village
        survey = target.survey
        rows.append(
            (
                number,
                str(target.programme),
                village.subdistrict.district.name_th,
                village.subdistrict.name_th,
                village.moo,
                village.name_th,
                target.household.house_no,
                survey.head_name,
                citizen_id_masked(survey.citizen_id),
                survey.income_per_person,
                target.get_stage_display(),
                target.get_verification_display(),
                target.get_capacity_display(),
            )
        )
    content = xlsx_table("ครัวเรือนเป้าหมาย", _CASE_HEADERS, rows)
    entry = activity_log(
        "households.cases.exported",
        actor=by,
        data={"rows": len(rows), "filters": filters},
    )
    # PDPA: each household's page lists the exports that contained it.
    household_access_record(entry=entry, households=targets.values("household_id"))
    return RegistryExport(content=content, file_name="cases.xlsx", rows=len(rows))


_OVERDUE_VISIT_HEADERS = (
    "ลำดับ",
    "โครงการ",
    "อำเภอ",
    "ตำบล",
    "หมู่ที่",
    "หมู่บ้าน",
    "บ้านเลขที่",
    "ที่ค้าง",
    "เยี่ยมครั้งล่าสุด",
    "ครบกำหนด",
    "เกินกำหนด (วัน)",
)
_OVERDUE_ACTIVITY_HEADERS = (
    "ลำดับ",
    "โครงการ",
    "อำเภอ",
    "ตำบล",
    "หมู่ที่",
    "หมู่บ้าน",
    "บ้านเลขที่",
    "มิติ",
    "กิจกรรม",
    "หน่วยงานที่รับผิดชอบ",
    "สถานะ",
    "ครบกำหนด",
    "เกินกำหนด (วัน)",
)


def _thai_date(value) -> str:
    return format_thai_date_numeric(value) if value else ""


def _case_columns(target) -> tuple:
    village = target.household.village
    return (
        str(target.programme),
        village.subdistrict.district.name_th,
        village.subdistrict.name_th,
        village.moo,
        village.name_th,
        target.household.house_no,
    )


def follow_ups_export(*, which: str, rows: list, households: QuerySet, filters: dict, by):
    """One list of the follow-ups page (`which`: "visits" or "activities") as an .xlsx file:
    `rows` are the page's rows (households.views.care), every one, not the page's first;
    `households` the ids of their households (a queryset), for the PDPA access record. Logged
    as personal data (house numbers) with its list, row count and `filters`."""
    if which == "visits":
        title, headers = "เยี่ยมติดตามที่เกินกำหนด", _OVERDUE_VISIT_HEADERS
        table = [
            (
                number,
                *_case_columns(row.target),
                "เยี่ยมครั้งแรก" if row.first_visit else "เยี่ยมครั้งถัดไป",
                _thai_date(row.target.last_visited_on),
                _thai_date(row.due_on),
                row.days_overdue,
            )
            for number, row in enumerate(rows, start=1)
        ]
    else:
        title, headers = "กิจกรรมตามแผนที่เกินกำหนด", _OVERDUE_ACTIVITY_HEADERS
        table = [
            (
                number,
                *_case_columns(row.target),
                row.activity.get_lever_display(),
                row.activity.description,
                row.activity.agency.name_th if row.activity.agency else "",
                row.activity.get_status_display(),
                _thai_date(row.due_on),
                row.days_overdue,
            )
            for number, row in enumerate(rows, start=1)
        ]
    content = xlsx_table(title, headers, table)
    entry = activity_log(
        "households.follow_ups.exported",
        actor=by,
        data={"list": which, "rows": len(table), "filters": filters},
    )
    # PDPA: each household's page lists the exports that contained it.
    household_access_record(entry=entry, households=households)
    return RegistryExport(content=content, file_name=f"follow-ups-{which}.xlsx", rows=len(table))
