from .access import HouseholdAccess
from .household import Household, HouseholdSurvey
from .imports import ImportBatch, ImportStatus
from .survey import Indicator, IndicatorSet, SurveyRound

__all__ = [
    "Household",
    "HouseholdAccess",
    "HouseholdSurvey",
    "ImportBatch",
    "ImportStatus",
    "Indicator",
    "IndicatorSet",
    "SurveyRound",
]
