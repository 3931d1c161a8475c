"""`python manage.py fair_report --fair ID [--json]`: the fair's attendance report (the
figures of the report page, events.report_selectors.attendance_report) as a text table or
as JSON: `invited`, `confirmed`, `declined`, `no_answer`, `checked_in`, `walk_ins`,
`no_shows` and `by_district` (a list of objects with `code`, `name` and the same keys)."""

import json as jsonlib

from django.core.management.base import BaseCommand, CommandError

from events.models import Fair
from events.report_selectors import FIGURES, attendance_report


class Command(BaseCommand):
    help = "Print a fair's attendance figures, in total and by district."

    def add_arguments(self, parser):
        parser.add_argument("--fair", type=int, required=True, help="the fair's id")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, fair: int, json: bool = False, **options):
        # An operator's command run on the server: the whole fair, no viewer to scope to.
        found = Fair.objects.select_related("programme").filter(pk=fair).first()
        if found is None:
            raise CommandError(f"No fair with id {fair}.")
        report = attendance_report(found)
        if json:
            self.stdout.write(jsonlib.dumps(report.as_dict(), ensure_ascii=False, indent=2))
            return
        name_width = max([len(r.name) for r in report.by_district] + [8])
        header = f"{'code':<6} {'district':<{name_width}} " + " ".join(
            f"{key:>10}" for key in FIGURES
        )
        self.stdout.write(f"{found.name} ({found.venue})")
        self.stdout.write(header)
        for row in report.by_district:
            self.stdout.write(
                f"{row.code:<6} {row.name:<{name_width}} "
                + " ".join(f"{value:>10}" for value in row.figures().values())
            )
        self.stdout.write(
            f"{'':<6} {'total':<{name_width}} "
            + " ".join(f"{value:>10}" for value in report.total.figures().values())
        )
