"""The demo's poverty programme: Chiang Mai, fiscal year 2557, the model case of DESIGN.md —
972 target households in 313 villages, 72 subdistricts and 16 districts — chosen here by the
targeting rules from a demo จปฐ. round, then checked in the field by the district officers.

The 2557 programme drew on a จปฐ. round of the 2555–2559 indicator set, whose list is not at
hand (DESIGN.md, "Decisions"): the demo round 2556 uses an indicator set named as demo data
that holds the income criterion alone, threshold 30,000 baht (commonly cited, unconfirmed).
The round is made with exactly that footprint of poor households (plus a few just above the
district quotas in Mae Rim, so that a household rejected in the field has a successor) and
brought in through the real import pipeline; every later step goes through the services,
each done by the role that does it in real life, on the day it happened (povertyprog.demo.clock):
the round came in some four months ago, the programme opened a few days later, and the field
checks took the following weeks. The demo has district officers in Mueang and Mae Rim only:
elsewhere the province staff record the results the district offices send in (for part of
each district's cases; the rest are still to be checked). The plans, help, visits and
graduations that follow are povertyprog.demo.care's.
"""

import datetime
import random
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from households.importer.pipeline import build_plan
from households.importer.synthetic import placed_rows, write_csv
from households.models import Capacity, IndicatorSet, Programme, SurveyRound, Target, Verification
from households.programme_services import (
    programme_activate,
    programme_create,
    target_capacity_set,
    target_verify,
    targets_create,
)
from households.services import import_plan_commit, indicator_set_create, round_create
from households.targeting import QuotaMode, TargetingRules, targeting_preview
from povertyprog.areas.models import Province, Village

from .clock import days_ago, on_day

PROVINCE = "50"
PROGRAMME_YEAR, PROGRAMME_ROUND = 2557, 2556
PROGRAMME_NAME = "โครงการบริหารจัดการครัวเรือนยากจนแบบบูรณาการ จังหวัดเชียงใหม่ ปีงบประมาณ 2557"
DEMO_SET = "demo-2555-2559"
THRESHOLD = Decimal(30000)
TARGETS, VILLAGES, SUBDISTRICTS, DISTRICTS = 972, 313, 72, 16
OFFICERS_DISTRICTS = ("5001", "5007")  # Mueang and Mae Rim: the demo's district officers
NOT_POOR = 1500  # households of the round above the threshold, across the province
JUST_MISSED = 3  # poor households in Mae Rim just above its quota: successors for rejections
# The story's days, counted back from today (povertyprog.demo.clock).
ROUND_IMPORTED, OPENED = 130, 125
FIELD_CHECKS = (120, 95)  # the officers' field checks, from … to (days ago)
REPORTED_SHARE = 0.2  # elsewhere: the share of each district's cases checked so far


@dataclass(frozen=True)
class DemoProgramme:
    programme: Programme
    created: bool


def _footprint(rng: random.Random) -> list[str]:
    """The village of each of the 972 target households: 16 districts (the demo officers'
    two among them), 72 subdistricts, 313 villages, every one of them holding at least one."""
    tree: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for code in (
        Village.objects.filter(code__startswith=PROVINCE).order_by("code").values_list("code")
    ):
        tree[code[0][:4]][code[0][:6]].append(code[0])
    others = sorted(set(tree) - set(OFFICERS_DISTRICTS))
    districts = sorted([*OFFICERS_DISTRICTS, *rng.sample(others, DISTRICTS - 2)])
    subdistricts = [rng.choice(sorted(tree[d])) for d in districts]
    rest = sorted({s for d in districts for s in tree[d]} - set(subdistricts))
    subdistricts = sorted([*subdistricts, *rng.sample(rest, SUBDISTRICTS - len(subdistricts))])
    villages = [rng.choice(tree[s[:4]][s]) for s in subdistricts]
    rest = sorted({v for s in subdistricts for v in tree[s[:4]][s]} - set(villages))
    villages = sorted([*villages, *rng.sample(rest, VILLAGES - len(villages))])
    return sorted([*villages, *rng.choices(villages, k=TARGETS - len(villages))])


def _round_households(rng: random.Random) -> list[tuple[str, float, tuple[int, ...]]]:
    """(village, income per person, failed indicators) of every household of the demo round."""
    poor = [(code, float(rng.randrange(9_000, 29_000)), (1,)) for code in _footprint(rng)]
    mae_rim = sorted({code for code, _i, _f in poor if code.startswith("5007")})
    successors = [(rng.choice(mae_rim), float(29_500 + 100 * n), (1,)) for n in range(JUST_MISSED)]
    every_village = list(
        Village.objects.filter(code__startswith=PROVINCE).values_list("code", flat=True)
    )
    not_poor = [
        (rng.choice(every_village), float(round(30_500 + rng.lognormvariate(10.3, 0.7))), ())
        for _ in range(NOT_POOR)
    ]
    return [*poor, *successors, *not_poor]


def demo_programme_round(*, by) -> SurveyRound:
    """The demo round 2556 (income criterion only), imported through the pipeline once."""
    survey_round = SurveyRound.objects.filter(year_be=PROGRAMME_ROUND).first()
    if survey_round is not None:
        return survey_round
    indicator_set = IndicatorSet.objects.filter(code=DEMO_SET).first() or indicator_set_create(
        code=DEMO_SET,
        name_th="ข้อมูลสาธิต: เกณฑ์รายได้ จปฐ. 2555–2559 (ไม่ใช่ชุดตัวชี้วัดจริง)",
        first_year_be=2555,
        last_year_be=2559,
        indicators=[
            {
                "number": 1,
                "category": 4,
                "category_name_th": "การมีงานทำและรายได้",
                "text_th": "รายได้เฉลี่ยของคนในครัวเรือนต่อปี (ข้อมูลสาธิต)",
                "is_income": True,
                "lever": "raise_income",
            }
        ],
        by=None,
    )
    survey_round = round_create(
        year_be=PROGRAMME_ROUND,
        income_threshold=THRESHOLD,
        indicator_set=indicator_set,
        by=by,
    )
    _, rows = programme_round_rows()
    import_rows(rows, survey_round=survey_round, by=by)
    return survey_round


def programme_round_rows() -> tuple[list[tuple[str, float, tuple[int, ...]]], list[list]]:
    """The demo round 2556's households (village, income, failed indicators) and its file's
    rows, in the same order: the same every time (a later round surveys the same houses)."""
    rng = random.Random(f"programme-{PROVINCE}-{PROGRAMME_YEAR}")  # noqa: S311 - repeatable
    households = _round_households(rng)
    return households, list(placed_rows(households, seed=PROGRAMME_ROUND, first_house_no=800))


def import_rows(rows: list[list], *, survey_round: SurveyRound, by) -> None:
    """Bring a round's rows in through the real import pipeline (file, plan, commit), as a
    CSV file: the pipeline reads it as it reads a sheet, and writing and reading it is
    much quicker than an .xlsx (the demo's upload sample stays a sheet)."""
    with tempfile.TemporaryDirectory() as folder:
        path = write_csv(Path(folder) / f"bmn-{survey_round.year_be}-chiangmai.csv", rows)
        plan = build_plan(
            path, file_name=path.name, survey_round=survey_round, province_code=PROVINCE
        )
        import_plan_commit(plan=plan, by=by)


def demo_programme(*, admin, staff, officers: dict) -> DemoProgramme:
    """The 2557 programme: opened and targeted by province staff (972 households by district
    quotas), then checked in the field by the Mae Rim and Mueang officers (`officers`:
    district code → user): most confirmed and classed, one Mae Rim household found moved away
    and replaced by the next in line; elsewhere the staff record part of the districts'
    results."""
    existing = Programme.objects.filter(province_id=PROVINCE, fiscal_year_be=PROGRAMME_YEAR)
    if existing.exists():
        return DemoProgramme(existing.get(), created=False)
    with on_day(days_ago(ROUND_IMPORTED)):
        survey_round = demo_programme_round(by=admin)
    with on_day(days_ago(OPENED)):
        programme = _open_and_target(survey_round, staff)
    _field_checks(programme, officers)
    _reported_checks(programme, staff, exclude=set(officers))
    return DemoProgramme(programme, created=True)


def _open_and_target(survey_round: SurveyRound, staff) -> Programme:
    programme = programme_create(
        province=Province.objects.get(code=PROVINCE),
        fiscal_year_be=PROGRAMME_YEAR,
        name=PROGRAMME_NAME,
        target_households=TARGETS,
        survey_round=survey_round,
        by=staff,
    )
    programme = programme_activate(programme=programme, by=staff)
    poor = (
        survey_round.surveys.filter(income_per_person__lt=THRESHOLD)
        .values_list("household__village_id", flat=True)
        .order_by()
    )
    quotas: dict[str, int] = defaultdict(int)
    for village in poor:
        quotas[village[:4]] += 1
    quotas["5007"] -= JUST_MISSED
    rules = TargetingRules(quota_mode=QuotaMode.NUMBER, district_quotas=dict(quotas))
    preview = targeting_preview(programme=programme, rules=rules, user=staff)
    targets_create(programme=programme, rules=rules, state_token=preview.state_token, by=staff)
    return programme


_CAPACITIES = [
    (Capacity.SELF_DEVELOP, "มีแรงงานในครัวเรือน พร้อมเข้าร่วมกิจกรรม"),
    (Capacity.CARE_ELDERLY, "ผู้สูงอายุอยู่ลำพัง ไม่มีรายได้ประจำ"),
    (Capacity.CARE_DISABLED, "หัวหน้าครัวเรือนเป็นผู้พิการ"),
    (Capacity.CARE_ILL, "มีผู้ป่วยติดเตียงในครัวเรือน"),
]


def _check_day(rng: random.Random) -> datetime.date:
    return days_ago(rng.randint(FIELD_CHECKS[1], FIELD_CHECKS[0]))


def _confirm(case: Target, by, rng: random.Random) -> None:
    """A household found as the round said, and classed."""
    with on_day(_check_day(rng)):
        target_verify(target=case, outcome=Verification.CONFIRMED, note="", by=by)
        capacity, reason = rng.choices(_CAPACITIES, weights=[14, 3, 1, 1])[0]
        target_capacity_set(target=case, capacity=capacity, reason=reason, by=by)


def _field_checks(programme: Programme, officers: dict) -> None:
    rng = random.Random(f"field-{PROGRAMME_YEAR}")  # noqa: S311 - repeatable
    for district, officer in sorted(officers.items()):
        cases = list(
            Target.objects.filter(programme=programme, district_id=district)
            .select_related("household")
            .order_by("rank")
        )
        if district == "5007":
            # A household in a village with other cases moved away: replaced by the next in line.
            by_village = defaultdict(list)
            for case in cases:
                by_village[case.household.village_id].append(case)
            moved = next(c for c in cases if len(by_village[c.household.village_id]) > 1)
            with on_day(days_ago(FIELD_CHECKS[0])):
                target_verify(
                    target=moved,
                    outcome=Verification.MOVED,
                    note="ย้ายไปอยู่กับบุตรที่กรุงเทพฯ ตั้งแต่ต้นปี 2557 (ผู้ใหญ่บ้านแจ้ง)",
                    by=officer,
                )
            cases.remove(moved)
        for case in cases[: len(cases) * 2 // 3]:  # a third still to visit
            _confirm(case, officer, rng)


def _reported_checks(programme: Programme, staff, *, exclude: set[str]) -> None:
    """Districts without a demo officer: the staff record the results the district office
    sent in for the first part of its cases (by rank)."""
    rng = random.Random(f"reported-{PROGRAMME_YEAR}")  # noqa: S311 - repeatable
    cases = defaultdict(list)
    for case in (
        Target.objects.filter(programme=programme)
        .exclude(district_id__in=exclude)
        .order_by("district_id", "rank")
    ):
        cases[case.district_id].append(case)
    for district in sorted(cases):
        for case in cases[district][: round(len(cases[district]) * REPORTED_SHARE)]:
            _confirm(case, staff, rng)
