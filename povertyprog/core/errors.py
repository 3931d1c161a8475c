"""Errors as a person reads them."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def validation_messages(error: ValidationError) -> list[str]:
    """Every message of a ValidationError, its params applied, as plain text.

    `error.message` is the untranslated template ("… %(year)s …") and `str(error)` is a
    Python list's repr; a door that shows a service's error as text uses this instead.
    Field-keyed errors (error_dict) come in the order of their fields.
    """
    return [str(message) for message in error.messages]


def validation_text(error: ValidationError) -> str:
    """The messages of `error` as one line."""
    return " ".join(validation_messages(error))


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names when the form has
    that field, at the top of the form otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        field = name if name in form.fields else None
        if name == NON_FIELD_ERRORS:
            field = None
        form.add_error(field, errors)
