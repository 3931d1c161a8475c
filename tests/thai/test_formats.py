import zoneinfo
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from povertyprog.thai.formats import (
    THAI_MONTHS,
    THAI_MONTHS_ABBR,
    CitizenIDError,
    ThaiDateError,
    be_to_ce,
    be_year,
    ce_to_be,
    citizen_id_check_digit,
    fiscal_year_be,
    fiscal_year_bounds,
    format_citizen_id,
    format_thai_date,
    format_thai_date_numeric,
    format_thai_datetime,
    is_valid_citizen_id,
    mask_citizen_id,
    normalize_citizen_id,
    parse_thai_date,
    parse_thai_decimal,
    parse_thai_int,
    to_ascii_digits,
    to_thai_digits,
)

BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")

# Valid IDs (check digit computed): an ordinary one and one per prefix for which
# non-Thai and highland residents' IDs exist.
VALID_ID = "1101700203450"
HIGHLAND_IDS = ["0101700203451", "6101700203451", "7101700203459", "8101700203457"]


def error_for(value):
    with pytest.raises(CitizenIDError) as caught:
        normalize_citizen_id(value)
    return caught.value


# Digits


def test_to_ascii_digits():
    assert to_ascii_digits("๐๑๒๓๔๕๖๗๘๙ ก.ค. 12") == "0123456789 ก.ค. 12"


def test_to_thai_digits():
    assert to_thai_digits("15 ส.ค. 2557") == "๑๕ ส.ค. ๒๕๕๗"


# Citizen IDs


def test_check_digit():
    assert citizen_id_check_digit("110170020345") == 0


@pytest.mark.parametrize("cid", [VALID_ID, *HIGHLAND_IDS])
def test_is_valid_citizen_id(cid):
    assert is_valid_citizen_id(cid)


@pytest.mark.parametrize(
    "cid", ["1101700203451", "110170020345", "1-1017-00203-45-0", "๑๑๐๑๗๐๐๒๐๓๔๕๐"]
)
def test_is_valid_citizen_id_wants_normalized_ids(cid):
    assert not is_valid_citizen_id(cid)


@pytest.mark.parametrize(
    "value",
    [
        "1101700203450",
        "1-1017-00203-45-0",
        "1 1017 00203 45 0",
        "  1101700203450\n",
        "1–1017–00203–45–0",  # en dashes, as Word and Excel autocorrect them
        "1101700203450\u200b",  # zero-width space from Thai web text
        "๑๑๐๑๗๐๐๒๐๓๔๕๐",
        "๑-๑๐๑๗-๐๐๒๐๓-๔๕-๐",
        1101700203450,  # numeric spreadsheet cell
        1101700203450.0,  # numeric cell read as float, still exact
    ],
)
def test_normalize_citizen_id_accepts(value):
    assert normalize_citizen_id(value) == VALID_ID


@pytest.mark.parametrize("cid", HIGHLAND_IDS)
def test_normalize_citizen_id_accepts_highland_and_non_thai_prefixes(cid):
    assert normalize_citizen_id(format_citizen_id(cid)) == cid


@pytest.mark.parametrize("value", ["", "   ", " - ", None])
def test_normalize_citizen_id_empty(value):
    assert error_for(value).code == "empty"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("1.10170E+12", "1.10170E+12"),
        ("1.1017e12", "1.1017e12"),
        ("๑.๑๐๑๗๐E+๑๒", "1.10170E+12"),
        (float("1.10170E+12"), "1.10170E+12"),
        (1101700000000, "1.10170E+12"),
        (1101700203.45, "1.10170E+09"),
    ],
)
def test_normalize_citizen_id_scientific_notation(value, shown):
    error = error_for(value)
    assert error.code == "scientific"
    assert shown in error.messages[0]


@pytest.mark.parametrize(
    "value", ["101700203451", 101700203451, 101700203451.0, "1-0170-0203-45-1"]
)
def test_normalize_citizen_id_lost_leading_zero(value):
    error = error_for(value)
    assert error.code == "lost_leading_zero"
    assert "0-1017-00203-45-1" in error.messages[0]


@pytest.mark.parametrize(
    ("value", "count"),
    [("110170020345", 12), ("11017002034", 11), ("11017002034501", 14), (11017002034, 11)],
)
def test_normalize_citizen_id_length(value, count):
    error = error_for(value)
    assert error.code == "length"
    assert error.params == {"count": count}


@pytest.mark.parametrize(
    ("value", "characters"),
    [
        ("1101700203a50", "a"),
        ("1.101.700.203.450", "."),
        ("ID 1101700203450", "DI"),
        (-1101700203450, "-"),
    ],
)
def test_normalize_citizen_id_characters(value, characters):
    error = error_for(value)
    assert error.code == "characters"
    assert error.params["characters"] == characters


@pytest.mark.parametrize("value", ["1101700203451", "1-1017-00203-45-1", 1101700203451])
def test_normalize_citizen_id_check_digit(value):
    error = error_for(value)
    assert error.code == "check_digit"
    assert error.params == {"value": "1-1017-00203-45-1", "expected": 0, "found": 1}


def test_citizen_id_error_is_a_validation_error():
    assert isinstance(error_for(""), ValidationError)


def test_format_citizen_id():
    assert format_citizen_id(VALID_ID) == "1-1017-00203-45-0"


def test_mask_citizen_id():
    assert mask_citizen_id("0101700203451") == "0-xxxx-xxxxx-xx-1"


@pytest.mark.parametrize("value", ["110170020345", "1-1017-00203-45-0", "๑๑๐๑๗๐๐๒๐๓๔๕๐"])
def test_format_and_mask_want_normalized_ids(value):
    with pytest.raises(ValueError, match="13 ASCII digits"):
        format_citizen_id(value)
    with pytest.raises(ValueError, match="13 ASCII digits"):
        mask_citizen_id(value)


first12 = st.text(alphabet="0123456789", min_size=12, max_size=12)


def with_check_digit(digits):
    return digits + str(citizen_id_check_digit(digits))


@given(first12)
def test_citizen_id_round_trips(digits):
    cid = with_check_digit(digits)
    formatted = format_citizen_id(cid)
    assert normalize_citizen_id(formatted) == cid
    assert normalize_citizen_id(to_thai_digits(formatted)) == cid
    assert normalize_citizen_id(formatted.replace("-", " ")) == cid
    assert normalize_citizen_id(to_thai_digits(cid)) == cid


@given(first12, st.integers(0, 12), st.integers(1, 9))
def test_citizen_id_single_digit_changes(digits, position, shift):
    cid = with_check_digit(digits)
    changed = cid[:position] + str((int(cid[position]) + shift) % 10) + cid[position + 1 :]
    if position == 2:
        # The third digit has weight 11 ≡ 0 (mod 11): the check digit cannot see it.
        assert is_valid_citizen_id(changed)
    elif position == 12 or cid[12] != "1":
        assert not is_valid_citizen_id(changed)
        with pytest.raises(CitizenIDError):
            normalize_citizen_id(changed)
    # Otherwise sums of 0 and 10 (mod 11) both give check digit 1, so a change may pass.


# Dates


def test_month_names():
    assert len(THAI_MONTHS) == len(THAI_MONTHS_ABBR) == 12
    assert (THAI_MONTHS[7], THAI_MONTHS_ABBR[7]) == ("สิงหาคม", "ส.ค.")


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({}, "15 ส.ค. 2557"),
        ({"long": True}, "15 สิงหาคม 2557"),
        ({"thai_digits": True}, "๑๕ ส.ค. ๒๕๕๗"),
        ({"long": True, "thai_digits": True}, "๑๕ สิงหาคม ๒๕๕๗"),
    ],
)
def test_format_thai_date(options, expected):
    assert format_thai_date(date(2014, 8, 15), **options) == expected


def test_format_thai_date_numeric():
    assert format_thai_date_numeric(date(2014, 8, 5)) == "05/08/2557"


def test_format_thai_date_uses_the_local_day():
    with timezone.override(BANGKOK):
        assert format_thai_date(datetime(2014, 8, 14, 20, 0, tzinfo=zoneinfo.ZoneInfo("UTC"))) == (
            "15 ส.ค. 2557"
        )


def test_format_thai_datetime_in_local_time():
    with timezone.override(BANGKOK):
        moment = datetime(2014, 8, 15, 7, 5, tzinfo=zoneinfo.ZoneInfo("UTC"))
        assert format_thai_datetime(moment) == "15 ส.ค. 2557 14:05 น."


def test_format_thai_datetime_naive():
    assert format_thai_datetime(datetime(2014, 8, 15, 14, 5)) == "15 ส.ค. 2557 14:05 น."


@pytest.mark.parametrize(
    "value",
    [
        date(2014, 8, 15),
        datetime(2014, 8, 15, 9, 30),
        datetime(2557, 8, 15),  # Excel cell holding a BE year
        date(2557, 8, 15),
        "15/08/2557",
        "15/8/2557",
        "15/8/57",
        "15-08-2557",
        "15.08.2557",
        "15/08/2014",
        "2014-08-15",
        "2557-08-15",
        "15 สิงหาคม 2557",
        "15 ส.ค. 2557",
        "15 ส.ค. 57",
        "15 ส.ค.57",
        "15 สค 2557",
        "๑๕ ส.ค. ๕๗",
        "๑๕/๐๘/๒๕๕๗",
        "15 ส.ค. พ.ศ. 2557",
        "15 สิงหาคม พ.ศ.2557",
        "  15   ส.ค.   2557  ",
    ],
)
def test_parse_thai_date(value):
    assert parse_thai_date(value) == date(2014, 8, 15)


def test_parse_thai_date_local_day_of_aware_datetime():
    with timezone.override(BANGKOK):
        assert parse_thai_date(datetime(2014, 8, 14, 20, tzinfo=zoneinfo.ZoneInfo("UTC"))) == (
            date(2014, 8, 15)
        )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("29/02/2563", date(2020, 2, 29)),  # 2563 BE = 2020 CE, a leap year
        ("2563-02-29", date(2020, 2, 29)),
        ("29 ก.พ. 63", date(2020, 2, 29)),
        ("1/1/00", date(1957, 1, 1)),  # two-digit years are BE: 00 → 2500
    ],
)
def test_parse_thai_date_be_leap_days_and_two_digit_years(value, expected):
    assert parse_thai_date(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "31/02/2557",
        "29/02/2564",  # 2564 BE = 2021 CE, not a leap year
        "32 ส.ค. 2557",
        "15/13/2557",
        "2557-13-01",
        datetime(2564, 2, 29),  # exists in CE 2564, but 2564 BE = 2021 CE has no 29 Feb
    ],
)
def test_parse_thai_date_impossible(value):
    with pytest.raises(ThaiDateError) as caught:
        parse_thai_date(value)
    assert caught.value.code == "impossible"
    assert str(value) in caught.value.messages[0]


@pytest.mark.parametrize(
    "value",
    [
        "",
        "yesterday",
        "15 August 2557",
        "15 ส.ค.",
        "15/08",
        "15/08/257",
        "2557/08/15",
        "15/08-2557",
        20140815,
    ],
)
def test_parse_thai_date_unreadable(value):
    with pytest.raises(ThaiDateError) as caught:
        parse_thai_date(value)
    assert caught.value.code == "invalid"
    with translation.override("en"):
        assert caught.value.messages == [
            f"“{value}” is not a date we can read. Write it as 15/08/2567 or 15 ส.ค. 2567."
        ]


dates = st.dates(date(1900, 1, 1), date(2100, 12, 31))


@given(dates)
def test_thai_dates_round_trip(d):
    assert parse_thai_date(format_thai_date(d)) == d
    assert parse_thai_date(format_thai_date(d, long=True)) == d
    assert parse_thai_date(format_thai_date(d, thai_digits=True)) == d
    assert parse_thai_date(format_thai_date(d, long=True, thai_digits=True)) == d
    assert parse_thai_date(format_thai_date_numeric(d)) == d


# Years and fiscal years


def test_year_conversions():
    assert (ce_to_be(2014), be_to_ce(2557), be_year(date(2014, 8, 15))) == (2557, 2014, 2557)


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2013, 9, 30), 2556),
        (date(2013, 10, 1), 2557),
        (date(2014, 1, 1), 2557),
        (date(2014, 9, 30), 2557),
        (date(2014, 10, 1), 2558),
    ],
)
def test_fiscal_year_be(d, expected):
    assert fiscal_year_be(d) == expected


def test_fiscal_year_be_of_aware_datetime_uses_the_local_day():
    with timezone.override(BANGKOK):
        assert fiscal_year_be(datetime(2014, 9, 30, 18, tzinfo=zoneinfo.ZoneInfo("UTC"))) == 2558


def test_fiscal_year_bounds():
    assert fiscal_year_bounds(2557) == (date(2013, 10, 1), date(2014, 9, 30))


@given(dates)
def test_fiscal_year_contains_its_dates(d):
    start, end = fiscal_year_bounds(fiscal_year_be(d))
    assert start <= d <= end


# Numbers


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("38000", 38000),
        ("38,000", 38000),
        ("๓๘,๐๐๐", 38000),
        (" 38 000 ", 38000),
        ("1,234,567", 1234567),
        ("-1,000", -1000),
        ("38000.00", 38000),
        (38000, 38000),
        (38000.0, 38000),
    ],
)
def test_parse_thai_int(value, expected):
    assert parse_thai_int(value) == expected


@pytest.mark.parametrize(
    "value", ["", "abc", "38,5", "3,80,00", "38000.5", "1e5", 38000.5, float("nan")]
)
def test_parse_thai_int_rejects(value):
    with pytest.raises(ValidationError) as caught:
        parse_thai_int(value)
    assert caught.value.code == "invalid"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("38000.50", Decimal("38000.50")),
        ("38,000.50", Decimal("38000.50")),
        ("๓๘,๐๐๐.๕๐", Decimal("38000.50")),
        ("38,000", Decimal("38000")),
        (38000, Decimal("38000")),
        (0.1, Decimal("0.1")),
        (Decimal("12.5"), Decimal("12.5")),
    ],
)
def test_parse_thai_decimal(value, expected):
    assert parse_thai_decimal(value) == expected


@pytest.mark.parametrize("value", ["", "abc", "38,5", "38.000,50", "1e5", ".5", float("inf")])
def test_parse_thai_decimal_rejects(value):
    with pytest.raises(ValidationError) as caught:
        parse_thai_decimal(value)
    assert caught.value.code == "invalid"
