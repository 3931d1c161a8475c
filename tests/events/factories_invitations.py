"""A fair of the Chiang Mai programme with verified targets in Mae Rim (5007) and Mueang
(5001), for the invitations tests (made directly: the programme's own services are tested
in tests/households)."""

import datetime
import itertools

from django.utils import timezone

from events.models import Desk, Fair, FairDistrictQuota
from households.models import Programme, Stage, Target, TargetingRun
from tests.households.factories import HouseholdSurveyFactory, SurveyRoundFactory

_numbers = itertools.count(1)


def fair_with_targets(*, villages: dict[str, int], stage=Stage.VERIFIED, quotas=None, desks=True):
    """A fair and `n` targets per village code (ranked in the district in village order).
    Returns (fair, {village_code: [targets]})."""
    survey_round = SurveyRoundFactory(year_be=2567)
    programme = Programme.objects.create(
        province_id="50",
        fiscal_year_be=2567,
        name=f"ชี้เป้า 2567 ({next(_numbers)})",
        target_households=1000,
        survey_round=survey_round,
    )
    run = TargetingRun.objects.create(programme=programme, rules={}, state_token="x")
    starts = timezone.now() + datetime.timedelta(days=30)
    fair = Fair.objects.create(
        programme=programme,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=8),
        venue="ศาลากลางจังหวัดเชียงใหม่",
        capacity=2000,
        rsvp_deadline=(starts - datetime.timedelta(days=7)).date(),
    )
    ranks: dict[str, int] = {}
    made: dict[str, list] = {}
    for village, n in villages.items():
        district = village[:4]
        for _ in range(n):
            survey = HouseholdSurveyFactory(
                household__village__code=village, survey_round=survey_round
            )
            ranks[district] = ranks.get(district, 0) + 1
            made.setdefault(village, []).append(
                Target.objects.create(
                    programme=programme,
                    household=survey.household,
                    survey=survey,
                    district_id=district,
                    rank=ranks[district],
                    selected_by_run=run,
                    stage=stage,
                )
            )
    for district, quota in (quotas or {}).items():
        FairDistrictQuota.objects.create(fair=fair, district_id=district, quota=quota)
    if desks:
        for district in sorted({v[:4] for v in villages}):
            Desk.objects.create(fair=fair, name=f"โต๊ะ {district}", district_id=district)
    return fair, made
