"""Objects in two provinces, Chiang Mai (50) and Lamphun (51), for the admin's scope tests.

Every Lamphun object that has a name carries SECRET in it, so a page can be searched for
any of them at once.
"""

import datetime
from decimal import Decimal

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.utils import timezone

from agencies.models import Lever
from households.manage_services import assistance_record, host_assign
from households.models import ImportBatch
from households.programme_services import programme_create, targets_create
from households.targeting import TargetingRules, targeting_preview
from households.visit_services import visit_record
from povertyprog.accounts.roles import Role
from povertyprog.areas.models import Province
from povertyprog.audit.services import activity_log
from tests.agencies.factories import MOUFactory, PledgeFactory, SignatoryFactory
from tests.factories import AgencyFactory, UserFactory, VillageFactory
from tests.households.factories import HouseholdSurveyFactory, SurveyRoundFactory

SECRET = "LAMPHUNSECRET"


@pytest.fixture
def national_admin(db):
    return UserFactory(username="national", role=Role.PROVINCE_ADMIN, area_scope="")


@pytest.fixture
def two_provinces(db, province_admin):
    """Each kind of object once in Chiang Mai and once in Lamphun."""
    survey_round = SurveyRoundFactory(year_be=2567)
    objects = {}
    for code, village, district, marker in (
        ("50", "50070101", "5007", "เชียงใหม่"),
        ("51", "51010101", "5101", SECRET),
    ):
        user = UserFactory(
            username=f"officer{code}{marker if code == '51' else ''}",
            role=Role.DISTRICT_OFFICER,
            area_scope=district,
        )
        survey = HouseholdSurveyFactory(
            household__village=VillageFactory(code=village, name_th=f"บ้าน {marker}"),
            household__house_no=f"1/{code}",
            survey_round=survey_round,
            head_first_name=f"หัวหน้า{marker}",
        )
        agency = AgencyFactory(name_th=f"สำนักงาน {marker}", province_id=code)
        mou = MOUFactory(province_id=code, title=f"บันทึกข้อตกลง {marker}")
        signatory = SignatoryFactory(mou=mou, agency=agency, signer_name=f"ผู้ลงนาม {marker}")
        pledge = PledgeFactory(
            mou=mou, agency=agency, description=f"ฝึกอาชีพ {marker}", districts=(district,)
        )
        batch = ImportBatch.objects.create(
            created_by=user,
            survey_round=survey_round,
            province_id=code,
            file_name=f"bmn-{marker}.xlsx",
            file_sha256="0" * 64,
        )
        entry = activity_log(f"test.entry.{marker}", actor=user, target=agency)
        # The login door's records (django-axes) name the user, not an area.
        attempt = AccessAttempt.objects.create(
            username=user.username, ip_address=f"10.0.0.{code}", failures_since_start=3
        )
        AccessLog.objects.create(username=user.username, ip_address=f"10.0.0.{code}")
        AccessFailureLog.objects.create(username=user.username, ip_address=f"10.0.0.{code}")
        programme = programme_create(
            province=Province.objects.get(code=code),
            fiscal_year_be=2567,
            name=f"ชี้เป้า {marker}",
            target_households=1,
            survey_round=survey_round,
            by=None,
        )
        preview = targeting_preview(programme=programme, rules=TargetingRules())
        targets_create(
            programme=programme, rules=TargetingRules(), state_token=preview.state_token, by=None
        )
        target = programme.targets.get()
        host = host_assign(target=target, agency=agency, by=None)
        assistance = assistance_record(
            target=target,
            by=None,
            date=datetime.date(2024, 9, 1),
            agency=agency,
            lever=Lever.RAISE_INCOME,
            what=f"เมล็ดพันธุ์ {marker}",
            value=Decimal(100),
        )
        objects[code] = {
            "user": user,
            "survey": survey,
            "household": survey.household,
            "agency": agency,
            "mou": mou,
            "signatory": signatory,
            "pledge": pledge,
            "batch": batch,
            "entry": entry,
            "attempt": attempt,
            "programme": programme,
            "target": target,
            "host": host,
            "assistance": assistance,
        }
        objects[code]["visit"] = visit_record(
            target=objects[code]["target"],
            by=None,
            visited_on=timezone.localdate(),
            findings=f"ติดตามเยี่ยม {marker}",
        )
        # Fair: fairs. A fair of the programme (its quota, desk and plan of work) and a booth.
        objects[code]["fair"] = _fair(programme, agency, marker)
    objects["round"] = survey_round
    objects["threshold"] = Decimal(38000)
    return objects


def _fair(programme, agency, marker):
    """Fair: fairs. A fair of the programme, made by the services as the system."""
    from events.services.fairs import booth_add, fair_create

    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=30)
    fair = fair_create(
        programme=programme,
        name=f"มหกรรมแก้จน {marker}",
        theme="",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=8),
        venue=f"ศาลากลาง {marker}",
        venue_address="",
        capacity=500,
        rsvp_deadline=timezone.localdate(starts) - datetime.timedelta(days=7),
        by=None,
    )
    booth_add(fair=fair, agency=agency, service=f"อบรมอาชีพ {marker}", by=None)
    return fair
