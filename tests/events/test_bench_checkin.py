"""`manage.py bench_checkin`: gunicorn with production settings, desks logging in and
checking in, every line printed, nothing lost or doubled, and nothing left behind.
No timing is asserted (STYLE.md §17): a benchmark prints, it does not pass or fail a test."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from events.models import CheckIn, CheckInAttempt, Desk, Fair, Invitation
from households.models import Household, Programme, Target
from povertyprog.accounts.models import User
from povertyprog.audit.models import ActivityLog
from tests.households.bench_gone import assert_the_bench_database_is_gone

TARGET_LINE = re.compile(
    r"^  (?P<name>healthz|bare UPDATE|check-in) +(?P<count>[\d,]+) requests +[\d.]+ req/s +"
    r"p50 +[\d.]+ ms +p95 +[\d.]+ ms +p99 +[\d.]+ ms +errors (?P<errors>\d+) +"
    r"\(client CPU \d+% of a core\)"
)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="bench_checkin runs gunicorn on a PostgreSQL database of its own (DATABASE_URL)",
)
def test_bench_checkin_drives_the_server_and_leaves_nothing_behind(areas):
    out, logged, users = StringIO(), ActivityLog.objects.count(), User.objects.count()
    call_command("bench_checkin", invitations=50, seconds=2, clients=4, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("bench_checkin: 50 invitations, 4 desk sessions, 2 s per target")
    assert lines[1].startswith("filled, vacuumed and analyzed in its own database")
    assert lines[2].startswith("logged in 4 desk sessions")
    targets = {m["name"]: m for m in map(TARGET_LINE.match, lines[3:6]) if m}
    assert set(targets) == {"healthz", "bare UPDATE", "check-in"}, lines[3:6]
    for name, match in targets.items():
        assert int(match["count"].replace(",", "")) > 0, name
        assert match["errors"] == "0", lines
    assert re.match(r"^check-ins/s ÷ bare UPDATEs/s: \d+\.\d\d$", lines[6])
    database = lines[7]
    assert database.startswith("database: ")
    # 50 invitations and more requests than that: every code was checked in once, then sent
    # again (already_checked_in); the counts printed are the database's.
    checked_in = re.search(r"([\d,]+) check-ins for ([\d,]+) invitations", database)
    assert checked_in[1] == checked_in[2]
    assert 0 < int(checked_in[1]) <= 50
    attempts = re.search(r"([\d,]+) CheckInAttempt rows for ([\d,]+) distinct nonces", database)
    assert attempts[1] == attempts[2]
    assert lines[8] == "nothing lost or doubled"
    assert lines[9].startswith("goal: ≥ 250 check-ins/s")
    assert lines[9].endswith(("PASS", "FAIL"))
    assert_the_bench_database_is_gone(lines[-1])
    for model in (Household, Programme, Target, Fair, Desk, Invitation, CheckIn, CheckInAttempt):
        assert not model.objects.exists(), model
    assert User.objects.count() == users
    assert ActivityLog.objects.count() == logged


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the refusal is SQLite's")
def test_bench_checkin_refuses_sqlite(db):
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("bench_checkin", invitations=5, seconds=1, clients=1, stdout=StringIO())
