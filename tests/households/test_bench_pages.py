"""`manage.py bench_pages`: prints each page against its baseline and leaves nothing behind.
No timing is asserted (STYLE.md §17): a benchmark prints, it does not pass or fail a test."""

from io import StringIO

from django.core.management import call_command

from agencies.models import Agency, AgencyLiaison
from households.models import (
    HostAssignment,
    Household,
    HouseholdSurvey,
    ImportBatch,
    Programme,
    SurveyRound,
    Target,
    TargetingRun,
)
from povertyprog.accounts.models import User
from povertyprog.areas.models import Village
from povertyprog.audit.models import ActivityLog
from tests.households.bench_gone import assert_the_bench_database_is_gone

PAGES = [
    "registry: first page",
    "registry: poor, ind. 22",
    "registry: search",
    "home",
    "MOUs",
    "cases",
]


def test_bench_pages_prints_every_page_and_leaves_nothing_behind(areas):
    out, logged, users = StringIO(), ActivityLog.objects.count(), User.objects.count()
    call_command("bench_pages", households=300, repeat=2, stdout=out)
    text = out.getvalue()
    lines = text.splitlines()
    assert lines[0].startswith("bench_pages: 300 synthetic households")
    staff = lines.index(next(line for line in lines if line.startswith("province staff")))
    officer = lines.index(next(line for line in lines if line.startswith("district officer")))
    liaison = lines.index(next(line for line in lines if line.startswith("agency liaison")))
    assert "scope 5007" in lines[officer]
    staff_pages = [line.strip() for line in lines[staff + 1 : officer]]
    officer_pages = [line.strip() for line in lines[officer + 1 : liaison]]
    liaison_pages = [line.strip() for line in lines[liaison + 1 : -1]]
    assert "a programme of " in lines[1]
    assert "hosted by an agency" in lines[1]
    for page, blocks in [
        *[(page, (staff_pages, officer_pages)) for page in PAGES],
        ("hosted cases", (liaison_pages,)),
    ]:
        for block in blocks:
            row = next(line for line in block if line.startswith(page))
            for word in ("p50", "p95", "baseline", "ratio"):
                assert word in row
            assert row.endswith(("PASS", "FAIL"))
            assert int(row.split("queries")[1].split()[0]) > 0
    # The hosted list is the liaison's page, and the liaison sees no area's pages.
    assert [line.split()[0] for line in liaison_pages] == ["hosted"]
    assert not any(line.startswith("hosted") for line in staff_pages + officer_pages)
    # Imports are a province admin's page: measured once, as an admin.
    assert any(line.startswith("imports (as admin)") for line in staff_pages)
    assert not any(line.startswith("imports") for line in officer_pages)
    assert_the_bench_database_is_gone(lines[-1])
    for model in (
        Household,
        HouseholdSurvey,
        ImportBatch,
        SurveyRound,
        Village,
        Programme,
        TargetingRun,
        Target,
        HostAssignment,
        AgencyLiaison,
    ):
        assert not model.objects.exists(), model
    assert not Agency.objects.filter(name_th__startswith="bench_pages").exists()
    assert User.objects.count() == users
    assert ActivityLog.objects.count() == logged
