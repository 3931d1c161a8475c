from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from povertyprog.areas.services import areas_load


class Command(BaseCommand):
    help = "Load all provinces, districts and subdistricts of Thailand from the geothai package."

    def handle(self, *args, **options) -> None:
        result = areas_load()
        for label in ("provinces", "districts", "subdistricts"):
            self.stdout.write(
                f"{label}: {result.created[label]} created, {result.updated[label]} updated"
            )
        if result.changed:
            self.stdout.write(self.style.SUCCESS(_("Areas loaded.")))
        else:
            self.stdout.write(self.style.SUCCESS(_("Areas already up to date: nothing changed.")))
