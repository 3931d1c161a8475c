"""Import a จปฐ. file from the command line: the same pipeline as the upload page."""

import json
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from povertyprog.areas.models import Province
from povertyprog.core.errors import validation_text
from povertyprog.thai.formats import parse_thai_decimal

from ...importer.parse import HeaderNotFound
from ...importer.pipeline import build_plan
from ...importer.read import UnreadableFile
from ...models import SurveyRound
from ...services import ImportRefused, import_plan_commit, round_create


class InvalidRows(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Import a จปฐ. household file (.xlsx, .xls, .ods, .csv). Exits 1 and writes nothing "
        "when rows are invalid, unless --skip-invalid is given."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--round", type=int, required=True, help="survey year (BE), e.g. 2564")
        parser.add_argument("--province", required=True, help="2-digit province code, e.g. 50")
        parser.add_argument(
            "--threshold",
            help="income threshold (baht per person per year); creates the round if it is new",
        )
        parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="import the valid rows, skip invalid ones"
        )
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        parser.add_argument("--user", help="username recorded as the importer")

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        province = Province.objects.filter(code=options["province"]).first()
        if province is None:
            raise CommandError(f"No province has the code {options['province']!r}.")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user is called {options['user']!r}.")
        try:
            with transaction.atomic():
                survey_round = self._round(options, user)
                plan = build_plan(
                    path,
                    file_name=path.name,
                    survey_round=survey_round,
                    province_code=province.code,
                )
                self._report(plan, options)
                if plan.errors and not options["skip_invalid"]:
                    raise InvalidRows
                if options["dry_run"]:
                    transaction.set_rollback(True)
                    return
                import_plan_commit(plan=plan, by=user, skip_invalid=options["skip_invalid"])
        except InvalidRows:
            self.stderr.write("Invalid rows: nothing was written. Fix them, or use --skip-invalid.")
            raise SystemExit(1) from None
        except ValidationError as error:
            raise CommandError(validation_text(error)) from error
        except (UnreadableFile, HeaderNotFound, ImportRefused) as error:
            raise CommandError(str(error)) from error
        if not options["json"]:
            self.stdout.write(self.style.SUCCESS("Imported."))

    def _round(self, options, user) -> SurveyRound:
        survey_round = SurveyRound.objects.filter(year_be=options["round"]).first()
        if survey_round is not None:
            return survey_round
        if options["threshold"] is None:
            existing = ", ".join(
                str(y) for y in SurveyRound.objects.values_list("year_be", flat=True)
            )
            raise CommandError(
                f"There is no round {options['round']}. Existing rounds: {existing or 'none'}. "
                "Give --threshold to create it."
            )
        threshold: Decimal = parse_thai_decimal(options["threshold"])
        return round_create(year_be=options["round"], income_threshold=threshold, by=user)

    def _report(self, plan, options) -> None:
        counts = plan.counts
        if options["json"]:
            result = {key: counts[key] for key in ("new", "updated", "unchanged", "invalid")}
            result["new_villages"] = counts["new_villages"]
            result["graduating"] = counts["graduating"]
            result["errors"] = [
                {"row": e.row, "column": e.column, "value": e.value, "message": str(e.message)}
                for e in plan.errors
            ]
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            "new {new}, updated {updated}, unchanged {unchanged}, invalid {invalid}, "
            "new villages {new_villages}".format(**counts)
        )
        for error in plan.errors[:200]:
            self.stdout.write(
                f"row {error.row}, {error.column}: {error.message} (value: {error.value!r}; "
                f"expected: {error.expected})"
            )
        if len(plan.errors) > 200:
            self.stdout.write(f"… and {len(plan.errors) - 200} more errors")
