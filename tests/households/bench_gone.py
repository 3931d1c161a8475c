"""What the read benchmarks leave behind: nothing (households/management/bench_database.py)."""

from django.db import connection


def assert_the_bench_database_is_gone(last_line: str | None = None) -> None:
    """On PostgreSQL the bench ran in a database of its own, now dropped; on SQLite, in a
    transaction rolled back. Either way the working database holds none of its rows (the
    callers check their models). `last_line`: the bench's, when it ended without an error."""
    if connection.vendor != "postgresql":
        assert last_line is None or "rolled back:" in last_line, last_line
        return
    assert last_line is None or "dropped:" in last_line, last_line
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_database WHERE datname = %s",
            [f"{connection.settings_dict['NAME']}_bench"],
        )
        assert cursor.fetchone()[0] == 0
