"""The programme overview page: the province's figures by district, no personal data."""

import pytest
from django.urls import reverse

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
