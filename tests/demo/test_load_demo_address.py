"""`make run HOST=…` serves on HOST; `load_demo` prints that address, not a fixed one."""

import re
import shutil
import subprocess
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command


def demo_address(tmp_path, settings_fixture, **options) -> str:
    settings_fixture.BASE_DIR = tmp_path
    out = StringIO()
    call_command("load_demo", households=10, stdout=out, **options)
    return re.search(r"Demo ready: (\S+)", out.getvalue()).group(1)


def test_load_demo_prints_the_address_it_is_given(db, settings, tmp_path):
    assert demo_address(tmp_path, settings, address="0.0.0.0:9000") == "http://0.0.0.0:9000/"
    assert demo_address(tmp_path, settings, address="8001") == "http://127.0.0.1:8001/"
    assert demo_address(tmp_path, settings) == "http://127.0.0.1:8000/"


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_gives_load_demo_the_address_runserver_serves():
    dry_run = subprocess.run(
        ["make", "-n", "run", "HOST=0.0.0.0:9000"],  # noqa: S607
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "manage.py load_demo --address 0.0.0.0:9000" in dry_run
    assert "manage.py runserver 0.0.0.0:9000" in dry_run
