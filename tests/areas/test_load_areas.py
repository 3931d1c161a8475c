from io import StringIO

from django.core.management import call_command

from povertyprog.areas.models import District, Province, Subdistrict


def run_load_areas() -> str:
    out = StringIO()
    call_command("load_areas", stdout=out)
    return out.getvalue()


def test_load_areas_from_empty_gives_exact_counts(db):
    Subdistrict.objects.all().delete()
    District.objects.all().delete()
    Province.objects.all().delete()

    output = run_load_areas()

    assert (Province.objects.count(), District.objects.count(), Subdistrict.objects.count()) == (
        77,
        928,
        7436,
    )
    assert "subdistricts: 7436 created" in output
    mae_rim = District.objects.get(code="5007")
    assert (mae_rim.name_th, mae_rim.name_en, mae_rim.province_id) == ("แม่ริม", "Mae Rim", "50")
    assert Subdistrict.objects.get(code="500701").postcodes == "50180"


def test_second_run_changes_nothing_and_says_so(db, english):
    run_load_areas()
    output = run_load_areas()
    assert "0 created, 0 updated" in output
    assert "nothing changed" in output
    assert Subdistrict.objects.count() == 7436


def test_load_areas_repairs_an_edited_name(db):
    District.objects.filter(code="5007").update(name_th="แก้ไขผิด")
    output = run_load_areas()
    assert "districts: 0 created, 1 updated" in output
    assert District.objects.get(code="5007").name_th == "แม่ริม"
