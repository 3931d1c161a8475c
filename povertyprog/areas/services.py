"""Writes to areas. Provinces, districts and subdistricts come from `geothai` only."""

from dataclasses import dataclass

import geothai
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from povertyprog.audit.services import activity_log
from povertyprog.thai.formats import to_ascii_digits

from .models import District, Province, Subdistrict, Village


def village_code_parse(code: str) -> tuple[Subdistrict, int]:
    """Check a village code and return its subdistrict and หมู่ที่, or raise a clear error."""
    code = to_ascii_digits(str(code)).strip()
    if len(code) != 8 or not code.isdigit():
        raise ValidationError(
            _(
                "A village code has 8 digits (subdistrict code + หมู่ที่, e.g. 50070103); "
                "got “%(code)s”."
            ),
            code="format",
            params={"code": code},
        )
    moo = int(code[6:])
    if not 1 <= moo <= 99:
        raise ValidationError(
            _("The last two digits of a village code are its หมู่ที่, 01–99; got “%(moo)s”."),
            code="moo",
            params={"moo": code[6:]},
        )
    subdistrict = Subdistrict.objects.filter(code=code[:6]).first()
    if subdistrict is None:
        raise ValidationError(
            _("No subdistrict has the code %(sub)s (the first six digits of %(code)s)."),
            code="subdistrict",
            params={"sub": code[:6], "code": code},
        )
    return subdistrict, moo


@transaction.atomic
def village_save(*, code: str, name_th: str, name_en: str = "", by) -> tuple[Village, bool]:
    """Create a village, or rename an existing one. Returns (village, created)."""
    subdistrict, _moo = village_code_parse(code)
    code = to_ascii_digits(str(code)).strip()
    name_th, name_en = name_th.strip(), name_en.strip()
    if not name_th:
        raise ValidationError(_("A village needs a Thai name."), code="name")
    village = Village.objects.filter(code=code).first()
    if village is None:
        village = Village.objects.create(
            code=code, subdistrict=subdistrict, name_th=name_th, name_en=name_en
        )
        activity_log("areas.village.created", actor=by, target=village)
        return village, True
    changed = {
        field: value
        for field, value in (("name_th", name_th), ("name_en", name_en))
        if getattr(village, field) != value
    }
    if changed:
        for field, value in changed.items():
            setattr(village, field, value)
        village.save(update_fields=list(changed))
        activity_log("areas.village.changed", actor=by, target=village, data=changed)
    return village, False


@dataclass(frozen=True)
class AreaLoadResult:
    created: dict[str, int]
    updated: dict[str, int]

    @property
    def changed(self) -> bool:
        return any(self.created.values()) or any(self.updated.values())


def _sync(model, rows: list[dict]) -> tuple[int, int]:
    """Insert missing rows and update changed ones, in bulk; returns (created, updated)."""
    existing = {obj.pk: obj for obj in model.objects.all()}
    fields = [name for name in rows[0] if name != "code"] if rows else []
    new, changed = [], []
    for row in rows:
        obj = existing.get(row["code"])
        if obj is None:
            new.append(model(**row))
        elif any(getattr(obj, f) != row[f] for f in fields):
            for f in fields:
                setattr(obj, f, row[f])
            changed.append(obj)
    model.objects.bulk_create(new, batch_size=2000)
    model.objects.bulk_update(changed, fields, batch_size=2000)
    return len(new), len(changed)


@transaction.atomic
def areas_load(*, by=None) -> AreaLoadResult:
    """Load every province, district and subdistrict from `geothai`; idempotent."""
    provinces = geothai.provinces()
    districts = [d for p in provinces for d in geothai.districts(p.code)]
    subdistricts = [s for d in districts for s in geothai.subdistricts(d.code)]
    plan = [
        (
            "provinces",
            Province,
            [{"code": p.code, "name_th": p.name_th, "name_en": p.name_en} for p in provinces],
        ),
        (
            "districts",
            District,
            [
                {
                    "code": d.code,
                    "name_th": d.name_th,
                    "name_en": d.name_en,
                    "province_id": d.province_code,
                }
                for d in districts
            ],
        ),
        (
            "subdistricts",
            Subdistrict,
            [
                {
                    "code": s.code,
                    "name_th": s.name_th,
                    "name_en": s.name_en,
                    "district_id": s.district_code,
                    "postcodes": ", ".join(s.postal_codes),
                }
                for s in subdistricts
            ],
        ),
    ]
    created, updated = {}, {}
    for label, model, rows in plan:
        created[label], updated[label] = _sync(model, rows)
    result = AreaLoadResult(created=created, updated=updated)
    if result.changed:
        activity_log(
            "areas.loaded",
            actor=by,
            data={
                "created": created,
                "updated": updated,
                "source": f"geothai {geothai.DATA_VERSION}",
            },
        )
    return result


@transaction.atomic
def villages_create(*, villages: dict[str, str], by, source: str) -> list[Village]:
    """Create many new villages at once (from an import): code → Thai name. One audit entry."""
    known = set(
        Subdistrict.objects.filter(code__in={code[:6] for code in villages}).values_list(
            "code", flat=True
        )
    )
    created = []
    for code, name_th in sorted(villages.items()):
        if code[:6] not in known or not 1 <= int(code[6:]) <= 99 or len(code) != 8:
            village_code_parse(code)  # raises the specific error for this code
        created.append(Village(code=code, subdistrict_id=code[:6], name_th=name_th.strip()))
    Village.objects.bulk_create(created)
    if created:
        activity_log(
            "areas.villages.created",
            actor=by,
            data={"codes": [v.code for v in created], "source": source},
        )
    return created
