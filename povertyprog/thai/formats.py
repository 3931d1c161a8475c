"""Thai input and output formats: digits, citizen IDs, Buddhist-era dates, fiscal years, numbers.

Every value typed by staff or read from a spreadsheet passes through this module, so that
Thai digits, Buddhist-era years and Excel's habits are handled in one place.
"""

import re
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

BE_OFFSET = 543
"""Years between the Common Era and the Buddhist Era: 2014 CE is 2557 BE."""

THAI_MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
THAI_MONTHS_ABBR = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)

_THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ASCII_DIGITS = str.maketrans(_THAI_DIGITS, "0123456789")
_TO_THAI_DIGITS = str.maketrans("0123456789", _THAI_DIGITS)


def to_ascii_digits(text: str) -> str:
    """Return ``text`` with Thai digits (๐–๙) replaced by ASCII digits (0–9)."""
    return text.translate(_TO_ASCII_DIGITS)


def to_thai_digits(text: str) -> str:
    """Return ``text`` with ASCII digits (0–9) replaced by Thai digits (๐–๙)."""
    return text.translate(_TO_THAI_DIGITS)


def _is_ascii_digits(text: str) -> bool:
    # str.isdigit alone also accepts Thai, Arabic-Indic and superscript digits.
    return text.isascii() and text.isdigit()


# ---------------------------------------------------------------------------
# Citizen IDs (เลขประจำตัวประชาชน)


class CitizenIDError(ValidationError):
    """A citizen ID that cannot be accepted; ``code`` says why."""


# Zero-width spaces come with Thai text copied from web pages; Word turns dashes into en dashes.
_CITIZEN_ID_SEPARATORS = re.compile(r"[\s\u200b\-\u2010-\u2015]")
_SCIENTIFIC_NOTATION = re.compile(r"[+-]?\d+(\.\d*)?[eE][+-]?\d+")


def citizen_id_check_digit(first12: str) -> int:
    """Return the mod-11 check digit for the first 12 ASCII digits of a citizen ID."""
    # Unrolled: this runs once per row of a 500,000-row import. 48 is ord("0"), and the
    # weights 13…2 sum to 90, so subtracting 48 × 90 turns character codes into digits.
    b = first12.encode()
    total = (
        13 * b[0] + 12 * b[1] + 11 * b[2] + 10 * b[3] + 9 * b[4] + 8 * b[5]
        + 7 * b[6] + 6 * b[7] + 5 * b[8] + 4 * b[9] + 3 * b[10] + 2 * b[11]
        - 48 * 90
    )  # fmt: skip
    return (11 - total % 11) % 10


def is_valid_citizen_id(cid: str) -> bool:
    """Say whether ``cid`` is a normalized citizen ID: 13 ASCII digits with a good check digit."""
    return (
        len(cid) == 13
        and _is_ascii_digits(cid)
        and citizen_id_check_digit(cid[:12]) == int(cid[12])
    )


def _scientific_notation_error(shown: str) -> CitizenIDError:
    return CitizenIDError(
        _(
            "Excel turned this citizen ID into a number in scientific notation (%(value)s), so "
            "its last digits are lost. Format the column as Text and type the ID again."
        ),
        code="scientific",
        params={"value": shown},
    )


def normalize_citizen_id(value: str | int | float | None) -> str:
    """Return the 13-digit citizen ID in ``value``, or raise CitizenIDError.

    ``value`` is what staff typed or what a spreadsheet cell held: Thai digits, spaces and
    dashes (1-1017-00203-45-1) are accepted. Numbers from spreadsheet cells are accepted
    when exact; the errors explain the usual ways Excel damages IDs.
    """
    if isinstance(value, int | float):
        # Shown as Excel shows a long number, so staff recognise the damaged cell.
        shown = f"{value:.5E}"
        if isinstance(value, float) and not value.is_integer():
            raise _scientific_notation_error(shown)
        digits = str(int(value))
        # A number read back from "1.10170E+12" keeps six digits and ends in zeros.
        long_zeroed = len(digits) in (12, 13) and digits.endswith("0000000")
        if long_zeroed and not is_valid_citizen_id(digits.zfill(13)):
            raise _scientific_notation_error(shown)
    else:
        text = to_ascii_digits(str(value or "")).strip()
        if _SCIENTIFIC_NOTATION.fullmatch(text):
            raise _scientific_notation_error(text)
        digits = _CITIZEN_ID_SEPARATORS.sub("", text)
    if not digits:
        raise CitizenIDError(_("Enter the 13-digit citizen ID."), code="empty")
    if not _is_ascii_digits(digits):
        others = "".join(sorted({char for char in digits if not _is_ascii_digits(char)}))
        raise CitizenIDError(
            _("A citizen ID has only digits, but “%(value)s” also contains “%(characters)s”."),
            code="characters",
            params={"value": value, "characters": others},
        )
    if len(digits) == 12 and is_valid_citizen_id("0" + digits):
        raise CitizenIDError(
            _(
                "Excel dropped the leading 0 of this citizen ID; it is probably %(probable)s. "
                "Format the column as Text and type the ID with its 0 in front."
            ),
            code="lost_leading_zero",
            params={"probable": format_citizen_id("0" + digits)},
        )
    if len(digits) != 13:
        raise CitizenIDError(
            _("The citizen ID must have 13 digits; this one has %(count)d."),
            code="length",
            params={"count": len(digits)},
        )
    expected = citizen_id_check_digit(digits[:12])
    if expected != int(digits[12]):
        raise CitizenIDError(
            _(
                "The citizen ID %(value)s is not valid: its last digit should be %(expected)d, "
                "not %(found)d. One of the digits is probably mistyped."
            ),
            code="check_digit",
            params={
                "value": format_citizen_id(digits),
                "expected": expected,
                "found": int(digits[12]),
            },
        )
    return digits


def _require_13_digits(cid: str) -> None:
    if len(cid) != 13 or not _is_ascii_digits(cid):
        raise ValueError(f"A normalized citizen ID has 13 ASCII digits, not {cid!r}.")


def format_citizen_id(cid: str) -> str:
    """Return a normalized citizen ID grouped as written on the ID card: 1-1017-00203-45-0."""
    _require_13_digits(cid)
    return f"{cid[0]}-{cid[1:5]}-{cid[5:10]}-{cid[10:12]}-{cid[12]}"


def mask_citizen_id(cid: str) -> str:
    """Return a normalized citizen ID with all but its first and last digit hidden."""
    _require_13_digits(cid)
    return f"{cid[0]}-xxxx-xxxxx-xx-{cid[12]}"


# ---------------------------------------------------------------------------
# Buddhist-era dates and fiscal years


class ThaiDateError(ValidationError):
    """A date that cannot be read, or that does not exist; ``code`` says which."""


def ce_to_be(year: int) -> int:
    """Return the Buddhist-era year of a Common-Era year."""
    return year + BE_OFFSET


def be_to_ce(year: int) -> int:
    """Return the Common-Era year of a Buddhist-era year."""
    return year - BE_OFFSET


def _local_date(d: date) -> date:
    # An aware datetime's calendar day is the day in the local time zone, not in UTC.
    if isinstance(d, datetime) and timezone.is_aware(d):
        return timezone.localtime(d).date()
    return d


def be_year(d: date) -> int:
    """Return the Buddhist-era year of ``d``."""
    return ce_to_be(_local_date(d).year)


def fiscal_year_be(d: date) -> int:
    """Return the fiscal year (ปีงบประมาณ, 1 October – 30 September) of ``d``, in BE."""
    d = _local_date(d)
    return ce_to_be(d.year + 1 if d.month >= 10 else d.year)


def fiscal_year_bounds(year_be: int) -> tuple[date, date]:
    """Return the first and last day of fiscal year ``year_be``: 2557 → 2013-10-01, 2014-09-30."""
    year = be_to_ce(year_be)
    return date(year - 1, 10, 1), date(year, 9, 30)


def format_thai_date(d: date, *, long: bool = False, thai_digits: bool = False) -> str:
    """Return ``d`` as "15 ส.ค. 2557", or "15 สิงหาคม 2557" when ``long``."""
    d = _local_date(d)
    months = THAI_MONTHS if long else THAI_MONTHS_ABBR
    text = f"{d.day} {months[d.month - 1]} {ce_to_be(d.year)}"
    return to_thai_digits(text) if thai_digits else text


def format_thai_date_numeric(d: date) -> str:
    """Return ``d`` as "15/08/2557", the form staff type dates in."""
    d = _local_date(d)
    return f"{d.day:02d}/{d.month:02d}/{ce_to_be(d.year)}"


def format_thai_datetime(dt: datetime) -> str:
    """Return ``dt`` in local time as "15 ส.ค. 2557 14:05 น."."""
    if timezone.is_aware(dt):
        dt = timezone.localtime(dt)
    return f"{format_thai_date(dt)} {dt:%H:%M} น."


_MONTHS_BY_NAME = {
    name.replace(".", ""): number
    for names in (THAI_MONTHS, THAI_MONTHS_ABBR)
    for number, name in enumerate(names, start=1)
}
_BE_ERA = re.compile(r"พ\.?ศ\.?")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_MONTHNAME_YEAR = re.compile(r"(\d{1,2}) ?([^\d ]+) ?(\d{2}|\d{4})")


def _ce_year(text: str) -> int:
    # Two-digit years are BE (57 → 2557); four-digit years after 2400 are BE, others CE.
    year = int(text)
    if len(text) == 2:
        year += 2500
    return be_to_ce(year) if year > 2400 else year


def _read_date(text: str) -> tuple[int, int, int] | None:
    """Return (CE year, month, day) written in ``text``, or None if it is in no known form."""
    text = " ".join(_BE_ERA.sub(" ", to_ascii_digits(text)).split())
    if match := _DAY_MONTH_YEAR.fullmatch(text):
        day, _separator, month, year = match.groups()
        return _ce_year(year), int(month), int(day)
    if match := _ISO.fullmatch(text):
        year, month, day = match.groups()
        return _ce_year(year), int(month), int(day)
    if (match := _DAY_MONTHNAME_YEAR.fullmatch(text)) and (
        month := _MONTHS_BY_NAME.get(match[2].replace(".", ""))
    ):
        return _ce_year(match[3]), month, int(match[1])
    return None


def parse_thai_date(value: date | str) -> date:
    """Return the date in ``value``, or raise ThaiDateError.

    Accepts date and datetime objects (a year after 2400, as when a spreadsheet holds BE
    dates, is read as BE) and strings such as "15/08/2557", "15/8/57", "15-08-2557",
    "2014-08-15", "2557-08-15", "15 สิงหาคม 2557", "15 ส.ค. 57" or "๑๕ ส.ค. ๕๗", with or
    without "พ.ศ.". Two-digit years are BE; four-digit years after 2400 are BE, others CE.
    """
    if isinstance(value, date):
        d = _local_date(value)
        parts = (be_to_ce(d.year) if d.year > 2400 else d.year, d.month, d.day)
    else:
        parts = _read_date(str(value))
        if parts is None:
            raise ThaiDateError(
                _("“%(value)s” is not a date we can read. Write it as 15/08/2567 or 15 ส.ค. 2567."),
                code="invalid",
                params={"value": value},
            )
    # Built from parts: 29 February of a BE year may not exist in the CE year.
    try:
        return date(*parts)
    except ValueError:
        raise ThaiDateError(
            _("“%(value)s” is not a real date; check the day and the month."),
            code="impossible",
            params={"value": value},
        ) from None


# ---------------------------------------------------------------------------
# Numbers

_NUMBER = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?")


def _read_number(value: str | int | float | Decimal) -> Decimal | None:
    """Return the finite number in ``value``, or None if it holds none."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        number = Decimal(str(value))
        return number if number.is_finite() else None
    text = "".join(to_ascii_digits(str(value)).split())
    # Commas only as thousands separators: "38,5" must not become 385.
    return Decimal(text.replace(",", "")) if _NUMBER.fullmatch(text) else None


def parse_thai_decimal(value: str | int | float | Decimal) -> Decimal:
    """Return the number in ``value`` ("38,000", "๓๘,๐๐๐", "38000.50") as a Decimal."""
    number = _read_number(value)
    if number is None:
        raise ValidationError(
            _("“%(value)s” is not a number. Write it as 38,000 or 38000.50."),
            code="invalid",
            params={"value": value},
        )
    return number


def parse_thai_int(value: str | int | float | Decimal) -> int:
    """Return the whole number in ``value`` ("38,000", "๓๘,๐๐๐", "38000.00") as an int."""
    number = _read_number(value)
    if number is None or number != number.to_integral_value():
        raise ValidationError(
            _("“%(value)s” is not a whole number. Write it as 38,000 or 38000."),
            code="invalid",
            params={"value": value},
        )
    return int(number)
