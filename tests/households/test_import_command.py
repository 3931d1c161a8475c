"""`manage.py import_bmn`: the command-line door to the same pipeline."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from households.models import Household, ImportBatch, SurveyRound
from households.services import round_create

from .bmn_files import household_row, write_csv


def run(*args) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("import_bmn", *map(str, args), stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def good_file(tmp_path):
    return write_csv(tmp_path / "good.csv", [household_row(n) for n in range(1, 4)])


@pytest.fixture
def bad_file(tmp_path):
    return write_csv(
        tmp_path / "bad.csv",
        [household_row(1), household_row(2, **{"เลขประจำตัวประชาชน": "1.10170E+12"})],
    )


def test_json_output_and_round_creation(db, good_file):
    code, out, _err = run(
        good_file, "--round", 2564, "--province", 50, "--threshold", "38,000", "--json"
    )
    assert code == 0
    result = json.loads(out)
    assert set(result) == {
        "new",
        "updated",
        "unchanged",
        "invalid",
        "new_villages",
        "graduating",
        "errors",
    }
    assert result["graduating"] == 0
    assert (result["new"], result["invalid"], result["new_villages"], result["errors"]) == (
        3,
        0,
        3,
        [],
    )
    assert SurveyRound.objects.get(year_be=2564).income_threshold == Decimal(38000)
    assert Household.objects.count() == 3
    assert ImportBatch.objects.get().status == "committed"


def test_invalid_rows_exit_1_and_write_nothing(db, bad_file):
    code, out, err = run(
        bad_file, "--round", 2564, "--province", 50, "--threshold", 38000, "--json"
    )
    assert code == 1
    result = json.loads(out)
    assert result["invalid"] == 1
    [error] = result["errors"]
    assert (error["row"], error["column"], error["value"]) == (
        3,
        "เลขประจำตัวประชาชน",
        "1.10170E+12",
    )
    assert error["message"]
    assert "nothing was written" in err
    assert not Household.objects.exists()
    assert not SurveyRound.objects.exists(), "the new round is not kept either"


def test_skip_invalid_imports_the_rest(db, bad_file):
    code, out, _err = run(
        bad_file,
        "--round",
        2564,
        "--province",
        50,
        "--threshold",
        38000,
        "--skip-invalid",
        "--json",
    )
    assert code == 0
    assert json.loads(out)["invalid"] == 1
    assert list(Household.objects.values_list("house_no", flat=True)) == ["1/1"]


def test_dry_run_writes_nothing(db, good_file):
    code, out, _err = run(
        good_file, "--round", 2564, "--province", 50, "--threshold", 38000, "--dry-run"
    )
    assert code == 0
    assert "new 3" in out
    assert not Household.objects.exists()
    assert not SurveyRound.objects.exists()


def test_missing_round_names_the_existing_ones(province_admin, good_file):
    round_create(year_be=2563, income_threshold=Decimal(38000), by=province_admin)
    with pytest.raises(CommandError, match="2563"):
        run(good_file, "--round", 2564, "--province", 50)


def test_reimport_reports_every_row_unchanged(db, good_file):
    run(good_file, "--round", 2564, "--province", 50, "--threshold", 38000)
    code, out, _err = run(good_file, "--round", 2564, "--province", 50, "--json")
    result = json.loads(out)
    assert (code, result["new"], result["updated"], result["unchanged"]) == (0, 0, 0, 3)
