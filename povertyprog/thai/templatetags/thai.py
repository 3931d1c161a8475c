"""Template filters for Thai output: {% load thai %} then {{ visit.date|thai_date }}."""

from django import template

from povertyprog.thai import formats

register = template.Library()


@register.filter
def thai_date(value, style=""):
    """15 ส.ค. 2557; with the argument "long", 15 สิงหาคม 2557."""
    if value in (None, ""):
        return ""
    return formats.format_thai_date(value, long=style == "long")


@register.filter
def thai_datetime(value):
    """15 ส.ค. 2557 14:05 น., in local time."""
    if value in (None, ""):
        return ""
    return formats.format_thai_datetime(value)


@register.filter
def be_year(value):
    """The Buddhist-era year of a date: 2557."""
    if value in (None, ""):
        return ""
    return formats.be_year(value)


@register.filter
def fiscal_year(value):
    """The fiscal year (ปีงบประมาณ) of a date, in BE: 1 Oct 2013 → 2557."""
    if value in (None, ""):
        return ""
    return formats.fiscal_year_be(value)


@register.filter
def citizen_id(value):
    """1-1017-00203-45-0; a value that is not a normalized ID is shown as it is."""
    if value in (None, ""):
        return ""
    try:
        return formats.format_citizen_id(value)
    except ValueError:
        return value


@register.filter
def citizen_id_masked(value):
    """1-xxxx-xxxxx-xx-0; a value that is not a normalized ID is hidden entirely."""
    if value in (None, ""):
        return ""
    try:
        return formats.mask_citizen_id(value)
    except ValueError:
        return "x" * len(value)


@register.filter(is_safe=True)
def thai_digits(value):
    """The value with Thai digits: 2557 → ๒๕๕๗."""
    if value is None:
        return ""
    return formats.to_thai_digits(str(value))
