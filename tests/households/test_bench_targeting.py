"""`manage.py bench_targeting`: prints the preview and the creation of the targets against one
hand-written query, which must choose the same households, and leaves nothing behind.
No timing is asserted (STYLE.md §17): a benchmark prints, it does not pass or fail a test."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from households.management.commands import bench_targeting
from households.models import (
    Household,
    HouseholdSurvey,
    ImportBatch,
    Programme,
    SurveyRound,
    Target,
    TargetingRun,
)
from povertyprog.areas.models import Village
from povertyprog.audit.models import ActivityLog
from tests.households.bench_gone import assert_the_bench_database_is_gone

LEFT_BEHIND = (
    Household,
    HouseholdSurvey,
    ImportBatch,
    SurveyRound,
    Village,
    Programme,
    TargetingRun,
    Target,
)


def _bench(**options) -> list[str]:
    out = StringIO()
    call_command(
        "bench_targeting", households=300, repeat=2, create_repeat=2, stdout=out, **options
    )
    return out.getvalue().splitlines()


def _nothing_left(logged: int) -> None:
    for model in LEFT_BEHIND:
        assert not model.objects.exists(), model
    assert ActivityLog.objects.count() == logged


@pytest.mark.parametrize("targets", [20, 1000], ids=["quotas split", "fewer eligible than wanted"])
def test_bench_targeting_prints_the_preview_against_the_same_choice(areas, targets):
    logged = ActivityLog.objects.count()
    lines = _bench(targets=targets)
    assert lines[0].startswith("bench_targeting: 300 synthetic households")
    assert f"an earlier active programme holds {min(targets // 5, 5)} targets" in lines[1]
    rules = next(line for line in lines if line.startswith("rules:"))
    chosen = int(rules.split(" chosen")[0].split()[-1].replace(",", ""))
    eligible = int(rules.split(" eligible")[0].split()[-1].replace(",", ""))
    assert 0 < chosen == min(targets, eligible)
    assert "graduated 1" in rules
    assert "moved_or_deceased 1" in rules
    assert f"the baseline chooses the same {chosen} households at the same places" in rules
    preview = next(line for line in lines if line.startswith("preview "))
    assert int(preview.split("queries")[1].split()[0]) > 0
    baseline = next(line for line in lines if line.startswith("baseline "))
    assert "p50" in baseline
    verdict = next(line for line in lines if line.startswith("ratio "))
    assert verdict.endswith(("PASS", "FAIL"))
    created = next(line for line in lines if line.startswith("targets_create"))
    assert f"for {chosen} targets" in created
    assert_the_bench_database_is_gone(lines[-1])
    _nothing_left(logged)


def _drop_last(rows: list) -> list:
    return rows[:-1]


def _swap_first_two_places(rows: list) -> list:
    """The first two of the first district with two chosen households trade places."""
    rows = sorted(rows, key=lambda row: (row[1], row[2]))
    at = next(i for i in range(len(rows) - 1) if rows[i][1] == rows[i + 1][1])
    (first, district, line), (second, _, next_line) = rows[at], rows[at + 1]
    return [*rows[:at], (first, district, next_line), (second, district, line), *rows[at + 2 :]]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_drop_last, "does not choose the households the preview chooses"),
        (_swap_first_two_places, "ranks 2 of them differently"),
    ],
    ids=["a household missing", "two households swapped"],
)
def test_bench_targeting_fails_when_the_baseline_disagrees(areas, monkeypatch, change, message):
    fetch = bench_targeting._fetch
    monkeypatch.setattr(bench_targeting, "_fetch", lambda sql, params: change(fetch(sql, params)))
    logged = ActivityLog.objects.count()
    with pytest.raises(CommandError, match=message):
        _bench(targets=20)
    _nothing_left(logged)
    assert_the_bench_database_is_gone()


def test_bench_targeting_refuses_a_province_that_does_not_exist(db):
    with pytest.raises(CommandError, match="No province"):
        _bench(province="99")
