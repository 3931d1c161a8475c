from datetime import date
from decimal import Decimal

import pytest
from django import forms

from povertyprog.thai.fields import (
    CitizenIDField,
    ThaiDateField,
    ThaiDecimalField,
    ThaiIntegerField,
)


class HouseholdForm(forms.Form):
    citizen_id = CitizenIDField()
    surveyed_on = ThaiDateField()
    members = ThaiIntegerField(min_value=1)
    income = ThaiDecimalField(max_digits=12, decimal_places=2, required=False)


VALID = {
    "citizen_id": "๑-๑๐๑๗-๐๐๒๐๓-๔๕-๐",
    "surveyed_on": "๑๕ ส.ค. ๕๗",
    "members": "๔",
    "income": "๓๘,๐๐๐.๕๐",
}


def test_form_cleans_thai_input_to_python_values():
    form = HouseholdForm(data=VALID)
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "citizen_id": "1101700203450",
        "surveyed_on": date(2014, 8, 15),
        "members": 4,
        "income": Decimal("38000.50"),
    }


def test_optional_fields_clean_empty_to_none():
    form = HouseholdForm(data={**VALID, "income": ""})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["income"] is None


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("citizen_id", "", "required"),
        ("citizen_id", "1.10170E+12", "scientific"),
        ("citizen_id", "101700203451", "lost_leading_zero"),
        ("citizen_id", "1101700203451", "check_digit"),
        ("surveyed_on", "31/02/2557", "impossible"),
        ("surveyed_on", "tomorrow", "invalid"),
        ("members", "38,5", "invalid"),
        ("members", "0", "min_value"),
        ("income", "1,000,000,000,000", "max_digits"),
    ],
)
def test_form_errors(field, value, code):
    form = HouseholdForm(data={**VALID, field: value})
    assert not form.is_valid()
    assert [error.code for error in form.errors.as_data()[field]] == [code]


def test_error_message_lands_on_the_field_with_its_params():
    form = HouseholdForm(data={**VALID, "citizen_id": "101700203451"})
    assert "0-1017-00203-45-1" in form.errors["citizen_id"][0]


def test_citizen_id_widget():
    html = str(HouseholdForm()["citizen_id"])
    assert 'inputmode="numeric"' in html
    assert 'autocomplete="off"' in html


def test_date_field_shows_initial_value_in_be():
    html = str(HouseholdForm(initial={"surveyed_on": date(2014, 8, 5)})["surveyed_on"])
    assert 'value="05/08/2557"' in html
    assert "placeholder=" in html


def test_date_field_keeps_what_was_typed_when_invalid():
    form = HouseholdForm(data={**VALID, "surveyed_on": "31/02/2557"})
    assert 'value="31/02/2557"' in str(form["surveyed_on"])


def test_date_field_sees_no_change_when_the_same_date_is_typed_in_be():
    form = HouseholdForm(data=VALID, initial={"surveyed_on": date(2014, 8, 15)})
    assert "surveyed_on" not in form.changed_data


@pytest.mark.parametrize(("field", "inputmode"), [("members", "numeric"), ("income", "decimal")])
def test_number_fields_are_text_inputs_so_thai_digits_can_be_typed(field, inputmode):
    html = str(HouseholdForm()[field])
    assert 'type="text"' in html
    assert f'inputmode="{inputmode}"' in html
