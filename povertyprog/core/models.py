from django.db import models
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


# Lets constraints and queries say `code__length=8` on any text field.
models.CharField.register_lookup(Length)
