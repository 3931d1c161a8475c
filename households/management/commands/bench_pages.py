"""Benchmark the pages people open all day against hand-written SQL in the same run (STYLE.md §17).

A province's round of N synthetic households is imported through the import pipeline (as
`bench_import` does) into the bench's own database (households/management/bench_database.py:
committed, vacuumed and analyzed, as a province's registry is, and dropped afterwards; on
SQLite, a transaction rolled back); a programme of the round gets `--targets` cases
(`targets_create`), and an agency hosts some of them (`host_assign`), its liaison linked to
it. Each page is requested through Django's test Client, as a province staff user and as the
Mae Rim district officer (the case lists too), and as the agency's liaison (their hosted
cases): p50/p95 of the server time over repeated requests, and the number of queries. The
baseline of each page is the same rows (or figures) fetched by one hand-written SQL
statement, timed the same way in the same run: the ratio page / baseline says how much the
page adds to what the database must do anyway. PASS/FAIL compares the p95 with the goal of
issue 9: 150 ms for a district officer, 250 ms for province staff; the liaison's page is
held to the district officer's 150 ms.

The working database is never written to (on SQLite, nothing it writes is kept).
"""

import secrets
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from urllib.parse import urlencode

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from agencies.models import Agency, AgencyType
from agencies.services.agencies import agency_ensure, agency_liaison_link
from povertyprog.accounts.roles import Role
from povertyprog.accounts.services import user_set_up
from povertyprog.areas.models import Province, Village

from ...importer.pipeline import build_plan
from ...importer.synthetic import synthetic_rows, write_csv
from ...manage_services import host_assign
from ...models import (
    HostAssignment,
    Household,
    HouseholdSurvey,
    Programme,
    SurveyRound,
    Target,
    TargetingRun,
)
from ...programme_services import programme_activate, programme_create, targets_create
from ...services import import_plan_commit
from ...targeting import TargetingRules, targeting_preview
from ..bench_database import bench_database
from ..bench_figures import percentile_ms
from .bench_import import _bench_round, _database

GOAL_MS = {"province staff": 250.0, "district officer": 150.0, "agency liaison": 150.0}
AREA_USERS = frozenset({"province staff", "district officer"})
DISTRICT = "5007"  # Mae Rim, the district officer of the measurements
SEARCHED_NAME = "ปัญญาดี"  # a common northern last name of the synthetic files


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    baseline: Callable[[str, SurveyRound], tuple[str, list]]  # (scope, round) -> (sql, params)
    admin_only: bool = False  # a page of province admins: measured as one, with staff's goal
    users: frozenset[str] = AREA_USERS  # who the page is measured for


@dataclass(frozen=True)
class Measure:
    p50: float
    p95: float

    @classmethod
    def of(cls, seconds: list[float]) -> "Measure":
        return cls(percentile_ms(seconds, 50), percentile_ms(seconds, 95))


class Command(BaseCommand):
    help = (
        "Fill a round of N synthetic households, then print p50/p95 server time and queries of "
        "the registry list, the home page and the other list pages for province staff and a "
        "district officer, against hand-written SQL, in a database of its own dropped afterwards."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--households", type=int, default=200_000)
        parser.add_argument("--province", default="50", help="2-digit province code")
        parser.add_argument("--repeat", type=int, default=20, help="timed requests per page")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--targets", type=int, default=3_000, help="cases of the programme (case lists)"
        )
        parser.add_argument(
            "--hosted", type=int, default=300, help="of those, cases an agency hosts"
        )

    def handle(self, *args, **options) -> None:
        count, province_code = options["households"], options["province"]
        if min(count, options["repeat"], options["targets"]) < 1 or options["hosted"] < 0:
            raise CommandError("--households, --repeat and --targets must be at least 1.")
        province = Province.objects.filter(code=province_code).first()
        if province is None:
            raise CommandError(
                f"No province has the code {province_code!r}; run `manage.py load_areas`."
            )
        district = DISTRICT if province_code == "50" else _first_district(province_code)
        self.stdout.write(
            f"bench_pages: {count:,} synthetic households of {province.name_th}, "
            f"{options['repeat']} requests per page, on {_database()}"
        )
        with bench_database(_TABLES) as bench:
            started = time.perf_counter()
            survey_round = _fill(count, province_code, options["seed"])
            cases = _programme(province, survey_round, options["targets"])
            liaison, agency, hosted = _hosts(province, cases, options["hosted"])
            bench.settle()
            self.stdout.write(
                f"filled, vacuumed and analyzed {bench.where} in "
                f"{time.perf_counter() - started:.1f} s (not timed); "
                f"a programme of {len(cases):,} cases, {hosted:,} hosted by an agency"
            )
            admin, staff, officer = (
                user_set_up(
                    username=f"bench_pages_{name}",
                    role=role,
                    area_scope=scope,
                    password=secrets.token_urlsafe(),
                )[0]
                for name, role, scope in (
                    ("admin", Role.PROVINCE_ADMIN, province_code),
                    ("staff", Role.PROVINCE_STAFF, province_code),
                    ("district", Role.DISTRICT_OFFICER, district),
                )
            )
            users = {
                "province staff": staff,
                "district officer": officer,
                "agency liaison": liaison,
            }
            pages = _pages(survey_round, agency)
            failures = 0
            with override_settings(ALLOWED_HOSTS=["testserver"]):
                for label, user in users.items():
                    failures += self._bench_user(
                        label, user, survey_round, pages, options["repeat"], admin=admin
                    )
        self.stdout.write(
            f"{'all pages PASS' if not failures else f'{failures} page(s) FAIL'}; {bench.gone}"
        )

    def _bench_user(
        self,
        label: str,
        user,
        survey_round: SurveyRound,
        pages: list["Page"],
        repeat: int,
        *,
        admin,
    ) -> int:
        user_client, admin_client = Client(), Client()
        user_client.force_login(user)
        admin_client.force_login(admin)
        scope = user.area_scope
        goal = GOAL_MS[label]
        failures = 0
        self.stdout.write(f"{label} (scope {scope}), goal p95 < {goal:.0f} ms:")
        for page in pages:
            if label not in page.users or (page.admin_only and label != "province staff"):
                continue
            client = admin_client if page.admin_only else user_client
            response = client.get(page.path)  # warm-up, and the page's queries counted
            if response.status_code != 200:
                self.stdout.write(f"  {page.name:<22} skipped: answers {response.status_code}")
                continue
            request = partial(client.get, page.path)
            queries = _count_queries(request)
            timed = Measure.of([_timed(request) for _ in range(repeat)])
            fetch = partial(_fetch, *page.baseline(scope, survey_round))
            base = Measure.of([_timed(fetch) for _ in range(repeat)])
            verdict = "PASS" if timed.p95 < goal else "FAIL"
            failures += verdict == "FAIL"
            self.stdout.write(
                f"  {page.name:<22} p50 {timed.p50:7.1f} ms  p95 {timed.p95:7.1f} ms  "
                f"queries {queries:3}  baseline p50 {base.p50:7.1f} ms "
                f"p95 {base.p95:7.1f} ms  ratio {timed.p95 / max(base.p95, 0.001):5.1f}  "
                f"{verdict}"
            )
        return failures


def _first_district(province_code: str) -> str:
    from povertyprog.areas.models import District

    return District.objects.filter(province_id=province_code).order_by("code").first().code


def _fill(count: int, province_code: str, seed: int) -> SurveyRound:
    """A new round of `count` households of the province, through the import pipeline."""
    survey_round = _bench_round()
    with tempfile.TemporaryDirectory(prefix="bench_pages_") as tmp:
        path = write_csv(
            Path(tmp) / "bench.csv",
            synthetic_rows(count, province_code=province_code, seed=seed),
        )
        plan = build_plan(
            path, file_name=path.name, survey_round=survey_round, province_code=province_code
        )
        import_plan_commit(plan=plan, by=None)
    return survey_round


def _timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def _count_queries(call: Callable[[], object]) -> int:
    """Statements run by one call (the request_started signal resets connection.queries, so
    CaptureQueriesContext cannot count across a Client request)."""
    count = 0

    def counting(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counting):
        call()
    return count


def _fetch(sql: str, params: list) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# The pages and their baselines --------------------------------------------------------------

_LIST_ROWS = """
    SELECT s.id, s.head_prefix, s.head_first_name, s.head_last_name, s.citizen_id_encrypted,
           s.members, s.income_per_person, s.failed_indicators, h.id, h.house_no, v.code,
           v.name_th, sd.name_th, d.name_th, r.income_threshold
    FROM households_householdsurvey s
    JOIN households_household h ON h.id = s.household_id
    JOIN areas_village v ON v.code = h.village_id
    JOIN areas_subdistrict sd ON sd.code = v.subdistrict_id
    JOIN areas_district d ON d.code = sd.district_id
    JOIN households_surveyround r ON r.id = s.survey_round_id
    WHERE s.survey_round_id = %s AND h.village_id LIKE %s {where}
    ORDER BY h.village_id, h.house_no
    LIMIT 50
"""


def _list_baseline(where: str = "", extra: Callable[[], list] = list):
    def baseline(scope: str, survey_round: SurveyRound) -> tuple[str, list]:
        return _LIST_ROWS.format(where=where), [survey_round.pk, f"{scope}%", *extra()]

    return baseline


def _home_baseline(scope: str, survey_round: SurveyRound) -> tuple[str, list]:
    # The home page's figures: households and poor households per district of the round.
    sql = """
        SELECT substr(h.village_id, 1, 4), count(*),
               count(*) FILTER (WHERE s.income_per_person < %s)
        FROM households_householdsurvey s
        JOIN households_household h ON h.id = s.household_id
        WHERE s.survey_round_id = %s AND h.village_id LIKE %s
        GROUP BY 1 ORDER BY 1
    """
    return sql, [survey_round.income_threshold, survey_round.pk, f"{scope}%"]


def _imports_baseline(scope: str, survey_round: SurveyRound) -> tuple[str, list]:
    sql = """
        SELECT b.*, r.year_be, p.name_th FROM households_importbatch b
        JOIN households_surveyround r ON r.id = b.survey_round_id
        JOIN areas_province p ON p.code = b.province_id
        WHERE b.province_id LIKE %s ORDER BY b.id DESC LIMIT 100
    """
    return sql, [f"{scope[:2]}%"]


def _mous_baseline(scope: str, survey_round: SurveyRound) -> tuple[str, list]:
    sql = """
        SELECT m.*, (SELECT count(*) FROM agencies_mousignatory g WHERE g.mou_id = m.id)
        FROM agencies_mou m WHERE m.province_id LIKE %s
        ORDER BY m.fiscal_year_be DESC, m.signed_on DESC, m.id DESC LIMIT 50
    """
    return sql, [f"{scope[:2]}%"]


def _pages(survey_round: SurveyRound, agency: Agency) -> list[Page]:
    registry = reverse("households:list")
    poor_22 = {"poor": "yes", "failed": "22", "sort": "-income"}
    return [
        Page("registry: first page", registry, _list_baseline()),
        Page(
            "registry: poor, ind. 22",
            f"{registry}?{urlencode(poor_22)}",
            _list_baseline_poor(survey_round),
        ),
        Page(
            "registry: search",
            f"{registry}?{urlencode({'q': SEARCHED_NAME})}",
            _list_baseline(
                "AND (s.head_first_name LIKE %s OR s.head_last_name LIKE %s)",
                lambda: [f"%{SEARCHED_NAME}%", f"%{SEARCHED_NAME}%"],
            ),
        ),
        Page("home", reverse("home"), _home_baseline),
        Page(
            "imports (as admin)",
            reverse("households:import_list"),
            _imports_baseline,
            admin_only=True,
        ),
        Page("MOUs", reverse("agencies:mou_list"), _mous_baseline),
        Page("cases", reverse("households:case_list"), _cases_baseline),
        Page(
            "hosted cases",
            reverse("households:hosted_cases"),
            _hosted_baseline(agency.pk),
            users=frozenset({"agency liaison"}),
        ),
    ]


def _list_baseline_poor(survey_round: SurveyRound):
    def baseline(scope: str, survey_round: SurveyRound) -> tuple[str, list]:
        sql = _LIST_ROWS.format(
            where="AND s.income_per_person < %s AND s.failed_indicators LIKE %s"
        ).replace(
            "ORDER BY h.village_id, h.house_no", "ORDER BY s.income_per_person DESC, s.id DESC"
        )
        return sql, [survey_round.pk, f"{scope}%", survey_round.income_threshold, "%,22,%"]

    return baseline


# The case lists ------------------------------------------------------------------------------

_TABLES = (
    Village,
    Household,
    HouseholdSurvey,
    Programme,
    TargetingRun,
    Target,
    HostAssignment,
)


def _programme(province: Province, survey_round: SurveyRound, count: int) -> list[int]:
    """An active programme of the round with `count` cases (fewer if the round has fewer poor
    households), created as the targeting screen creates them; their ids."""
    programme = programme_create(
        province=province,
        fiscal_year_be=survey_round.year_be + 1,
        name="bench_pages",
        target_households=count,
        survey_round=survey_round,
        by=None,
    )
    rules = TargetingRules()
    token = targeting_preview(programme=programme, rules=rules).state_token
    targets_create(programme=programme, rules=rules, state_token=token, by=None)
    programme_activate(programme=programme, by=None)
    return list(programme.targets.order_by("pk").values_list("pk", flat=True))


def _hosts(province: Province, cases: list[int], count: int):
    """An agency of the province hosting every n-th case, `count` in all (the cases spread
    over the province), and its liaison: (liaison, agency, cases hosted)."""
    agency, _created = agency_ensure(
        name_th="bench_pages: หน่วยงานเจ้าภาพ",
        agency_type=AgencyType.GOVERNMENT,
        province_code=province.code,
    )
    liaison = user_set_up(
        username="bench_pages_liaison",
        role=Role.AGENCY_LIAISON,
        area_scope=province.code,
        password=secrets.token_urlsafe(),
    )[0]
    agency_liaison_link(user=liaison, agency=agency, by=None)
    step = max(1, len(cases) // count) if count else 0
    hosted = cases[::step][:count] if step else []
    for target in Target.objects.filter(pk__in=hosted):
        host_assign(target=target, agency=agency, by=None)
    return liaison, agency, len(hosted)


def _cases_baseline(scope: str, survey_round: SurveyRound) -> tuple[str, list]:
    # The case list's first page: 25 rows, by village and house number (as the registry's
    # baselines, without the total the page counts).
    sql = """
        SELECT t.id, t.rank, t.stage, t.capacity, p.name, p.fiscal_year_be, h.id, h.house_no,
               v.code, v.name_th, sd.name_th, d.name_th, s.head_prefix,
               s.head_first_name, s.head_last_name, s.income_per_person
        FROM households_target t
        JOIN households_household h ON h.id = t.household_id
        JOIN areas_village v ON v.code = h.village_id
        JOIN areas_subdistrict sd ON sd.code = v.subdistrict_id
        JOIN areas_district d ON d.code = sd.district_id
        JOIN households_programme p ON p.id = t.programme_id
        JOIN households_householdsurvey s ON s.id = t.survey_id
        WHERE h.village_id LIKE %s
        ORDER BY h.village_id, h.house_no, t.id
        LIMIT 25
    """
    return sql, [f"{scope}%"]


def _hosted_baseline(agency_id: int):
    def baseline(scope: str, survey_round: SurveyRound) -> tuple[str, list]:
        # The liaison's first page: their agency's current cases, with host and pledge.
        sql = """
            SELECT t.id, t.stage, h.id, h.house_no, v.code, v.name_th, p.name,
                   a.name_th, a.short_name, pl.description
            FROM households_hostassignment ha
            JOIN households_target t ON t.id = ha.target_id
            JOIN households_household h ON h.id = t.household_id
            JOIN areas_village v ON v.code = h.village_id
            JOIN households_programme p ON p.id = t.programme_id
            JOIN agencies_agency a ON a.id = ha.agency_id
            LEFT JOIN agencies_pledge pl ON pl.id = ha.pledge_id
            WHERE ha.agency_id = %s AND ha.ended_at IS NULL
            ORDER BY h.village_id, h.house_no, t.id
            LIMIT 25
        """
        return sql, [agency_id]

    return baseline
