"""The targeting screen: province staff set the rules, preview what they choose (per
district, who is in and who just missed, what each rule removed, the short districts, the
tie order) and create exactly the previewed targets; a preview gone stale is refused."""

import pytest
from django.urls import reverse

from households.models import Target, TargetingRun

from .targeting_world import CHOM_THONG, MAE_RIM, MUEANG, VILLAGES, programme, record, targeted

pytestmark = pytest.mark.django_db

BASE = {
    "below_threshold": "on",
    "indicator_match": "any",
    "exclude_graduated": "on",
    "exclude_other_programmes": "on",
    "exclude_moved_or_deceased": "on",
    "quota_mode": "proportional",
    "just_missed": "5",
}


@pytest.fixture
def screen(province_staff):
    for village, income, name in (
        (VILLAGES[MUEANG][0], 1000, "เมืองหนึ่ง"),
        (VILLAGES[MUEANG][1], 2000, "เมืองสอง"),
        (VILLAGES[MAE_RIM][0], 1500, "แม่ริมหนึ่ง"),
        (VILLAGES[MAE_RIM][1], 2500, "แม่ริมสอง"),
        (VILLAGES[MAE_RIM][1], 45000, "ไม่จน"),
    ):
        record(village, income, head_first_name=name)
    record(VILLAGES[CHOM_THONG][0], 900, head_first_name="จอมทอง", failed=(5,))
    return programme(by=province_staff, target=2)


@pytest.fixture
def staff_client(client, province_staff, settings):
    client.force_login(province_staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _names(candidates) -> list[str]:
    """The first names of the candidates (head_name is prefix+first name, then last name)."""
    names = ["เมืองหนึ่ง", "เมืองสอง", "แม่ริมหนึ่ง", "แม่ริมสอง", "ไม่จน", "จอมทอง"]
    return [next(n for n in names if n in c.head_name) for c in candidates]


def _url(p):
    return reverse("households:programme_targeting", args=[p.pk])


def test_the_screen_opens_with_the_default_rules(staff_client, screen):
    response = staff_client.get(_url(screen))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["below_threshold"].value() is True
    assert form["quota_mode"].value() == "proportional"
    assert "22. " in response.content.decode()  # the round's indicators to choose from
    assert "preview" not in response.context


def test_the_overview_links_to_the_screen_until_targets_exist(staff_client, screen, province_staff):
    page = staff_client.get(screen.get_absolute_url()).content.decode()
    assert _url(screen) in page
    targeted(screen, by=province_staff)
    page = staff_client.get(screen.get_absolute_url()).content.decode()
    assert _url(screen) not in page


def test_a_preview_shows_districts_people_removals_and_ties(staff_client, screen):
    response = staff_client.post(_url(screen), {**BASE, "preview": ""})
    assert response.status_code == 200
    preview = response.context["preview"]
    # Proportional: one each for Mueang and Mae Rim (2 poor each), then Chom Thong (1) by
    # largest remainders, lower code first on a tie: the poorest of Mueang and Mae Rim.
    assert _names(preview.chosen) == ["เมืองหนึ่ง", "แม่ริมหนึ่ง"]
    assert _names(preview.just_missed) == ["เมืองสอง", "จอมทอง", "แม่ริมสอง"]
    page = response.content.decode()
    assert 'id="targeting-chart"' in page
    assert 'id="targeting-chart-data"' in page
    assert 'id="tie-order"' in page
    assert "income per person ascending" in page
    assert "Income at or above the threshold" in page
    rows = {line.code: line for line in preview.districts}
    assert rows[MAE_RIM].removed["income"] == 1
    assert sum(line.chosen for line in preview.districts) == 2
    assert "แม่ริมสอง" in page  # who just missed is on the screen
    assert 'name="state_token" value="' + preview.state_token + '"' in page
    assert 'id="create-button"' in page
    assert not Target.objects.exists(), "a preview writes nothing"


def test_number_quotas_and_a_short_district(staff_client, screen):
    data = {**BASE, "quota_mode": "number", f"quota_{MAE_RIM}": "5", f"quota_{MUEANG}": "1"}
    response = staff_client.post(_url(screen), {**data, "preview": ""})
    preview = response.context["preview"]
    chosen = {line.code: line.chosen for line in preview.districts}
    assert chosen[MAE_RIM] == 2
    assert chosen[MUEANG] == 1
    assert [line.code for line in preview.short_districts] == [MAE_RIM]
    assert 'id="short-districts"' in response.content.decode()


def test_failed_indicators_all_of(staff_client, screen):
    data = {**BASE, "below_threshold": "", "indicators": ["5"], "indicator_match": "all"}
    preview = staff_client.post(_url(screen), {**data, "preview": ""}).context["preview"]
    assert _names(preview.chosen) == ["จอมทอง"]


def test_rules_that_choose_by_nothing_land_on_the_form(staff_client, screen):
    response = staff_client.post(_url(screen), {**BASE, "below_threshold": "", "preview": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["below_threshold"]
    assert "preview" not in response.context


def test_creating_the_previewed_targets(staff_client, screen, province_staff):
    preview = staff_client.post(_url(screen), {**BASE, "preview": ""}).context["preview"]
    response = staff_client.post(
        _url(screen), {**BASE, "state_token": preview.state_token, "create": ""}, follow=True
    )
    assert response.redirect_chain[-1][0] == screen.get_absolute_url()
    assert "2 target households are created." in response.content.decode()
    assert sorted(screen.targets.values_list("household_id", flat=True)) == sorted(
        c.household_id for c in preview.chosen
    )
    assert TargetingRun.objects.get().created_by == province_staff
    # Once created, the screen sends people back to the overview.
    assert staff_client.get(_url(screen)).status_code == 302


def test_a_stale_preview_is_refused_with_a_message(staff_client, screen):
    preview = staff_client.post(_url(screen), {**BASE, "preview": ""}).context["preview"]
    record(VILLAGES[MUEANG][0], 10, head_first_name="มาใหม่")  # the registry changed
    response = staff_client.post(
        _url(screen), {**BASE, "state_token": preview.state_token, "create": ""}
    )
    assert response.status_code == 200
    assert not Target.objects.exists()
    page = response.content.decode()
    assert "changed since this preview" in page
    fresh = response.context["preview"]
    assert fresh.state_token != preview.state_token
    assert "มาใหม่" in page, "the screen previews again with the registry as it is"


def test_a_district_officer_cannot_target(client, district_officer_mae_rim, screen):
    client.force_login(district_officer_mae_rim)
    assert client.get(_url(screen)).status_code == 404
    assert client.post(_url(screen), {**BASE, "create": ""}).status_code == 404


def test_a_share_of_each_districts_poor(staff_client, screen):
    data = {**BASE, "quota_mode": "share", "share_percent": "50"}
    preview = staff_client.post(_url(screen), {**data, "preview": ""}).context["preview"]
    # Half of each district's poor, rounded half up: Mueang 1 of 2, Mae Rim 1 of 2, Chom
    # Thong 1 of 1.
    assert {line.code: line.chosen for line in preview.districts} == {
        MUEANG: 1,
        CHOM_THONG: 1,
        MAE_RIM: 1,
    }
