"""Benchmark the letter batch against WeasyPrint alone, in the same run (STYLE.md §17).

A synthetic fair of `--letters` invited households (spread over the villages of one
district, with a letterhead) is made in a transaction that is rolled back at the end. Then:

- the batch: `letter_batch_print`, exactly what the background task runs (the invitations
  read, the QR codes made, the names and addresses written, one document laid out and the
  PDF stored);
- the baseline: one letter's page rendered to HTML once and repeated `--letters` times in
  one document, written to PDF with the same fonts and stylesheet (WeasyPrint alone). It
  runs before and after the batch and the ratio uses the mean of the two: on a shared
  machine a load that changes during the run weighs on both sides alike.

It prints pages per second of each, their ratio (goal: at least 0.7 of the baseline) and
the process's peak memory (ru_maxrss).
"""

import datetime
import time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from households.management.bench_figures import peak_mib
from households.models import (
    Household,
    HouseholdSurvey,
    IndicatorSet,
    Programme,
    SurveyRound,
    Target,
    TargetingRun,
)
from povertyprog.areas.models import District, Province, Village
from povertyprog.areas.services import areas_load
from povertyprog.core.crypto import encrypt_text, lookup_hash

from ...codes import code_new
from ...models import (
    Fair,
    FairDistrictQuota,
    Invitation,
    LetterBatch,
    LetterBatchStatus,
    Letterhead,
    LetterKind,
)

GOAL_RATIO = 0.7
DISTRICT = "5007"  # Mae Rim, Chiang Mai
VILLAGES = 40
NAMES = (("นาง", "บัวคำ", "แสนเมือง"), ("นาย", "สมศักดิ์", "ทองดี"), ("นางสาว", "จันทร์เพ็ญ", "คำมูล"))


class _RollBack(Exception):
    pass


def synthetic_fair(count: int) -> Fair:
    """A fair of Chiang Mai inviting `count` households of DISTRICT, and a letterhead."""
    if not Province.objects.filter(code=DISTRICT[:2]).exists():
        areas_load()  # a fresh database: the areas come with the transaction, rolled back
    province = Province.objects.get(code=DISTRICT[:2])
    district = District.objects.get(code=DISTRICT)
    subdistricts = list(district.subdistricts.order_by("code")[:4])
    villages = []
    for index in range(VILLAGES):
        subdistrict = subdistricts[index % len(subdistricts)]
        code = f"{subdistrict.code}{90 + index // len(subdistricts):02d}"
        village, _created = Village.objects.get_or_create(
            code=code, defaults={"subdistrict": subdistrict, "name_th": f"บ้านทดสอบ {index}"}
        )
        villages.append(village)
    indicator_set = IndicatorSet.objects.order_by("pk").first()
    survey_round = SurveyRound.objects.filter(year_be=2690).first() or SurveyRound.objects.create(
        year_be=2690, indicator_set=indicator_set, income_threshold=Decimal(38000)
    )
    households = Household.objects.bulk_create(
        Household(village=villages[n % VILLAGES], house_no=f"{n + 1}/9") for n in range(count)
    )
    secret = encrypt_text("1101700203451")
    surveys = HouseholdSurvey.objects.bulk_create(
        HouseholdSurvey(
            household=household,
            survey_round=survey_round,
            head_prefix=NAMES[n % 3][0],
            head_first_name=NAMES[n % 3][1],
            head_last_name=f"{NAMES[n % 3][2]}{n}",
            citizen_id_encrypted=secret,
            citizen_id_hash=lookup_hash(f"bench{n}"),
            members=4,
            income_per_person=Decimal(30000),
            failed_indicators="22",
            content_hash="0" * 32,
        )
        for n, household in enumerate(households)
    )
    programme = Programme.objects.create(
        province=province,
        fiscal_year_be=2690,
        name="bench_letters",
        target_households=count,
        survey_round=survey_round,
    )
    run = TargetingRun.objects.create(programme=programme, rules={}, state_token="bench")  # noqa: S106
    targets = Target.objects.bulk_create(
        Target(
            programme=programme,
            household=survey.household,
            survey=survey,
            district=district,
            rank=n + 1,
            selected_by_run=run,
        )
        for n, survey in enumerate(surveys)
    )
    starts = timezone.make_aware(datetime.datetime(2026, 12, 20, 8, 30))
    fair = Fair.objects.create(
        programme=programme,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=8),
        venue="ศาลาประชาคม",
        capacity=count,
        rsvp_deadline=datetime.date(2026, 12, 15),
    )
    FairDistrictQuota.objects.create(fair=fair, district=district, quota=count)
    Invitation.objects.bulk_create(
        Invitation(fair=fair, target=target, district=district, code=code_new())
        for target in targets
    )
    Letterhead.objects.update_or_create(
        province=province,
        defaults={
            "office_name": "สำนักงานพัฒนาชุมชนจังหวัดเชียงใหม่",
            "address": "ศาลากลางจังหวัดเชียงใหม่ ถนนโชตนา เชียงใหม่ ๕๐๓๐๐",
            "phone_line": "กลุ่มงานส่งเสริมการพัฒนาชุมชน โทร. ๐ ๕๓๑๑ ๒๓๔๕",
            "reference_prefix": "ชม ๐๐๑๗.๓/",
            "signer_name": "นายทดสอบ ระบบงาน",
            "signer_position": "ผู้ว่าราชการจังหวัดเชียงใหม่",
        },
    )
    return fair


class Command(BaseCommand):
    help = "Pages per second of the letter batch against WeasyPrint alone, and peak memory."

    def add_arguments(self, parser):
        parser.add_argument("--letters", type=int, default=1000)

    def handle(self, *args, letters: int, **options):
        from ... import letters as letter_module
        from ...services.letters import batch_invitations, letter_batch_print, running_numbers

        if letters < 1:
            raise CommandError("--letters must be at least 1.")
        result: dict = {}
        try:
            with transaction.atomic():
                fair = synthetic_fair(letters)
                user = get_user_model().objects.create(username="bench_letters")
                batch = LetterBatch.objects.create(
                    fair=fair,
                    kind=LetterKind.HOUSEHOLD,
                    scope_code=DISTRICT,
                    requested_by=user,
                    pages_total=letters,
                )
                one = batch_invitations(batch)[:1]
                [letter] = letter_module.invitation_letters(one, running_numbers(fair))
                letter_module.static_pages_pdf(fair, letter, 1)  # warm up: fonts, stylesheets
                baseline = []
                started = time.perf_counter()
                pdf = letter_module.static_pages_pdf(fair, letter, letters)
                baseline.append(time.perf_counter() - started)
                started = time.perf_counter()
                batch = letter_batch_print(batch=batch)
                result["batch"] = time.perf_counter() - started
                if batch.status != LetterBatchStatus.DONE:
                    raise CommandError(f"The batch failed: {batch.error}")
                result["pages"] = batch.pages_total
                result["bytes"] = batch.file.size
                batch.file.delete(save=False)

                started = time.perf_counter()
                pdf = letter_module.static_pages_pdf(fair, letter, letters)
                baseline.append(time.perf_counter() - started)
                result["baseline"] = sum(baseline) / 2
                result["baselines"] = baseline
                result["baseline_bytes"] = len(pdf)
                raise _RollBack
        except _RollBack:
            pass
        batch_rate = result["pages"] / result["batch"]
        base_rate = letters / result["baseline"]
        ratio = batch_rate / base_rate
        before, after = result["baselines"]
        write = self.stdout.write
        write(f"letters: {letters}")
        write(
            f"batch: {result['pages']} pages in {result['batch']:.2f} s = {batch_rate:.1f} pages/s "
            f"({result['bytes'] / 2**20:.1f} MiB PDF)"
        )
        write(
            f"baseline (WeasyPrint, the same page {letters} times in one document): "
            f"{result['baseline']:.2f} s = {base_rate:.1f} pages/s "
            f"(before the batch {before:.2f} s, after {after:.2f} s) "
            f"({result['baseline_bytes'] / 2**20:.1f} MiB PDF)"
        )
        verdict = "PASS" if ratio >= GOAL_RATIO else "FAIL"
        write(f"ratio: {ratio:.2f} (goal >= {GOAL_RATIO}) {verdict}")
        write(f"peak memory: {peak_mib():.0f} MiB (ru_maxrss)")
