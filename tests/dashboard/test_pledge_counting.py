"""A pledge covering several districts is counted once: per district the home page shows the
pledges covering it (labelled as overlapping) and the households pledged to it alone, and the
districts' figures never add up to more than the province's.

The data are the demo's fair MOU, where the old count showed Mae Rim 350 pledged households
and the districts adding up to 750 against 480 for the province.
"""

import re

import pytest
from django.urls import reverse

from agencies.models import MOUStatus
from povertyprog.accounts.roles import Role
from tests.agencies.factories import MOUFactory, PledgeFactory
from tests.factories import UserFactory

# (households, districts) of the demo's pledges: the fair MOU and the one about to expire.
DEMO_PLEDGES = [
    (60, ["5007", "5001"]),
    (120, ["5007"]),
    (80, ["5001", "5010"]),
    (50, ["5001"]),
    (100, ["5007", "5010"]),
    (40, ["5007"]),
    (30, ["5001", "5007"]),
]
PROVINCE_TOTAL = 480


@pytest.fixture
def demo_pledges(db):
    mou = MOUFactory(status=MOUStatus.SIGNED)
    for households, districts in DEMO_PLEDGES:
        PledgeFactory(mou=mou, households_pledged=households, districts=districts)
    cancelled = MOUFactory(status=MOUStatus.CANCELLED)
    PledgeFactory(mou=cancelled, households_pledged=999, districts=["5007"])


def home(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response


def officer(code: str):
    return UserFactory(username=f"officer{code}", role=Role.DISTRICT_OFFICER, area_scope=code)


def headline(response) -> int:
    html = response.content.decode()
    return int(re.search(r'data-figure="pledged">([\d,]+)<', html)[1].replace(",", ""))


def test_the_province_counts_each_pledge_once_and_splits_nothing(
    client, province_staff, demo_pledges
):
    figures = home(client, province_staff).context["pledges"]

    assert (figures.pledges, figures.households) == (7, PROVINCE_TOTAL)
    assert {d.code: (d.pledges, d.sole_pledges, d.sole_households) for d in figures.districts} == {
        "5001": (4, 1, 50),
        "5007": (5, 2, 160),
        "5010": (2, 0, 0),
    }
    assert (figures.shared_pledges, figures.shared_households) == (4, 270)
    sole = sum(d.sole_households for d in figures.districts)
    assert sole + figures.shared_households == figures.households
    assert sole <= figures.households


def test_a_district_officer_sees_the_households_pledged_to_the_district_alone(
    client, district_officer_mae_rim, demo_pledges
):
    response = home(client, district_officer_mae_rim)
    figures = response.context["pledges"]

    assert [d.code for d in figures.districts] == ["5007"]
    assert figures.sole_households == 160  # 120 + 40; the old count said 350
    assert (figures.shared_pledges, figures.shared_households) == (3, 190)
    assert headline(response) == 160
    html = response.content.decode()
    assert 'data-figure="pledged-shared"' in html


def test_the_districts_headlines_never_add_up_to_more_than_the_province(
    client, province_staff, demo_pledges
):
    province = headline(home(client, province_staff))
    districts = [headline(home(client, officer(code))) for code in ("5001", "5007", "5010")]

    assert province == PROVINCE_TOTAL
    assert districts == [50, 160, 0]
    assert sum(districts) <= province


def test_the_district_table_adds_up_and_labels_the_overlapping_column(
    client, province_staff, demo_pledges
):
    html = home(client, province_staff).content.decode()
    table = re.search(r'<table[^>]*id="pledge-district-table".*?</table>', html, re.S)[0]

    sole = [int(n) for n in re.findall(r'data-sole-households="(\d+)"', table)]
    shared = int(re.search(r'data-shared-households="(\d+)"', table)[1])
    total = int(re.search(r'data-total-households="(\d+)"', table)[1])
    assert sum(sole) + shared == total == PROVINCE_TOTAL
    covering = [int(n) for n in re.findall(r'data-pledges="(\d+)"', table)]
    assert sum(covering) > 7  # overlapping by design …
    assert 'data-overlapping="true"' in table  # … and labelled so
