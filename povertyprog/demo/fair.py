"""The demo's poverty fair (มหกรรมแก้จน) of the 2557 programme, as it stands twelve days before
the fair day: planned, its 972 households invited, letters queued per district, answers
coming in.

Each step goes through the services, by the role that does it, on the day it happened
(povertyprog.demo.clock):

- fifty days ago the province staff open the fair at the provincial hall (its quota per
  district, one registration desk per district: 16, and the plan of work from the template),
  choose the MOU its agencies sign, and give the MOU's agencies a booth each for what they
  pledged; the province's letterhead is set (no emblem: the province uploads its own);
- the plan of work is ticked as the weeks went: the committee, the venue, the rehearsal and
  the letters to the districts done, the letters to the agencies late (it stands out);
- twenty days ago the staff invite the programme's whole target list, within the quotas,
  including the cases the district offices have not checked in the field yet (the demo
  leaves part of them unchecked, povertyprog.demo.programme): 972 invitations;
- the staff queue each district's letters: one batch per district, printed into one PDF by
  the background worker that `make run` starts (a progress bar meanwhile);
- over the last nine days the Mae Rim and Mueang officers phone village heads and
  households (most of their invitations answered, one village confirmed in one go), the
  staff record what other district offices report, and some households answer from their
  letter's QR code (self-service).

Nobody has checked in yet: the fair day is ahead, for the demo's users to run (the `desk`
login checks in at any of the 16 desks).
"""

import datetime
import random

from django.utils import timezone

from agencies.models import MOU, MOUStatus
from events.models import (
    Fair,
    FairTask,
    Invitation,
    LetterKind,
    RSVPChannel,
    RSVPStatus,
    TaskStatus,
)
from events.models.fair import DEFAULT_NAME, DEFAULT_THEME
from events.services.fairs import booth_add, fair_create, fair_mous_set, task_update
from events.services.invitations import (
    invitations_generate,
    rsvp_confirm_village,
    rsvp_record,
    rsvp_self_service,
)
from events.services.letters import letter_batch_start, letterhead_save
from households.models import Programme

from .clock import days_ago, on_day

FAIR_IN_DAYS = 12  # the fair day, from today
OPENED, INVITED = 50, 20  # days ago
ANSWERS_FROM = 9  # days ago: the officers' phoning round began
OFFICERS_ANSWERED = 0.6  # the share of the officers' invitations answered so far
REPORTED_ANSWERED = 0.3  # elsewhere: the share the district offices have reported
SELF_SERVICE = 25  # households that answered from their letter's QR code
DECLINED_SHARE = 0.12
TASKS_DONE = ("committee", "venue", "rehearsal", "district_letters")
TASKS_UNDER_WAY = ("invite_households", "rsvp_deadline")

LETTERHEAD = {
    "office_name": "สำนักงานพัฒนาชุมชนจังหวัดเชียงใหม่",
    "address": "ศาลากลางจังหวัดเชียงใหม่ ถนนโชตนา ตำบลช้างเผือก\nอำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ 50300",
    "phone_line": "โทร. 0 5311 2345 โทรสาร 0 5311 2346",
    "reference_prefix": "ชม 0019/",
    "signer_name": "นางสาวอรุณี พัฒนศิริ",
    "signer_position": "พัฒนาการจังหวัดเชียงใหม่",
}
BOOTH_PLACES = "ABCDEFGHJK"
REPRESENTATIVES = [
    ("นางบุญศรี", "คู่สมรส"),
    ("นายสมาน", "บุตร"),
    ("นางสาวพิมพ์ชนก", "หลาน"),
    ("นายอินทร", "บุตร"),
    ("นางคำปัน", "คู่สมรส"),
]


def _fair_starts() -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=FAIR_IN_DAYS)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(8, 30)))


def demo_fair(*, programme: Programme, users: dict, officers: dict) -> Fair:
    """The 2557 fair (made once: a rerun of the demo leaves it as it is)."""
    existing = Fair.objects.filter(programme=programme).first()
    if existing is not None:
        return existing
    staff = users["staff"]
    rng = random.Random(f"fair-{programme.fiscal_year_be}")  # noqa: S311 - repeatable
    starts = _fair_starts()
    with on_day(days_ago(OPENED)):
        fair = _open(programme, staff, starts)
    _tick_the_plan(fair, staff)
    with on_day(days_ago(INVITED)):
        invitations_generate(fair=fair, unchecked=True, by=staff)
        for district in fair.quotas.order_by("district_id").values_list("district_id", flat=True):
            letter_batch_start(fair=fair, kind=LetterKind.HOUSEHOLD, scope_code=district, by=staff)
    _answers(fair, staff, officers, rng)
    return fair


def _open(programme: Programme, staff, starts: datetime.datetime) -> Fair:
    fair = fair_create(
        programme=programme,
        name=DEFAULT_NAME,
        theme=DEFAULT_THEME,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=7, minutes=30),
        venue="ศาลากลางจังหวัดเชียงใหม่",
        venue_address="ถนนโชตนา ตำบลช้างเผือก อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ 50300",
        capacity=2000,
        rsvp_deadline=timezone.localdate(starts) - datetime.timedelta(days=7),
        by=staff,
    )
    letterhead_save(province_id=programme.province_id, data=LETTERHEAD, by=staff)
    mou = (
        MOU.objects.filter(province_id=programme.province_id, status=MOUStatus.SIGNED)
        .filter(signing_place__contains="มหกรรม")
        .order_by("-fiscal_year_be")
        .first()
    )
    if mou is not None:
        fair_mous_set(fair=fair, mous=[mou], by=staff)
        places = iter(BOOTH_PLACES)
        for pledge in mou.pledges.select_related("agency").order_by("agency__name_th", "pk"):
            booth_add(
                fair=fair,
                agency=pledge.agency,
                service=pledge.description,
                place=f"บูธ {next(places)}",
                pledge=pledge,
                by=staff,
            )
    return fair


def _tick_the_plan(fair: Fair, staff) -> None:
    today = timezone.localdate()
    for task in FairTask.objects.filter(fair=fair).order_by("due_on", "position"):
        if task.key in TASKS_DONE:
            with on_day(min(task.due_on, today)):
                task_update(task=task, status=TaskStatus.DONE, by=staff)
        elif task.key in TASKS_UNDER_WAY:
            with on_day(days_ago(ANSWERS_FROM)):
                task_update(task=task, status=TaskStatus.DOING, by=staff)


def _answers(fair: Fair, staff, officers: dict, rng: random.Random) -> None:
    """The officers' and the district offices' answers, then the households' own."""
    invitations = list(
        Invitation.objects.filter(fair=fair)
        .select_related("target__household")
        .order_by("district_id", "target__household__village_id", "pk")
    )
    by_district: dict[str, list[Invitation]] = {}
    for invitation in invitations:
        by_district.setdefault(invitation.district_id, []).append(invitation)
    for district, rows in sorted(by_district.items()):
        officer = officers.get(district)
        share = OFFICERS_ANSWERED if officer else REPORTED_ANSWERED
        answered = rows[: round(len(rows) * share)]
        if officer:
            # The first village's head answered for all its households in one call.
            village = answered[0].target.household.village_id
            with on_day(days_ago(ANSWERS_FROM), hour=10):
                rsvp_confirm_village(fair=fair, village_code=village, by=officer)
            answered = [row for row in answered if row.target.household.village_id != village]
        for invitation in answered:
            _record(invitation, officer or staff, officer is not None, rng)
    unanswered = list(
        Invitation.objects.filter(fair=fair, rsvp_status=RSVPStatus.NO_ANSWER).order_by("pk")
    )
    for invitation in rng.sample(unanswered, min(SELF_SERVICE, len(unanswered))):
        with on_day(days_ago(rng.randint(1, ANSWERS_FROM)), hour=19):
            rsvp_self_service(
                code=invitation.code,
                status=RSVPStatus.CONFIRMED if rng.random() > 0.1 else RSVPStatus.DECLINED,
                people_coming=rng.choice((1, 1, 2)),
            )


def _record(invitation: Invitation, by, is_officer: bool, rng: random.Random) -> None:
    declined = rng.random() < DECLINED_SHARE
    status = RSVPStatus.DECLINED if declined else RSVPStatus.CONFIRMED
    channel = rng.choice((RSVPChannel.PHONE, RSVPChannel.PHONE, RSVPChannel.VILLAGE_HEAD))
    if not is_officer:
        channel = RSVPChannel.VILLAGE_HEAD  # the district office's report, from village heads
    name, relation = rng.choice(REPRESENTATIVES) if rng.random() < 0.3 else ("", "")
    with on_day(days_ago(rng.randint(1, ANSWERS_FROM)), hour=rng.randint(9, 15)):
        rsvp_record(
            invitation=invitation,
            status=status,
            channel=channel,
            representative_name="" if declined else name,
            representative_relation="" if declined else relation,
            people_coming=0 if declined else rng.choice((1, 1, 1, 2)),
            transport_needed=not declined and rng.random() < 0.15,
            expected_version=invitation.version,
            by=by,
        )
