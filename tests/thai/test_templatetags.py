import zoneinfo
from datetime import date, datetime

import pytest
from django.template import Context, Template
from django.utils import timezone


def render(expression, **context):
    return Template("{% load thai %}" + expression).render(Context(context))


@pytest.mark.parametrize(
    ("expression", "value", "expected"),
    [
        ("{{ value|thai_date }}", date(2014, 8, 15), "15 ส.ค. 2557"),
        ('{{ value|thai_date:"long" }}', date(2014, 8, 15), "15 สิงหาคม 2557"),
        ("{{ value|be_year }}", date(2014, 8, 15), "2557"),
        ("{{ value|fiscal_year }}", date(2013, 10, 1), "2557"),
        ("{{ value|citizen_id }}", "1101700203450", "1-1017-00203-45-0"),
        ("{{ value|citizen_id_masked }}", "1101700203450", "1-xxxx-xxxxx-xx-0"),
        ("{{ value|thai_digits }}", 2557, "๒๕๕๗"),
        ("{{ value|thai_date|thai_digits }}", date(2014, 8, 15), "๑๕ ส.ค. ๒๕๕๗"),
    ],
)
def test_filters(expression, value, expected):
    assert render(expression, value=value) == expected


def test_thai_datetime_in_local_time():
    moment = datetime(2014, 8, 15, 7, 5, tzinfo=zoneinfo.ZoneInfo("UTC"))
    with timezone.override(zoneinfo.ZoneInfo("Asia/Bangkok")):
        assert render("{{ value|thai_datetime }}", value=moment) == "15 ส.ค. 2557 14:05 น."


@pytest.mark.parametrize(
    "name",
    [
        "thai_date",
        "thai_datetime",
        "be_year",
        "fiscal_year",
        "citizen_id",
        "citizen_id_masked",
        "thai_digits",
    ],
)
@pytest.mark.parametrize("value", [None, ""])
def test_filters_show_nothing_for_no_value(name, value):
    assert render(f"{{{{ value|{name} }}}}", value=value) == ""
    assert render(f"{{{{ missing|{name} }}}}") == ""


def test_citizen_id_shows_a_damaged_value_as_it_is():
    assert render("{{ value|citizen_id }}", value="110170020345") == "110170020345"


def test_citizen_id_masked_hides_a_damaged_value_entirely():
    assert render("{{ value|citizen_id_masked }}", value="110170020345") == "x" * 12


def test_thai_digits_keeps_escaping():
    assert render("{{ value|thai_digits }}", value="<b>5</b>") == "&lt;b&gt;๕&lt;/b&gt;"
