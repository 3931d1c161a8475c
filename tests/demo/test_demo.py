"""`make run` loads the demo with `load_demo`: it must work, print the logins, and be
repeatable."""

import datetime
import json
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from agencies.models import MOUStatus, Pledge
from events.models import (
    CheckIn,
    Fair,
    Invitation,
    LetterBatch,
    RSVPChannel,
    RSVPStatus,
    TaskStatus,
)
from households.importer.pipeline import build_plan
from households.models import (
    OPEN_ACTIVITY,
    Assistance,
    FollowUpVisit,
    Graduation,
    HostAssignment,
    HouseholdSurvey,
    ImportBatch,
    LifePlan,
    PlanActivity,
    Stage,
    SurveyRound,
    Target,
)
from households.programme_selectors import targets_visible_to
from households.visit_selectors import visits_overdue_for
from povertyprog.accounts.models import User
from povertyprog.accounts.roles import Role
from povertyprog.demo.care import GRADUATES, LATER_ROUND
from povertyprog.demo.clock import on_day


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
        logins = {"admin", "staff", "maerim", "mueang", "liaison", "viewer", "desk"}
        if parts and parts[0] in logins:
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
    assert "cases by stage:" in printed
    _assert_programme_care(figures)
    _assert_fair(printed)
    surveys_before, plans_before = HouseholdSurvey.objects.count(), LifePlan.objects.count()

    call_command("load_demo", households=60, stdout=StringIO())
    assert HouseholdSurvey.objects.count() == surveys_before
    assert Target.objects.filter(programme__fiscal_year_be=2557).count() == 973
    assert MOU.objects.count() == 3
    assert MOUAmendment.objects.count() == 1
    assert ImportBatch.objects.count() == 4, "the second run finds nothing to import"
    assert LifePlan.objects.count() == plans_before, "nor anything to plan again"
    assert Invitation.objects.count() == 972, "nor anyone to invite again"


def _assert_fair(printed: str) -> None:
    """The 2557 fair twelve days ahead: every case invited within the quotas, a desk per
    district, booths of the signed MOU's agencies, letters queued per district, answers
    partly in, by each channel; nobody checked in yet."""
    fair = Fair.objects.get(programme__fiscal_year_be=2557)
    assert timezone.localdate(fair.starts_at) == timezone.localdate() + datetime.timedelta(12)
    assert Invitation.objects.filter(fair=fair).count() == 972
    assert sum(fair.quotas.values_list("quota", flat=True)) == 972
    assert fair.desks.count() == 16
    assert set(Invitation.objects.values_list("desk__district_id", flat=True)) == set(
        fair.quotas.values_list("district_id", flat=True)
    )
    mou = fair.mous.get()
    assert mou.status == MOUStatus.SIGNED
    booths = fair.booths.all()
    assert {b.agency_id for b in booths} == set(mou.signatories.values_list("agency", flat=True))
    assert all(b.pledge.mou_id == mou.pk for b in booths)
    batches = LetterBatch.objects.filter(fair=fair)
    assert sorted(batches.values_list("scope_code", flat=True)) == sorted(
        fair.quotas.values_list("district_id", flat=True)
    )
    assert sum(batches.values_list("pages_total", flat=True)) == 972
    answers = Counter(Invitation.objects.values_list("rsvp_status", flat=True))
    assert 0 < answers[RSVPStatus.NO_ANSWER] < 972 * 0.7  # partly collected
    assert answers[RSVPStatus.CONFIRMED] > answers[RSVPStatus.DECLINED] > 0
    channels = set(Invitation.objects.values_list("rsvp_channel", flat=True))
    assert set(RSVPChannel.values) <= channels | {RSVPChannel.IN_PERSON}
    maerim = Invitation.objects.filter(district_id="5007")
    assert maerim.filter(rsvp_by__username="maerim").count() > maerim.count() / 2
    assert not Invitation.objects.filter(rsvp_at__gt=timezone.now()).exists()
    assert not CheckIn.objects.exists()
    assert fair.tasks.filter(status=TaskStatus.DONE).count() == 4
    assert f"Fair (id {fair.pk})" in printed
    assert "972 invitations" in printed


def _assert_programme_care(figures: dict) -> None:
    """After the field check: hosts from the pledges, plans, help, visits and graduations,
    each by its role, on a timeline that holds together."""
    today = timezone.localdate()
    # Every stage of a running programme shows (continuing care needs a closed programme).
    assert all(figures["stages"][stage] > 0 for stage in Stage.values if stage != "continuing_care")
    assert figures["stages"]["continuing_care"] == 0

    # Host agencies in bulk by the province staff; no pledge over its room or its districts.
    staff, liaison = User.objects.get(username="staff"), User.objects.get(username="liaison")
    hosts = HostAssignment.objects.filter(ended_at__isnull=True)
    assert hosts.exists()
    assert not hosts.exclude(assigned_by=staff).exists()
    for pledge in Pledge.objects.filter(host_assignments__isnull=False).distinct():
        assert pledge.mou.status == MOUStatus.SIGNED
        mine = hosts.filter(pledge=pledge)
        assert 0 < mine.count() <= pledge.households_pledged
        districts = set(pledge.districts.values_list("code", flat=True))
        assert {h.target.household.village_id[:4] for h in mine} <= districts

    # The liaison's agency hosts households, Mae Rim among them, and records their help.
    agency = liaison.agency_link.agency
    hosted = targets_visible_to(liaison)
    assert hosted.count() == hosts.filter(agency=agency).count() > 0
    assert hosted.filter(district_id="5007").exists()
    by_liaison = Assistance.objects.filter(recorded_by=liaison)
    assert by_liaison.exists()
    assert not by_liaison.exclude(agency=agency).exists()

    # The Mae Rim officer: cases still to check, and visits overdue.
    maerim = User.objects.get(username="maerim")
    assert Target.objects.filter(district_id="5007", stage=Stage.TARGETED).exists()
    overdue = visits_overdue_for(maerim, today)
    assert overdue.exists()
    assert FollowUpVisit.objects.filter(
        visited_by=maerim, next_visit_due__lt=today, target__district_id="5007"
    ).exists()

    # Plans: activities suggested by the failed indicator, some overdue, some done by help;
    # agreed after the field check, helped after the agreement.
    assert PlanActivity.objects.filter(from_indicator__number=1).exists()
    assert PlanActivity.objects.filter(status__in=OPEN_ACTIVITY, due_on__lt=today).exists()
    done = PlanActivity.objects.filter(completed_by__isnull=False)
    assert done.exists()
    assert all(a.completed_on == a.completed_by.date for a in done.select_related("completed_by"))
    for plan in LifePlan.objects.filter(agreed_on__isnull=False).select_related("target"):
        assert timezone.localdate(plan.target.verified_at) <= plan.agreed_on < today
        for help_ in plan.target.assistance.all():
            assert plan.agreed_on < help_.date < today

    # The later demo round graduated households by its import, at its threshold.
    graduations = Graduation.objects.select_related("survey_round", "import_batch")
    assert graduations.count() == sum(GRADUATES.values())
    assert {g.survey_round.year_be for g in graduations} == {LATER_ROUND}
    assert all(g.income_per_person >= g.income_threshold for g in graduations)
    assert all(g.import_batch.survey_round.year_be == LATER_ROUND for g in graduations)
    assert figures["stages"]["graduated"] == graduations.count()


def test_demo_clock_replays_a_past_day_and_gives_the_clock_back():
    day = timezone.localdate() - datetime.timedelta(days=40)
    with on_day(day):
        first, second = timezone.now(), timezone.now()
        assert timezone.localdate() == day
        assert first < second  # a second later at each reading
    assert timezone.localdate() > day
    with (
        pytest.raises(ValueError, match="past"),
        on_day(timezone.localdate() + datetime.timedelta(1)),
    ):
        pass
