"""`programme_report`: a programme's figures, as text and as JSON."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from households.models import Target
from households.programme_selectors import PROGRESS
from households.programme_services import programme_activate, target_verify
from households.targeting import QuotaMode, TargetingRules

from .targeting_world import CHOM_THONG, MAE_RIM, MUEANG, VILLAGES, programme, record, targeted

pytestmark = pytest.mark.django_db

NOTHING_YET = dict.fromkeys(PROGRESS, 0)  # the cases at each step, none yet


def report(*args) -> str:
    out = StringIO()
    call_command("programme_report", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def small_programme(province_staff):
    """Mueang: 3 cases in 2 villages of 2 subdistricts; Mae Rim: 2 cases in one village, one
    confirmed and one rejected (replaced by a third); Chom Thong: not poor, no case."""
    for village, income in (
        (VILLAGES[MUEANG][0], 1000),
        (VILLAGES[MUEANG][0], 2000),
        (VILLAGES[MUEANG][1], 3000),
        (VILLAGES[MAE_RIM][0], 1000),
        (VILLAGES[MAE_RIM][0], 2000),
        (VILLAGES[MAE_RIM][0], 3000),
        (VILLAGES[CHOM_THONG][0], 50000),
    ):
        record(village, income)
    p = programme(by=province_staff, target=5)
    rules = TargetingRules(quota_mode=QuotaMode.NUMBER, district_quotas={MUEANG: 3, MAE_RIM: 2})
    targeted(p, by=province_staff, rules=rules)
    programme_activate(programme=p, by=province_staff)
    first, second = Target.objects.filter(district_id=MAE_RIM).order_by("rank")
    target_verify(target=first, outcome="confirmed", note="", by=province_staff)
    target_verify(target=second, outcome="not_found", note="ไม่พบ", by=province_staff)
    return p


def test_the_json_report_of_a_small_programme(small_programme):
    data = json.loads(report("--year", "2557", "--province", "50", "--json"))
    assert data == {
        "targets": 5,
        "villages": 3,
        "subdistricts": 3,
        "districts": 2,
        "stages": {
            "targeted": 4,
            "verified": 1,
            "plan_agreed": 0,
            "assisted": 0,
            "in_care": 0,
            "graduated": 0,
            "continuing_care": 0,
            "dropped": 1,
        },
        "by_district": [
            {
                "code": MUEANG,
                "name": "เมืองเชียงใหม่",
                "targets": 3,
                "verified": 0,
                "with_plan": 0,
                "with_host": 0,
                "assisted": 0,
                "in_care": 0,
                "graduated": 0,
                "now": {**NOTHING_YET, "targeted": 3},
            },
            {
                "code": MAE_RIM,
                "name": "แม่ริม",
                "targets": 2,
                "verified": 1,
                "with_plan": 0,
                "with_host": 0,
                "assisted": 0,
                "in_care": 0,
                "graduated": 0,
                "now": {**NOTHING_YET, "targeted": 1, "verified": 1},
            },
        ],
    }


def test_the_text_report(small_programme):
    text = report("--year", "2557", "--province", "50")
    assert "5 targets in 3 villages, 3 subdistricts and 2 districts" in text
    assert "dropped 1" in text
    assert "แม่ริม" in text


def test_no_programme_or_several(small_programme, province_staff):
    with pytest.raises(CommandError, match="No programme"):
        report("--year", "2556", "--province", "50")
    with pytest.raises(CommandError, match="No programme"):
        report("--year", "2557", "--province", "51")
    programme(by=province_staff, name="ชี้เป้า รอบสอง")
    with pytest.raises(CommandError, match="--name"):
        report("--year", "2557", "--province", "50")
    data = json.loads(
        report("--year", "2557", "--province", "50", "--name", "ชี้เป้า รอบสอง", "--json")
    )
    assert data["targets"] == 0
    assert data["by_district"] == []
