"""What each settings module makes of the environment: database connections and SQLite.

Settings are read in a fresh interpreter per module, exactly as `manage.py` and gunicorn
read them, so one module's import cannot leak into another's.
"""

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

MANAGE = Path(settings.BASE_DIR) / "manage.py"
SQLITE_URL = "sqlite:////tmp/povertyprog-settings-test.sqlite3"
POSTGRES_URL = "postgres://povertyprog:secret@127.0.0.1:5432/povertyprog"
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "x" * 64,
    "DJANGO_ALLOWED_HOSTS": "povertyprog.example.go.th",
    "POVERTYPROG_DATA_KEY": "dGVzdC1vbmx5LWtleS1kby1ub3QtdXNlLTMyLWJ5dGU=",
}
READ_SETTINGS = """
import json
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({
    "ENGINE": db["ENGINE"],
    "CONN_MAX_AGE": db["CONN_MAX_AGE"],
    "CONN_HEALTH_CHECKS": db.get("CONN_HEALTH_CHECKS", False),
    "OPTIONS": db.get("OPTIONS", {}),
}))
"""


def clean_environ(**extra: str) -> dict[str, str]:
    """This process's environment without the settings it would pass on, plus `extra`."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "POVERTYPROG_")) and name != "DATABASE_URL"
    }
    # dev.py writes a .env when it finds no data key: give it one.
    env["POVERTYPROG_DATA_KEY"] = PRODUCTION_ENV["POVERTYPROG_DATA_KEY"]
    return {**env, **extra}


def settings_of(module: str, code: str = READ_SETTINGS, **extra: str):
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        env=clean_environ(DJANGO_SETTINGS_MODULE=module, **extra),
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    "module", ["povertyprog.settings.base", "povertyprog.settings.dev", "povertyprog.settings.test"]
)
def test_no_persistent_connections_outside_production(module):
    """runserver opens a thread per request; a connection kept per thread is a leak."""
    assert settings_of(module, DATABASE_URL=POSTGRES_URL)["CONN_MAX_AGE"] == 0


def test_production_keeps_connections_for_its_workers_and_checks_them():
    default = settings_of(
        "povertyprog.settings.production", DATABASE_URL=POSTGRES_URL, **PRODUCTION_ENV
    )
    assert (default["CONN_MAX_AGE"], default["CONN_HEALTH_CHECKS"]) == (60, True)
    tuned = settings_of(
        "povertyprog.settings.production",
        DATABASE_URL=POSTGRES_URL,
        DJANGO_CONN_MAX_AGE="300",
        **PRODUCTION_ENV,
    )
    assert tuned["CONN_MAX_AGE"] == 300


@pytest.mark.parametrize(
    ("module", "env"),
    [
        ("povertyprog.settings.dev", {}),
        ("povertyprog.settings.test", {}),
        ("povertyprog.settings.production", PRODUCTION_ENV),
    ],
)
def test_every_module_on_sqlite_is_ready_for_a_server_and_a_worker(module, env):
    options = settings_of(module, DATABASE_URL=SQLITE_URL, **env)["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 10
    assert "journal_mode=WAL" in options["init_command"].replace(" ", "")
    on_postgres = settings_of(module, DATABASE_URL=POSTGRES_URL, **env)["OPTIONS"]
    assert "transaction_mode" not in on_postgres
    assert "init_command" not in on_postgres


READ_LIMITS = """
import json
from django.conf import settings as s
print(json.dumps([
    s.AXES_FAILURE_LIMIT,
    s.AXES_COOLOFF_TIME.total_seconds() / 60,
    s.SESSION_IDLE_MINUTES_PERSONAL_DATA,
    s.SESSION_IDLE_MINUTES,
]))
"""


def test_login_and_session_limits_come_from_the_environment():
    assert settings_of("povertyprog.settings.dev", READ_LIMITS) == [10, 30, 30, 480]
    assert settings_of(
        "povertyprog.settings.production",
        READ_LIMITS,
        DATABASE_URL=POSTGRES_URL,
        DJANGO_LOGIN_FAILURE_LIMIT="5",
        DJANGO_LOGIN_COOLOFF_MINUTES="60",
        DJANGO_SESSION_IDLE_MINUTES_PERSONAL_DATA="15",
        DJANGO_SESSION_IDLE_MINUTES="240",
        **PRODUCTION_ENV,
    ) == [5, 60, 15, 240]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_connections(application_name: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
            [application_name],
        )
        return cursor.fetchone()[0]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="counts PostgreSQL's client connections"
)
def test_development_server_closes_its_connection_after_each_request(db):
    """Eight clients against `runserver` with the dev settings leave no connection open.

    With the old conn_max_age=60 the same 80 requests left 45 connections open, and a few
    hundred more exhausted PostgreSQL's 100 ("sorry, too many clients already").
    """
    db_settings = connection.settings_dict
    application_name = f"povertyprog-conn-test-{os.getpid()}"
    url = (
        f"postgres://{quote(db_settings['USER'] or '')}:{quote(db_settings['PASSWORD'] or '')}"
        f"@{db_settings['HOST'] or '127.0.0.1'}:{db_settings['PORT'] or 5432}"
        f"/{db_settings['NAME']}?application_name={application_name}"
    )
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, MANAGE, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=clean_environ(DJANGO_SETTINGS_MODULE="povertyprog.settings.dev", DATABASE_URL=url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        healthz = f"http://127.0.0.1:{port}/healthz"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(healthz, timeout=5).read()
                break
            except OSError:
                assert server.poll() is None, "runserver stopped"
                assert time.monotonic() < deadline, "runserver did not answer"
                time.sleep(0.2)

        def client():
            for _ in range(10):
                urllib.request.urlopen(healthz, timeout=30).read()

        clients = [threading.Thread(target=client) for _ in range(8)]
        for thread in clients:
            thread.start()
        for thread in clients:
            thread.join()
        time.sleep(0.5)  # let the last request's thread finish closing
        assert _server_connections(application_name) == 0
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's JIT setting")
def test_the_applications_connections_run_without_jit_and_sort_in_memory(db):
    """JIT compiling cost list pages 0.5–1.5 s a statement and 4 MB sorts spilled to disk
    (bench_pages); the server's own defaults are left alone, the application's sessions
    set their own."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SHOW work_mem")
        assert cursor.fetchone()[0] == "64MB"


READ_CACHE = """
import json
from django.conf import settings
print(json.dumps(settings.CACHES["default"]["BACKEND"]))
"""


def test_production_workers_share_one_cache():
    """The public RSVP page's rate limits count in the cache: one per process would let
    each gunicorn worker allow the whole limit again."""
    backend = settings_of(
        "povertyprog.settings.production", READ_CACHE, DATABASE_URL=POSTGRES_URL, **PRODUCTION_ENV
    )
    assert backend == "django.core.cache.backends.db.DatabaseCache"
