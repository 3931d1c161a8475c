"""Benchmark the จปฐ. import against a raw baseline measured in the same run (STYLE.md §17).

The pipeline (read + validate + write, exactly as `import_bmn` runs it) imports a synthetic
file into a round of its own, inside a transaction that is rolled back, so the bench leaves
nothing behind. The baseline reads the same file with the fastest reader (python-calamine for
workbooks, the csv module for CSV) and loads every cell as text into a bare temporary table:
COPY on PostgreSQL, executemany elsewhere. The ratio pipeline / baseline is the figure to watch.

A third line, the floor, says how far that ratio can go with this way of writing: the reader
hands over no row until the whole sheet is loaded, and the pipeline's own statements into the
tables (the upserts, their index upkeep, then the foreign-key checks) run on one server core.
Their sum, measured in the same run, is a time no overlap of checking and writing can beat.
"""

import cProfile
import csv
import io
import tempfile
import time
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from povertyprog.areas.models import Province, Village

from ...importer.parse import TEMPLATE_HEADERS
from ...importer.pipeline import build_plan
from ...importer.synthetic import default_title, synthetic_rows, write_csv, write_xlsx
from ...models import Household, HouseholdSurvey, IndicatorSet, SurveyRound
from ...services import import_plan_commit, round_create
from ..bench_figures import peak_mib

BENCH_YEARS = range(2699, 2599, -1)  # far in the future: never a real round
BENCH_THRESHOLD = Decimal(38_000)
BASELINE_CHUNK = 20_000
_COLUMNS = len(TEMPLATE_HEADERS)
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


class Command(BaseCommand):
    help = (
        "Import a synthetic จปฐ. file and print rows/s of the whole pipeline, of a raw baseline "
        "(fastest reader + COPY) and their ratio, for a first import and a re-import. "
        "Writes nothing: the import is rolled back."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--rows", type=int, default=100_000, help="households in the file")
        parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
        parser.add_argument("--province", default="50", help="2-digit province code")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--keep-file", type=Path, help="keep the generated file here")
        parser.add_argument(
            "--profile", type=Path, help="write cProfile stats of the first import here"
        )

    def handle(self, *args, **options) -> None:
        count, fmt, province_code = options["rows"], options["format"], options["province"]
        province = Province.objects.filter(code=province_code).first()
        if province is None:
            raise CommandError(
                f"No province has the code {province_code!r}; run `manage.py load_areas`."
            )
        if count < 1:
            raise CommandError("--rows must be at least 1.")
        with tempfile.TemporaryDirectory(prefix="bench_import_") as tmp:
            path = options["keep_file"] or Path(tmp) / f"bench.{fmt}"
            if path.suffix.lower() != f".{fmt}":
                raise CommandError(f"--keep-file must end in .{fmt}")
            started = time.perf_counter()
            rows = synthetic_rows(count, province_code=province_code, seed=options["seed"])
            if fmt == "xlsx":
                write_xlsx(path, rows, title=default_title(province.name_th, 2564))
            else:
                write_csv(path, rows)
            self.stdout.write(
                f"bench_import: {count:,} synthetic households of {province.name_th} in "
                f"{fmt} ({path.stat().st_size / 2**20:,.1f} MiB, made in "
                f"{time.perf_counter() - started:.1f} s, not timed), on {_database()}"
            )
            self._run(path, fmt, count, province_code, options["profile"])

    def _run(self, path: Path, fmt: str, count: int, province_code: str, profile) -> None:
        existing = Household.objects.filter(village__code__startswith=province_code).count()
        if existing:
            self.stdout.write(
                f"note: province {province_code} already has {existing:,} households from other "
                "rounds: rows of the file at the same addresses update them (then roll back)."
            )
        self._vacuum()
        baseline, first_row, baseline_label = _baseline(path, fmt)
        self._line("baseline", count, baseline, baseline_label)

        with transaction.atomic():
            survey_round = _bench_round()
            first = _import(path, survey_round, province_code, profile)
            if first.counts["new"] != count or first.counts["invalid"]:
                self.stderr.write(f"warning: the first import did not find {count:,} new rows")
            self._line("pipeline", count, first.seconds, first.detail())
            self.stdout.write(f"ratio {baseline / first.seconds:.2f} (pipeline / baseline)")
            floor = first_row + first.upserts + first.checks
            self.stdout.write(
                f"floor      {floor:.2f} s = reading until the first row {first_row:.2f} s "
                f"+ the pipeline's upserts {first.upserts:.2f} s + FK checks "
                f"{first.checks:.2f} s: with checking free and overlapped, this write on this "
                f"schema reaches at most ratio {baseline / floor:.2f}"
            )

            again = _import(path, survey_round, province_code, None)
            if again.counts["unchanged"] != count:
                self.stderr.write(f"warning: the re-import did not find {count:,} unchanged rows")
            self._line("re-import", count, again.seconds, again.detail())
            self.stdout.write(
                f"ratio {baseline / again.seconds:.2f} (re-import / baseline); the re-import "
                f"took {again.seconds / first.seconds:.0%} of the first import's time"
            )
            transaction.set_rollback(True)
        self._vacuum()
        self.stdout.write(f"peak memory {peak_mib():,.0f} MiB (ru_maxrss, the whole run)")
        self.stdout.write("rolled back: the bench round and its households are gone")
        if profile:
            self.stdout.write(f"profile of the first import: {profile}")

    def _vacuum(self) -> None:
        """Rolled-back rows stay in the tables as dead tuples until a vacuum: a server without
        autovacuum would get slower at every run. Not timed."""
        if connection.vendor != "postgresql" or connection.in_atomic_block:
            return
        tables = [model._meta.db_table for model in (Village, Household, HouseholdSurvey)]
        with connection.cursor() as cursor:
            cursor.execute("VACUUM " + ", ".join(map(connection.ops.quote_name, tables)))

    def _line(self, label: str, count: int, seconds: float, detail: str) -> None:
        self.stdout.write(
            f"{label:<10} {count:>9,} rows {seconds:7.2f} s {count / seconds:>9,.0f} rows/s"
            f"   ({detail})"
        )


@dataclass
class _Timing:
    plan: float
    write: float
    checks: float
    counts: dict
    upserts: float  # the part of `write` spent in INSERT statements into the two tables

    @property
    def seconds(self) -> float:
        return self.plan + self.write + self.checks

    def detail(self) -> str:
        counts = self.counts
        done = (
            f"new {counts['new']:,}, updated {counts['updated']:,}, "
            f"unchanged {counts['unchanged']:,}, invalid {counts['invalid']:,}, "
            f"new villages {counts['new_villages']:,}"
        )
        return (
            f"read+check {self.plan:.2f} s, write {self.write:.2f} s "
            f"(of which upserts {self.upserts:.2f} s), "
            f"commit-time FK checks {self.checks:.2f} s; {done}"
        )


def _database() -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
    return connection.vendor


def _bench_round() -> SurveyRound:
    taken = set(SurveyRound.objects.values_list("year_be", flat=True))
    year = next((year for year in BENCH_YEARS if year not in taken), None)
    indicator_set = IndicatorSet.objects.order_by("-last_year_be").first()
    if year is None or indicator_set is None:
        raise CommandError("No free bench round year, or no indicator set: migrate first.")
    return round_create(
        year_be=year, income_threshold=BENCH_THRESHOLD, indicator_set=indicator_set, by=None
    )


def _import(path: Path, survey_round: SurveyRound, province_code: str, profile) -> _Timing:
    """One import through the services, as `import_bmn` runs it. The foreign keys are checked
    at COMMIT, which the bench never reaches: they are checked here instead, and timed."""
    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    tables = [
        connection.ops.quote_name(model._meta.db_table) for model in (Household, HouseholdSurvey)
    ]
    upserts = 0.0

    def time_upserts(execute, sql, params, many, context):
        nonlocal upserts
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            if any(sql.startswith(f"INSERT INTO {table} ") for table in tables):
                upserts += time.perf_counter() - started

    started = time.perf_counter()
    plan = build_plan(
        path, file_name=path.name, survey_round=survey_round, province_code=province_code
    )
    planned = time.perf_counter()
    with connection.execute_wrapper(time_upserts):
        import_plan_commit(plan=plan, by=None)
    written = time.perf_counter()
    connection.check_constraints(
        table_names=[Household._meta.db_table, HouseholdSurvey._meta.db_table]
    )
    checked = time.perf_counter()
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    return _Timing(planned - started, written - planned, checked - written, plan.counts, upserts)


# The baseline ----------------------------------------------------------------------------


def _read_cells(path: Path, fmt: str):
    """Every row of the file as a list of cells, with the fastest reader for the format."""
    if fmt == "csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            yield from csv.reader(handle)
        return
    from python_calamine import CalamineWorkbook

    yield from CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).iter_rows()


def _baseline(path: Path, fmt: str) -> tuple[float, float, str]:
    """Seconds to read the file and load every cell as text into a bare table, and of those
    the seconds until the reader gave its first row."""
    reader = "csv module" if fmt == "csv" else "python-calamine"
    if connection.vendor == "postgresql":
        load, how = _copy_all, "COPY into a bare TEMP table, every cell as text"
    else:
        load, how = _insert_all, "executemany into a bare TEMP table, every cell as text"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_baseline")
        cursor.execute(
            "CREATE TEMP TABLE bench_baseline ("
            + ", ".join(f"c{i} text" for i in range(_COLUMNS))
            + ")"
        )
        started = time.perf_counter()
        rows = _read_cells(path, fmt)
        first = next(rows, None)
        first_row = time.perf_counter() - started
        load(cursor, rows if first is None else chain([first], rows))
        seconds = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_baseline")
        transaction.set_rollback(True)
    return seconds, first_row, f"{reader} + {how}"


def _texts(cells: list) -> list[str]:
    texts = [cell if type(cell) is str else str(cell) for cell in cells[:_COLUMNS]]
    return texts + [""] * (_COLUMNS - len(texts))


def _copy_all(cursor, rows) -> None:
    buffer, lines = io.StringIO(), 0
    for cells in rows:
        texts = _texts(cells)
        line = "\t".join(texts)
        # Escaping every cell is slow on Thai text; only lines that need it are escaped.
        if line.count("\t") != _COLUMNS - 1 or "\\" in line or "\n" in line or "\r" in line:
            line = "\t".join(text.translate(_COPY_ESCAPES) for text in texts)
        buffer.write(line)
        buffer.write("\n")
        lines += 1
        if lines == BASELINE_CHUNK:
            buffer.seek(0)
            cursor.copy_expert("COPY bench_baseline FROM STDIN", buffer)
            buffer, lines = io.StringIO(), 0
    if lines:
        buffer.seek(0)
        cursor.copy_expert("COPY bench_baseline FROM STDIN", buffer)


def _insert_all(cursor, rows) -> None:
    insert = f"INSERT INTO bench_baseline VALUES ({', '.join(['%s'] * _COLUMNS)})"  # noqa: S608
    batch = []
    for cells in rows:
        batch.append(_texts(cells))
        if len(batch) == BASELINE_CHUNK:
            cursor.executemany(insert, batch)
            batch = []
    if batch:
        cursor.executemany(insert, batch)
