"""The demo programme after the field check: host agencies, life-compass plans, help, follow-up
visits, and the later จปฐ. round that graduates some households.

Each step goes through the services, by the role that does it in real life, on the day it
happened (povertyprog.demo.clock replays the story: the field checks ended some three months
ago, so visits and plan activities due since then are overdue today, as the services allowed
when they were set):

- about three months ago the province staff assign host agencies (เจ้าภาพ) in bulk from the
  pledges of the demo's MOUs, within each pledge's households and districts (the liaison's
  agency, the provincial agriculture office, hosts households in Mae Rim and Mueang); in
  districts no pledge covers, the community development office hosts the checked cases;
- the following weeks the officers (the staff in districts without a demo officer) draw up
  plans of one to three activities: the host's pledge, a suggestion of the failed income
  indicator (accepted), free words; most households agree theirs within days (the demo
  indicator set's suggestions, fixtures/demo_indicator_suggestions.json here, are the kinds
  of help the national set suggests for its income indicator 22, with the mushroom growing
  and food processing the demo's pledges offer);
- help is recorded by the liaison for the households their agency hosts, by the officers
  and staff for the others, most of it completing a plan activity;
- the Mae Rim and Mueang officers visit the households they help, each visit setting the
  next; some of those are now overdue;
- today the demo round 2558 (the same demo indicator set as 2556) is imported through the
  real pipeline: the households chosen to have climbed over the threshold graduate, by the
  import itself (households.graduation).

The demo's MOUs belong to the current fiscal year while the programme is the model case of
2557 (DESIGN.md): the pledges are used as they stand today (signed and in force), and the
story's host assignments may come before the signing date the demo MOU records; the
services check the MOU's status and end, not its signing date.
"""

import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.management import call_command

from agencies.models import Agency, Lever, MOUStatus, Pledge
from households.manage_services import (
    assistance_record,
    hosts_assign_bulk,
    hosts_assign_bulk_preview,
)
from households.models import (
    OPEN_ACTIVITY,
    Graduation,
    HostAssignment,
    IndicatorSet,
    PlanActivity,
    Programme,
    Stage,
    SurveyRound,
    Target,
    Verification,
)
from households.plan_services import plan_activity_add, plan_agree
from households.services import round_create
from households.suggestions import plan_suggestions
from households.visit_services import visit_record

from .clock import days_ago, on_day
from .programme import DEMO_SET, THRESHOLD, import_rows, programme_round_rows

LATER_ROUND = 2558
HOSTS_ASSIGNED = 90  # days ago
PLANS = (85, 60)  # drawn up from … to (days ago)
# host agency (short name), pledge (its description; None: no pledge), district, households
HOSTS = [
    ("เกษตรจังหวัด", "แจกพันธุ์ผักสวนครัวและปุ๋ยอินทรีย์", "5007", 6),
    ("เกษตรจังหวัด", "ฝึกอาชีพเพาะเห็ดนางฟ้า", "5007", 3),
    ("ม.แม่โจ้", "ถ่ายทอดเทคโนโลยีการแปรรูปผลผลิตเกษตร", "5007", 4),
    ("ธ.ก.ส.", "ปรับโครงสร้างหนี้และสินเชื่อดอกเบี้ยต่ำ", "5007", 3),
    ("เกษตรจังหวัด", "ฝึกอาชีพเพาะเห็ดนางฟ้า", "5001", 20),
    ("พมจ.ชม.", "เงินสงเคราะห์ผู้มีรายได้น้อยและผู้สูงอายุ", "5001", 15),
    ("แรงงานจังหวัด", "จัดหางานและฝึกทักษะฝีมือแรงงาน", "5001", 15),
    ("อบจ.ชม.", "ซ่อมแซมบ้านผู้ยากไร้", "5001", 6),
]
DEFAULT_HOST = "พช.ชม."  # hosts the checked cases of the districts no pledge covers
PLAN_SHARE = {"officers": 0.9, "elsewhere": 0.45}  # of the checked cases
AGREED_SHARE = 0.85
ASSISTED_SHARE = {"officers": 0.85, "elsewhere": 0.7}  # of the agreed plans
VISITED_SHARE = 0.85  # of the assisted cases of the officers' districts
GRADUATES = {"assisted": 30, "agreed": 10, "verified": 18, "targeted": 20, "5007": 2}
FREE_ACTIVITIES = [
    (Lever.REDUCE_EXPENSES, "จดบัญชีรายรับ–รายจ่ายครัวเรือนทุกวัน"),
    (Lever.REDUCE_EXPENSES, "ลด ละ เลิกบุหรี่และสุรา"),
    (Lever.WIDEN_OPPORTUNITY, "ลงทะเบียนบัตรสวัสดิการแห่งรัฐให้สมาชิกที่ยังไม่ได้ลงทะเบียน"),
    (Lever.WIDEN_OPPORTUNITY, "ให้บุตรกลับเข้าเรียน กศน. ระดับมัธยมศึกษาตอนปลาย"),
    (Lever.RAISE_INCOME, "เข้าร่วมกลุ่มอาชีพทอผ้าของหมู่บ้าน"),
]
CARE_ACTIVITIES = [
    (Lever.WELFARE, "ขึ้นทะเบียนรับเบี้ยยังชีพและเบี้ยความพิการ"),
    (Lever.WELFARE, "อาสาสมัครสาธารณสุขเยี่ยมดูแลผู้ป่วยที่บ้านทุกสัปดาห์"),
]
FINDINGS = [
    "ครัวเรือนเริ่มกิจกรรมตามแผนแล้ว มีรายได้เสริมเล็กน้อย",
    "ปลูกผักสวนครัวได้ผล ลดค่าอาหารได้ราวเดือนละ 500 บาท",
    "หัวหน้าครัวเรือนเจ็บป่วย กิจกรรมล่าช้า ต้องติดตามใกล้ชิด",
    "จำหน่ายผลผลิตในตลาดนัดชุมชนได้ทุกสัปดาห์",
    "สมาชิกได้งานทำในโรงงานในอำเภอ รายได้ดีขึ้น",
    "ยังไม่ได้เริ่มกิจกรรม รอวัสดุจากหน่วยงาน",
]


@dataclass(frozen=True)
class DemoCare:
    hosted: int
    plans: int
    agreed: int
    assisted: int
    visited: int
    graduated: int


def demo_care(*, programme: Programme, users: dict, officers: dict, agencies: dict) -> DemoCare:
    """Run the programme's later steps (see the module); `officers`: district code → user."""
    call_command("loaddata", "demo_indicator_suggestions", verbosity=0)
    rng = random.Random(f"care-{programme.fiscal_year_be}")  # noqa: S311 - repeatable
    staff, liaison = users["staff"], users["liaison"]
    hosted = _hosts(programme, staff, agencies, exclude=set(officers))
    cases = list(
        Target.objects.filter(programme=programme, verification=Verification.CONFIRMED)
        .select_related("household", "survey__survey_round")
        .order_by("district_id", "rank")
    )
    hosts = {
        host.target_id: host
        for host in HostAssignment.objects.filter(
            target__programme=programme, ended_at__isnull=True
        ).select_related("agency", "pledge__assistance_type")
    }
    liaison_agency = agencies["เกษตรจังหวัด"]
    counts: Counter = Counter()
    for case in cases:
        where = "officers" if case.district_id in officers else "elsewhere"
        host = hosts.get(case.pk)
        if host is None or rng.random() >= PLAN_SHARE[where]:
            continue
        writer = officers.get(case.district_id, staff)
        agreed_on = _plan(case, host, writer, rng)
        counts["plans"] += 1
        if agreed_on is None:
            continue
        counts["agreed"] += 1
        if rng.random() >= ASSISTED_SHARE[where]:
            continue
        giver = liaison if host.agency_id == liaison_agency.pk else writer
        helped_on = _help(case, host, giver, agreed_on, rng)
        counts["assisted"] += 1
        if where == "officers" and rng.random() < VISITED_SHARE:
            _visits(case, officers[case.district_id], helped_on, rng)
            counts["visited"] += 1
    graduated = _later_round(programme, users["admin"], rng)
    return DemoCare(
        hosted=hosted,
        plans=counts["plans"],
        agreed=counts["agreed"],
        assisted=counts["assisted"],
        visited=counts["visited"],
        graduated=graduated,
    )


def _hosts(programme: Programme, staff, agencies: dict, *, exclude: set[str]) -> int:
    """Host agencies assigned in bulk by the province staff, pledge by pledge and district by
    district (each pledge's room is the service's to respect)."""
    pledges = {
        pledge.description: pledge
        for pledge in Pledge.objects.filter(mou__status=MOUStatus.SIGNED).select_related("agency")
    }
    plan: list[tuple[Agency, Pledge | None, str, int]] = [
        (agencies[short_name], pledges[what], district, count)
        for short_name, what, district, count in HOSTS
    ]
    checked = Counter(
        Target.objects.filter(programme=programme, verification=Verification.CONFIRMED)
        .exclude(district_id__in=exclude)
        .values_list("district_id", flat=True)
    )
    plan += [(agencies[DEFAULT_HOST], None, d, n) for d, n in sorted(checked.items())]
    hosted = 0
    with on_day(days_ago(HOSTS_ASSIGNED)):
        for agency, pledge, district, count in plan:
            values = {
                "programme": programme,
                "agency": agency,
                "count": count,
                "district_code": district,
                "pledge": pledge,
                "by": staff,
            }
            preview = hosts_assign_bulk_preview(**values)
            hosted += len(hosts_assign_bulk(**values, state_token=preview.state_token))
    return hosted


def _plan(case: Target, host: HostAssignment, by, rng: random.Random) -> date | None:
    """The case's plan, drawn up after the field check; the day the household agreed it
    (None: not yet)."""
    drawn_up = days_ago(rng.randint(PLANS[1], PLANS[0]))
    suggestion = next(iter(plan_suggestions(case.survey)), None)
    activities = []
    pledge = host.pledge
    if pledge is not None and (pledge.lever != Lever.WELFARE or case.needs_care):
        accepted = suggestion is not None and pledge.assistance_type in (
            suggestion.assistance_types
        )
        activities.append(
            {
                "lever": pledge.lever,
                "description": pledge.description,
                "assistance_type": pledge.assistance_type,
                "agency": host.agency,
                "pledge": pledge,
                "from_indicator": suggestion.indicator if accepted else None,
            }
        )
    if suggestion is not None and (not activities or rng.random() < 0.5):
        used = {a["assistance_type"] for a in activities}
        kinds = [k for k in suggestion.assistance_types if k not in used]
        if kinds:
            activities.append(
                {
                    "lever": suggestion.lever,
                    "assistance_type": rng.choice(kinds),
                    # The host coordinates what no pledge covers.
                    "agency": host.agency if pledge is None else None,
                    "from_indicator": suggestion.indicator,
                }
            )
    if not activities or rng.random() < 0.4:
        lever, what = rng.choice(CARE_ACTIVITIES if case.needs_care else FREE_ACTIVITIES)
        activities.append({"lever": lever, "description": what})
    with on_day(drawn_up):
        for values in activities[:3]:
            due = drawn_up + timedelta(days=rng.choice((30, 45, 60, 90, 120, 150)))
            plan_activity_add(target=case, by=by, due_on=due, **values)
    if rng.random() >= AGREED_SHARE:
        return None
    agreed_on = min(drawn_up + timedelta(days=rng.randint(0, 10)), days_ago(1))
    with on_day(agreed_on):
        plan_agree(target=case, agreed_on=agreed_on, by=by)
    return agreed_on


def _help(case: Target, host: HostAssignment, by, agreed_on: date, rng: random.Random) -> date:
    """Help from the host agency recorded by `by`, completing the plan's first activity it
    may complete (else on its pledge's lever). The day the help was given.

    No activity is marked "in progress" (plan_activity_update): on PostgreSQL its lock
    (select_for_update with the nullable `from_indicator` joined) fails, so the demo
    leaves that path alone."""
    given = min(agreed_on + timedelta(days=rng.randint(7, 40)), days_ago(2))
    activities = list(
        PlanActivity.objects.filter(plan__target=case, status__in=OPEN_ACTIVITY).select_related(
            "assistance_type", "pledge"
        )
    )
    done = next((a for a in activities if a.agency_id in (None, host.agency_id)), None)
    if done is not None:
        lever, kind, what = done.lever, done.assistance_type, done.description
    elif host.pledge is not None:
        lever, kind, what = host.pledge.lever, host.pledge.assistance_type, host.pledge.description
    else:
        lever, kind, what = Lever.RAISE_INCOME, None, "อบรมอาชีพระยะสั้น"
    pledge = host.pledge if host.pledge is not None and host.pledge.lever == lever else None
    with on_day(given):
        assistance_record(
            target=case,
            by=by,
            date=given,
            agency=host.agency,
            pledge=pledge,
            lever=lever,
            assistance_type=kind,
            what=what,
            value=Decimal(rng.choice((0, 500, 1500, 3000, 5000))),
            note="",
            plan_activity=done,
        )
    return given


def _visits(case: Target, officer, helped_on: date, rng: random.Random) -> None:
    """One or two follow-up visits after the help, each setting when the next is due (some
    of those days have passed: the officer's overdue list)."""
    visited_on = min(helped_on + timedelta(days=rng.randint(5, 20)), days_ago(1))
    for _n in range(rng.choice((1, 1, 2))):
        due = visited_on + timedelta(days=rng.choice((30, 30, 45, 60)))
        with on_day(visited_on):
            visit_record(
                target=case,
                by=officer,
                visited_on=visited_on,
                findings=rng.choice(FINDINGS),
                next_visit_due=due,
            )
        if due >= days_ago(1):
            break
        visited_on = due


def _later_round(programme: Programme, by, rng: random.Random) -> int:
    """The demo round 2558, imported today: the same households as the round 2556, a few
    per cent richer; the chosen ones climbed over the threshold and graduate on import."""
    if SurveyRound.objects.filter(year_be=LATER_ROUND).exists():
        return 0
    graduating = _graduating(programme, rng)
    households, rows = programme_round_rows()
    for (village, income, _failed), row in zip(households, rows, strict=True):
        key = (village, row[5])
        if key in graduating:
            income = rng.randrange(30_200, 36_000, 100)
        elif income < THRESHOLD:
            income = min(round(income * rng.uniform(1.0, 1.12)), 29_800)
        else:
            income = max(round(income * rng.uniform(0.97, 1.1)), 30_100)
        row[12], row[13] = income, "" if income >= THRESHOLD else "1"
    survey_round = round_create(
        year_be=LATER_ROUND,
        income_threshold=THRESHOLD,
        indicator_set=IndicatorSet.objects.get(code=DEMO_SET),
        by=by,
    )
    import_rows(rows, survey_round=survey_round, by=by)
    return Graduation.objects.filter(survey_round=survey_round).count()


def _graduating(programme: Programme, rng: random.Random) -> set[tuple[str, str]]:
    """The households (village, house number) whose income crossed the threshold: most of
    them helped, some only planned, checked or chosen; two in Mae Rim, whose officer keeps
    cases to follow."""
    by_stage = defaultdict(list)
    for stage, district, village, house_no in (
        programme.targets.exclude(stage=Stage.DROPPED)
        .order_by("district_id", "rank")
        .values_list("stage", "district_id", "household__village_id", "household__house_no")
    ):
        if district == "5007":
            if stage in (Stage.ASSISTED, Stage.IN_CARE):
                by_stage["5007"].append((village, house_no))
            continue
        by_stage[stage].append((village, house_no))
    groups = {
        "assisted": by_stage[Stage.ASSISTED] + by_stage[Stage.IN_CARE],
        "agreed": by_stage[Stage.PLAN_AGREED],
        "verified": by_stage[Stage.VERIFIED],
        "targeted": by_stage[Stage.TARGETED],
        "5007": by_stage["5007"],
    }
    chosen = set()
    for group, count in GRADUATES.items():
        chosen.update(rng.sample(groups[group], min(count, len(groups[group]))))
    return chosen
