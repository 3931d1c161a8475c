import pytest
import tablib
from django.core.exceptions import ValidationError

from povertyprog.areas.models import Village
from povertyprog.areas.resources import VillageResource
from povertyprog.areas.services import village_save
from povertyprog.audit.models import ActivityLog


def test_village_save_creates_and_audits(province_admin):
    village, created = village_save(code="50070103", name_th="บ้านสันโป่ง", by=province_admin)
    assert created
    assert (village.subdistrict_id, village.moo) == ("500701", 3)
    entry = ActivityLog.objects.get(action="areas.village.created")
    assert entry.actor == province_admin
    assert entry.target_id == "50070103"


def test_village_save_renames_without_duplicating(province_admin):
    village_save(code="50070103", name_th="บ้านเก่า", by=province_admin)
    _village, created = village_save(code="50070103", name_th="บ้านใหม่", by=province_admin)
    assert not created
    assert Village.objects.get(code="50070103").name_th == "บ้านใหม่"
    assert ActivityLog.objects.filter(action="areas.village.changed").count() == 1


def test_village_code_in_thai_digits(province_admin):
    village, _ = village_save(code="๕๐๐๗๐๑๐๓", name_th="บ้านสันโป่ง", by=province_admin)
    assert village.code == "50070103"


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("5007010", "8 digits"),
        ("500701ab", "8 digits"),
        ("50070100", "01–99"),
        ("50990101", "509901"),
    ],
)
def test_bad_village_codes_are_explained(province_admin, english, code, fragment):
    with pytest.raises(ValidationError) as error:
        village_save(code=code, name_th="บ้าน", by=province_admin)
    assert fragment in " ".join(error.value.messages)
    assert not Village.objects.exists()


def _import(rows, user, dry_run=False):
    dataset = tablib.Dataset(headers=["village_code", "name_th", "name_en"])
    for row in rows:
        dataset.append(row)
    return VillageResource().import_data(dataset, dry_run=dry_run, user=user)


def test_village_import_reports_each_bad_row_and_saves_nothing(province_admin, english):
    result = _import(
        [
            ("50070101", "บ้านหนึ่ง", "Ban Nueng"),
            ("5007011", "บ้านสั้น", ""),
            ("50990101", "บ้านไม่มีตำบล", ""),
            ("51010101", "บ้านลำพูน", ""),
        ],
        province_admin,
        dry_run=True,
    )
    assert result.has_validation_errors()
    invalid = {row.number: row.error.message_dict for row in result.invalid_rows}
    assert set(invalid) == {2, 3, 4}
    assert "8 digits" in invalid[2]["code"][0]
    assert "509901" in invalid[3]["code"][0]
    assert "outside your area" in invalid[4]["code"][0]
    assert not Village.objects.exists()


def test_village_import_saves_through_the_service(province_admin):
    result = _import(
        [("๕๐๐๗๐๑๐๑", "บ้านหนึ่ง", "Ban Nueng"), (50070102, "บ้านสอง", "")], province_admin
    )
    assert not result.has_errors()
    assert not result.has_validation_errors()
    assert set(Village.objects.values_list("code", flat=True)) == {"50070101", "50070102"}
    assert ActivityLog.objects.filter(action="areas.village.created").count() == 2
    again = _import([("50070101", "บ้านหนึ่ง", "Ban Nueng")], province_admin)
    assert again.totals["skip"] == 1
