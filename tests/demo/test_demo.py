"""`make run` loads the demo with `load_demo`: it must work, print the logins, and be
repeatable."""

import json
from io import StringIO

from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from households.importer.pipeline import build_plan
from households.models import HouseholdSurvey, ImportBatch, SurveyRound, Target
from povertyprog.accounts.models import User
from povertyprog.accounts.roles import Role


def test_demo_loads_every_role_and_two_rounds(db, settings, tmp_path):
    settings.BASE_DIR = tmp_path
    out = StringIO()
    call_command("load_demo", households=60, stdout=out)
    printed = out.getvalue()

    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert User.objects.get(username="maerim").area_scope == "5007"
    assert User.objects.get(username="mueang").area_scope == "5001"
    assert User.objects.get(username="liaison").agency_link.agency is not None
    for line in printed.splitlines():
        parts = line.split()
        if parts and parts[0] in {"admin", "staff", "maerim", "mueang", "liaison", "viewer"}:
            login = RequestFactory().post("/accounts/login/")  # axes checks every login's request
            assert authenticate(login, username=parts[0], password=parts[1]) is not None
    assert HouseholdSurvey.objects.filter(survey_round__year_be__in=[2563, 2564]).count() == 120
    sample = tmp_path / "demo-files" / "bmn-2564-sample-with-2-errors.xlsx"
    plan = build_plan(
        sample,
        file_name=sample.name,
        survey_round=SurveyRound.objects.get(year_be=2564),
        province_code="50",
    )
    assert (plan.counts["invalid"], plan.counts["updated"], plan.counts["new"]) == (2, 0, 198)

    from agencies.models import MOU, MOUStatus

    assert MOU.objects.filter(status=MOUStatus.SIGNED).count() == 2
    assert MOU.objects.filter(status=MOUStatus.DRAFT).count() == 1
    # The signed fair MOU shows an amendment, and its pledges their kind of assistance.
    from agencies.models import MOUAmendment, Pledge

    amendment = MOUAmendment.objects.get()
    assert "ศจพ.จ." in amendment.reason
    assert Pledge.objects.get(description="ฝึกอาชีพเพาะเห็ดนางฟ้า").households_pledged == 75
    assert not Pledge.objects.filter(mou__status=MOUStatus.SIGNED, assistance_type=None).exists()

    # The 2557 programme of DESIGN.md, chosen by the targeting rules from the demo round 2556
    # and checked in the field by the demo's district officers.
    assert "972 target households in 313 villages, 72 subdistricts and 16 districts" in printed
    report = StringIO()
    call_command("programme_report", year=2557, province="50", json=True, stdout=report)
    figures = json.loads(report.getvalue())
    assert (figures["targets"], figures["villages"], figures["subdistricts"]) == (972, 313, 72)
    assert figures["districts"] == 16
    assert figures["stages"]["dropped"] == 1  # moved away, replaced by the next in line
    mae_rim = Target.objects.filter(programme__fiscal_year_be=2557, district_id="5007")
    assert mae_rim.filter(replaces__isnull=False).count() == 1
    assert mae_rim.filter(verification="confirmed").exists()
    assert Target.objects.filter(district_id="5001", verification="confirmed").exists()
    surveys_before = HouseholdSurvey.objects.count()

    call_command("load_demo", households=60, stdout=StringIO())
    assert HouseholdSurvey.objects.count() == surveys_before
    assert Target.objects.filter(programme__fiscal_year_be=2557).count() == 973
    assert MOU.objects.count() == 3
    assert MOUAmendment.objects.count() == 1
    assert ImportBatch.objects.count() == 3, "the second run finds nothing to import"
