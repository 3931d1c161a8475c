"""The home page: counts for the viewer's area (never a name), expiring MOUs for those who
follow MOUs, pledge totals, and a number of queries that does not grow with the data."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agencies.models import MOU, MOUSignatory, MOUStatus, Pledge
from povertyprog.areas.models import District, Province
from tests.agencies.test_pdf import make_mou
from tests.factories import AgencyFactory, VillageFactory
from tests.households.factories import HouseholdFactory, HouseholdSurveyFactory, SurveyRoundFactory

HOME = reverse("home")
POOR, NOT_POOR = Decimal("20000"), Decimal("52000")
HEAD_NAME = "บุญเรือนทดสอบ"


def survey(household, survey_round, income):
    return HouseholdSurveyFactory(
        household=household,
        survey_round=survey_round,
        income_per_person=income,
        head_first_name=HEAD_NAME,
    )


def households(village_code, history):
    """One household per entry of `history`: its income in 2566 (or None) and in 2567."""
    r2566, r2567 = SurveyRoundFactory(year_be=2566), SurveyRoundFactory(year_be=2567)
    village = VillageFactory(code=village_code)
    for before, now in history:
        household = HouseholdFactory(village=village)
        if before is not None:
            survey(household, r2566, before)
        survey(household, r2567, now)


@pytest.fixture
def registry(db):
    """Mae Rim: one graduated, one still poor, one never poor. Mueang: one newly poor, one
    graduated. Lamphun: one poor household, surveyed in 2567 only."""
    households("50070101", [(POOR, NOT_POOR), (POOR, POOR), (NOT_POOR, NOT_POOR)])
    households("50010101", [(None, POOR), (POOR, NOT_POOR)])
    households("51010101", [(None, POOR)])


def figures(response) -> dict:
    f = response.context["figures"]
    return {
        "round": f.survey_round.year_be if f.survey_round else None,
        "previous": f.previous_round.year_be if f.previous_round else None,
        "households": f.households,
        "poor": f.poor,
        "graduated": f.graduated,
        "districts": {d.code: (d.households, d.poor, d.graduated) for d in f.districts},
    }


def home(client, user):
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response


CHIANG_MAI = {
    "round": 2567,
    "previous": 2566,
    "households": 5,
    "poor": 2,
    "graduated": 2,
    "districts": {"5001": (2, 1, 1), "5007": (3, 1, 1)},
}


@pytest.mark.parametrize(
    ("persona_name", "expected"),
    [
        ("province_staff", CHIANG_MAI),
        ("province_admin", CHIANG_MAI),
        ("viewer", CHIANG_MAI),
        # An agency liaison sees no province figures (tests/accounts/test_home.py).
        (
            "district_officer_mae_rim",
            {
                **CHIANG_MAI,
                "households": 3,
                "poor": 1,
                "graduated": 1,
                "districts": {"5007": (3, 1, 1)},
            },
        ),
        (
            "district_officer_mueang",
            {
                **CHIANG_MAI,
                "households": 2,
                "poor": 1,
                "graduated": 1,
                "districts": {"5001": (2, 1, 1)},
            },
        ),
        (
            "outsider",
            {
                "round": 2567,
                "previous": None,  # Lamphun has no earlier round: nothing to graduate from
                "households": 1,
                "poor": 1,
                "graduated": 0,
                "districts": {"5101": (1, 1, 0)},
            },
        ),
    ],
)
def test_household_counts_follow_the_users_area(client, request, registry, persona_name, expected):
    response = home(client, request.getfixturevalue(persona_name))
    assert figures(response) == expected


def test_the_viewer_sees_counts_but_no_personal_data(client, viewer, registry):
    content = home(client, viewer).content.decode()

    assert 'data-figure="households">5<' in content
    assert 'data-figure="poor">2<' in content
    assert HEAD_NAME not in content
    assert not re.search(r"\b\d{13}\b", content)  # no citizen ID
    assert f'href="{reverse("households:list")}"' not in content  # no registry in the menu
    assert "แม่ริม" in content  # district names are not personal data


def test_the_chart_data_is_embedded_as_json_and_drawn_by_a_static_script(
    client, province_staff, registry
):
    content = home(client, province_staff).content.decode()

    data = json.loads(
        re.search(r'<script id="chart-data" type="application/json">(.*?)</script>', content)[1]
    )
    mueang, mae_rim = District.objects.get(code="5001"), District.objects.get(code="5007")
    assert data["labels"] == [mueang.name_th, mae_rim.name_th]
    assert data["poor"] == [1, 1]
    assert data["not_poor"] == [1, 2]
    scripts = re.findall(r"<script([^>]*)>", content)
    assert all("src=" in tag or 'type="application/json"' in tag for tag in scripts)
    assert "js/district-bars.js" in content
    assert "vendor/chartjs/chart.umd.min.js" in content
    assert 'id="district-table"' in content  # the same figures, as a table


def test_no_data_yet_says_so_without_a_chart(client, province_staff):
    response = home(client, province_staff)
    assert figures(response)["round"] is None
    assert "chart-data" not in response.content.decode()


def mou_expiring_in(days: int, *, district: str = "5007", status=MOUStatus.SIGNED) -> MOU:
    today = timezone.localdate()
    mou = MOU.objects.create(
        province=Province.objects.get(code="50"),
        title=f"ข้อตกลงที่เหลือ {days} วัน",
        fiscal_year_be=2568,
        governor_name="นายนิรัตน์ พงษ์สิทธิถาวร",
        valid_from=today - datetime.timedelta(days=300),
        valid_until=today + datetime.timedelta(days=days),
        status=status,
    )
    agency = AgencyFactory()
    MOUSignatory.objects.create(mou=mou, agency=agency, signer_name="ก", signer_title="ข")
    pledge = Pledge.objects.create(
        mou=mou, agency=agency, lever="raise_income", description="ฝึกอาชีพ", households_pledged=5
    )
    pledge.districts.set([District.objects.get(code=district)])
    return mou


@pytest.mark.parametrize(
    ("persona_name", "expected"),
    [
        ("province_staff", ["ข้อตกลงที่เหลือ 0 วัน", "ข้อตกลงที่เหลือ 12 วัน", "ข้อตกลงที่เหลือ 60 วัน"]),
        ("district_officer_mae_rim", ["ข้อตกลงที่เหลือ 0 วัน", "ข้อตกลงที่เหลือ 60 วัน"]),
        ("district_officer_mueang", ["ข้อตกลงที่เหลือ 12 วัน"]),
        ("agency_liaison", []),
        ("viewer", None),  # viewers do not follow MOUs: no card at all
        ("outsider", []),
    ],
)
def test_expiring_mous_are_those_the_user_may_see(client, request, db, persona_name, expected):
    mou_expiring_in(0)
    mou_expiring_in(12, district="5001")
    mou_expiring_in(60)
    mou_expiring_in(61)
    mou_expiring_in(-1)
    mou_expiring_in(5, status=MOUStatus.DRAFT)

    response = home(client, request.getfixturevalue(persona_name))

    expiring = response.context["expiring"]
    if expected is None:
        assert expiring is None
        assert 'data-figure="expiring"' not in response.content.decode()
    else:
        assert [item.mou.title for item in expiring] == expected
        assert [item.days_left for item in expiring] == [int(t.split()[1]) for t in expected]


def test_the_expiring_card_says_how_many_days_are_left(client, province_staff, settings):
    mou_expiring_in(12)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    content = home(client, province_staff).content.decode()
    assert "12 days left" in content


@pytest.mark.parametrize(
    ("persona_name", "households", "budget"),
    [
        ("province_staff", 240, Decimal("7500003.00")),
        ("viewer", 240, Decimal("7500003.00")),  # totals only, for their province
        ("district_officer_mae_rim", 240, Decimal("7500003.00")),  # the pledges cover Mae Rim
        ("district_officer_mueang", 0, 0),
        ("agency_liaison", 0, 0),  # their agency pledged nothing
        ("outsider", 0, 0),
    ],
)
def test_pledge_totals_follow_what_the_user_may_see(
    client, request, province_staff, persona_name, households, budget
):
    make_mou(by=province_staff)
    cancelled = make_mou(by=province_staff)
    MOU.objects.filter(pk=cancelled.pk).update(status=MOUStatus.CANCELLED)

    pledges = home(client, request.getfixturevalue(persona_name)).context["pledges"]

    assert (pledges.households, pledges.budget, pledges.delivered) == (households, budget, 0)


@pytest.mark.parametrize("persona_name", ["province_staff", "viewer", "district_officer_mae_rim"])
def test_the_number_of_queries_does_not_grow_with_the_data(
    client, request, province_staff, persona_name
):
    user = request.getfixturevalue(persona_name)
    households("50070101", [(POOR, NOT_POOR)])
    mou_expiring_in(10)
    make_mou(by=province_staff)
    client.force_login(user)
    client.get(HOME)  # the first request after logging in also starts the idle-session clock
    with CaptureQueriesContext(connection) as few:
        before = client.get(HOME).context["figures"].households

    for code in ("50010101", "50030101", "50050101", "50070201"):
        households(code, [(POOR, NOT_POOR), (POOR, POOR), (NOT_POOR, NOT_POOR), (None, POOR)])
    for days in (1, 20, 30, 59):
        mou_expiring_in(days)
    for _ in range(3):
        make_mou(by=province_staff)
    with CaptureQueriesContext(connection) as many:
        response = client.get(HOME)

    assert response.context["figures"].households > before
    assert len(many.captured_queries) == len(few.captured_queries) <= 12


def test_the_next_fair_shows_on_the_home_page_of_those_who_work_on_it(
    client, province_staff, fair_desk, viewer
):
    from events.services.invitations import invitations_generate
    from tests.events.factories_invitations import fair_with_targets

    fair, _made = fair_with_targets(villages={"50070101": 3})
    invitations_generate(fair=fair, by=province_staff)
    page = home(client, province_staff)
    assert page.context["next_fair"] == fair
    assert page.context["fair_counts"]["invited"] == 3
    assert reverse("events:invitation_list", args=[fair.pk]) in page.content.decode()
    desk = home(client, fair_desk)
    assert desk.context["next_fair"] == fair
    assert "fair_counts" not in desk.context  # desk staff only check in
    assert reverse("events:desk", args=[fair.pk]) in desk.content.decode()
    assert "next_fair" not in home(client, viewer).context
    fair.starts_at = fair.ends_at = timezone.now() - datetime.timedelta(days=1)
    fair.save(update_fields=["starts_at", "ends_at"])
    assert home(client, province_staff).context["next_fair"] is None  # it is over
