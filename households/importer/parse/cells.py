"""Cells as text, the way a spreadsheet program shows them."""

from datetime import date, datetime

from povertyprog.thai.formats import (
    format_thai_date_numeric,
    to_ascii_digits,
)


def cell_text(value: object) -> str:
    """A cell's value as a person sees it in the spreadsheet, for error messages.

    Long whole numbers whose last digits are zeros (what Excel leaves of a 13-digit ID it
    turned into a number) are shown as Excel shows them: 1.10170E+12.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if not value.is_integer():
            return repr(value)
        digits = str(int(value))
        if len(digits.lstrip("-")) >= 12 and digits.endswith("000000"):
            return f"{value:.5E}"
        return digits
    if isinstance(value, datetime):
        if value.time() == datetime.min.time():
            return format_thai_date_numeric(value.date())
        return f"{format_thai_date_numeric(value.date())} {value:%H:%M}"
    if isinstance(value, date):
        return format_thai_date_numeric(value)
    return str(value)


def _ascii_digits(text: str) -> str:
    # Thai digits (U+0E50–U+0E59) sort above every Thai letter: max() tells in C whether a Thai
    # name needs translating at all, which most do not.
    if text.isascii() or max(text) < "\u0e50":
        return text
    return to_ascii_digits(text)


def _clean(value: object) -> str:
    """Stripped text with ASCII digits; whole numbers without their ".0"."""
    if type(value) is str:
        return _ascii_digits(value.strip())
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return cell_text(value).strip()


def _clean_words(value: object) -> str:
    """Like _clean, with runs of whitespace inside the text collapsed to one space."""
    if type(value) is str:
        return _ascii_digits(" ".join(value.split()))
    return _clean(value)


def _is_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()
