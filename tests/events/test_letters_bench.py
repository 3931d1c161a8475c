"""bench_letters runs end to end on a few letters and prints its figures (no timing
asserted: a benchmark prints, it does not pass or fail a test)."""

import io
import re

import pytest
from django.core.management import call_command

from events.models import Fair, LetterBatch


@pytest.mark.django_db
def test_bench_letters_prints_its_figures():
    out = io.StringIO()
    call_command("bench_letters", letters=5, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "letters: 5"
    assert re.match(r"batch: 5 pages in [\d.]+ s = [\d.]+ pages/s", lines[1])
    assert re.match(r"baseline \(WeasyPrint, .* 5 times in one document\): [\d.]+ s", lines[2])
    assert re.match(r"ratio: [\d.]+ \(goal >= 0.7\) (PASS|FAIL)", lines[3])
    assert re.match(r"peak memory: \d+ MiB", lines[4])
    assert not Fair.objects.exists()
    assert not LetterBatch.objects.exists()
