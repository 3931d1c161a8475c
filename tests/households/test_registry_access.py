"""Role × object matrix for the household registry: out-of-scope households answer 404 like
missing ones, personal data only for roles that may see it, citizen IDs viewed are logged."""

import pytest
from django.urls import reverse

from povertyprog.audit.models import ActivityLog
from povertyprog.thai.formats import format_citizen_id, mask_citizen_id
from tests.factories import VillageFactory

from .factories import HouseholdSurveyFactory, SurveyRoundFactory

DISTRICTS = {"5007": "50070101", "5001": "50010101", "5101": "51010101"}

# The districts whose households each persona may open; every other one must answer 404.
VISIBLE = {
    "province_admin": {"5007", "5001"},
    "province_staff": {"5007", "5001"},
    "district_officer_mae_rim": {"5007"},
    "district_officer_mueang": {"5001"},
    "outsider": {"5101"},
    # Viewers see aggregates only; liaisons see their agency's assignments (none yet).
    "viewer": set(),
    "agency_liaison": set(),
}
MAY_LIST = set(VISIBLE) - {"viewer"}
MAY_EXPORT = {
    "province_admin",
    "province_staff",
    "district_officer_mae_rim",
    "district_officer_mueang",
    "outsider",
}


@pytest.fixture
def surveys(db):
    """One household (one 2567 record) in each of Mae Rim, Mueang Chiang Mai and Lamphun."""
    survey_round = SurveyRoundFactory(year_be=2567)
    return {
        district: HouseholdSurveyFactory(
            household__village=VillageFactory(code=village), survey_round=survey_round
        )
        for district, village in DISTRICTS.items()
    }


@pytest.mark.parametrize("district", list(DISTRICTS))
def test_household_detail_matrix(client, persona, surveys, district):
    name, user = persona
    client.force_login(user)
    response = client.get(reverse("households:detail", args=[surveys[district].household_id]))
    expected = 200 if district in VISIBLE[name] else 404
    assert response.status_code == expected, f"{name} opening a household of {district}"


def test_list_shows_only_households_in_scope(client, persona, surveys):
    name, user = persona
    client.force_login(user)
    response = client.get(reverse("households:list"))
    if name not in MAY_LIST:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    shown = {survey.pk for survey in response.context["page"].object_list}
    assert shown == {surveys[d].pk for d in VISIBLE[name]}, name
    assert response.context["totals"].total == len(VISIBLE[name])


def test_export_matrix(client, persona, surveys):
    name, user = persona
    client.force_login(user)
    response = client.get(reverse("households:export"))
    assert response.status_code == (200 if name in MAY_EXPORT else 404), name


def test_export_holds_only_households_in_scope(client, district_officer_mae_rim, surveys):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(district_officer_mae_rim)
    response = client.get(reverse("households:export"))
    sheet = load_workbook(BytesIO(response.content), read_only=True).active
    ids = [row[10] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert ids == [surveys["5007"].citizen_id]


def test_missing_and_forbidden_households_answer_alike(client, district_officer_mae_rim, surveys):
    client.force_login(district_officer_mae_rim)
    missing = client.get(reverse("households:detail", args=[999_999]))
    forbidden = client.get(reverse("households:detail", args=[surveys["5001"].household_id]))
    assert missing.status_code == forbidden.status_code == 404
    assert missing.content == forbidden.content


def test_viewer_sees_no_household_link_in_the_menu(client, viewer):
    client.force_login(viewer)
    assert f'href="{reverse("households:list")}"' not in client.get("/").content.decode()


def test_staff_see_the_full_citizen_id_and_each_view_is_logged(client, province_staff, surveys):
    survey = surveys["5007"]
    client.force_login(province_staff)
    url = reverse("households:detail", args=[survey.household_id])

    content = client.get(url).content.decode()
    assert format_citizen_id(survey.citizen_id) in content
    logs = ActivityLog.objects.filter(action="households.citizen_id.viewed")
    assert logs.count() == 1
    entry = logs.get()
    assert entry.actor == province_staff
    assert entry.target_id == str(survey.household_id)
    assert entry.data == {"rounds": [2567]}

    client.get(url)
    assert logs.count() == 2


def test_no_view_is_logged_for_a_household_out_of_scope(client, district_officer_mae_rim, surveys):
    client.force_login(district_officer_mae_rim)
    client.get(reverse("households:detail", args=[surveys["5001"].household_id]))
    assert not ActivityLog.objects.filter(action="households.citizen_id.viewed").exists()


def test_list_always_masks_citizen_ids(client, province_admin, surveys):
    client.force_login(province_admin)
    response = client.get(reverse("households:list"))
    content = response.content.decode()
    for district in ("5007", "5001"):
        cid = surveys[district].citizen_id
        assert mask_citizen_id(cid) in content
        assert cid not in content
        assert format_citizen_id(cid) not in content
    assert not ActivityLog.objects.filter(action="households.citizen_id.viewed").exists()


def test_liaison_lists_nothing_yet(client, agency_liaison, surveys):
    client.force_login(agency_liaison)
    response = client.get(reverse("households:list"))
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []
    assert "export-link" not in response.content.decode()
