"""A fair with invitations for the letters' tests, built straight in the database (the
invitation services belong to another part of the fair)."""

import datetime

from django.utils import timezone

from events.codes import code_new
from events.models import Fair, FairDistrictQuota, Invitation
from households.models import Programme, Target, TargetingRun
from povertyprog.areas.models import District, Province
from tests.factories import VillageFactory
from tests.households.factories import HouseholdFactory, HouseholdSurveyFactory, SurveyRoundFactory

HEADS = (("นาง", "บัวคำ", "แสนเมือง"), ("นาย", "สมศักดิ์", "ทองดี"), ("นางสาว", "จันทร์เพ็ญ", "คำมูล"))


def fair_with_invitations(villages: dict[str, int], province: str = "50") -> Fair:
    """A fair of a programme of `province` inviting `count` households of each village."""
    survey_round = SurveyRoundFactory(year_be=2567)
    programme = Programme.objects.create(
        province=Province.objects.get(code=province),
        fiscal_year_be=2569,
        name="แก้จน 2569",
        target_households=sum(villages.values()),
        survey_round=survey_round,
    )
    run = TargetingRun.objects.create(programme=programme, rules={}, state_token="t")
    starts = timezone.make_aware(datetime.datetime(2026, 12, 20, 8, 30))
    fair = Fair.objects.create(
        programme=programme,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=7, minutes=30),
        venue="ศาลาประชาคม",
        capacity=500,
        rsvp_deadline=datetime.date(2026, 12, 15),
    )
    rank = 0
    for code, count in villages.items():
        village = VillageFactory(code=code)
        district = District.objects.get(code=code[:4])
        FairDistrictQuota.objects.get_or_create(
            fair=fair, district=district, defaults={"quota": 10}
        )
        for index in range(count):
            rank += 1
            prefix, first, last = HEADS[index % len(HEADS)]
            survey = HouseholdSurveyFactory(
                household=HouseholdFactory(village=village),
                survey_round=survey_round,
                head_prefix=prefix,
                head_first_name=first,
                head_last_name=f"{last}{rank}",
            )
            target = Target.objects.create(
                programme=programme,
                household=survey.household,
                survey=survey,
                district=district,
                rank=rank,
                selected_by_run=run,
            )
            Invitation.objects.create(fair=fair, target=target, district=district, code=code_new())
    return fair
