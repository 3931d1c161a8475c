"""`make run` serves with `runserver` and `manage.py db_worker` on one SQLite file.

The worker polls the task table every interval inside `BEGIN EXCLUSIVE`. A web request that
reads, then spends a second hashing a password, then writes (the admin's add-user form) used
to hold a shared lock while the worker waited for its exclusive one: SQLite refused the
request's write at once with "database is locked". The settings give SQLite WAL, immediate
transactions and a busy timeout; this test runs a real worker against a real file database
and writes past it.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

MANAGE = Path(settings.BASE_DIR) / "manage.py"

# The web side: read, hash for a while (the add-user form), then write, as the admin does.
WRITER = """
import json, sys, time
import django
django.setup()
from django.db import OperationalError, transaction
from povertyprog.accounts.models import User

failures = []
for i in range(int(sys.argv[1])):
    try:
        with transaction.atomic():
            User.objects.filter(username=f"clerk{i}").exists()  # the form's uniqueness check
            time.sleep(float(sys.argv[2]))  # the password hash
            User.objects.create(username=f"clerk{i}")
    except OperationalError as error:
        failures.append(str(error))
print(json.dumps({"failures": failures, "users": User.objects.count()}))
"""


@pytest.fixture
def sqlite_env(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "povertyprog.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SECRET_KEY": "test-only-key-for-the-sqlite-worker-test",
        "POVERTYPROG_DATA_KEY": settings.POVERTYPROG_DATA_KEY,
        "PYTHONUNBUFFERED": "1",
    }
    subprocess.run(  # noqa: S603
        [sys.executable, MANAGE, "migrate", "--noinput", "-v0"], env=env, check=True, timeout=300
    )
    return env


def test_writes_succeed_while_the_worker_polls(sqlite_env, tmp_path):
    log = (tmp_path / "worker.log").open("w+")
    worker = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            MANAGE,
            "db_worker",
            "--interval",
            "0.05",  # poll often, so every write meets the worker's exclusive transaction
            "--no-reload",
            "--no-startup-delay",
        ],
        env=sqlite_env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while "Starting worker" not in Path(log.name).read_text():
            assert worker.poll() is None, Path(log.name).read_text()
            assert time.monotonic() < deadline, "the worker did not start"
            time.sleep(0.1)
        writer = subprocess.run(  # noqa: S603
            [sys.executable, "-c", WRITER, "6", "0.5"],
            env=sqlite_env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        assert worker.poll() is None, "the worker died: " + Path(log.name).read_text()
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        log.close()
    result = json.loads(writer.stdout.strip().splitlines()[-1])
    assert result == {"failures": [], "users": 6}
