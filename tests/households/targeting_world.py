"""A small programme world for the targeting tests: Chiang Mai's round 2556 (threshold
30,000 baht) with households in Mueang (5001), Chom Thong (5002) and Mae Rim (5007)."""

from decimal import Decimal

from households.models import ProgrammeStatus
from households.programme_services import programme_create, targets_create
from households.targeting import TargetingRules, targeting_preview
from povertyprog.areas.models import Province
from tests.factories import VillageFactory
from tests.households.factories import HouseholdSurveyFactory, SurveyRoundFactory

MUEANG, CHOM_THONG, MAE_RIM = "5001", "5002", "5007"
VILLAGES = {
    MUEANG: ("50010101", "50010201"),
    CHOM_THONG: ("50020301",),
    MAE_RIM: ("50070101", "50070102"),
}


def demo_round():
    return SurveyRoundFactory(year_be=2556, income_threshold=Decimal(30000))


def record(village_code: str, income, *, failed=(22,), survey_round=None, **values):
    """One household of the round in the village, with its income per person."""
    return HouseholdSurveyFactory(
        household__village=VillageFactory(code=village_code),
        survey_round=survey_round or demo_round(),
        income_per_person=Decimal(income),
        failed=tuple(failed),
        **values,
    )


def programme(*, by, target: int = 10, name: str = "ชี้เป้า 2557", year: int = 2557):
    return programme_create(
        province=Province.objects.get(code="50"),
        fiscal_year_be=year,
        name=name,
        target_households=target,
        survey_round=demo_round(),
        by=by,
    )


def targeted(programme_, *, by, rules: TargetingRules | None = None):
    """Create the programme's targets as previewed; returns (preview, run)."""
    rules = rules or TargetingRules()
    preview = targeting_preview(programme=programme_, rules=rules, user=by)
    run = targets_create(programme=programme_, rules=rules, state_token=preview.state_token, by=by)
    return preview, run


def is_active(programme_) -> bool:
    programme_.refresh_from_db()
    return programme_.status == ProgrammeStatus.ACTIVE
