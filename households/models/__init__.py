from .access import HouseholdAccess
from .care import FollowUpVisit, Graduation
from .household import Household, HouseholdSurvey
from .imports import ImportBatch, ImportStatus
from .programme import (
    REJECTED,
    Capacity,
    Programme,
    ProgrammeStatus,
    Stage,
    Target,
    TargetingRun,
    Verification,
)
from .survey import Indicator, IndicatorSet, IndicatorSuggestion, SurveyRound

__all__ = [
    "REJECTED",
    "Capacity",
    "FollowUpVisit",
    "Graduation",
    "Household",
    "HouseholdAccess",
    "HouseholdSurvey",
    "ImportBatch",
    "ImportStatus",
    "Indicator",
    "IndicatorSet",
    "IndicatorSuggestion",
    "Programme",
    "ProgrammeStatus",
    "Stage",
    "SurveyRound",
    "Target",
    "TargetingRun",
    "Verification",
]
