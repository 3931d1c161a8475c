"""Finding the header row of a sheet, under any title rows."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..read import ImportFileError
from .fields import FIELD_LABELS, HEADER_ALIASES, TEMPLATE_HEADERS, header_key

HEADER_SEARCH_ROWS = 30
MIN_HEADER_FIELDS = 4


class HeaderNotFound(ImportFileError):
    """No row in the top of the sheet names the columns an import needs."""

    def __init__(self, message, params: dict | None = None, *, missing: list[str]):
        super().__init__(message, params)
        self.missing = missing  # Thai labels of the required columns not found


@dataclass(frozen=True)
class Header:
    """Where the header is and which column holds which field."""

    row_number: int  # the header's (last) row; data starts below it
    columns: dict[str, int]  # field → column index in the row's cells
    labels: dict[str, str]  # field → its header as written in this file
    written: tuple[str, ...] = field(default=())  # every column's header as written

    def labels_by_field(self) -> dict[str, str]:
        return dict(self.labels)

    def label(self, key: str) -> str:
        """The column's header as written in the file, or the template's label."""
        return self.labels.get(key) or FIELD_LABELS[key]


def _written(value: object) -> str:
    return " ".join(str(value).split()) if value != "" else ""


def _match_columns(labels: list[str]) -> dict[str, tuple[int, str]]:
    found: dict[str, tuple[int, str]] = {}
    for index, label in enumerate(labels):
        if not label:
            continue
        key = HEADER_ALIASES.get(header_key(label))
        if key and key not in found:
            found[key] = (index, label)
    return found


def _missing_required(found) -> list[str]:
    missing = [FIELD_LABELS[key] for key in ("house_no", "citizen_id") if key not in found]
    if "village_code" in found:
        return missing
    has_subdistrict = "subdistrict" in found or "subdistrict_code" in found
    if has_subdistrict and "moo" not in found:
        missing.append(FIELD_LABELS["moo"])
    elif "moo" in found and not has_subdistrict:
        missing.append(FIELD_LABELS["subdistrict"])
    elif not has_subdistrict:
        missing.append(
            _("%(subdistrict)s and %(moo)s, or %(village_code)s")
            % {
                "subdistrict": FIELD_LABELS["subdistrict"],
                "moo": FIELD_LABELS["moo"],
                "village_code": FIELD_LABELS["village_code"],
            }
        )
    return missing


def find_header(rows: Iterable[tuple[int, list]]) -> Header:
    """Find the header among the first rows (title rows above it are skipped).

    The header is the row naming the most known columns, at least four of them, among which the
    house number, the citizen ID and the area (a village code, or a subdistrict and หมู่ที่).
    A header on two rows (group labels above, column labels below) is read as one.
    """
    texts = [
        (number, [_written(cell) if isinstance(cell, str) else "" for cell in cells])
        for number, cells in islice(rows, HEADER_SEARCH_ROWS)
    ]
    options = []  # (fields found, 1 for a single row or 0 for two, last row number, labels)
    for i, (number, labels) in enumerate(texts):
        options.append((_match_columns(labels), 1, number, labels))
        if i + 1 < len(texts) and texts[i + 1][0] == number + 1:
            lower = texts[i + 1][1]
            width = max(len(labels), len(lower))
            both = [
                (lower[c] if c < len(lower) else "") or (labels[c] if c < len(labels) else "")
                for c in range(width)
            ]
            options.append((_match_columns(both), 0, number + 1, both))
    valid = [
        option
        for option in options
        if len(option[0]) >= MIN_HEADER_FIELDS and not _missing_required(option[0])
    ]
    if valid:
        found, _single, number, labels = max(
            valid, key=lambda option: (len(option[0]), option[1], -option[2])
        )
        return Header(
            row_number=number,
            columns={key: index for key, (index, _label) in found.items()},
            labels={key: label for key, (_index, label) in found.items()},
            written=tuple(labels),
        )
    best = max(options, key=lambda option: (len(option[0]), -option[2]), default=None)
    missing = _missing_required(best[0] if best else {})
    if best and len(best[0]) >= 2:
        raise HeaderNotFound(
            gettext_lazy(
                "Row %(row)d looks like the header row but lacks the columns: %(missing)s. "
                "Name the columns as in the template: %(template)s."
            ),
            {
                "row": best[2],
                "missing": ", ".join(missing),
                "template": " | ".join(TEMPLATE_HEADERS),
            },
            missing=missing,
        )
    raise HeaderNotFound(
        gettext_lazy(
            "No header row found in the first %(count)d rows of the sheet. The header must "
            "name at least the columns %(missing)s; the template's header is: %(template)s."
        ),
        {
            "count": HEADER_SEARCH_ROWS,
            "missing": ", ".join(missing),
            "template": " | ".join(TEMPLATE_HEADERS),
        },
        missing=missing,
    )
