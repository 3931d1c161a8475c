"""Where the read benchmarks (`bench_pages`, `bench_targeting`) keep their synthetic province.

On PostgreSQL, in a database of their own: a new, empty database of the project's schema and
areas (`<NAME>_bench`), where the bench's rows are committed, then vacuumed and analyzed as
autovacuum leaves a province's registry after an import, and which is dropped afterwards.
The working database is never written to, and no lock is held on its tables for the
minutes a large bench takes. And the figures are those of the state people read: rows
written inside one uncommitted transaction have no hint bits and no visibility map (no
index-only scans), a state no user ever sees. Measured on the same 2-core machine on the
same day, 200,000 households: the registry's name search at p95 was 157 ms (staff) and
155 ms (Mae Rim officer) in a rolled-back transaction, 128 and 127 ms in the bench's own
database; the targeting preview at 1,000,000 households did not change (1.33 s and 1.40 s
at p50, within the run-to-run spread).

On SQLite (no goal is SQLite's, and an in-memory test database cannot be switched away
from), the rows are written in the working database inside a transaction that is rolled
back.
"""

from contextlib import contextmanager
from io import StringIO

from django.core.management import CommandError, call_command
from django.db import connection, transaction


class BenchDatabase:
    """`own`: the bench runs in a database of its own (PostgreSQL), else in a rolled-back
    transaction of the working database."""

    def __init__(self, tables: tuple) -> None:
        self.own = connection.vendor == "postgresql"
        self.tables = tables

    @property
    def where(self) -> str:
        if self.own:
            return f"in its own database {connection.settings_dict['NAME']}"
        return "in a transaction rolled back afterwards"

    @property
    def gone(self) -> str:
        """The last line's words: what became of the bench's rows."""
        if self.own:
            return "dropped: the bench database and everything in it are gone"
        return "rolled back: the bench's rows are gone"

    def settle(self) -> None:
        """After the bench's rows are written: statistics and, in its own database, the
        vacuum that marks the pages all-visible (what autovacuum does after an import)."""
        if connection.vendor != "postgresql":
            return
        tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in self.tables)
        with connection.cursor() as cursor:
            cursor.execute(("VACUUM ANALYZE " if self.own else "ANALYZE ") + tables)


@contextmanager
def bench_database(tables: tuple):
    """Run the block in the bench's database (see the module's docstring); yields a
    BenchDatabase. On PostgreSQL the working connection must not be inside a transaction."""
    bench = BenchDatabase(tables)
    if not bench.own:
        with transaction.atomic():
            yield bench
            transaction.set_rollback(True)
        return
    if connection.in_atomic_block:
        raise CommandError("The bench makes a database of its own: run it outside a transaction.")
    settings_dict = connection.settings_dict
    working, test_settings = settings_dict["NAME"], settings_dict["TEST"]
    previous_test_name = test_settings.get("NAME")
    test_settings["NAME"] = f"{working}_bench"
    try:
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        call_command("load_areas", stdout=StringIO())
        yield bench
    finally:
        if settings_dict["NAME"] != working:
            connection.creation.destroy_test_db(working, verbosity=0)
        test_settings["NAME"] = previous_test_name
