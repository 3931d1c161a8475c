from .access import HouseholdAccess
from .care import FollowUpVisit, Graduation
from .household import Household, HouseholdSurvey
from .imports import ImportBatch, ImportStatus
from .manage import Assistance, HostAssignment
from .plan import OPEN_ACTIVITY, ActivityStatus, LifePlan, PlanActivity
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
    "OPEN_ACTIVITY",
    "REJECTED",
    "ActivityStatus",
    "Assistance",
    "Capacity",
    "FollowUpVisit",
    "Graduation",
    "HostAssignment",
    "Household",
    "HouseholdAccess",
    "HouseholdSurvey",
    "ImportBatch",
    "ImportStatus",
    "Indicator",
    "IndicatorSet",
    "IndicatorSuggestion",
    "LifePlan",
    "PlanActivity",
    "Programme",
    "ProgrammeStatus",
    "Stage",
    "SurveyRound",
    "Target",
    "TargetingRun",
    "Verification",
]
