"""The import pipeline end to end: plan, commit, re-import, refusals (through services)."""

from decimal import Decimal

import pytest

from households.importer.pipeline import build_plan
from households.models import Household, HouseholdSurvey, ImportBatch, ImportStatus
from households.services import ImportRefused, import_plan_commit, plan_commit
from povertyprog.areas.models import Village
from povertyprog.audit.models import ActivityLog
from povertyprog.core.crypto import lookup_hash

from .bmn_files import citizen_id, household_row, write_csv


def plan_of(path, survey_round):
    return build_plan(path, file_name=path.name, survey_round=survey_round, province_code="50")


def test_new_file_is_planned_then_committed(tmp_path, survey_round, province_admin):
    path = write_csv(tmp_path / "bmn.csv", [household_row(n) for n in range(1, 7)])
    plan = plan_of(path, survey_round)
    assert plan.counts == {
        "rows": 6,
        "new": 6,
        "updated": 0,
        "unchanged": 0,
        "invalid": 0,
        "new_villages": 3,
        "graduating": 0,
    }
    assert not Household.objects.exists(), "planning writes nothing"

    batch = import_plan_commit(plan=plan, by=province_admin)

    assert batch.status == ImportStatus.COMMITTED
    assert Household.objects.count() == 6
    assert set(
        Village.objects.filter(code__startswith="500701").values_list("code", flat=True)
    ) >= {
        "50070101",
        "50070102",
        "50070103",
    }
    survey = HouseholdSurvey.objects.get(household__house_no="4/1")
    assert survey.citizen_id == citizen_id(4)
    assert citizen_id(4) not in survey.citizen_id_encrypted
    assert survey.citizen_id_hash == lookup_hash(citizen_id(4))
    assert survey.failed_indicator_numbers == [4, 22]
    assert survey.income_per_person == Decimal(30004)
    assert survey.import_batch == batch
    entry = ActivityLog.objects.get(action="households.import.committed")
    assert entry.data["new"] == 6


def test_reimporting_the_same_file_changes_nothing(tmp_path, survey_round, province_admin):
    path = write_csv(tmp_path / "bmn.csv", [household_row(n) for n in range(1, 5)])
    import_plan_commit(plan=plan_of(path, survey_round), by=province_admin)
    before = list(HouseholdSurvey.objects.order_by("pk").values_list("pk", "updated_at"))

    plan = plan_of(path, survey_round)
    assert (plan.new, plan.updated, plan.unchanged, len(plan.errors)) == (0, 0, 4, 0)
    assert plan.to_write == []
    import_plan_commit(plan=plan, by=province_admin)

    assert list(HouseholdSurvey.objects.order_by("pk").values_list("pk", "updated_at")) == before


def test_changed_rows_are_updated_not_duplicated(tmp_path, survey_round, province_admin):
    path = write_csv(tmp_path / "bmn.csv", [household_row(n) for n in range(1, 5)])
    import_plan_commit(plan=plan_of(path, survey_round), by=province_admin)
    changed = write_csv(
        tmp_path / "bmn2.csv",
        [household_row(1, **{"รายได้เฉลี่ยต่อคนต่อปี": 45000})]
        + [household_row(n) for n in range(2, 5)]
        + [household_row(9)],
    )
    plan = plan_of(changed, survey_round)
    assert (plan.new, plan.updated, plan.unchanged) == (1, 1, 3)
    import_plan_commit(plan=plan, by=province_admin)
    assert HouseholdSurvey.objects.count() == 5
    assert HouseholdSurvey.objects.get(household__house_no="1/1").income_per_person == 45000


def test_same_household_twice_reports_both_rows(tmp_path, survey_round):
    rows = [household_row(1), household_row(2), household_row(1, **{"ชื่อ": "ซ้ำ"})]
    plan = plan_of(write_csv(tmp_path / "dup.csv", rows), survey_round)
    duplicate_rows = sorted(e.row for e in plan.errors if e.kind == "duplicate")
    assert duplicate_rows == [2, 4]  # spreadsheet rows: the header is row 1
    assert all("2, 4" in e.message for e in plan.errors)
    assert plan.new == 1


def test_invalid_rows_refuse_the_whole_import(tmp_path, survey_round, province_admin):
    rows = [household_row(1), household_row(2, **{"เลขประจำตัวประชาชน": "1234"})]
    plan = plan_of(write_csv(tmp_path / "bad.csv", rows), survey_round)
    assert plan.counts["invalid"] == 1
    with pytest.raises(ImportRefused):
        import_plan_commit(plan=plan, by=province_admin)
    assert not Household.objects.exists()


def test_skip_invalid_imports_exactly_the_good_rows(tmp_path, survey_round, province_admin):
    rows = [household_row(1), household_row(2, **{"เลขประจำตัวประชาชน": "1234"}), household_row(3)]
    plan = plan_of(write_csv(tmp_path / "bad.csv", rows), survey_round)
    import_plan_commit(plan=plan, by=province_admin, skip_invalid=True)
    assert set(Household.objects.values_list("house_no", flat=True)) == {"1/1", "3/1"}


def test_commit_refuses_when_the_registry_changed_since_the_preview(
    tmp_path, survey_round, province_admin
):
    first = write_csv(tmp_path / "a.csv", [household_row(1)])
    second = write_csv(tmp_path / "b.csv", [household_row(2)])
    stale_plan = plan_of(second, survey_round)
    import_plan_commit(plan=plan_of(first, survey_round), by=province_admin)
    with pytest.raises(ImportRefused):
        import_plan_commit(plan=stale_plan, by=province_admin)
    assert not Household.objects.filter(house_no="2/1").exists()


def test_a_failure_while_writing_leaves_nothing_behind(
    tmp_path, survey_round, province_admin, monkeypatch
):
    plan = plan_of(
        write_csv(tmp_path / "a.csv", [household_row(n) for n in range(1, 4)]), survey_round
    )
    batch = ImportBatch.objects.create(
        survey_round=survey_round, province_id="50", file_name="a.csv", file_sha256="x"
    )

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("households.services.write_rows", explode)
    with pytest.raises(RuntimeError):
        plan_commit(plan, batch=batch, by=province_admin, skip_invalid=False)
    assert not Village.objects.filter(code__startswith="500701").exists()
    assert not Household.objects.exists()


def test_exporting_and_reimporting_changes_nothing(tmp_path, survey_round, province_admin, client):
    from django.urls import reverse

    rows = [
        household_row(1, **{"รหัสประจำบ้าน": "50070100012", "เบอร์โทรศัพท์": "081-234-5678"}),
        household_row(2, **{"ตัวชี้วัดที่ไม่ผ่าน": "", "หมายเหตุ": "ผู้สูงอายุ"}),
        household_row(3, **{"รายได้เฉลี่ยต่อคนต่อปี": "38000.50", "คำนำหน้า": ""}),
    ]
    import_plan_commit(
        plan=plan_of(write_csv(tmp_path / "a.csv", rows), survey_round), by=province_admin
    )

    client.force_login(province_admin)
    response = client.get(reverse("households:export"), {"round": 2564})
    exported = tmp_path / "export.xlsx"
    exported.write_bytes(response.content)

    plan = plan_of(exported, survey_round)
    assert plan.errors == []
    assert (plan.new, plan.updated, plan.unchanged) == (0, 0, 3)
