"""Synthetic but believable จปฐ. household files, for the demo and the import benchmark.

Rows come in the import template's 16 columns (TEMPLATE_HEADERS) and look like what a
province's files hold: districts and subdistricts from the database (now and then written
with their อ./อำเภอ/ต. prefixes), villages หมู่ 1 to about 15 with northern Thai names,
house numbers such as "45/3", valid 13-digit citizen IDs (a few of highland residents,
starting 0, 6 or 8), incomes skewed so that about one household in six is under 38,000 baht
per person per year, and indicator 22 (income) failed exactly when it is.

The same arguments (and the same areas in the database) give the same rows. A later round
(`round_year_be` after `first_year_be`, or `second_round_rows`) surveys the same households
again: incomes grew a little, about a third of the poor crossed the threshold, a few
households fell under it, and some heads, phones and member counts changed.
"""

import csv
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from povertyprog.areas.models import District, Subdistrict, Village
from povertyprog.thai.formats import citizen_id_check_digit, to_thai_digits

from .parse import TEMPLATE_HEADERS

INCOME_THRESHOLD = 38_000
INCOME_INDICATOR = 22
# Districts of Chiang Mai where many residents are highland people whose IDs start 0, 6 or 8.
HIGHLAND_DISTRICTS = frozenset({"5003", "5004", "5008", "5010", "5018", "5020", "5025"})

_VILLAGE_HEADS = [
    "ป่า",
    "ดอน",
    "สัน",
    "หนอง",
    "ทุ่ง",
    "แม่",
    "ห้วย",
    "ปาง",
    "โป่ง",
    "ต้น",
    "ท่า",
    "สบ",
    "ม่อน",
    "ดง",
    "หัวฝาย",
    "กาด",
    "เวียง",
    "ขัว",
]
_VILLAGE_TAILS = [
    "ใหม่",
    "เหนือ",
    "ใต้",
    "กลาง",
    "หลวง",
    "น้อย",
    "ทราย",
    "แก้ว",
    "คำ",
    "ผึ้ง",
    "ยาว",
    "ดู่",
    "ตอง",
    "เป้า",
    "ฮวก",
    "สัก",
    "ยาง",
    "ม่วง",
    "งิ้ว",
    "เกี๋ยง",
]
_MALE_NAMES = [
    "สมชาย",
    "สมศักดิ์",
    "ประเสริฐ",
    "บุญมา",
    "สุรชัย",
    "วิชัย",
    "อินทร",
    "คำปัน",
    "ทองดี",
    "ชัยวัฒน์",
    "ประสิทธิ์",
    "สมบัติ",
    "ณรงค์",
    "อุดม",
    "เสาร์แก้ว",
    "บุญเรือง",
    "สมพงษ์",
    "ธนพล",
    "วีระ",
    "เกษม",
    "ถนอม",
    "ศักดิ์ชัย",
    "อนันต์",
    "จันทร์แก้ว",
    "มานพ",
    "สุพจน์",
    "คำแสน",
    "ปัญญา",
    "อ้ายแก้ว",
    "พิชิต",
]
_FEMALE_NAMES = [
    "บัวคำ",
    "บัวผัน",
    "ศรีนวล",
    "คำปุ๋ย",
    "จันทร์ฟอง",
    "สุดารัตน์",
    "นงลักษณ์",
    "วิไลวรรณ",
    "บัวจันทร์",
    "แสงเดือน",
    "บุญศรี",
    "สมศรี",
    "ทองคำ",
    "จันทร์เพ็ญ",
    "มาลัย",
    "ดวงใจ",
    "อำไพ",
    "สุนีย์",
    "พรทิพย์",
    "กาญจนา",
    "อรทัย",
    "บุษบา",
    "ลำดวน",
    "ศรีพรรณ",
    "ประไพ",
    "บุญยืน",
    "คำแปง",
    "แก้วตา",
    "เกสร",
    "ผ่องศรี",
]
_LAST_NAMES = [
    "อินต๊ะ",
    "คำมา",
    "ปัญญาดี",
    "ศรีวงค์",
    "ใจมา",
    "กันทะ",
    "สุริยะ",
    "จันทร์ตา",
    "อินทร์แก้ว",
    "ปันทะ",
    "ยะเขียว",
    "ธิมา",
    "คำปัน",
    "วงศ์ใหญ่",
    "ไชยวงค์",
    "ตาคำ",
    "มูลเมือง",
    "อุ่นเรือน",
    "ชัยมงคล",
    "ศรีสุข",
    "บุญมา",
    "แสนคำ",
    "ปินตา",
    "ขันแก้ว",
    "ทาแก้ว",
    "ใจคำ",
    "จินะ",
    "พรหมมา",
    "แก้วมูล",
    "ดวงแก้ว",
    "ปัญญาวงค์",
    "คำฟู",
    "ต๊ะวิไชย",
    "เขื่อนแก้ว",
    "ยาวิชัย",
    "สุภาวงค์",
    "มณีวรรณ",
    "ใจดี",
    "เรือนคำ",
    "ศรีบุญเรือง",
]
_HIGHLAND_LAST_NAMES = [
    "แซ่ย่าง",
    "แซ่ลี",
    "แซ่ท้าว",
    "แซ่หาง",
    "จะแฮ",
    "พะโย",
    "ต๊ะซู",
    "จะทอ",
    "หน่อแฮ",
    "เชอมือ",
    "มาเยอะ",
    "อาจอ",
]
_NOTES = [
    "ผู้สูงอายุอยู่ลำพัง",
    "มีผู้พิการในครัวเรือน",
    "ย้ายไปทำงานต่างจังหวัด",
    "บ้านเช่า",
    "ผู้ป่วยติดเตียง",
    "ไม่มีที่ดินทำกิน",
    "ครัวเรือนแหว่งกลาง",
]
# Indicators that fail often in northern provinces (savings, drinking, smoking, exercise…),
# listed more than once to weigh the draw; 22 (income) is decided by the income itself.
_OFTEN_FAILED = [23, 23, 23, 24, 24, 24, 25, 25, 7, 7, 6, 6, 4, 8, 13, 20, 21, 27, 29, 5, 11]
_MEMBERS_WEIGHTS = [8, 18, 24, 22, 14, 8, 4, 2]  # 1 … 8 members


@dataclass(slots=True)
class _Place:
    district: str  # code
    district_name: str
    subdistrict_name: str
    village_code: str
    village_name: str


@dataclass(slots=True)
class _Household:
    place: _Place
    house_no: str
    house_code: str
    male: bool
    single: bool  # นางสาว rather than นาง
    first_name: str
    last_name: str
    citizen_id: str
    members: int
    income: float
    failed: tuple[int, ...]
    phone: str
    note: str


def citizen_id(first12: str) -> str:
    """The valid 13-digit citizen ID that starts with these 12 digits."""
    return first12 + str(citizen_id_check_digit(first12))


def _places(rng: random.Random, province_code: str) -> list[tuple[_Place, float]]:
    """Every village of the province with a weight (its size); existing villages keep their
    names, the others get one."""
    districts = dict(
        District.objects.filter(province_id=province_code).values_list("code", "name_th")
    )
    existing = dict(
        Village.objects.filter(code__startswith=province_code).values_list("code", "name_th")
    )
    places = []
    for code, district, name in (
        Subdistrict.objects.filter(district__province_id=province_code)
        .order_by("code")
        .values_list("code", "district_id", "name_th")
    ):
        used: set[str] = set()
        for moo in range(1, rng.randint(5, 15) + 1):
            village_name = "บ้าน" + rng.choice(_VILLAGE_HEADS) + rng.choice(_VILLAGE_TAILS)
            while village_name in used:  # one subdistrict has no two villages of one name
                village_name = "บ้าน" + rng.choice(_VILLAGE_HEADS) + rng.choice(_VILLAGE_TAILS)
            used.add(village_name)
            village_code = f"{code}{moo:02d}"
            place = _Place(
                district,
                districts[district],
                name,
                village_code,
                existing.get(village_code) or village_name,
            )
            places.append((place, rng.lognormvariate(0, 0.5)))
    if not places:
        raise ValueError(f"No subdistricts for province {province_code}: run load_areas first.")
    return places


def _shares(count: int, weights: list[float]) -> list[int]:
    """`count` split in proportion to `weights` (largest remainders), summing to `count`."""
    total = sum(weights)
    exact = [count * weight / total for weight in weights]
    shares = [int(value) for value in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: shares[i] - exact[i])
    for i in by_remainder[: count - sum(shares)]:
        shares[i] += 1
    return shares


def _failed_indicators(rng: random.Random, income: float) -> tuple[int, ...]:
    numbers = {rng.choice(_OFTEN_FAILED) for _ in range(rng.choice((0, 0, 0, 1, 1, 2, 3)))}
    if income < INCOME_THRESHOLD:
        numbers.add(INCOME_INDICATOR)
    return tuple(sorted(numbers))


def _phone(rng: random.Random) -> str:
    if rng.random() < 0.55:
        return ""
    return f"0{rng.choice('8888896')}{rng.randrange(10)}-{rng.randrange(1000):03d}-" + (
        f"{rng.randrange(10000):04d}"
    )


def _income(rng: random.Random) -> float:
    # Log-normal around 75,000 baht: about 15% of households under 38,000.
    income = min(rng.lognormvariate(11.225, 0.66), 1_500_000)
    if rng.random() < 0.3:
        return round(income, 2)  # a total split between members: 37,533.33
    return float(round(income))


def _households(
    count: int, province_code: str, seed: int, first_house_no: int = 1
) -> Iterator[_Household]:
    rng = random.Random(f"bmn-{province_code}-{seed}")  # noqa: S311 - repeatable, not secret
    places = _places(rng, province_code)
    shares = _shares(count, [weight for _place, weight in places])
    serial_step = 7_919  # coprime with 10**7: serials (hence IDs) never repeat
    serial_start = rng.randrange(10**7)
    n = 0
    house_serials: dict[str, int] = {}
    for (place, _weight), share in zip(places, shares, strict=True):
        number = first_house_no - 1
        for _ in range(share):
            number += rng.choice((1, 1, 1, 2, 2, 3, 5))
            house_no = str(number)
            if rng.random() < 0.15:
                house_no += f"/{rng.randint(1, 5)}"
                number += 1  # 45/3 and 45 are two houses; the next is 46 or more
            house_code = ""
            if rng.random() < 0.6:
                serial = house_serials[place.district] = house_serials.get(place.district, 0) + 1
                house_code = f"{place.district}{serial:06d}{serial * 7 % 10}"
            highland = place.district in HIGHLAND_DISTRICTS and rng.random() < 0.35
            # Highland residents' IDs start 0, 6 or 8; others' 1 (born since 1984) or 3.
            first = rng.choice("688880") if highland else "1" if rng.random() < 0.45 else "3"
            office = (
                place.district if first in "13" else f"{place.district[:2]}{rng.randrange(100):02d}"
            )
            serial = (serial_start + n * serial_step) % 10**7
            n += 1
            male = rng.random() < 0.6
            income = _income(rng)
            yield _Household(
                place=place,
                house_no=house_no,
                house_code=house_code,
                male=male,
                single=not male and rng.random() < 0.25,
                first_name=rng.choice(_MALE_NAMES if male else _FEMALE_NAMES),
                last_name=rng.choice(_HIGHLAND_LAST_NAMES if highland else _LAST_NAMES),
                citizen_id=citizen_id(f"{first}{office}{serial:07d}"),
                members=rng.choices(range(1, 9), _MEMBERS_WEIGHTS)[0],
                income=income,
                failed=_failed_indicators(rng, income),
                phone=_phone(rng),
                note=rng.choice(_NOTES) if rng.random() < 0.01 else "",
            )


def _next_year(rng: random.Random, household: _Household) -> None:
    """One year later: incomes grow, a third of the poor cross the threshold, a few fall."""
    income = household.income * rng.uniform(0.97, 1.08)
    if household.income < INCOME_THRESHOLD and rng.random() < 0.35:
        income = INCOME_THRESHOLD * rng.uniform(1.02, 1.4)  # graduated
    elif household.income >= INCOME_THRESHOLD and rng.random() < 0.03:
        income = INCOME_THRESHOLD * rng.uniform(0.6, 0.98)  # lost a job, a harvest
    household.income = round(income, 2) if rng.random() < 0.3 else float(round(income))
    others = [n for n in household.failed if n != INCOME_INDICATOR]
    if others and rng.random() < 0.3:
        others.pop(rng.randrange(len(others)))
    household.failed = tuple(
        sorted({*others, *([INCOME_INDICATOR] if household.income < INCOME_THRESHOLD else [])})
    )
    if rng.random() < 0.05:
        household.members = max(1, min(8, household.members + rng.choice((-1, 1))))
    if rng.random() < 0.05:
        household.phone = _phone(rng)


def _written_area(rng: random.Random, place: _Place) -> tuple[str, str, int | str]:
    # Files mix plain names with prefixed ones, and หมู่ที่ now and then as "ม.3".
    draw = rng.random()
    district = (
        f"อ.{place.district_name}"
        if draw < 0.08
        else f"อำเภอ{place.district_name}"
        if draw < 0.12
        else place.district_name
    )
    draw = rng.random()
    subdistrict = (
        f"ต.{place.subdistrict_name}"
        if draw < 0.08
        else f"ตำบล{place.subdistrict_name}"
        if draw < 0.11
        else place.subdistrict_name
    )
    moo_number = int(place.village_code[6:])
    moo: int | str = f"ม.{moo_number}" if rng.random() < 0.02 else moo_number
    return district, subdistrict, moo


def synthetic_rows(
    count: int,
    *,
    province_code: str = "50",
    seed: int = 1,
    round_year_be: int = 2564,
    first_year_be: int | None = None,
    first_house_no: int = 1,
) -> Iterator[list]:
    """`count` household rows in the template's columns, in area order like a real file.

    With `first_year_be` before `round_year_be`, the same households as the first year's
    file, surveyed again that many years later. Files made with other seeds share some
    addresses (house 1 of a village…): give `first_house_no` (e.g. 500) for households that
    are surely new.
    """
    years = round_year_be - (first_year_be if first_year_be is not None else round_year_be)
    if years < 0:
        raise ValueError("round_year_be comes before first_year_be")
    style = random.Random(f"style-{province_code}-{seed}-{round_year_be}")  # noqa: S311
    changes = [
        random.Random(f"year-{province_code}-{seed}-{year}")  # noqa: S311
        for year in range(round_year_be - years + 1, round_year_be + 1)
    ]
    households = _households(count, province_code, seed, first_house_no)
    for seq, household in enumerate(households, start=1):
        for rng in changes:
            _next_year(rng, household)
        district, subdistrict, moo = _written_area(style, household.place)
        house_code = household.house_code
        if house_code and style.random() < 0.1:
            house_code = f"{house_code[:4]}-{house_code[4:10]}-{house_code[10]}"
        prefix = "นาย" if household.male else "นางสาว" if household.single else "นาง"
        yield [
            seq,
            district,
            subdistrict,
            moo,
            household.place.village_name,
            household.house_no,
            house_code,
            prefix,
            household.first_name,
            household.last_name,
            household.citizen_id,
            household.members,
            int(household.income) if household.income.is_integer() else household.income,
            ", ".join(map(str, household.failed)),
            household.phone,
            household.note,
        ]


def placed_rows(
    households: Iterable[tuple[str, float, tuple[int, ...]]],
    *,
    province_code: str = "50",
    seed: int = 1,
    first_house_no: int = 1,
) -> Iterator[list]:
    """Rows for households at chosen villages with chosen incomes and failed indicators:
    (village code, income per person, failed indicator numbers), for a demo that needs an
    exact footprint (so many poor households in so many villages). The villages must exist;
    names, IDs and house numbers are made as `synthetic_rows` makes them."""
    rng = random.Random(f"placed-{province_code}-{seed}")  # noqa: S311 - repeatable
    wanted = list(households)
    villages = {
        v["code"]: v
        for v in Village.objects.filter(code__in={code for code, _i, _f in wanted}).values(
            "code", "name_th", "subdistrict__name_th", "subdistrict__district__name_th"
        )
    }
    numbers: dict[str, int] = {}
    serial_start = rng.randrange(10**7)
    for seq, (code, income, failed) in enumerate(wanted, start=1):
        village = villages[code]
        numbers[code] = numbers.get(code, first_house_no - 1) + rng.choice((1, 1, 2, 3))
        male = rng.random() < 0.6
        first = "1" if rng.random() < 0.45 else "3"
        serial = (serial_start + seq * 7_919) % 10**7
        prefix = "นาย" if male else "นางสาว" if rng.random() < 0.25 else "นาง"
        yield [
            seq,
            village["subdistrict__district__name_th"],
            village["subdistrict__name_th"],
            int(code[6:]),
            village["name_th"],
            str(numbers[code]),
            "",
            prefix,
            rng.choice(_MALE_NAMES if male else _FEMALE_NAMES),
            rng.choice(_LAST_NAMES),
            citizen_id(f"{first}{code[:4]}{serial:07d}"),
            rng.choices(range(1, 9), _MEMBERS_WEIGHTS)[0],
            int(income) if float(income).is_integer() else income,
            ", ".join(map(str, failed)),
            _phone(rng),
            "",
        ]


def second_round_rows(
    count: int, *, province_code: str = "50", seed: int = 1, first_year_be: int = 2564
) -> Iterator[list]:
    """The next year's file for the households of `synthetic_rows(count, seed=seed, …)`."""
    return synthetic_rows(
        count,
        province_code=province_code,
        seed=seed,
        round_year_be=first_year_be + 1,
        first_year_be=first_year_be,
    )


def default_title(province_name: str, round_year_be: int) -> str:
    return (
        f"บัญชีรายชื่อครัวเรือนตามข้อมูล จปฐ. จังหวัด{province_name} ปี {to_thai_digits(str(round_year_be))}"
    )


def write_xlsx(path: Path, rows: Iterable[list], *, title: str | None = None) -> Path:
    """An .xlsx with an optional title row, the template header, then `rows` (streamed).

    Text stays text: citizen IDs and house codes are strings, as in a sheet whose columns are
    formatted as Text, so Excel cannot turn them into numbers.
    """
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("จปฐ.")
    if title:
        sheet.append([title])
    sheet.append(TEMPLATE_HEADERS)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return Path(path)


def write_csv(path: Path, rows: Iterable[list]) -> Path:
    """A UTF-8 CSV (with the BOM Excel writes) with the template header, then `rows`."""
    with Path(path).open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(TEMPLATE_HEADERS)
        writer.writerows(rows)
    return Path(path)
