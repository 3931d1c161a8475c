"""Form fields that accept Thai input (Thai digits, BE dates, citizen IDs) and clean to Python."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from povertyprog.thai.formats import (
    format_thai_date_numeric,
    normalize_citizen_id,
    parse_thai_date,
    parse_thai_decimal,
    parse_thai_int,
)


class CitizenIDField(forms.CharField):
    """A citizen ID typed in any usual way; cleans to 13 ASCII digits."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return self.empty_value
        return normalize_citizen_id(value)

    def widget_attrs(self, widget):
        # autocomplete off: browsers should not keep citizen IDs in their history (PDPA).
        return {**super().widget_attrs(widget), "inputmode": "numeric", "autocomplete": "off"}


class ThaiDateField(forms.DateField):
    """A date typed in BE ("15/08/2557", "15 ส.ค. 57") or CE; shown as "15/08/2557"."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return parse_thai_date(value)

    def prepare_value(self, value):
        return format_thai_date_numeric(value) if isinstance(value, date) else value

    def widget_attrs(self, widget):
        # Translators: the Thai placeholder is วว/ดด/ปปปป; the year is in the Buddhist Era.
        return {**super().widget_attrs(widget), "placeholder": _("dd/mm/yyyy")}


# Text inputs, not <input type="number">: browsers refuse Thai digits and commas there.


class ThaiIntegerField(forms.IntegerField):
    """A whole number that may be typed with Thai digits and thousands commas."""

    widget = forms.TextInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return parse_thai_int(value)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "numeric"}


class ThaiDecimalField(forms.DecimalField):
    """A number that may be typed with Thai digits and thousands commas; cleans to Decimal."""

    widget = forms.TextInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return parse_thai_decimal(value)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "decimal"}
