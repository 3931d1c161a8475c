"""Build จปฐ. files the way people and other systems make them, for the import tests."""

import csv
import io
from datetime import date, datetime
from itertools import chain, islice
from pathlib import Path

import openpyxl
import xlwt
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import CoveredTableCell, Table, TableCell, TableRow
from odf.text import P

from households.importer.parse import TEMPLATE_HEADERS, AreaIndex, RowParser, find_header
from households.importer.read import read_rows
from povertyprog.thai.formats import citizen_id_check_digit

TITLE = "บัญชีรายชื่อครัวเรือนยากจนตามข้อมูล จปฐ. จังหวัดเชียงใหม่ ปี ๒๕๕๗"


def citizen_id(first12: str) -> str:
    """A valid 13-digit citizen ID starting with the 12 digits given."""
    return first12 + str(citizen_id_check_digit(first12))


def template_row(**values) -> list:
    """A row of the canonical template; ``values`` by field key override the defaults."""
    row = {
        "seq": 1,
        "district": "แม่ริม",
        "subdistrict": "ริมใต้",
        "moo": 3,
        "village_name": "บ้านต้นผึ้ง",
        "house_no": "12/3",
        "house_code": "",
        "prefix": "นาย",
        "first_name": "สมชาย",
        "last_name": "ใจดี",
        "citizen_id": citizen_id("350070012345"),
        "members": 4,
        "income": 25000,
        "failed_indicators": "4, 22",
        "phone": "081-234-5678",
        "note": "",
    }
    unknown = set(values) - set(row)
    assert not unknown, unknown
    row.update(values)
    return list(row.values())


def _cells(rows: list[list]) -> list[list]:
    return [[("" if value is None else value) for value in row] for row in rows]


def write_xlsx(path: Path, rows: list[list], *, merges: tuple[str, ...] = ()) -> Path:
    """Rows into the first sheet; ``merges`` are ranges such as "B5:B7" (Excel keeps only the
    top-left value of a merged range). Numbers and dates stay numbers and dates."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for r, row in enumerate(_cells(rows), start=1):
        for c, value in enumerate(row, start=1):
            if value != "":
                sheet.cell(row=r, column=c, value=value)
    for cell_range in merges:
        sheet.merge_cells(cell_range)
    workbook.save(path)
    return path


def write_xls(path: Path, rows: list[list], *, merges: tuple[tuple[int, int, int, int], ...] = ()):
    """Rows into an Excel 97–2003 file; ``merges`` as (first row, last row, first col, last col),
    0-based, the value taken from the top-left cell of ``rows``."""
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("Sheet1")
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    merged = {(r1, c1): (r2, c2) for r1, r2, c1, c2 in merges}
    covered = {
        (r, c)
        for (r1, c1), (r2, c2) in merged.items()
        for r in range(r1, r2 + 1)
        for c in range(c1, c2 + 1)
    }
    for r, row in enumerate(_cells(rows)):
        for c, value in enumerate(row):
            if (r, c) in merged:
                r2, c2 = merged[r, c]
                sheet.write_merge(r, r2, c, c2, value)
            elif (r, c) in covered or value == "":
                continue
            elif isinstance(value, date):
                sheet.write(r, c, value, date_style)
            else:
                sheet.write(r, c, value)
    workbook.save(str(path))
    return path


def write_ods(path: Path, rows: list[list], *, merges: tuple[tuple[int, int, int, int], ...] = ()):
    """Rows into an OpenDocument spreadsheet (LibreOffice); ``merges`` as for write_xls."""
    document = OpenDocumentSpreadsheet()
    table = Table(name="Sheet1")
    spans = {(r1, c1): (r2 - r1 + 1, c2 - c1 + 1) for r1, r2, c1, c2 in merges}
    covered = {
        (r, c)
        for (r1, c1), (rows_spanned, cols_spanned) in spans.items()
        for r in range(r1, r1 + rows_spanned)
        for c in range(c1, c1 + cols_spanned)
        if (r, c) != (r1, c1)
    }
    for r, row in enumerate(_cells(rows)):
        table_row = TableRow()
        for c, value in enumerate(row):
            if (r, c) in covered:
                table_row.addElement(CoveredTableCell())
                continue
            attributes = {}
            if (r, c) in spans:
                attributes["numberrowsspanned"], attributes["numbercolumnsspanned"] = spans[r, c]
            if value == "":
                cell = TableCell(**attributes)
            elif isinstance(value, bool):
                cell = TableCell(valuetype="boolean", booleanvalue=str(value).lower(), **attributes)
            elif isinstance(value, int | float):
                cell = TableCell(valuetype="float", value=value, **attributes)
            elif isinstance(value, datetime | date):
                cell = TableCell(valuetype="date", datevalue=value.isoformat(), **attributes)
            else:
                cell = TableCell(valuetype="string", **attributes)
            if value != "":
                cell.addElement(P(text=str(value)))
            table_row.addElement(cell)
        table.addElement(table_row)
    document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


def write_csv(path: Path, rows: list[list], *, encoding: str = "utf-8", delimiter: str = ","):
    """Rows as text, the way Excel's "Save as CSV" writes them (everything becomes text)."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(_cells(rows))
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_file(path: Path, rows: list[list], **options) -> Path:
    """Rows into the format the file name says: .xlsx, .xls, .ods or .csv."""
    writer = {".xlsx": write_xlsx, ".xls": write_xls, ".ods": write_ods, ".csv": write_csv}
    return writer[path.suffix](path, rows, **options)


def template_sheet(*rows: list, title: bool = True) -> list[list]:
    """A title row, a blank row and the template header above ``rows``."""
    head = [[TITLE], []] if title else []
    return [*head, list(TEMPLATE_HEADERS), *rows]


INDICATORS_2560 = set(range(1, 32))


def parse_rows(numbered_rows, *, province: str = "50", indicators=INDICATORS_2560):
    """Find the header and parse every row below it, as the pipeline does; returns the header
    and {row number: HouseholdRow | [CellError] | None}. Needs the database (areas)."""
    numbered_rows = iter(numbered_rows)
    head = list(islice(numbered_rows, 30))
    header = find_header(head)
    parser = RowParser(header, AreaIndex.for_province(province), set(indicators))
    results = {
        number: parser.parse(number, cells)
        for number, cells in chain(head, numbered_rows)
        if number > header.row_number
    }
    return header, results


def parse_sheet(rows: list[list], **options):
    """parse_rows() for rows given as lists (row 1 first), blank cells as ""."""
    return parse_rows(enumerate(_cells(rows), start=1), **options)


def parse_file(path: Path, **options):
    """parse_rows() for a file, read with read_rows()."""
    return parse_rows(read_rows(path, file_name=path.name), **options)
