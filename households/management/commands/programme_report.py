"""The figures of a fiscal year's programme: how many cases, where, and how far along."""

import json

from django.core.management.base import BaseCommand, CommandError

from ...models import Programme
from ...programme_selectors import programme_summary

COLUMNS = ("targets", "verified", "with_plan", "with_host", "assisted", "graduated")


class Command(BaseCommand):
    help = (
        "Print a programme's targets (dropped cases left out), the distinct villages, "
        "subdistricts and districts they live in, the count per stage, and per district the "
        "targets, verified, with plan, with host agency, assisted and graduated. "
        "--json prints the same as JSON."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, required=True, help="fiscal year (BE), e.g. 2557")
        parser.add_argument("--province", required=True, help="province code, e.g. 50")
        parser.add_argument(
            "--name", default=None, help="the programme's name, when the year has several"
        )
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options) -> None:
        programmes = Programme.objects.filter(
            fiscal_year_be=options["year"], province_id=options["province"]
        )
        if options["name"] is not None:
            programmes = programmes.filter(name=options["name"])
        found = list(programmes.order_by("name")[:10])
        if not found:
            raise CommandError(
                f"No programme of fiscal year {options['year']} in province {options['province']}."
            )
        if len(found) > 1:
            names = ", ".join(p.name for p in found)
            raise CommandError(f"Several programmes that year ({names}): choose one with --name.")
        summary = programme_summary(found[0])
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
            return
        self._print(found[0], summary)

    def _print(self, programme: Programme, summary: dict) -> None:
        write = self.stdout.write
        write(f"{programme.name}, fiscal year {programme.fiscal_year_be} ({programme.status})")
        write(
            f"{summary['targets']} targets in {summary['villages']} villages, "
            f"{summary['subdistricts']} subdistricts and {summary['districts']} districts"
        )
        write("Stages: " + ", ".join(f"{k} {v}" for k, v in summary["stages"].items()))
        write("district  " + "  ".join(COLUMNS) + "  name")
        for row in summary["by_district"]:
            cells = "  ".join(f"{row[c]:>{len(c)}}" for c in COLUMNS)
            write(f"{row['code']:<8}  {cells}  {row['name']}")
