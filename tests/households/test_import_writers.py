"""Both import writers, on the database at hand: the COPY writer (PostgreSQL) and the ORM
writer (any database) write the same rows for the same file, first import and update alike;
and after an import on PostgreSQL the planner knows how many rows it wrote."""

import json

import pytest
from django.db import connection, transaction

from households.importer import write
from households.importer.pipeline import build_plan
from households.models import Household, HouseholdSurvey
from households.services import import_plan_commit
from povertyprog.areas.models import Village
from povertyprog.areas.services import villages_create
from povertyprog.core.crypto import lookup_hash
from povertyprog.thai.formats import citizen_id_check_digit

from .bmn_files import citizen_id, household_row, write_csv

POSTGRES = connection.vendor == "postgresql"
ZERO_ID = "0" + citizen_id(4)[1:12]
ZERO_ID += str(citizen_id_check_digit(ZERO_ID))
NO_COPY = "the COPY writer needs PostgreSQL (COPY FROM STDIN, ON CONFLICT upserts)"


def _plan(path, survey_round):
    return build_plan(path, file_name=path.name, survey_round=survey_round, province_code="50")


def _rows() -> list[tuple]:
    """Every stored value that matters, the citizen ID decrypted (its ciphertext is random)."""
    households = sorted(Household.objects.values_list("village_id", "house_no", "house_code"))
    surveys = sorted(
        (
            s.household.village_id,
            s.household.house_no,
            s.survey_round_id,
            s.import_batch_id,
            s.head_prefix,
            s.head_first_name,
            s.head_last_name,
            s.citizen_id,
            s.citizen_id_hash,
            s.members,
            s.income_per_person,
            s.failed_indicators,
            s.phone,
            s.note,
            s.content_hash,
        )
        for s in HouseholdSurvey.objects.select_related("household")
    )
    return [*households, *surveys]


def _written_by(writer, plan, survey_round) -> list[tuple]:
    """What `writer` leaves in the database for `plan`; rolled back afterwards."""
    with transaction.atomic():
        villages_create(villages=plan.new_villages, by=None, source="test")
        writer(plan.to_write, survey_round=survey_round, batch_id=None)
        rows = _rows()
        transaction.set_rollback(True)
    return rows


def _writers():
    return [write._write_orm, write._write_postgres] if POSTGRES else [write._write_orm]


@pytest.mark.parametrize("case", ["first import", "update"])
def test_both_writers_write_the_same_rows(tmp_path, survey_round, province_admin, case):
    if case == "update":
        # Already in the registry: three households, one with a house code the new file
        # leaves empty (kept) and one whose code changes.
        base = [
            household_row(1, **{"รหัสประจำบ้าน": "50070000011"}),
            household_row(2, **{"รหัสประจำบ้าน": "50070000022"}),
            household_row(3),
        ]
        import_plan_commit(
            plan=_plan(write_csv(tmp_path / "base.csv", base), survey_round), by=province_admin
        )
    rows = [
        household_row(1, **{"ชื่อ": "บัวคำใหม่", "รายได้เฉลี่ยต่อคนต่อปี": "41,000"}),
        household_row(2, **{"รหัสประจำบ้าน": "50070000099", "ตัวชี้วัดที่ไม่ผ่าน": ""}),
        household_row(3, **{"หมายเหตุ": "ย้ายออก\tบางส่วน", "เบอร์โทรศัพท์": "081-234-5678"}),
        household_row(4, **{"เลขประจำตัวประชาชน": ZERO_ID}),  # leading zeros matter
        *(household_row(n) for n in range(5, 12)),
    ]
    plan = _plan(write_csv(tmp_path / "file.csv", rows), survey_round)
    assert not plan.errors
    assert len(plan.to_write) == 11

    results = {writer.__name__: _written_by(writer, plan, survey_round) for writer in _writers()}
    orm = results["_write_orm"]
    assert any(ZERO_ID in row for row in orm)
    assert all(row[8] == lookup_hash(row[7]) for row in orm if len(row) > 3)
    if not POSTGRES:
        pytest.skip(f"The ORM writer ran; {NO_COPY}, and this database is {connection.vendor}.")
    assert results["_write_postgres"] == orm


@pytest.mark.skipif(not POSTGRES, reason="the planner's statistics are PostgreSQL's")
def test_after_an_import_the_planner_estimates_the_rows_it_wrote(
    tmp_path, survey_round, province_admin
):
    rows = [household_row(n, **{"หมู่ที่": 1}) for n in range(1, 1201)]
    import_plan_commit(
        plan=_plan(write_csv(tmp_path / "big.csv", rows), survey_round), by=province_admin
    )
    scoped = HouseholdSurvey.objects.filter(
        survey_round=survey_round, household__village__code__startswith="500701"
    )
    real = scoped.count()
    assert real == 1200
    plan = json.loads(scoped.explain(format="json"))[0]["Plan"]
    # Before ANALYZE the prefix match was guessed at a fraction of a percent (6 of 3,000).
    assert real / 2 <= plan["Plan Rows"] <= real * 2, plan


@pytest.mark.skipif(not POSTGRES, reason="ANALYZE is PostgreSQL's")
def test_an_import_analyses_the_tables_it_wrote(tmp_path, survey_round, province_admin):
    import_plan_commit(
        plan=_plan(write_csv(tmp_path / "a.csv", [household_row(1)]), survey_round),
        by=province_admin,
    )
    tables = [m._meta.db_table for m in (Village, Household, HouseholdSurvey)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reltuples FROM pg_class WHERE relname = ANY(%s)", [tables])
        tuples = dict(cursor.fetchall())
    assert tuples[Household._meta.db_table] >= 1
    assert tuples[HouseholdSurvey._meta.db_table] >= 1
