"""Reading จปฐ. files: every accepted format, row numbers as staff see them, unreadable files."""

from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation

from households.importer.read import UnreadableFile, read_rows
from households.importer.records import HouseholdRow

from .sheets import (
    TITLE,
    citizen_id,
    parse_file,
    template_row,
    template_sheet,
    write_csv,
    write_file,
    write_xlsx,
)

CID = citizen_id("350070012345")
FORMATS = ["sheet.xlsx", "sheet.xls", "sheet.ods", "sheet.csv"]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def rows_of(path, file_name=None) -> dict[int, list]:
    return dict(read_rows(path, file_name=file_name or path.name))


def messy_sheet() -> list[list]:
    """A title, a blank row, the header, then merged district cells, a blank row and a total."""
    return template_sheet(
        template_row(seq=1, house_no="1", citizen_id=int(CID)),
        template_row(seq=2, house_no="2", district="", subdistrict="", moo=""),
        [],
        template_row(seq=3, house_no="๓", district="อ.เมืองเชียงใหม่", subdistrict="ศรีภูมิ"),
        ["รวม", "", "", "", "", "", "", "", "", "", "", 12, 75000],
    )


@pytest.mark.parametrize("name", FORMATS)
def test_each_format_reads_with_the_row_numbers_a_spreadsheet_shows(tmp_path, name):
    path = write_file(tmp_path / name, messy_sheet())

    rows = rows_of(path)

    assert rows[1][0] == TITLE
    assert not any(rows[2])
    assert rows[3][:3] == ["ลำดับ", "อำเภอ", "ตำบล"]
    assert rows[4][5] == "1"
    assert rows[7][5] == "๓"
    assert rows[8][0] == "รวม"
    assert max(rows) == 8


@pytest.mark.django_db
@pytest.mark.parametrize("name", FORMATS)
def test_each_format_gives_the_same_households(tmp_path, name):
    path = write_file(tmp_path / name, messy_sheet())

    header, results = parse_file(path)

    assert header.row_number == 3
    assert results[6] is None  # blank
    assert results[8] is None  # total
    households = [r for r in results.values() if r is not None]
    assert all(isinstance(r, HouseholdRow) for r in households), households
    assert [(r.row, r.village_code, r.house_no, r.citizen_id) for r in households] == [
        (4, "50070103", "1", CID),
        (5, "50070103", "2", CID),
        (7, "50010103", "3", CID),
    ]
    assert households[0].income_per_person == Decimal("25000.00")
    assert households[0].failed_indicators == (4, 22)


@pytest.mark.parametrize("name", ["sheet.xlsx", "sheet.xls", "sheet.ods"])
def test_merged_cells_hold_their_value_in_the_top_left_cell_only(tmp_path, name):
    rows = template_sheet(template_row(house_no="1"), template_row(house_no="2"), title=False)
    merges = {"sheet.xlsx": {"merges": ("B2:B3",)}}.get(name, {"merges": ((1, 2, 1, 1),)})
    path = write_file(tmp_path / name, rows, **merges)

    read = rows_of(path)

    assert read[2][1] == "แม่ริม"
    assert read[3][1] == ""


def test_xlsx_cells_keep_their_types(tmp_path):
    row = template_row(citizen_id=int(CID), members=4, note=date(2014, 8, 15))
    path = write_xlsx(tmp_path / "typed.xlsx", [row])

    cells = rows_of(path)[1]

    assert cells[10] == float(CID)  # a number cell, as Excel stores it
    assert cells[11] == 4
    assert cells[15] == date(2014, 8, 15)


def test_rows_above_the_first_used_row_are_counted(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active["C4"] = "first"
    workbook.active["B6"] = "second"
    workbook.save(tmp_path / "offset.xlsx")

    rows = rows_of(tmp_path / "offset.xlsx")

    assert [number for number, cells in rows.items() if any(cells)] == [4, 6]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp874", "tis-620"])
def test_csv_encodings(tmp_path, encoding):
    path = write_csv(tmp_path / "sheet.csv", messy_sheet(), encoding=encoding)

    rows = rows_of(path)

    assert rows[1][0] == TITLE  # no BOM left in the first cell
    assert rows[3][0] == "ลำดับ"
    assert rows[7][1] == "อ.เมืองเชียงใหม่"


def test_csv_encoding_is_decided_over_the_whole_file(tmp_path):
    # An English header, then Thai only far below: still cp874 throughout.
    rows = [["House No.", "Citizen ID"]] + [[str(n), "x"] for n in range(50_000)]
    rows.append(["1", "สมชาย"])
    path = write_csv(tmp_path / "late.csv", rows, encoding="cp874")

    read = rows_of(path)

    assert read[50_002] == ["1", "สมชาย"]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_separators(tmp_path, delimiter):
    rows = messy_sheet()
    path = write_csv(tmp_path / "sheet.csv", rows, delimiter=delimiter)

    read = rows_of(path)

    assert read[3][:3] == ["ลำดับ", "อำเภอ", "ตำบล"]
    assert read[4][12] == "25000"


def test_csv_cell_with_a_line_break_stays_one_row(tmp_path):
    rows = [["บ้านเลขที่", "หมายเหตุ"], ["1", "บรรทัดแรก\nบรรทัดสอง"], ["2", ""]]
    path = write_csv(tmp_path / "multiline.csv", rows)

    assert rows_of(path) == {1: rows[0], 2: rows[1], 3: rows[2]}


def test_format_comes_from_the_uploaded_name_not_the_stored_path(tmp_path):
    stored = write_xlsx(tmp_path / "upload-1234.xlsx", messy_sheet())
    stored = stored.rename(tmp_path / "upload-1234")

    assert rows_of(stored, file_name="จปฐ 2557.xlsx")[3][0] == "ลำดับ"


def test_xlsx_saved_with_an_xls_name_is_read(tmp_path):
    path = write_xlsx(tmp_path / "sheet.xlsx", messy_sheet()).rename(tmp_path / "sheet.xls")

    assert rows_of(path)[3][0] == "ลำดับ"


def test_rows_are_streamed(tmp_path):
    path = write_csv(tmp_path / "sheet.csv", messy_sheet())

    rows = read_rows(path, file_name="sheet.csv")

    assert iter(rows) is rows  # an iterator, not a list built up front
    assert next(rows)[0] == 1


# ---------------------------------------------------------------------------
# Files that cannot be read


def assert_unreadable(path, file_name=None) -> str:
    with pytest.raises(UnreadableFile) as caught:
        read_rows(path, file_name=file_name or path.name)
    message = str(caught.value)
    return message


def test_pdf_is_refused_naming_the_accepted_formats(tmp_path):
    path = tmp_path / "รายชื่อ.pdf"
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")

    message = assert_unreadable(path)

    assert "รายชื่อ.pdf" in message
    for accepted in (".xlsx", ".xls", ".ods", ".csv"):
        assert accepted in message


def test_corrupt_xlsx(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 100)

    message = assert_unreadable(path)

    assert "damaged" in message
    assert ".csv" in message


def test_truncated_xlsx(tmp_path):
    good = write_xlsx(tmp_path / "good.xlsx", messy_sheet()).read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(good[: len(good) // 2])

    assert "damaged" in assert_unreadable(path)


def test_password_protected_xlsx(tmp_path):
    msoffcrypto = pytest.importorskip("msoffcrypto.format.ooxml")
    plain = write_xlsx(tmp_path / "plain.xlsx", messy_sheet())
    path = tmp_path / "locked.xlsx"
    with plain.open("rb") as source, path.open("wb") as target:
        msoffcrypto.OOXMLFile(source).encrypt("secret", target)

    assert "password" in assert_unreadable(path)


@pytest.mark.parametrize("name", FORMATS)
def test_empty_file(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")

    assert "empty" in assert_unreadable(path)


def test_csv_with_nothing_but_blank_lines(tmp_path):
    path = tmp_path / "blank.csv"
    path.write_bytes(b"\r\n\r\n  \r\n")

    assert "empty" in assert_unreadable(path)


def test_workbook_with_an_empty_first_sheet(tmp_path):
    openpyxl.Workbook().save(tmp_path / "empty.xlsx")

    assert "empty" in assert_unreadable(tmp_path / "empty.xlsx")


def test_web_page_named_xls(tmp_path):
    # What some government systems call an Excel export.
    path = tmp_path / "export.xls"
    path.write_text("<html><body><table><tr><td>บ้านเลขที่</td></tr></table></body></html>")

    message = assert_unreadable(path)

    assert "web page" in message
    assert ".xlsx" in message


def test_csv_in_an_encoding_we_do_not_read(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_bytes("บ้านเลขที่,ชื่อ\n".encode("cp874") + b"\xdb\xdc\xfc\n")

    assert "UTF-8" in assert_unreadable(path)


def test_unreadable_message_is_translated_when_shown(tmp_path):
    path = tmp_path / "x.pdf"
    path.write_bytes(b"%PDF")
    with pytest.raises(UnreadableFile) as caught:
        read_rows(path, file_name="x.pdf")

    english = caught.value.message
    with translation.override("th"):
        thai = caught.value.message
    assert "x.pdf" in english
    assert "x.pdf" in thai


@pytest.mark.django_db
def test_citizen_ids_damaged_by_excel_in_a_real_workbook(tmp_path):
    lost_zero = citizen_id("012345678901")
    rows = template_sheet(
        template_row(house_no="1", citizen_id=int(CID)),  # a number cell: fine
        template_row(house_no="2", citizen_id=1.1017e12),  # what "1.10170E+12" leaves
        template_row(house_no="3", citizen_id=int(lost_zero)),  # the leading 0 dropped
        template_row(house_no="4", citizen_id="1.10170E+12"),  # saved as text after the damage
    )
    path = write_xlsx(tmp_path / "damaged.xlsx", rows)

    _header, results = parse_file(path)

    assert results[4].citizen_id == CID
    assert [(e.kind, e.value) for e in results[5]] == [("citizen_id.scientific", "1.10170E+12")]
    assert [e.kind for e in results[6]] == ["citizen_id.lost_leading_zero"]
    assert "x-xxxx-xxxx9-01-" in results[6][0].message  # masked (PDPA), last 4 digits kept
    assert [e.kind for e in results[7]] == ["citizen_id.scientific"]
    assert all("Text" in e.message for e in [*results[5], *results[6], *results[7]])
