"""Seed the จปฐ. 2560–2564 indicator set: 5 categories, 31 indicators (22 is income)."""

import csv
from pathlib import Path

from django.db import migrations

CSV = Path(__file__).resolve().parent.parent / "data" / "bmn_indicators_2560_2564.csv"


def seed(apps, schema_editor):
    IndicatorSet = apps.get_model("households", "IndicatorSet")
    Indicator = apps.get_model("households", "Indicator")
    indicator_set, created = IndicatorSet.objects.get_or_create(
        code="2560-2564",
        defaults={
            "name_th": "เครื่องชี้วัดข้อมูลความจำเป็นพื้นฐาน (จปฐ.) ปี 2560–2564",
            "first_year_be": 2560,
            "last_year_be": 2564,
        },
    )
    if not created:
        return
    with CSV.open(encoding="utf-8") as handle:
        Indicator.objects.bulk_create(
            Indicator(
                indicator_set=indicator_set,
                number=int(row["number"]),
                category=int(row["category"]),
                category_name_th=row["category_name_th"],
                text_th=row["indicator_th"],
                is_income=row["number"] == "22",
            )
            for row in csv.DictReader(handle)
        )


class Migration(migrations.Migration):
    dependencies = [("households", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
