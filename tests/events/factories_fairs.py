"""A small fair world for the fair's tests: a Chiang Mai programme with three cases in Mae
Rim (5007) and two in Mueang (5001), and a Lamphun (51) programme with one case; fairs made
by `fair_create` as the system."""

import datetime

from django.utils import timezone

from events.services.fairs import fair_create
from households.models import Stage, Target, Verification
from households.programme_services import programme_create
from households.targeting import QuotaMode, TargetingRules
from povertyprog.areas.models import Province
from tests.households.targeting_world import MAE_RIM, MUEANG, VILLAGES, demo_round, record, targeted


def chiang_mai_programme(*, by=None, drop_one_in_mae_rim: bool = False):
    survey_round = demo_round()
    for income in (1000, 2000, 3000):
        record(VILLAGES[MAE_RIM][0], income, survey_round=survey_round)
    for income in (500, 600):
        record(VILLAGES[MUEANG][0], income, survey_round=survey_round)
    programme = programme_create(
        province=Province.objects.get(code="50"),
        fiscal_year_be=2557,
        name="ชี้เป้า 2557",
        target_households=5,
        survey_round=survey_round,
        by=by,
    )
    rules = TargetingRules(quota_mode=QuotaMode.NUMBER, district_quotas={MAE_RIM: 3, MUEANG: 2})
    targeted(programme, by=by, rules=rules)
    if drop_one_in_mae_rim:
        dropped = programme.targets.filter(district_id=MAE_RIM).order_by("pk").first()
        # Test data: a case the field check rejected (the service would also replace it).
        Target.objects.filter(pk=dropped.pk).update(
            stage=Stage.DROPPED, drop_reason=Verification.MOVED
        )
    return programme


def lamphun_programme():
    survey_round = demo_round()
    record("51010101", 700, survey_round=survey_round)
    programme = programme_create(
        province=Province.objects.get(code="51"),
        fiscal_year_be=2557,
        name="ชี้เป้า ลำพูน 2557",
        target_households=1,
        survey_round=survey_round,
        by=None,
    )
    rules = TargetingRules(quota_mode=QuotaMode.NUMBER, district_quotas={"5101": 1})
    targeted(programme, by=None, rules=rules)
    return programme


def fair_values(*, day: datetime.date | None = None, rsvp: datetime.date | None = None, **more):
    """A fair's details; its day 20 days from today unless given."""
    day = day or timezone.localdate() + datetime.timedelta(days=20)
    zone = timezone.get_current_timezone()
    values = {
        "name": "มหกรรมแก้จน สร้างคน สร้างอาชีพ สร้างรายได้อย่างยั่งยืน",
        "theme": "ลดรายจ่าย เพิ่มรายได้ ขยายโอกาส",
        "starts_at": datetime.datetime.combine(day, datetime.time(8, 30), tzinfo=zone),
        "ends_at": datetime.datetime.combine(day, datetime.time(16), tzinfo=zone),
        "venue": "ศูนย์ประชุมและแสดงสินค้านานาชาติ เฉลิมพระเกียรติ 7 รอบ พระชนมพรรษา",
        "venue_address": "ต.ช้างเผือก อ.เมืองเชียงใหม่ จ.เชียงใหม่",
        "capacity": 1500,
        "rsvp_deadline": rsvp or day - datetime.timedelta(days=7),
    }
    values.update(more)
    return values


def make_fair(programme, *, by=None, **values):
    return fair_create(programme=programme, by=by, **fair_values(**values))


__all__ = ["chiang_mai_programme", "fair_values", "lamphun_programme", "make_fair"]
