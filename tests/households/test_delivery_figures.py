"""Pledged vs delivered per pledge, agency, lever and district: the figures the households
app gives agencies.delivery, checked against assistance records made by hand, and the MOU
and agency pages that show them."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from agencies.delivery import NOTHING, Delivered, delivery_figures
from agencies.models import Lever, MOUStatus
from agencies.selectors import pledge_delivery
from households.manage_services import assistance_record, host_assign
from tests.agencies.factories import MOUFactory, PledgeFactory, signed
from tests.factories import AgencyFactory

from .manage_world import TODAY, mae_rim, make_cases, mueang
from .targeting_world import MAE_RIM, MUEANG

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _catalogue(db):
    call_command("loaddata", "assistance_types", verbosity=0)


def in_force_mou(*agencies):
    return signed(
        MOUFactory(
            status=MOUStatus.SIGNED,
            signed_on=TODAY - datetime.timedelta(days=30),
            valid_from=TODAY - datetime.timedelta(days=30),
            valid_until=TODAY + datetime.timedelta(days=300),
        ),
        *agencies,
    )


def give(target, agency, pledge, value):
    assistance_record(
        target=target,
        by=None,
        date=TODAY,
        agency=agency,
        pledge=pledge,
        lever=pledge.lever if pledge else Lever.WELFARE,
        what="ความช่วยเหลือ",
        value=Decimal(value),
    )


@pytest.fixture
def world(province_staff):
    """One MOU with two agencies and four pledges, another MOU of agency A, and assistance:

    case  district  under                      baht
    one   Mae Rim   p1 twice, p2               100 + 200, 70
    two   Mae Rim   p1                         50
    three Mae Rim   p3; and without a pledge   40; 999 (not counted)
    four  Mueang    p1; p5 (other MOU)         10; 5
    five  Mueang    p3                         30
    Hosted now: one under p1, five under p3, two by B without a pledge.
    """
    cases = make_cases(province_staff)
    one, two, three = mae_rim(cases)
    four, five = mueang(cases)
    a, b = AgencyFactory(name_th="ก หน่วยงาน"), AgencyFactory(name_th="ข หน่วยงาน")
    mou = in_force_mou(a, b)
    p1 = PledgeFactory(mou=mou, agency=a, districts=(MAE_RIM, MUEANG), households_pledged=10)
    p2 = PledgeFactory(
        mou=mou, agency=a, lever=Lever.WELFARE, districts=(MAE_RIM,), households_pledged=4
    )
    p3 = PledgeFactory(mou=mou, agency=b, districts=(MUEANG,), households_pledged=6)
    p4 = PledgeFactory(
        mou=mou, agency=b, lever=Lever.REDUCE_EXPENSES, districts=(), households_pledged=3
    )
    p5 = PledgeFactory(mou=in_force_mou(a), agency=a, districts=(MUEANG,), households_pledged=2)
    give(one, a, p1, 100)
    give(one, a, p1, 200)
    give(one, a, p2, 70)
    give(two, a, p1, 50)
    give(three, b, p3, 40)
    give(three, b, None, 999)
    give(four, a, p1, 10)
    give(four, a, p5, 5)
    give(five, b, p3, 30)
    host_assign(target=one, agency=a, pledge=p1, by=province_staff)
    host_assign(target=five, agency=b, pledge=p3, by=province_staff)
    host_assign(target=two, agency=b, by=province_staff)
    return {"mou": mou, "a": a, "b": b, "p": (p1, p2, p3, p4, p5)}


def d(households, value, hosted=0):
    return Delivered(households, Decimal(value), hosted)


def test_the_figures_count_distinct_households_and_sum_every_value(world):
    p1, p2, p3, p4, _ = world["p"]
    a, b = world["a"], world["b"]
    figures = delivery_figures([p1.pk, p2.pk, p3.pk, p4.pk])
    # One is assisted twice under p1: one household, both values.
    assert figures.by_pledge == {p1.pk: d(3, 360, 1), p2.pk: d(1, 70), p3.pk: d(2, 70, 1)}
    assert figures.by_pledge.get(p4.pk, NOTHING) == NOTHING
    # One is helped under two of A's pledges: once in A's households.
    assert figures.by_agency == {a.pk: d(3, 430, 1), b.pk: d(2, 70, 1)}
    assert figures.by_lever == {Lever.RAISE_INCOME: d(5, 430, 2), Lever.WELFARE: d(1, 70)}
    # Where the households live; three's 999 baht without a pledge count nowhere, nor four's
    # 5 baht under the other MOU's pledge.
    assert figures.by_district == {MAE_RIM: d(3, 460, 1), MUEANG: d(2, 40, 1)}


def test_no_pledge_delivers_nothing(world):
    assert delivery_figures([]).by_pledge == {}


def test_the_mou_tables_compare_pledged_and_delivered(world):
    mou = world["mou"]
    delivery = pledge_delivery(
        mou.pledges.select_related("agency").prefetch_related("districts"), by_agency=True
    )
    pledges = {pledge.pk: pledge for pledge in delivery["pledges"]}
    assert [(pledges[p.pk].delivered, pledges[p.pk].value_delivered) for p in world["p"][:4]] == [
        (3, 360),
        (1, 70),
        (2, 70),
        (0, 0),
    ]
    # The footer sums the pledges, as pledged households are summed.
    assert delivery["totals"] == {
        "households": 23,
        "budget": 4 * Decimal("150000.00"),
        "delivered": 6,
        "value": Decimal(500),
    }
    assert [
        (row.label, row.pledges, row.pledged, row.delivered) for row in delivery["by_agency"]
    ] == [("ก หน่วยงาน", 2, 14, d(3, 430, 1)), ("ข หน่วยงาน", 2, 9, d(2, 70, 1))]
    assert [(row.key, row.pledged, row.delivered) for row in delivery["by_lever"]] == [
        (Lever.REDUCE_EXPENSES, 3, NOTHING),
        (Lever.RAISE_INCOME, 16, d(5, 430, 2)),
        (Lever.WIDEN_OPPORTUNITY, 0, NOTHING),
        (Lever.WELFARE, 4, d(1, 70)),
    ]
    # Pledged per district: the pledges naming it (p1 counts in both).
    assert [(row.key, row.pledged, row.delivered) for row in delivery["by_district"]] == [
        (MUEANG, 16, d(2, 40, 1)),
        (MAE_RIM, 14, d(3, 460, 1)),
    ]


def test_a_district_no_pledge_names_still_shows_what_arrived_there(world):
    with translation.override("th"):
        delivery = pledge_delivery(world["b"].pledges.prefetch_related("districts"))
    rows = {row.key: row for row in delivery["by_district"]}
    assert (rows[MUEANG].pledged, rows[MUEANG].delivered) == (6, d(1, 30, 1))
    assert (rows[MAE_RIM].pledged, rows[MAE_RIM].delivered) == (0, d(1, 40))
    assert rows[MAE_RIM].label == "แม่ริม"
    assert rows[MAE_RIM].percent == 0
    assert rows[MUEANG].percent == 17


def cell(page: str, table: str, row: str, attribute: str) -> str:
    """The value of `data-<attribute>` in one row of one table of the page."""
    body = page.split(f'id="{table}"', 1)[1].split("</table>", 1)[0]
    line = body.split(row, 1)[1].split("</tr>", 1)[0]
    return re.search(rf'data-{attribute}="([^"]*)"', line).group(1)


def test_the_mou_page_shows_the_tables(client, province_staff, world, english):
    client.force_login(province_staff)
    page = client.get(world["mou"].get_absolute_url()).content.decode()
    a, b = world["a"], world["b"]
    assert cell(page, "delivery-by-agency", f'data-agency="{a.pk}"', "pledged") == "14"
    assert cell(page, "delivery-by-agency", f'data-agency="{a.pk}"', "assisted") == "3"
    assert cell(page, "delivery-by-agency", f'data-agency="{b.pk}"', "value") == "70.00"
    assert cell(page, "delivery-by-lever", 'data-lever="raise_income"', "assisted") == "5"
    assert cell(page, "delivery-by-lever", 'data-lever="raise_income"', "hosted") == "2"
    assert cell(page, "delivery-by-lever", 'data-lever="welfare"', "value") == "70.00"
    assert cell(page, "delivery-by-district", f'data-district="{MAE_RIM}"', "pledged") == "14"
    assert cell(page, "delivery-by-district", f'data-district="{MAE_RIM}"', "assisted") == "3"
    assert cell(page, "delivery-by-district", f'data-district="{MUEANG}"', "value") == "40.00"
    assert '<progress class="flex-grow-1" max="14" value="3"' in page  # A's and Mae Rim's
    assert 'data-total="value">500' in page
    assert "a pledge naming several districts counts in each" in page


def test_the_agency_page_shows_its_levers_and_districts(client, province_staff, world):
    client.force_login(province_staff)
    page = client.get(world["a"].get_absolute_url()).content.decode()
    assert 'id="delivery-by-agency"' not in page
    # p5 (the other MOU) counts here: four is helped under p1 and p5, once in the lever.
    assert cell(page, "delivery-by-lever", 'data-lever="raise_income"', "pledged") == "12"
    assert cell(page, "delivery-by-lever", 'data-lever="raise_income"', "assisted") == "3"
    assert cell(page, "delivery-by-lever", 'data-lever="raise_income"', "value") == "365.00"
    assert cell(page, "delivery-by-district", f'data-district="{MUEANG}"', "pledged") == "12"


def test_the_pages_cost_the_same_queries_with_more_pledges_and_assistance(
    client, province_staff, world
):
    client.force_login(province_staff)
    mou, a = world["mou"], world["a"]
    urls = [mou.get_absolute_url(), a.get_absolute_url()]
    client.get(urls[0])  # the first request after logging in also starts the idle-session clock
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    cases = world["p"][0].assistance.first().target.programme
    for lever in Lever.values:
        pledge = PledgeFactory(mou=mou, agency=a, lever=lever, districts=(MAE_RIM, MUEANG))
        for target in mae_rim(cases) + mueang(cases):
            give(target, a, pledge, 1)
    for url, before in zip(urls, counts, strict=True):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries) == before, url
