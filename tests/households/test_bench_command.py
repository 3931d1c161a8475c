"""`manage.py bench_import`: prints the pipeline against its baseline and leaves nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from households.models import Household, HouseholdSurvey, ImportBatch, SurveyRound
from povertyprog.areas.models import Village
from povertyprog.audit.models import ActivityLog


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_bench_prints_the_ratios_and_leaves_nothing_behind(db, tmp_path, file_format):
    out, logged = StringIO(), ActivityLog.objects.count()
    kept = tmp_path / f"bench.{file_format}"
    call_command("bench_import", rows=300, format=file_format, keep_file=kept, stdout=out)
    lines = out.getvalue().splitlines()
    labels = [line.split()[0] for line in lines]
    assert labels[1:9] == [
        "baseline",
        "pipeline",
        "ratio",
        "floor",
        "re-import",
        "ratio",
        "peak",
        "rolled",
    ]
    assert "300 rows" in lines[2]
    assert "new 300," in lines[2]
    assert "unchanged 300," in lines[5]
    assert float(lines[3].split()[1]) > 0
    # The floor is part of the pipeline's own time, so the ratio it allows is never lower.
    floor = float(lines[4].split()[1])
    pipeline_seconds = float(lines[2].split("rows")[1].split()[0])
    assert 0 <= floor <= pipeline_seconds
    assert float(lines[4].rsplit(maxsplit=1)[1]) >= float(lines[3].split()[1])
    assert kept.stat().st_size > 0
    for model in (Household, HouseholdSurvey, ImportBatch, SurveyRound, Village):
        assert not model.objects.exists(), model
    assert ActivityLog.objects.count() == logged
