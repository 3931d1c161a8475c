"""Errors as a person reads them."""

from django.core.exceptions import ValidationError


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
