from .access import HouseholdAccess
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
from .survey import Indicator, IndicatorSet, SurveyRound

__all__ = [
    "REJECTED",
    "Capacity",
    "Household",
    "HouseholdAccess",
    "HouseholdSurvey",
    "ImportBatch",
    "ImportStatus",
    "Indicator",
    "IndicatorSet",
    "Programme",
    "ProgrammeStatus",
    "Stage",
    "SurveyRound",
    "Target",
    "TargetingRun",
    "Verification",
]
