"""The synthetic จปฐ. files behind the demo and the benchmark: valid through the real pipeline,
believable, and the same for the same seed."""

from collections import Counter
from decimal import Decimal

import pytest

from households.importer.pipeline import build_plan
from households.importer.synthetic import (
    INCOME_INDICATOR,
    INCOME_THRESHOLD,
    second_round_rows,
    synthetic_rows,
    write_csv,
    write_xlsx,
)
from households.services import round_create
from povertyprog.thai.formats import is_valid_citizen_id

ROWS = 300


@pytest.fixture
def survey_round(db):
    return round_create(year_be=2564, income_threshold=Decimal(INCOME_THRESHOLD), by=None)


@pytest.fixture(scope="module")
def rows(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return list(synthetic_rows(ROWS, seed=5))


def plan_of(path, survey_round):
    return build_plan(path, file_name=path.name, survey_round=survey_round, province_code="50")


@pytest.mark.parametrize("write", [write_xlsx, write_csv], ids=["xlsx", "csv"])
def test_every_row_is_a_valid_new_household_through_the_real_pipeline(
    tmp_path, survey_round, rows, write
):
    path = write(tmp_path / f"bmn.{write.__name__[6:]}", rows)
    plan = plan_of(path, survey_round)
    assert plan.errors == []
    assert plan.counts["new"] == ROWS, "no household twice, none skipped"
    poor = [row for row, _digest in plan.to_write if row.income_per_person < INCOME_THRESHOLD]
    assert 0.10 <= len(poor) / ROWS <= 0.20
    assert all(INCOME_INDICATOR in row.failed_indicators for row in poor)
    assert {row.head_prefix for row, _digest in plan.to_write} == {"นาย", "นาง", "นางสาว"}


def test_a_title_row_above_the_header_is_skipped(tmp_path, survey_round, rows):
    path = write_xlsx(tmp_path / "bmn.xlsx", rows[:20], title="บัญชีรายชื่อครัวเรือน ปี ๒๕๖๔")
    plan = plan_of(path, survey_round)
    assert (plan.header_row, plan.counts["new"], plan.errors) == (2, 20, [])


def test_rows_look_like_a_provinces_file(rows):
    ids = [row[10] for row in rows]
    assert len(set(ids)) == ROWS
    assert all(is_valid_citizen_id(cid) for cid in ids)
    first_digits = Counter(cid[0] for cid in ids)
    assert first_digits["1"] + first_digits["3"] >= 0.8 * ROWS
    assert {row[1] for row in rows} & {"เมืองเชียงใหม่", "แม่ริม"}, "Thai district names"
    assert any(row[1].startswith(("อ.", "อำเภอ")) for row in rows), "some with a prefix"
    assert any("/" in row[5] for row in rows), "house numbers such as 45/3"
    assert all(1 <= row[11] <= 8 for row in rows)
    for row in rows:
        failed = [int(n) for n in row[13].split(", ") if n]
        assert (INCOME_INDICATOR in failed) == (row[12] < INCOME_THRESHOLD)


def test_the_same_seed_gives_the_same_rows(db):
    assert list(synthetic_rows(40, seed=3)) == list(synthetic_rows(40, seed=3))
    assert list(synthetic_rows(40, seed=3)) != list(synthetic_rows(40, seed=4))


def test_the_second_round_surveys_the_same_households_and_some_poor_graduate(db):
    first = list(synthetic_rows(ROWS, seed=5))
    second = list(second_round_rows(ROWS, seed=5, first_year_be=2564))
    assert [(r[4], r[5], r[10]) for r in first] == [(r[4], r[5], r[10]) for r in second]
    poor_then = {r[10] for r in first if r[12] < INCOME_THRESHOLD}
    poor_now = {r[10] for r in second if r[12] < INCOME_THRESHOLD}
    graduated = poor_then - poor_now
    assert 0.15 * len(poor_then) <= len(graduated) <= 0.6 * len(poor_then)
    assert second == list(second_round_rows(ROWS, seed=5, first_year_be=2564))


def test_first_house_no_gives_addresses_another_file_does_not_use(db):
    numbers = [int(row[5].split("/")[0]) for row in synthetic_rows(50, seed=7, first_house_no=500)]
    assert min(numbers) >= 500
