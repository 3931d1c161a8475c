"""Role × scope matrix for the area browser: out-of-scope areas answer 404 like missing ones."""

import pytest
from django.urls import reverse

CODES = ["50", "5007", "500701", "50070101", "5001", "500101", "51", "5101", "10"]

# Which of CODES each persona may open; every other code must answer 404.
VISIBLE = {
    "province_admin": {"50", "5007", "500701", "50070101", "5001", "500101"},
    "province_staff": {"50", "5007", "500701", "50070101", "5001", "500101"},
    "agency_liaison": {"50", "5007", "500701", "50070101", "5001", "500101"},
    "viewer": {"50", "5007", "500701", "50070101", "5001", "500101"},
    # A district officer sees the province page (listing only their district) and below.
    "district_officer_mae_rim": {"50", "5007", "500701", "50070101"},
    "district_officer_mueang": {"50", "5001", "500101"},
    "outsider": {"51", "5101"},
}


@pytest.fixture
def villages(db):
    from tests.factories import VillageFactory

    VillageFactory(code="50070101", name_th="บ้านริมใต้")
    VillageFactory(code="50010101", name_th="บ้านศรีภูมิ")


@pytest.mark.parametrize("code", CODES)
def test_area_page_matrix(client, persona, villages, code):
    name, user = persona
    client.force_login(user)
    response = client.get(reverse("areas:detail", args=[code]))
    expected = 200 if code in VISIBLE[name] else 404
    assert response.status_code == expected, f"{name} opening {code}"


def test_missing_and_forbidden_answer_alike(client, district_officer_mae_rim):
    client.force_login(district_officer_mae_rim)
    missing = client.get(reverse("areas:detail", args=["5099"]))
    forbidden = client.get(reverse("areas:detail", args=["5001"]))
    nonsense = client.get(reverse("areas:detail", args=["abc"]))
    assert missing.status_code == forbidden.status_code == nonsense.status_code == 404
    assert missing.content == forbidden.content


def test_mae_rim_officer_sees_only_mae_rim_in_the_province(client, district_officer_mae_rim):
    client.force_login(district_officer_mae_rim)
    response = client.get(reverse("areas:detail", args=["50"]))
    districts = [d.code for d in response.context["children"]]
    assert districts == ["5007"]


def test_mae_rim_officer_sees_mae_rim_subdistricts(client, district_officer_mae_rim):
    client.force_login(district_officer_mae_rim)
    response = client.get(reverse("areas:detail", args=["5007"]))
    names = [s.name_th for s in response.context["children"]]
    assert len(names) == 11
    assert "ริมใต้" in names
    assert "ริมใต้" in response.content.decode()


def test_browse_goes_straight_to_the_only_province(client, province_staff):
    client.force_login(province_staff)
    response = client.get(reverse("areas:browse"))
    assert response.status_code == 302
    assert response.url == reverse("areas:detail", args=["50"])


def test_national_user_browses_all_provinces(client, db):
    from povertyprog.accounts.roles import Role
    from tests.factories import UserFactory

    client.force_login(UserFactory(role=Role.PROVINCE_STAFF, area_scope=""))
    response = client.get(reverse("areas:browse"))
    assert len(response.context["provinces"]) == 77


def test_district_counts(client, province_staff, villages):
    client.force_login(province_staff)
    response = client.get(reverse("areas:detail", args=["50"]))
    mae_rim = next(d for d in response.context["children"] if d.code == "5007")
    assert (mae_rim.subdistrict_count, mae_rim.village_count) == (11, 1)


def test_area_pages_keep_a_constant_number_of_queries(
    client, province_staff, django_assert_max_num_queries
):
    from tests.factories import VillageFactory

    client.force_login(province_staff)
    url = reverse("areas:detail", args=["500701"])
    with django_assert_max_num_queries(8) as few:
        client.get(url)
    for moo in range(1, 30):
        VillageFactory(code=f"500701{moo:02d}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["children"]) == 29


@pytest.mark.parametrize(
    "url", ["/", "/areas/", "/areas/50/", "/areas/5007/", "/accounts/password_change/"]
)
def test_anonymous_is_sent_to_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_anonymous_admin_is_sent_to_login(client, db):
    response = client.get("/admin/areas/village/")
    assert response.status_code == 302
    assert "/login/" in response.url
