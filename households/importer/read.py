"""Read the rows of an uploaded จปฐ. file, whatever spreadsheet program or system wrote it.

Rows come out as (row number, cells) with the row number a spreadsheet program shows, so an
error can say "row 1,204" and staff find it. Cells keep their types (str, int, float, bool,
date, datetime, time, timedelta); an empty cell is "".
"""

import codecs
import csv
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext_lazy as _
from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetVisibleEnum

WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"})
ACCEPTED_SUFFIXES = WORKBOOK_SUFFIXES | {".csv"}

_CHUNK = 1 << 20
_SNIFF_CHARS = 64 * 1024


class ImportFileError(Exception):
    """A file that cannot be imported as a whole; ``message`` tells staff what to do."""

    def __init__(self, message, params: dict | None = None):
        super().__init__(message)
        self._message = message  # lazy: translated when shown, in the reader's language
        self.params = params or {}

    @property
    def message(self) -> str:
        return str(self._message) % self.params if self.params else str(self._message)

    def __str__(self) -> str:
        return self.message


class UnreadableFile(ImportFileError):
    """The file is not a spreadsheet we can read: wrong type, damaged, protected or empty."""


_ACCEPTED = _("Upload an Excel (.xlsx or .xls), OpenDocument (.ods) or CSV (.csv) file.")


def _unreadable(reason, **params) -> UnreadableFile:
    return UnreadableFile(reason, {"accepted": _ACCEPTED, **params})


def read_rows(path: Path, *, file_name: str) -> Iterator[tuple[int, list]]:
    """Yield (row number, cells) for every row of the file's first sheet, blank rows included.

    ``file_name`` is the name the file was uploaded with: its extension says the format (the
    stored copy may have none). Raises UnreadableFile at once, before the first row, for an
    unknown format, a damaged, password-protected or empty file.
    """
    path = Path(path)
    suffix = Path(file_name).suffix.lower() or path.suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES:
        raise _unreadable(_("“%(name)s” is not a spreadsheet file. %(accepted)s"), name=file_name)
    if path.stat().st_size == 0:
        raise _unreadable(_("“%(name)s” is empty. %(accepted)s"), name=file_name)
    if suffix == ".csv":
        return _csv_rows(path, file_name)
    return _workbook_rows(path, suffix, file_name)


# ---------------------------------------------------------------------------
# Excel and OpenDocument, through calamine


def _open_workbook(path: Path, suffix: str, file_name: str) -> CalamineWorkbook:
    try:
        if path.suffix.lower() == suffix:
            return CalamineWorkbook.from_path(str(path))
        # Stored without the uploaded name's extension: let calamine tell the format by content.
        with path.open("rb") as handle:
            return CalamineWorkbook.from_filelike(handle)
    except PasswordError:
        raise _protected(file_name) from None
    except CalamineError as first_error:
        # A file saved with the wrong extension (an .xlsx named .xls) is still readable.
        try:
            with path.open("rb") as handle:
                return CalamineWorkbook.from_filelike(handle)
        except PasswordError:
            raise _protected(file_name) from None
        except CalamineError:
            raise _damaged(path, file_name) from first_error


def _protected(file_name: str) -> UnreadableFile:
    return _unreadable(
        _(
            "“%(name)s” is protected by a password. Open it in Excel, remove the password "
            "(File › Info › Protect Workbook › Encrypt with Password, then clear it), save, and "
            "upload it again."
        ),
        name=file_name,
    )


def _damaged(path: Path, file_name: str) -> UnreadableFile:
    with path.open("rb") as handle:
        start = handle.read(512).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<html", b"<!doctype", b"<table", b"<?xml", b"<meta")):
        # Some government systems export a web page and name it .xls.
        return _unreadable(
            _(
                "“%(name)s” is a web page saved with a spreadsheet's name, not a real "
                "spreadsheet. Open it in Excel and save it as an Excel Workbook (.xlsx)."
            ),
            name=file_name,
        )
    if start[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" and path.suffix.lower() != ".xls":
        # An .xlsx that is an OLE container is an encrypted workbook.
        return _protected(file_name)
    return _unreadable(
        _("“%(name)s” is damaged or is not the kind of file its name says. %(accepted)s"),
        name=file_name,
    )


def _first_sheet(workbook: CalamineWorkbook):
    # The first sheet staff can see: a hidden first sheet is usually a lookup list.
    for index, meta in enumerate(workbook.sheets_metadata):
        if meta.visible == SheetVisibleEnum.Visible:
            return workbook.get_sheet_by_index(index)
    return workbook.get_sheet_by_index(0)


def _workbook_rows(path: Path, suffix: str, file_name: str) -> Iterator[tuple[int, list]]:
    workbook = _open_workbook(path, suffix, file_name)
    try:
        sheet = _first_sheet(workbook)
    except PasswordError:
        raise _protected(file_name) from None
    except CalamineError:
        raise _damaged(path, file_name) from None
    if sheet.start is None:
        raise _unreadable(_("The first sheet of “%(name)s” is empty."), name=file_name)
    return _sheet_rows(sheet)


def _sheet_rows(sheet) -> Iterator[tuple[int, list]]:
    # calamine's iterator yields the leading blank rows too, so the n-th row is row n; it
    # drops leading blank columns, which does not matter as columns are found by header.
    yield from enumerate(sheet.iter_rows(), start=1)


# ---------------------------------------------------------------------------
# CSV


def _csv_encoding(path: Path, file_name: str) -> str:
    """UTF-8 (with or without BOM) when every byte decodes as such; else the Thai Windows code
    page cp874, a superset of TIS-620. Decided over the whole file, in chunks."""
    with path.open("rb") as handle:
        start = handle.read(4)
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"  # Excel's "Unicode Text"
    for encoding in ("utf-8-sig", "cp874"):
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        try:
            with path.open("rb") as handle:
                for chunk in iter(lambda handle=handle: handle.read(_CHUNK), b""):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise _unreadable(
        _(
            "“%(name)s” is not text in UTF-8 or in the Thai Windows encoding (TIS-620). "
            "Save it from Excel as “CSV UTF-8”, or upload the Excel file itself."
        ),
        name=file_name,
    )


def _csv_delimiter(sample: str) -> str:
    """The separator that splits the most lines into the same number of cells (Excel writes
    commas, or semicolons where the decimal mark is a comma; "Text" exports use tabs)."""
    lines = sample.splitlines(keepends=True)[:50]
    best, best_score = ",", (0, 0)
    for delimiter in (",", ";", "\t"):
        widths = Counter(len(cells) for cells in csv.reader(lines, delimiter=delimiter))
        widths.pop(1, None)
        widths.pop(0, None)
        if widths:
            width, times = widths.most_common(1)[0]
            if (times, width) > best_score:
                best, best_score = delimiter, (times, width)
    return best


def _csv_rows(path: Path, file_name: str) -> Iterator[tuple[int, list]]:
    encoding = _csv_encoding(path, file_name)
    with path.open(encoding=encoding, newline="") as handle:
        sample = handle.read(_SNIFF_CHARS)
    if not sample.strip():
        raise _unreadable(_("“%(name)s” is empty. %(accepted)s"), name=file_name)
    # Cut the sample at a line end so the sniffer does not see half a row.
    if len(sample) == _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    return _csv_records(path, encoding, _csv_delimiter(sample))


def _csv_records(path: Path, encoding: str, delimiter: str) -> Iterator[tuple[int, list]]:
    with path.open(encoding=encoding, newline="") as handle:
        # A quoted cell may hold line breaks; a spreadsheet still shows the record as one row.
        yield from enumerate(csv.reader(handle, delimiter=delimiter), start=1)
