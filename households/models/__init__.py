from .access import HouseholdAccess
from .household import Household, HouseholdSurvey
from .imports import ImportBatch, ImportStatus
from .survey import Indicator, IndicatorSet, IndicatorSuggestion, SurveyRound

__all__ = [
    "Household",
    "HouseholdAccess",
    "HouseholdSurvey",
    "ImportBatch",
    "ImportStatus",
    "Indicator",
    "IndicatorSet",
    "IndicatorSuggestion",
    "SurveyRound",
]
