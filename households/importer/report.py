"""What the preview shows a person: errors grouped so that one fix mends many rows, the
error sheet to fix and re-upload, and the blank template."""

import io
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from .parse import TEMPLATE_HEADERS, find_header
from .read import read_rows

SAMPLE_ROWS_SHOWN = 20


@dataclass
class ErrorGroup:
    kind: str
    column: str
    message: str
    expected: str
    sample_value: str
    rows: list[int] = field(default_factory=list)

    @property
    def rows_shown(self) -> str:
        shown = ", ".join(map(str, self.rows[:SAMPLE_ROWS_SHOWN]))
        more = len(self.rows) - SAMPLE_ROWS_SHOWN
        return shown + (_(" and %(more)d more") % {"more": more} if more > 0 else "")


def error_groups(errors: list[dict]) -> list[ErrorGroup]:
    """Errors grouped by kind, then by column; the largest group first."""
    groups: dict[tuple[str, str], ErrorGroup] = {}
    for error in errors:
        key = (error["kind"], error["column"])
        group = groups.get(key)
        if group is None:
            group = groups[key] = ErrorGroup(
                kind=error["kind"],
                column=error["column"],
                message=error["message"],
                expected=error["expected"],
                sample_value=error["value"],
            )
        group.rows.append(error["row"])
    return sorted(groups.values(), key=lambda g: (g.kind.split(".")[0], -len(g.rows)))


def _cell_text(value) -> object:
    return "" if value is None else value


def error_sheet(path: Path, *, file_name: str, errors: list[dict]) -> bytes:
    """The file's invalid rows, as they were, with the reasons in an added column."""
    messages: dict[int, list[str]] = {}
    for error in errors:
        messages.setdefault(error["row"], []).append(f"{error['column']}: {error['message']}")
    rows = read_rows(path, file_name=file_name)
    head = list(islice(rows, 30))
    header = find_header(head)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Rows to fix"))
    header_cells = next(cells for number, cells in head if number == header.row_number)
    sheet.append([_("Row in the original file"), *map(_cell_text, header_cells), _("Errors")])
    for number, cells in [*head, *rows]:
        if number in messages:
            sheet.append([number, *map(_cell_text, cells), "\n".join(messages[number])])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_workbook() -> bytes:
    """The canonical จปฐ. import template, with one example row and notes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "จปฐ."
    sheet.append(TEMPLATE_HEADERS)
    sheet.append(
        [
            1,
            "แม่ริม",
            "ริมใต้",
            3,
            "บ้านสันโป่ง",
            "12/1",
            "",
            "นาง",
            "บัวคำ",
            "ใจดี",
            "3-5007-00123-45-8",
            4,
            "32,500",
            "4, 22",
            "081-234-5678",
            "",
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for column in ("K", "F", "G"):
        for cell in sheet[column]:
            cell.number_format = "@"
    notes = workbook.create_sheet(_("How to fill in"))
    for line in (
        _("One row per household. Title rows above the header and total rows are ignored."),
        _("อำเภอ and ตำบล by name (อ.แม่ริม, ตำบลริมใต้) or code; หมู่ที่ as 3, ม.3 or หมู่ที่ 3."),
        _("Format the citizen ID column as Text so that Excel keeps all 13 digits."),
        _("Failed indicators: numbers separated by commas, e.g. 4, 22."),
        _("Thai digits are accepted everywhere."),
    ):
        notes.append([line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
