"""How the registry list counts its records (issue 9, "Speed"): exactly for small lists,
"about N" from the planner for large lists narrowed by area, poverty or income alone, "more
than 1,000" for searches and failed indicators, and pages that stay right either way."""

from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from households import registry_queries
from households.registry_queries import RegistryTotals
from households.selectors import _following_code
from povertyprog.areas.models import Subdistrict
from tests.factories import VillageFactory

from .factories import HouseholdFactory, HouseholdSurveyFactory, SurveyRoundFactory

LIST = reverse("households:list")


@pytest.fixture
def staff_client(client, province_staff):
    client.force_login(province_staff)
    return client


@pytest.fixture
def sixty(db):
    """Sixty households of one Mae Rim village in 2567: twenty poor, forty not."""
    survey_round = SurveyRoundFactory(year_be=2567, income_threshold=Decimal("38000"))
    village = VillageFactory(code="50070101")
    return [
        HouseholdSurveyFactory(
            household=HouseholdFactory(village=village, house_no=f"{n}"),
            survey_round=survey_round,
            head_first_name="สมชาย" if n % 2 else "บุญมี",
            income_per_person=Decimal("20000" if n < 20 else "60000") + n,
        )
        for n in range(60)
    ]


def _rows(response) -> list[int]:
    return [survey.pk for survey in response.context["page"].object_list]


def _every_page(client, params) -> list[int]:
    shown, number = [], 1
    while True:
        page = client.get(LIST, {**params, "page": number}).context["page"]
        shown += [survey.pk for survey in page.object_list]
        if not page.has_next():
            return shown
        number += 1


# Estimated totals ----------------------------------------------------------------------------


@pytest.fixture
def planner_says(monkeypatch):
    """Make the planner's estimate what the test says (the list's rows, then the poor's)."""

    def say(total: int, poor: int):
        estimates = iter([total, poor])
        monkeypatch.setattr(registry_queries, "_planner_rows", lambda queryset: next(estimates))

    return say


def test_a_large_list_shows_the_planners_estimate_as_about(
    staff_client, sixty, planner_says, english
):
    planner_says(123_456, 20_987)
    response = staff_client.get(LIST)
    assert response.context["totals"] == RegistryTotals(total=120_000, poor=21_000, estimated=True)
    content = response.content.decode()
    assert "About 120,000 households, of which about 21,000 poor" in content
    # Rounded to two significant digits: an estimate does not pretend to be exact. The first
    # page is served, and says that it is one of about 2,400.
    assert len(_rows(response)) == 50
    assert "Page 1 of about 2,400" in content


def test_estimated_pages_reach_every_record_and_end_where_the_records_end(
    staff_client, sixty, monkeypatch
):
    # An estimate too high: 'next' still stops at the last real page.
    monkeypatch.setattr(registry_queries, "_planner_rows", lambda queryset: 100_000)
    exact = [s.pk for s in sorted(sixty, key=lambda s: s.household.house_no)]
    assert sorted(_every_page(staff_client, {})) == sorted(exact)
    last = staff_client.get(LIST, {"page": 2})
    assert not last.context["page"].has_next()
    assert last.context["page"].paginator.num_pages == 2  # known on the last page


def test_the_last_page_link_of_an_estimate_too_high_serves_the_real_last_page(
    staff_client, sixty, monkeypatch
):
    monkeypatch.setattr(registry_queries, "_planner_rows", lambda queryset: 100_000)
    response = staff_client.get(LIST, {"page": 2_000})
    page = response.context["page"]
    assert page.number == 2
    assert len(page.object_list) == 10


def test_an_estimate_too_low_still_pages_past_it(staff_client, sixty, monkeypatch):
    monkeypatch.setattr(registry_queries, "ESTIMATE_ABOVE", 10)
    monkeypatch.setattr(registry_queries, "_planner_rows", lambda queryset: 20)
    first = staff_client.get(LIST).context["page"]
    assert first.has_next()
    assert len(_every_page(staff_client, {})) == 60


def test_small_lists_and_small_estimates_are_counted_exactly(staff_client, sixty, monkeypatch):
    monkeypatch.setattr(registry_queries, "_planner_rows", lambda queryset: 4_000)
    response = staff_client.get(LIST)
    assert response.context["totals"] == RegistryTotals(total=60, poor=20)
    assert "about" not in response.content.decode().lower()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's own estimate")
def test_the_estimate_comes_from_postgresql_statistics(staff_client, sixty, monkeypatch):
    monkeypatch.setattr(registry_queries, "ESTIMATE_ABOVE", 0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE households_household, households_householdsurvey")
    totals = staff_client.get(LIST).context["totals"]
    assert totals.estimated
    assert 30 <= totals.total <= 120


# Capped totals -------------------------------------------------------------------------------


def test_a_search_with_more_matches_than_the_cap_says_more_than(
    staff_client, sixty, monkeypatch, english
):
    monkeypatch.setattr(registry_queries, "COUNT_CAP", 25)
    response = staff_client.get(LIST, {"q": "สมชาย"})
    assert response.context["totals"] == RegistryTotals(total=25, poor=None, capped=True)
    assert "More than 25 households" in response.content.decode()
    # Every match is still reached, in the list's order, past the cap.
    matches = [s.pk for s in sixty if s.head_first_name == "สมชาย"]
    assert sorted(_every_page(staff_client, {"q": "สมชาย"})) == sorted(matches)


def test_pages_served_from_the_counted_keys_keep_the_sort(staff_client, sixty, monkeypatch):
    monkeypatch.setattr(registry_queries, "COUNT_CAP", 55)
    by_income = [s.pk for s in sorted(sixty, key=lambda s: (-s.income_per_person, -s.pk))]
    params = {"failed": "22", "sort": "-income"}
    for survey in sixty:
        survey.failed_indicators = ",22,"
        survey.save(update_fields=["failed_indicators"])
    first = staff_client.get(LIST, params)
    assert first.context["totals"].capped
    assert _rows(first) == by_income[:50]
    assert _every_page(staff_client, params) == by_income


def test_a_search_under_the_cap_counts_exactly_with_its_poor(staff_client, sixty):
    totals = staff_client.get(LIST, {"q": "บุญมี"}).context["totals"]
    assert totals == RegistryTotals(total=30, poor=10)


def test_latin_names_are_searched_without_regard_to_case(staff_client, sixty):
    sixty[0].head_first_name = "Somchai"
    sixty[0].save(update_fields=["head_first_name"])
    assert _rows(staff_client.get(LIST, {"q": "sOMCHAI"})) == [sixty[0].pk]


def test_counted_lists_answer_in_a_constant_number_of_queries(
    staff_client, sixty, django_assert_max_num_queries, monkeypatch
):
    monkeypatch.setattr(registry_queries, "COUNT_CAP", 25)
    with django_assert_max_num_queries(10):
        staff_client.get(LIST, {"q": "สมชาย"})
    with django_assert_max_num_queries(10):
        staff_client.get(LIST, {"q": "บุญมี"})


# The area as a range -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "following"),
    [("50", "51"), ("5007", "5008"), ("5009", "5010"), ("500799", "500800"), ("99", "")],
)
def test_the_code_after_an_area(prefix, following):
    assert _following_code(prefix) == following


def test_the_range_holds_exactly_the_area(client, district_officer_mae_rim, db):
    survey_round = SurveyRoundFactory(year_be=2567)
    first, last = (
        Subdistrict.objects.filter(district_id="5007").order_by(order).first().code
        for order in ("code", "-code")
    )
    inside = [
        HouseholdSurveyFactory(
            household__village=VillageFactory(code=f"{code}99"), survey_round=survey_round
        )
        for code in (first, last)
    ]
    for district in ("5006", "5008", "5017"):
        code = Subdistrict.objects.filter(district_id=district).order_by("code").first().code
        HouseholdSurveyFactory(
            household__village=VillageFactory(code=f"{code}01"), survey_round=survey_round
        )
    client.force_login(district_officer_mae_rim)
    assert sorted(_rows(client.get(LIST))) == sorted(s.pk for s in inside)
