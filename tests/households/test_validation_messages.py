"""A service's ValidationError reaches a person with its params filled in, on every door."""

from decimal import Decimal
from io import StringIO

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from households.services import round_create
from povertyprog.core.errors import add_service_error, validation_messages, validation_text

from .bmn_files import household_row, write_csv

UNFILLED = "%("


def test_validation_messages_applies_params():
    error = ValidationError("No set covers %(year)s.", params={"year": 2565})
    assert validation_messages(error) == ["No set covers 2565."]
    assert str(error.message) == "No set covers %(year)s."  # what the doors used to print


def test_validation_messages_of_lists_and_field_keyed_errors():
    error = ValidationError(
        {
            "title": ValidationError("Too long: %(n)d.", params={"n": 3}),
            "date": [ValidationError("After %(d)s.", params={"d": "1 Jan"}), "Plain."],
        }
    )
    assert validation_messages(error) == ["Too long: 3.", "After 1 Jan.", "Plain."]
    assert validation_text(error) == "Too long: 3. After 1 Jan. Plain."


def test_round_create_error_names_the_year(db):
    with pytest.raises(ValidationError) as caught:
        round_create(year_be=2565, income_threshold=Decimal(38000), by=None)
    (message,) = validation_messages(caught.value)
    assert "2565" in message
    assert UNFILLED not in message


def test_import_bmn_door(db, tmp_path):
    """The issue's reproduction: `import_bmn FILE --round 2565 --province 50 --threshold 38000`."""
    path = write_csv(tmp_path / "a.csv", [household_row(1)])
    with pytest.raises(CommandError) as caught:
        call_command(
            "import_bmn",
            str(path),
            "--round",
            "2565",
            "--province",
            "50",
            "--threshold",
            "38000",
            stdout=StringIO(),
            stderr=StringIO(),
        )
    assert "2565" in str(caught.value)
    assert UNFILLED not in str(caught.value)


def test_import_page_door(client, province_admin, tmp_path):
    client.force_login(province_admin)
    path = write_csv(tmp_path / "a.csv", [household_row(1)])
    response = client.post(
        reverse("households:import_new"),
        {
            "province": "50",
            "survey_round": "",
            "new_round_year": "2569",
            "new_round_threshold": "40000",
            "file": SimpleUploadedFile(path.name, path.read_bytes()),
        },
    )
    errors = response.context["form"].non_field_errors()
    assert any("2569" in e for e in errors)
    assert UNFILLED not in response.content.decode()


def test_agency_forms_door():
    class Form(forms.Form):
        name = forms.CharField()

    form = Form({"name": "x"})
    form.is_valid()
    add_service_error(
        form,
        ValidationError(
            {
                "name": ValidationError("%(name)s exists.", params={"name": "อบต.ริมใต้"}),
                "other": ValidationError("Only %(n)d left.", params={"n": 2}),
            }
        ),
    )
    add_service_error(form, ValidationError("Signed on %(date)s.", params={"date": "1 Jan"}))
    assert form.errors["name"] == ["อบต.ริมใต้ exists."]
    assert form.non_field_errors() == ["Only 2 left.", "Signed on 1 Jan."]
