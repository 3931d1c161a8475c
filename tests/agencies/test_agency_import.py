"""Agency import/export in the admin: Thai types and provinces, actionable messages."""

import pytest
import tablib

from agencies.models import Agency, AgencyType
from agencies.resources import AgencyResource
from povertyprog.accounts.roles import Role
from povertyprog.audit.models import ActivityLog
from tests.factories import AgencyFactory, UserFactory

HEADERS = ["ชื่อหน่วยงาน", "ชื่อย่อ", "ประเภท", "จังหวัด", "อีเมล", "ใช้งาน"]


def run_import(rows, user, dry_run=False):
    dataset = tablib.Dataset(headers=HEADERS)
    for row in rows:
        dataset.append(row)
    return AgencyResource().import_data(dataset, dry_run=dry_run, user=user)


@pytest.fixture
def national_admin(db):
    return UserFactory(username="admin-th", role=Role.PROVINCE_ADMIN, area_scope="")


def test_import_accepts_thai_types_and_provinces(national_admin):
    result = run_import(
        [
            ("สำนักงานเกษตรจังหวัดเชียงใหม่", "เกษตร", "ส่วนราชการ", "เชียงใหม่", "", "ใช่"),
            ("ธ.ก.ส. สาขาแม่ริม", "", "รัฐวิสาหกิจ", "50", "baac@example.org", ""),
            ("มูลนิธิแห่งชาติ", "", "ภาคประชาชน", "", "", "ไม่ใช่"),
        ],
        national_admin,
    )
    assert not result.has_validation_errors()
    assert not result.has_errors()
    farm = Agency.objects.get(short_name="เกษตร")
    assert (farm.agency_type, farm.province_id, farm.is_active) == (
        AgencyType.GOVERNMENT,
        "50",
        True,
    )
    national = Agency.objects.get(name_th="มูลนิธิแห่งชาติ")
    assert (national.province_id, national.is_active) == (None, False)
    assert ActivityLog.objects.filter(action="agencies.agency.created").count() == 3


def test_import_explains_bad_rows(province_admin, english):
    result = run_import(
        [
            ("หน่วยงานหนึ่ง", "", "กระทรวง", "เชียงใหม่", "", ""),
            ("หน่วยงานสอง", "", "ส่วนราชการ", "แสนสุข", "", ""),
            ("หน่วยงานสาม", "", "ส่วนราชการ", "51", "", ""),
            ("หน่วยงานสี่", "", "ส่วนราชการ", "50", "not-an-email", ""),
        ],
        province_admin,
        dry_run=True,
    )
    errors = {row.number: row.error.message_dict for row in result.invalid_rows}
    assert "ส่วนราชการ" in errors[1]["agency_type"][0]
    assert "แสนสุข" in errors[2]["province"][0]
    assert "outside your area" in errors[3]["province"][0]
    assert "email" in errors[4]
    assert not Agency.objects.exists()


def test_export_writes_thai_labels(province_admin):
    run_import([("สำนักงานแรงงาน", "", "ส่วนราชการ", "50", "", "")], province_admin)
    exported = AgencyResource().export()
    assert exported.headers[:3] == ["ชื่อหน่วยงาน", "ชื่อภาษาอังกฤษ", "ชื่อย่อ"]
    assert exported.dict[0]["ประเภท"] == "ส่วนราชการ"
    assert exported.dict[0]["จังหวัด"] == "เชียงใหม่"


@pytest.mark.parametrize("dry_run", [True, False])
def test_province_admin_cannot_import_a_national_agency(province_admin, english, dry_run):
    """The service's rule holds on the import door, preview and commit alike, and the row
    says which agency it refuses."""
    result = run_import(
        [
            ("สำนักงานแรงงาน", "", "ส่วนราชการ", "50", "", ""),
            ("มูลนิธิแห่งชาติ", "", "ภาคประชาชน", "", "", ""),
        ],
        province_admin,
        dry_run=dry_run,
    )
    errors = {row.number: row.error.message_dict for row in result.invalid_rows}
    assert list(errors) == [2]
    assert "มูลนิธิแห่งชาติ" in errors[2]["province"][0]
    assert "national" in errors[2]["province"][0]
    assert not Agency.objects.filter(province__isnull=True).exists()


def test_province_admin_cannot_change_a_national_agency_by_import(province_admin, english):
    AgencyFactory(name_th="มูลนิธิแห่งชาติ", province_id=None, email="")
    result = run_import(
        [("มูลนิธิแห่งชาติ", "", "ภาคประชาชน", "", "new@example.org", "")], province_admin
    )
    assert result.has_validation_errors()
    assert "national agency" in str(result.invalid_rows[0].error)
    assert Agency.objects.get(name_th="มูลนิธิแห่งชาติ").email == ""
