"""What the parser hands to the pipeline: a clean household row, or the errors of a bad one."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(slots=True)
class CellError:
    """One problem in one cell, told so that a person can find and fix it in the sheet."""

    row: int  # the row number a spreadsheet program shows (1 = first row of the sheet)
    column: str  # the column's header as written in the file
    value: str  # the offending value as text ("" when the cell is empty)
    message: str  # what is wrong, specifically
    kind: str  # a stable code for grouping: "citizen_id.scientific", "area.district", …
    expected: str  # the form that would be accepted, e.g. "1-2345-67890-12-1"

    def as_dict(self) -> dict:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
            "kind": self.kind,
            "expected": self.expected,
        }


@dataclass(slots=True)
class HouseholdRow:
    """One valid row, every value already normalised (ASCII digits, CE dates, Decimals)."""

    row: int
    village_code: str  # 8 digits; the village may not exist yet
    village_name: str  # as written in the file ("" when the file has no such column)
    house_no: str
    house_code: str  # "" or 11 digits
    head_prefix: str
    head_first_name: str
    head_last_name: str
    citizen_id: str  # 13 digits, check digit verified
    members: int
    income_per_person: Decimal
    failed_indicators: tuple[int, ...]  # sorted, unique
    phone: str
    note: str

    @property
    def key(self) -> tuple[str, str]:
        """A household's identity: its village and house number."""
        return self.village_code, self.house_no
