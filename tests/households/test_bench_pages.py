"""`manage.py bench_pages`: prints each page against its baseline and leaves nothing behind.
No timing is asserted (STYLE.md §17): a benchmark prints, it does not pass or fail a test."""

from io import StringIO

from django.core.management import call_command

from households.models import Household, HouseholdSurvey, ImportBatch, SurveyRound
from povertyprog.accounts.models import User
from povertyprog.areas.models import Village
from povertyprog.audit.models import ActivityLog

PAGES = [
    "registry: first page",
    "registry: poor, ind. 22",
    "registry: search",
    "home",
    "MOUs",
]


def test_bench_pages_prints_every_page_and_rolls_back(db):
    out, logged, users = StringIO(), ActivityLog.objects.count(), User.objects.count()
    call_command("bench_pages", households=300, repeat=2, stdout=out)
    text = out.getvalue()
    lines = text.splitlines()
    assert lines[0].startswith("bench_pages: 300 synthetic households")
    staff = lines.index(next(line for line in lines if line.startswith("province staff")))
    officer = lines.index(next(line for line in lines if line.startswith("district officer")))
    assert "scope 5007" in lines[officer]
    staff_pages = [line.strip() for line in lines[staff + 1 : officer]]
    officer_pages = [line.strip() for line in lines[officer + 1 : -1]]
    for page in PAGES:
        for block in (staff_pages, officer_pages):
            row = next(line for line in block if line.startswith(page))
            for word in ("p50", "p95", "baseline", "ratio"):
                assert word in row
            assert row.endswith(("PASS", "FAIL"))
            assert int(row.split("queries")[1].split()[0]) > 0
    # Imports are a province admin's page: measured once, as an admin.
    assert any(line.startswith("imports (as admin)") for line in staff_pages)
    assert not any(line.startswith("imports") for line in officer_pages)
    assert "rolled back" in lines[-1]
    for model in (Household, HouseholdSurvey, ImportBatch, SurveyRound, Village):
        assert not model.objects.exists(), model
    assert User.objects.count() == users
    assert ActivityLog.objects.count() == logged
