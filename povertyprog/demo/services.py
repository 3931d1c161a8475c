"""The Chiang Mai demo behind `make run`: every part of the product, with believable data.

Villages are generated (the real village list has no licence to ship); names follow the
patterns of northern Thai village names. The same seed gives the same demo every time.
"""

import datetime
import random
import secrets
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from agencies.models import MOU, AgencyType, AssistanceType, Lever
from agencies.services import (
    agency_ensure,
    agency_liaison_link,
    mou_create,
    mou_sign,
    mou_signatory_add,
    pledge_save,
)
from households.importer.pipeline import build_plan
from households.importer.synthetic import (
    second_round_rows,
    synthetic_rows,
    write_csv,
    write_xlsx,
)
from households.models import SurveyRound
from households.services import import_plan_commit, round_create
from povertyprog.accounts.roles import Role
from povertyprog.accounts.services import user_set_up
from povertyprog.areas.models import District, Subdistrict, Village
from povertyprog.areas.services import areas_load, village_save
from povertyprog.thai.formats import fiscal_year_be, fiscal_year_bounds

from .care import demo_care
from .fair import demo_fair
from .programme import demo_programme

PROVINCE = "50"
_NAME_HEADS = ["ป่า", "ดอน", "สัน", "หนอง", "ทุ่ง", "แม่", "ห้วย", "ปาง", "โป่ง", "ต้น", "ท่า", "สบ"]
_NAME_TAILS = ["ใหม่", "เหนือ", "ใต้", "กลาง", "หลวง", "น้อย", "ทราย", "แก้ว", "คำ", "ผึ้ง", "ยาว", "ดู่"]

AGENCIES = [
    ("สำนักงานพัฒนาชุมชนจังหวัดเชียงใหม่", "พช.ชม.", AgencyType.GOVERNMENT),
    ("สำนักงานเกษตรจังหวัดเชียงใหม่", "เกษตรจังหวัด", AgencyType.GOVERNMENT),
    ("สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดเชียงใหม่", "พมจ.ชม.", AgencyType.GOVERNMENT),
    ("สำนักงานแรงงานจังหวัดเชียงใหม่", "แรงงานจังหวัด", AgencyType.GOVERNMENT),
    (
        "ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร สำนักงานจังหวัดเชียงใหม่",
        "ธ.ก.ส.",
        AgencyType.STATE_ENTERPRISE,
    ),
    ("องค์การบริหารส่วนจังหวัดเชียงใหม่", "อบจ.ชม.", AgencyType.LOCAL_GOVERNMENT),
    ("มหาวิทยาลัยแม่โจ้", "ม.แม่โจ้", AgencyType.EDUCATION),
    ("หอการค้าจังหวัดเชียงใหม่", "หอการค้า", AgencyType.PRIVATE),
    ("เครือข่ายองค์กรสวัสดิการชุมชนจังหวัดเชียงใหม่", "เครือข่ายสวัสดิการชุมชน", AgencyType.CIVIL_SOCIETY),
]

# username, role, scope, first name, last name, agency short name
USERS = [
    ("admin", Role.PROVINCE_ADMIN, "50", "วิไลวรรณ", "ศรีสุข", None),
    ("staff", Role.PROVINCE_STAFF, "50", "ประเสริฐ", "คำมา", None),
    ("maerim", Role.DISTRICT_OFFICER, "5007", "สุดารัตน์", "อินต๊ะ", None),
    ("mueang", Role.DISTRICT_OFFICER, "5001", "ธนพล", "ปัญญาดี", None),
    ("liaison", Role.AGENCY_LIAISON, "50", "นงลักษณ์", "ใจมั่น", "เกษตรจังหวัด"),
    ("viewer", Role.VIEWER, "50", "สมศักดิ์", "วงศ์ใหญ่", None),
    ("desk", Role.FAIR_DESK, "50", "กมลชนก", "ทองดี", None),
]


DEMO_HOUSEHOLDS = 3000
FIRST_ROUND, SECOND_ROUND = 2563, 2564
THRESHOLD = Decimal(38000)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    scope: str


def _village_name(rng: random.Random) -> str:
    return "บ้าน" + rng.choice(_NAME_HEADS) + rng.choice(_NAME_TAILS)


def demo_villages(rng: random.Random) -> int:
    """Give every Chiang Mai subdistrict between 5 and 14 villages (หมู่ 1…n)."""
    existing = set(Village.objects.filter(code__startswith=PROVINCE).values_list("code", flat=True))
    created = 0
    for subdistrict in Subdistrict.objects.filter(code__startswith=PROVINCE).order_by("code"):
        for moo in range(1, rng.randint(5, 14) + 1):
            name = _village_name(rng)
            code = f"{subdistrict.code}{moo:02d}"
            if code not in existing:
                village_save(code=code, name_th=name, by=None)
                created += 1
    return created


def demo_households(*, by, count: int = DEMO_HOUSEHOLDS) -> dict[int, dict[str, int]]:
    """Two จปฐ. rounds of the same 3,000 Chiang Mai households, brought in through the real
    import pipeline, as CSV files (a second run finds every row unchanged and writes nothing)."""
    counts = {}
    with tempfile.TemporaryDirectory() as folder:
        for year, rows in (
            (FIRST_ROUND, synthetic_rows(count, seed=50, round_year_be=FIRST_ROUND)),
            (SECOND_ROUND, second_round_rows(count, seed=50, first_year_be=FIRST_ROUND)),
        ):
            survey_round = SurveyRound.objects.filter(year_be=year).first() or round_create(
                year_be=year, income_threshold=THRESHOLD, by=by
            )
            path = write_csv(Path(folder) / f"bmn-{year}-chiangmai.csv", rows)
            plan = build_plan(
                path, file_name=path.name, survey_round=survey_round, province_code=PROVINCE
            )
            if plan.to_write:
                import_plan_commit(plan=plan, by=by)
            counts[year] = plan.counts
    return counts


def demo_sample_file(folder: Path) -> Path:
    """A small file to try the upload page with: 200 more households for the latest round."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = list(synthetic_rows(200, seed=7, round_year_be=SECOND_ROUND, first_house_no=500))
    rows[5][10] = "1.10170E+12"  # an ID that Excel turned into scientific notation
    rows[9][1] = "อ.ไม่มีจริง"  # a district that is not in Chiang Mai
    title = "บัญชีรายชื่อครัวเรือนเพิ่มเติม จปฐ. ปี ๒๕๖๔"
    return write_xlsx(folder / "bmn-2564-sample-with-2-errors.xlsx", rows, title=title)


# The fair's MOU: (agency short name, signer, title, pledges: (lever, what, households,
# district codes, budget, kind of assistance from fixtures/assistance_types.json)).
FAIR_SIGNATORIES = [
    ("เกษตรจังหวัด", "นายสมบูรณ์ ดีมาก", "เกษตรจังหวัดเชียงใหม่", [
        (Lever.RAISE_INCOME, "ฝึกอาชีพเพาะเห็ดนางฟ้า", 60, ["5007", "5001"], 180000, "income-mushroom-growing"),  # noqa: E501
        (Lever.REDUCE_EXPENSES, "แจกพันธุ์ผักสวนครัวและปุ๋ยอินทรีย์", 120, ["5007"], 90000, "reduce-home-garden"),  # noqa: E501
    ]),
    ("พมจ.ชม.", "นางสาวจันทร์เพ็ญ ใจงาม", "พัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดเชียงใหม่", [
        (Lever.WELFARE, "เงินสงเคราะห์ผู้มีรายได้น้อยและผู้สูงอายุ", 80, ["5001", "5010"], 240000, "welfare-low-income-cash"),  # noqa: E501
    ]),
    ("แรงงานจังหวัด", "นายวีระ ขยันงาน", "แรงงานจังหวัดเชียงใหม่", [
        (Lever.WIDEN_OPPORTUNITY, "จัดหางานและฝึกทักษะฝีมือแรงงาน", 50, ["5001"], 120000, "opportunity-non-formal-education"),  # noqa: E501
    ]),
    ("ธ.ก.ส.", "นายประยูร ออมทรัพย์", "ผู้อำนวยการสำนักงาน ธ.ก.ส. จังหวัดเชียงใหม่", [
        (Lever.REDUCE_EXPENSES, "ปรับโครงสร้างหนี้และสินเชื่อดอกเบี้ยต่ำ", 100, ["5007", "5010"], 0, "reduce-debt-restructuring"),  # noqa: E501
    ]),
    ("ม.แม่โจ้", "รองศาสตราจารย์ ดร.สุนทร วิชาการ", "อธิการบดีมหาวิทยาลัยแม่โจ้", [
        (Lever.RAISE_INCOME, "ถ่ายทอดเทคโนโลยีการแปรรูปผลผลิตเกษตร", 40, ["5007"], 150000, "income-food-processing"),  # noqa: E501
    ]),
]  # fmt: skip
GOVERNOR = "นายนิรัณ ศรีเชียงใหม่"


def demo_mous(*, by, agencies: dict) -> None:
    """The poverty fair's MOU ceremony (signed, with pledges), one MOU that is about to
    expire (so the dashboard warns), and next year's draft. Dates follow today's date."""
    today = timezone.localdate()
    fiscal_year = fiscal_year_be(today)
    districts = {d.code: d for d in District.objects.filter(province_id=PROVINCE)}
    kinds = {kind.code: kind for kind in AssistanceType.objects.all()}
    fair_title = f"บันทึกข้อตกลงความร่วมมือการแก้ไขปัญหาความยากจนจังหวัดเชียงใหม่ ปีงบประมาณ {fiscal_year}"
    if not MOU.objects.filter(title=fair_title).exists():
        start, end = fiscal_year_bounds(fiscal_year)
        mou = mou_create(
            by=by,
            province=districts["5001"].province,
            title=fair_title,
            fiscal_year_be=fiscal_year,
            governor_name=GOVERNOR,
            governor_title="ผู้ว่าราชการจังหวัดเชียงใหม่",
            signing_place="ศาลากลางจังหวัดเชียงใหม่ (งานมหกรรมแก้จน)",
            scope="ร่วมกันพัฒนาคุณภาพชีวิตครัวเรือนยากจนตามข้อมูล จปฐ. ผ่าน 3 แนวทาง "
            "ลดรายจ่าย เพิ่มรายได้ ขยายโอกาส และสงเคราะห์ครัวเรือนที่พึ่งตนเองไม่ได้",
            valid_from=start,
            valid_until=end,
        )
        for short_name, signer, title, pledges in FAIR_SIGNATORIES:
            agency = agencies[short_name]
            mou_signatory_add(mou=mou, agency=agency, signer_name=signer, signer_title=title, by=by)
            for lever, what, households, codes, budget, kind in pledges:
                pledge_save(
                    mou=mou,
                    districts=[districts[c] for c in codes],
                    by=by,
                    agency=agency,
                    lever=lever,
                    description=what,
                    households_pledged=households,
                    budget=Decimal(budget),
                    starts_on=start,
                    ends_on=end,
                    assistance_type=kinds[kind],
                )
        mou_sign(mou=mou, signed_on=min(today, start + datetime.timedelta(days=45)), by=by)
        # After the ceremony the committee widened one pledge: an amendment, with its reason.
        mushrooms = mou.pledges.get(description="ฝึกอาชีพเพาะเห็ดนางฟ้า")
        pledge_save(
            mou=mou,
            pledge=mushrooms,
            districts=list(mushrooms.districts.all()),
            by=by,
            households_pledged=75,
            amendment_reason="ขยายกลุ่มเป้าหมายตามมติที่ประชุม ศจพ.จ. เพิ่มอีก 15 ครัวเรือน",
            amended_on=today,
        )
    expiring_title = "บันทึกข้อตกลงความร่วมมือส่งเสริมอาชีพครัวเรือนยากจน (ระยะที่ 1)"
    if not MOU.objects.filter(title=expiring_title).exists():
        mou = mou_create(
            by=by,
            province=districts["5001"].province,
            title=expiring_title,
            fiscal_year_be=fiscal_year,
            governor_name=GOVERNOR,
            governor_title="ผู้ว่าราชการจังหวัดเชียงใหม่",
            signing_place="ศาลากลางจังหวัดเชียงใหม่",
            valid_from=today - datetime.timedelta(days=300),
            valid_until=today + datetime.timedelta(days=40),
        )
        mou_signatory_add(
            mou=mou,
            agency=agencies["อบจ.ชม."],
            signer_name="นายกองค์การบริหารส่วนจังหวัดเชียงใหม่",
            signer_title="นายก อบจ.เชียงใหม่",
            by=by,
        )
        pledge_save(
            mou=mou,
            districts=[districts["5001"], districts["5007"]],
            by=by,
            agency=agencies["อบจ.ชม."],
            lever=Lever.WIDEN_OPPORTUNITY,
            description="ซ่อมแซมบ้านผู้ยากไร้",
            households_pledged=30,
            budget=Decimal(600000),
            assistance_type=kinds["opportunity-house-repair"],
        )
        mou_sign(mou=mou, signed_on=today - datetime.timedelta(days=300), by=by)
    draft_title = f"ร่างบันทึกข้อตกลงความร่วมมือ ปีงบประมาณ {fiscal_year + 1}"
    if not MOU.objects.filter(title=draft_title).exists():
        start, end = fiscal_year_bounds(fiscal_year + 1)
        mou = mou_create(
            by=by,
            province=districts["5001"].province,
            title=draft_title,
            fiscal_year_be=fiscal_year + 1,
            governor_name=GOVERNOR,
            governor_title="ผู้ว่าราชการจังหวัดเชียงใหม่",
            valid_from=start,
            valid_until=end,
        )
        mou_signatory_add(
            mou=mou,
            agency=agencies["หอการค้า"],
            signer_name="ประธานหอการค้าจังหวัดเชียงใหม่",
            signer_title="ประธานหอการค้าจังหวัดเชียงใหม่",
            by=by,
        )


@transaction.atomic
def demo_load(*, households: int = DEMO_HOUSEHOLDS) -> list[DemoLogin]:
    """Load (or refresh) the demo; returns the logins with freshly set passwords."""
    areas_load()
    # The national reference data a deployment loads from fixtures/ (natural keys: a rerun
    # updates the rows instead of duplicating them).
    call_command("loaddata", "assistance_types", "bmn_indicator_suggestions_2560_2564", verbosity=0)
    rng = random.Random(PROVINCE)  # noqa: S311 - a repeatable demo, not a secret
    demo_villages(rng)
    agencies = {}
    for name_th, short_name, agency_type in AGENCIES:
        agency, _ = agency_ensure(
            name_th=name_th, short_name=short_name, agency_type=agency_type, province_code=PROVINCE
        )
        agencies[short_name] = agency
    logins, users = [], {}
    for username, role, scope, first_name, last_name, agency_name in USERS:
        password = f"{username}-{secrets.token_hex(3)}"
        users[username], _created = user_set_up(
            username=username,
            role=role,
            area_scope=scope,
            password=password,
            first_name=first_name,
            last_name=last_name,
        )
        if agency_name:
            agency_liaison_link(user=users[username], agency=agencies[agency_name], by=None)
        logins.append(DemoLogin(username, password, Role(role).label, scope))
    demo_households(by=users["admin"], count=households)
    demo_mous(by=users["staff"], agencies=agencies)
    officers = {"5007": users["maerim"], "5001": users["mueang"]}
    programme = demo_programme(admin=users["admin"], staff=users["staff"], officers=officers)
    if programme.created:
        demo_care(programme=programme.programme, users=users, officers=officers, agencies=agencies)
    demo_fair(programme=programme.programme, users=users, officers=officers)
    return logins
