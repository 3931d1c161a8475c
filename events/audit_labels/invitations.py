"""Activity-log labels of the fair: invitations."""

from django.utils.translation import gettext_lazy as _  # noqa: F401

ACTION_LABELS = {}
