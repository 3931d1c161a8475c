"""Benchmark the fair's check-in endpoint under the load of a fair morning (issue 10, Speed),
against a bare write through the same stack measured in the same run (STYLE.md §17).

On PostgreSQL only, in a database of its own (households/management/bench_database.py:
committed, vacuumed and analyzed, dropped afterwards). A programme of N synthetic cases is
written with bulk inserts (households, their surveys, the cases, the fair's invitations):
the check-in reads an invitation by its code and writes a check-in, so what the rows say
does not matter, and the import pipeline would take minutes for what bulk inserts write
in seconds. Desk users (fair desk staff of the province) get known passwords.

gunicorn is started with the production settings (events/management/bench_settings.py:
production's, plus the baseline's URL) on a free loopback port; the desks log in through
the login form (django-axes on) and then, one target after the other, the same number of
concurrent clients for the same time drive:

- `healthz`: GET /healthz (one SELECT 1): the ceiling of the stack and of the client;
- `bare UPDATE`: a POST with the session and CSRF token to a view that updates one row in
  a transaction (events/management/bench_urls.py);
- `check-in`: POST /fairs/<pk>/check-in/ with codes taken from a shared shuffled list,
  about 5 % of them a code sent before (new nonce: already checked in), 5 % a request
  sent again with its nonce (a replay: must be answered as the first time) and 1 %
  codes no invitation has.

Then the database is counted: the check-ins are exactly the invitations answered
"checked_in", none twice; each replayed nonce was answered identically; one
CheckInAttempt per nonce answered. The goal line: ≥ 250 check-ins/s with p95 < 100 ms,
no error, nothing lost or doubled.

Workers: `--worker-class sync` by default, 2 × cores + 1 of them (gunicorn's advice, and
the README's deployment). Measured on the 2-core machine the same night, 16 clients, 20 s
per target, under the load of other jobs: sync served 552 healthz/s, 289 bare UPDATEs/s
and 53 check-ins/s; gthread (4 threads a worker) 297, 164 and 37 two minutes later. In
the same run, check-ins ÷ bare UPDATEs was 0.18 (sync) and 0.22 (gthread): no gain from
threads that share one GIL per worker on two cores, and a sync worker behind the proxy
(which buffers slow clients) is the simpler process. `--worker-class gthread` measures it
again. After the check-in's reads were made one statement (issue 10), the same machine,
one run each, alternated: 3 sync workers served 366 and 387 check-ins/s, 5 served 378 and
381, 8 served 429 and 284, gthread (5 × 2 threads) 330: no count beats the run-to-run
spread, and the default stays 2 × cores + 1.
"""

import json
import os
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from households.management.bench_database import bench_database
from households.management.commands.bench_import import _bench_round
from households.models import Household, HouseholdSurvey, Programme, Target, TargetingRun
from households.programme_services import programme_create
from povertyprog.accounts.models import User
from povertyprog.accounts.roles import Role
from povertyprog.areas.models import Province, Subdistrict, Village
from povertyprog.core.crypto import generate_key

from ...codes import code_new
from ...models import CheckIn, CheckInAttempt, Desk, Fair, Invitation
from ..bench_client import DeskSession, Outcome, drive, post_json

GOAL_PER_SECOND = 250
GOAL_P95_MS = 100.0
PROVINCE = "50"
REPEATED, REPLAYED, UNKNOWN = 0.05, 0.05, 0.01
RESULTS = frozenset({"checked_in", "already_checked_in", "unknown_code"})
_TABLES = (Village, Household, HouseholdSurvey, Programme, TargetingRun, Target, Invitation)


class Command(BaseCommand):
    help = (
        "Fill a fair with N invitations, start gunicorn with the production settings and "
        "drive check-ins from concurrent desk sessions, against /healthz and a bare UPDATE "
        "in the same run; count that nothing was lost or doubled. PostgreSQL only."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--invitations", type=int, default=10_000)
        parser.add_argument("--seconds", type=float, default=20.0, help="of load per target")
        parser.add_argument("--clients", type=int, default=16, help="concurrent desk sessions")
        parser.add_argument(
            "--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn's"
        )
        parser.add_argument("--worker-class", choices=("sync", "gthread"), default="sync")
        parser.add_argument("--threads", type=int, default=4, help="per gthread worker")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options) -> None:
        if connection.vendor != "postgresql":
            raise CommandError(
                "bench_checkin measures the production stack, which runs on PostgreSQL: set "
                "DATABASE_URL=postgres://… (SQLite serializes every write; no goal is its)."
            )
        count, clients, seconds = options["invitations"], options["clients"], options["seconds"]
        if min(count, clients, options["workers"], options["threads"]) < 1 or seconds <= 0:
            raise CommandError("--invitations, --clients, --workers, --threads, --seconds > 0.")
        workers = f"{options['workers']} {options['worker_class']} workers" + (
            f" × {options['threads']} threads" if options["worker_class"] == "gthread" else ""
        )
        self.stdout.write(
            f"bench_checkin: {count:,} invitations, {clients} desk sessions, {seconds:g} s per "
            f"target, gunicorn {workers}, on {connection.settings_dict['NAME']}"
        )
        with bench_database(_TABLES) as bench:
            started = time.perf_counter()
            fair, desks, users = _fill(count, clients)
            bench.settle()
            self.stdout.write(
                f"filled, vacuumed and analyzed {bench.where} in "
                f"{time.perf_counter() - started:.1f} s (not timed)"
            )
            with _gunicorn(options) as port:
                outcome = self._load(port, fair, desks, users, seconds, options["seed"])
            failures = self._count(fair, *outcome)
        self.stdout.write(bench.gone)
        if failures:
            self.stderr.write(f"{failures} check(s) failed")

    def _load(self, port, fair, desks, users, seconds, seed):
        started = time.perf_counter()
        sessions = [DeskSession(port) for _ in users]
        _each(sessions, lambda s, n: s.log_in(users[n][0], users[n][1]))
        self.stdout.write(
            f"logged in {len(sessions)} desk sessions in {time.perf_counter() - started:.1f} s "
            "(the login form, django-axes on; not timed)"
        )
        codes = list(Invitation.objects.filter(fair=fair).values_list("code", flat=True))
        plan = CheckInPlan(codes, seed)
        check_in_path = f"/fairs/{fair.pk}/check-in/"

        def healthz(session: DeskSession, number: int) -> str | None:
            status, body = session.request("GET", "/healthz")
            return None if status == 200 and b'"ok"' in body else f"healthz {status}"

        def bare(session: DeskSession, number: int) -> str | None:
            status, body = post_json(session, f"/bench/update/{desks[number]}/", None)
            ok = status == 200 and body == {"updated": 1}
            return None if ok else f"bare UPDATE {status} {body}"

        def check_in(session: DeskSession, number: int) -> str | None:
            send = plan.next()
            status, body = post_json(
                session,
                check_in_path,
                {
                    "code": send.code,
                    "desk": desks[number],
                    "nonce": send.nonce,
                    "scanned_at": timezone.now().isoformat(),
                },
            )
            if status != 200 or not isinstance(body, dict) or body.get("result") not in RESULTS:
                return f"check-in {status} {body}"
            plan.answered(send, body)
            if (body["result"] == "unknown_code") != send.unknown:
                return f"check-in of {send.code} answered {body['result']}"
            return None

        results = {}
        for name, request in (("healthz", healthz), ("bare UPDATE", bare), ("check-in", check_in)):
            results[name] = drive(sessions, request, seconds)
        for session in sessions:
            session.close()
        for name, result in results.items():
            self.stdout.write(_line(name, result))
        ratio = results["check-in"].per_second / max(results["bare UPDATE"].per_second, 0.001)
        self.stdout.write(f"check-ins/s ÷ bare UPDATEs/s: {ratio:.2f}")
        return results["check-in"], plan

    def _count(self, fair: Fair, load: Outcome, plan: "CheckInPlan") -> int:
        """The database against the answers: prints what was lost or doubled; the number of
        failed checks (the goal's among them)."""
        answers = plan.answers
        first = {nonce: given[0] for nonce, given in answers.items()}
        results = Counter(answer["result"] for answer in first.values())
        checked_in = defaultdict(set)  # code -> the nonces answered "checked_in"
        for nonce, answer in first.items():
            if answer["result"] == "checked_in":
                checked_in[answer["code"]].add(nonce)
        recorded = set(CheckIn.objects.filter(fair=fair).values_list("invitation__code", flat=True))
        twice = (
            CheckIn.objects.filter(fair=fair)
            .values("target")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
            .count()
        )
        replays = [nonce for nonce in plan.replayed if nonce in answers]
        differing = [
            nonce
            for nonce in replays
            if len({json.dumps(a, sort_keys=True) for a in answers[nonce]}) > 1
        ]
        attempts = CheckInAttempt.objects.filter(fair=fair).count()
        problems = []
        lost = set(checked_in) - recorded
        if lost:
            problems.append(f"{len(lost)} answered checked_in without a check-in")
        unanswered = recorded - set(checked_in)
        if unanswered:
            problems.append(f"{len(unanswered)} check-ins never answered checked_in")
        doubled = sum(len(nonces) > 1 for nonces in checked_in.values())
        if doubled:
            problems.append(f"{doubled} invitations answered checked_in twice")
        if twice:
            problems.append(f"{twice} invitations with two check-ins")
        if differing:
            problems.append(f"{len(differing)} replayed nonces answered differently")
        if attempts != len(answers):
            problems.append(f"{attempts} CheckInAttempt rows for {len(answers)} nonces")
        self.stdout.write(
            f"database: {len(recorded):,} check-ins for {len(checked_in):,} invitations "
            f'answered "checked_in"; {results["already_checked_in"]:,} already_checked_in, '
            f"{results['unknown_code']:,} unknown_code; {len(replays):,} replayed nonces, "
            f"{len(replays) - len(differing):,} answered identically; {attempts:,} "
            f"CheckInAttempt rows for {len(answers):,} distinct nonces"
        )
        self.stdout.write(
            "nothing lost or doubled" if not problems else "LOST OR DOUBLED: " + "; ".join(problems)
        )
        p95 = load.percentile(95)
        passed = (
            load.per_second >= GOAL_PER_SECOND
            and p95 < GOAL_P95_MS
            and not load.errors
            and not problems
        )
        self.stdout.write(
            f"goal: ≥ {GOAL_PER_SECOND} check-ins/s ({load.per_second:.0f}), p95 < "
            f"{GOAL_P95_MS:.0f} ms ({p95:.1f}), zero errors ({len(load.errors)}), zero lost or "
            f"doubled ({len(problems)} problem(s)): {'PASS' if passed else 'FAIL'}"
        )
        return len(problems)


def _line(name: str, outcome: Outcome) -> str:
    line = (
        f"  {name:<12} {outcome.count:7,} requests  {outcome.per_second:7.1f} req/s  "
        f"p50 {outcome.percentile(50):6.1f} ms  p95 {outcome.percentile(95):6.1f} ms  "
        f"p99 {outcome.percentile(99):6.1f} ms  errors {len(outcome.errors)}  "
        f"(client CPU {outcome.client_cpu / outcome.seconds:.0%} of a core)"
    )
    if outcome.errors:
        line += f" (first: {outcome.errors[0][:200]})"
    return line


def _each(sessions: list[DeskSession], call) -> None:
    """`call(session, number)` for every session at once (the logins); the first error raised."""
    errors: list[Exception] = []

    def run(session, number):
        try:
            call(session, number)
        except Exception as error:  # reported below, once the others have ended
            errors.append(error)

    threads = [threading.Thread(target=run, args=(s, n)) for n, s in enumerate(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise CommandError(f"A desk could not log in: {errors[0]}")


# The load of the check-ins ----------------------------------------------------------------


@dataclass(frozen=True)
class Send:
    code: str
    nonce: str
    unknown: bool = False  # a code no invitation has


@dataclass
class CheckInPlan:
    """What the desks send next, shared by their threads: mostly fresh codes of a shuffled
    list; sometimes a code sent before with a new nonce, a request sent again with its
    nonce, or a code no invitation has. Keeps every answer per nonce."""

    codes: list[str]
    seed: int
    sent: list[Send] = field(default_factory=list)
    replayed: set[str] = field(default_factory=set)
    answers: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))

    def __post_init__(self) -> None:
        self.random = random.Random(self.seed)  # noqa: S311 - a load's mix, not a secret
        self.random.shuffle(self.codes)
        self.known = set(self.codes)
        self.lock = threading.Lock()

    def next(self) -> Send:
        with self.lock:
            roll = self.random.random()
            known = [send for send in self.sent[-5000:] if not send.unknown]
            if known and roll < REPLAYED:
                send = self.random.choice(self.sent[-5000:])
                self.replayed.add(send.nonce)
                return send
            if known and (roll < REPLAYED + REPEATED or not self.codes):
                send = Send(self.random.choice(known).code, secrets.token_hex(12))
            elif roll < REPLAYED + REPEATED + UNKNOWN:
                code = code_new()
                while code in self.known:
                    code = code_new()
                send = Send(code, secrets.token_hex(12), unknown=True)
            else:
                send = Send(self.codes.pop(), secrets.token_hex(12))
            self.sent.append(send)
            return send

    def answered(self, send: Send, answer: dict) -> None:
        with self.lock:
            self.answers[send.nonce].append(answer)


# The fair ------------------------------------------------------------------------------


def _fill(count: int, clients: int) -> tuple[Fair, list[int], list[tuple[str, str]]]:
    """A programme of `count` cases spread over the province's villages, a fair inviting
    them all, one desk and one desk user per client: (fair, desk ids, (username, password))."""
    survey_round = _bench_round()
    province = Province.objects.get(code=PROVINCE)
    villages = _villages(max(1, count // 40))
    programme = programme_create(
        province=province,
        fiscal_year_be=survey_round.year_be + 1,
        name="bench_checkin",
        target_households=count,
        survey_round=survey_round,
        by=None,
    )
    households = Household.objects.bulk_create(
        [
            Household(village_id=villages[i % len(villages)], house_no=f"{i // len(villages) + 1}")
            for i in range(count)
        ],
        batch_size=2000,
    )
    surveys = HouseholdSurvey.objects.bulk_create(
        [
            HouseholdSurvey(
                household=household,
                survey_round=survey_round,
                head_first_name=f"ผู้รับเชิญ {i + 1}",
                citizen_id_encrypted="-",
                citizen_id_hash=f"{i:032x}",
                members=3,
                income_per_person=Decimal(20000),
                failed_indicators=",22,",
                content_hash="bench_checkin",
            )
            for i, household in enumerate(households)
        ],
        batch_size=2000,
    )
    run = TargetingRun.objects.create(programme=programme, rules={}, state_token="bench")  # noqa: S106
    ranks: Counter = Counter()
    targets = []
    for household, survey in zip(households, surveys, strict=True):
        district = household.village_id[:4]
        ranks[district] += 1
        targets.append(
            Target(
                programme=programme,
                household=household,
                survey=survey,
                district_id=district,
                rank=ranks[district],
                selected_by_run=run,
            )
        )
    targets = Target.objects.bulk_create(targets, batch_size=2000)
    start = timezone.now() + timedelta(hours=1)
    fair = Fair.objects.create(
        programme=programme,
        starts_at=start,
        ends_at=start + timedelta(hours=8),
        venue="bench_checkin",
        capacity=count,
        rsvp_deadline=start.date(),
    )
    codes: set[str] = set()
    while len(codes) < count:
        codes.add(code_new())
    Invitation.objects.bulk_create(
        [
            Invitation(fair=fair, target=target, district_id=target.district_id, code=code)
            for target, code in zip(targets, codes, strict=True)
        ],
        batch_size=2000,
    )
    desks = Desk.objects.bulk_create(
        [Desk(fair=fair, name=f"จุดลงทะเบียน {n + 1}") for n in range(clients)]
    )
    # Hashed with few iterations, so that filling is quick; the server's first login checks
    # the password and stores it again with production's iterations, as after an upgrade.
    hasher, users = PBKDF2PasswordHasher(), []
    for n in range(clients):
        username, password = f"bench_checkin_desk{n + 1}", secrets.token_urlsafe()
        users.append((username, password))
        User.objects.create(
            username=username,
            role=Role.FAIR_DESK,
            area_scope=PROVINCE,
            password=hasher.encode(password, hasher.salt(), iterations=1000),
        )
    return fair, [desk.pk for desk in desks], users


def _villages(wanted: int) -> list[str]:
    """Codes of `wanted` villages of the province (made when the areas have none)."""
    existing = list(
        Village.objects.filter(code__startswith=PROVINCE).values_list("code", flat=True)[:wanted]
    )
    if len(existing) >= wanted:
        return existing
    subdistricts = list(
        Subdistrict.objects.filter(district__province_id=PROVINCE)
        .order_by("code")
        .values_list("code", flat=True)
    )
    if not subdistricts:
        raise CommandError(f"No subdistricts of province {PROVINCE}: run `manage.py load_areas`.")
    made = []
    for moo in range(1, 100):
        for subdistrict in subdistricts:
            made.append(Village(code=f"{subdistrict}{moo:02d}", subdistrict_id=subdistrict))
            if len(made) >= wanted:
                break
        if len(made) >= wanted:
            break
    for village in made:
        village.name_th = f"bench_checkin {village.code}"
    Village.objects.bulk_create(made, ignore_conflicts=True)
    return [village.code for village in made]


# The server ----------------------------------------------------------------------------


class _gunicorn:
    """gunicorn with the bench's production settings, bound to a free loopback port, the
    bench database as its DATABASE_URL; yields the port once /healthz answers, and is
    stopped on the way out, whatever happened (before the bench database is dropped)."""

    def __init__(self, options: dict) -> None:
        self.options = options
        self.process: subprocess.Popen | None = None
        self.log = tempfile.NamedTemporaryFile(prefix="bench_checkin_", suffix=".log")  # noqa: SIM115

    def __enter__(self) -> int:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "povertyprog.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(self.options["workers"]),
            "--worker-class",
            self.options["worker_class"],
            "--threads",
            str(self.options["threads"]),
            "--timeout",
            "120",
        ]
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            command,
            cwd=settings.BASE_DIR,
            env=_server_environment(),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise CommandError(f"gunicorn stopped at start:\n{self._tail()}")
            try:
                session = DeskSession(port)
                status, _body = session.request("GET", "/healthz")
                session.close()
                if status == 200:
                    return port
            except OSError:
                pass
            time.sleep(0.2)
        raise CommandError(f"gunicorn did not answer /healthz within 60 s:\n{self._tail()}")

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if exc[0] is not None:
            sys.stderr.write(f"gunicorn's log:\n{self._tail()}\n")
        self.log.close()

    def _tail(self) -> str:
        return Path(self.log.name).read_text(errors="replace")[-3000:]


def _server_environment() -> dict:
    """Production's environment for the bench's server: generated secrets, as the
    Makefile's deploy-check makes them, and the bench database."""
    db = connection.settings_dict
    quote = urllib.parse.quote
    credentials = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    host = db["HOST"] or "localhost"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "events.management.bench_settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "POVERTYPROG_DATA_KEY": generate_key(),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"postgres://{credentials}@{host}:{db['PORT'] or 5432}/{db['NAME']}",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
