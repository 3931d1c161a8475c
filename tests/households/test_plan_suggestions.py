"""A life-compass plan suggests help from the household's failed จปฐ. indicators: each
indicator's lever (the indicator set says which) and the catalogue's kinds of help for it."""

import pytest
from django.core.management import call_command

from agencies.models import AssistanceType, Lever
from households.suggestions import plan_suggestions
from tests.households.factories import HouseholdSurveyFactory, stored_indicators


@pytest.fixture
def catalogue(db):
    call_command("loaddata", "assistance_types", "bmn_indicator_suggestions_2560_2564", verbosity=0)


def suggested(survey) -> list[tuple[int, str, list[str]]]:
    return [
        (s.indicator.number, s.lever, [kind.code for kind in s.assistance_types])
        for s in plan_suggestions(survey)
    ]


def test_each_failed_indicator_suggests_its_lever_and_kinds_of_help(
    catalogue, django_assert_num_queries
):
    survey = HouseholdSurveyFactory(failed_indicators=stored_indicators([31, 4, 24, 22]))
    with django_assert_num_queries(2):
        result = suggested(survey)
    assert result == [
        (
            4,
            Lever.REDUCE_EXPENSES,
            ["reduce-home-garden", "reduce-laying-hens", "reduce-fish-pond"],
        ),
        (
            22,
            Lever.RAISE_INCOME,
            [
                "income-vocational-training",
                "income-occupation-capital",
                "income-low-interest-loan",
                "income-market-access",
            ],
        ),
        (24, Lever.REDUCE_EXPENSES, ["reduce-quit-vices"]),
        (31, "", []),  # a warm family: no lever's activity, the officer decides
    ]


def test_care_indicators_suggest_welfare(catalogue):
    survey = HouseholdSurveyFactory(failed_indicators=stored_indicators([27, 28]))
    assert [(n, lever) for n, lever, _kinds in suggested(survey)] == [
        (27, Lever.WELFARE),
        (28, Lever.WELFARE),
    ]


def test_an_inactive_kind_of_help_is_not_suggested(catalogue):
    AssistanceType.objects.filter(code="reduce-laying-hens").update(is_active=False)
    survey = HouseholdSurveyFactory(failed_indicators=stored_indicators([4]))
    assert suggested(survey) == [
        (4, Lever.REDUCE_EXPENSES, ["reduce-home-garden", "reduce-fish-pond"])
    ]


def test_a_household_that_fails_nothing_gets_no_suggestion(catalogue, django_assert_num_queries):
    survey = HouseholdSurveyFactory(failed_indicators="")
    with django_assert_num_queries(0):
        assert plan_suggestions(survey) == []
