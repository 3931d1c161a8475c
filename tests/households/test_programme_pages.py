"""The programme overview page: the province's figures by district, no personal data."""

import json

import pytest
from django.urls import reverse

from households.models import Stage, Target, Verification
from households.programme_selectors import PROGRESS, programme_summary
from households.programme_services import programme_activate, target_verify
from households.targeting import QuotaMode, TargetingRules

from .targeting_world import MAE_RIM, MUEANG, VILLAGES, programme, record, targeted

pytestmark = pytest.mark.django_db


@pytest.fixture
def overview(province_staff):
    for village, income in ((VILLAGES[MUEANG][0], 1000), (VILLAGES[MAE_RIM][0], 2000)):
        record(village, income, head_first_name="ลับเฉพาะ")
    p = programme(by=province_staff, target=972, name="ชี้เป้าชีวิต 2557")
    rules = TargetingRules(quota_mode=QuotaMode.NUMBER, district_quotas={MUEANG: 1, MAE_RIM: 1})
    targeted(p, by=province_staff, rules=rules)
    programme_activate(programme=p, by=province_staff)
    target_verify(target=p.targets.get(district_id=MAE_RIM), outcome="confirmed", note="", by=None)
    return p


def test_the_overview_shows_each_districts_progress(client, province_staff, overview, settings):
    client.force_login(province_staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the assertions read the English
    response = client.get(overview.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "ชี้เป้าชีวิต 2557" in page
    assert "2 target households of 972 planned, in 2 villages, 2 subdistricts and 2 districts" in (
        page
    )
    rows = response.context["summary"]["by_district"]
    assert [(r["code"], r["targets"], r["verified"]) for r in rows] == [
        (MUEANG, 1, 0),
        (MAE_RIM, 1, 1),
    ]
    assert "แม่ริม" in page
    assert ("verified", "Verified", 1) in response.context["stages"]


def test_a_viewer_sees_the_figures_and_no_personal_data(client, viewer, overview):
    client.force_login(viewer)
    response = client.get(reverse("households:programme_detail", args=[overview.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "ลับเฉพาะ" not in page
    for target in overview.targets.select_related("household"):
        assert target.household.house_no not in page
        assert target.household.get_absolute_url() not in page


def test_the_overview_costs_the_same_queries_whatever_the_size(
    client, province_staff, overview, django_assert_max_num_queries
):
    client.force_login(province_staff)
    with django_assert_max_num_queries(12) as few:
        client.get(overview.get_absolute_url())
    for n in range(6):
        record(VILLAGES[MUEANG][1], 3000 + n)
    more = programme(by=province_staff, target=5, name="more")
    targeted(more, by=province_staff)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(more.get_absolute_url())


@pytest.fixture
def progressed(province_staff):
    """Mae Rim: 6 cases, one at each step (set by hand: the plan step has no service yet), a
    seventh dropped; Mueang: 2 targeted."""
    for n in range(7):
        record(VILLAGES[MAE_RIM][n % 2], 1000 + n)
    for n in range(2):
        record(VILLAGES[MUEANG][0], 2000 + n)
    p = programme(by=province_staff, target=9, name="ก้าวหน้า")
    rules = TargetingRules(quota_mode=QuotaMode.NUMBER, district_quotas={MUEANG: 2, MAE_RIM: 7})
    targeted(p, by=province_staff, rules=rules)
    cases = list(p.targets.filter(district_id=MAE_RIM).order_by("rank"))
    stages = [
        Stage.TARGETED,
        Stage.VERIFIED,
        Stage.PLAN_AGREED,
        Stage.ASSISTED,
        Stage.CONTINUING_CARE,
        Stage.GRADUATED,
    ]
    for case, stage in zip(cases, stages, strict=False):
        Target.objects.filter(pk=case.pk).update(
            stage=stage,
            verification=Verification.PENDING
            if stage == Stage.TARGETED
            else Verification.CONFIRMED,
        )
    Target.objects.filter(pk=cases[6].pk).update(
        stage=Stage.DROPPED, verification=Verification.NOT_FOUND, drop_reason="not_found"
    )
    return p


def test_the_steps_per_district_read_the_stage(progressed):
    rows = {row["code"]: row for row in programme_summary(progressed)["by_district"]}
    mae_rim = rows[MAE_RIM]
    # Reached: plan agreed or later is 4 (plan, assisted, continuing care, graduated).
    assert (mae_rim["targets"], mae_rim["verified"], mae_rim["with_plan"]) == (6, 5, 4)
    assert (mae_rim["in_care"], mae_rim["graduated"]) == (1, 1)
    # Now: each case once, at its latest step; the dropped one nowhere.
    assert mae_rim["now"] == dict.fromkeys(PROGRESS, 1)
    assert rows[MUEANG]["now"] == {**dict.fromkeys(PROGRESS, 0), "targeted": 2}
    assert sum(rows[MUEANG]["now"].values()) == rows[MUEANG]["targets"]


def test_the_overview_chart_gets_the_same_figures_as_its_table(
    client, province_staff, progressed, english
):
    client.force_login(province_staff)
    response = client.get(progressed.get_absolute_url())
    page = response.content.decode()
    assert 'data-chart-source="progress-chart-data"' in page
    assert "js/district-bars.js" in page
    data = json.loads(
        page.split('id="progress-chart-data" type="application/json">')[1].split("<")[0]
    )
    assert data["labels"] == ["เมืองเชียงใหม่", "แม่ริม"]  # the table's order: by code
    assert data["targeted"] == [2, 1]
    assert data["graduated"] == [0, 1]
    assert data["series"]["plan_agreed"] == "Plan agreed, not assisted yet"
    assert f'<tr data-district="{MAE_RIM}">' in page
    assert 'data-with-plan="4"' in page
    assert 'data-in-care="1"' in page


def test_an_overview_without_targets_has_no_chart(client, province_staff):
    p = programme(by=province_staff, target=5, name="ว่าง")
    client.force_login(province_staff)
    page = client.get(p.get_absolute_url()).content.decode()
    assert "progress-chart" not in page
    assert "district-bars.js" not in page
