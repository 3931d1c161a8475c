"""The จปฐ. parser on the messy sheets staff really send: every case of issue #3, one by one."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from households.importer.parse import (
    FIELD_LABELS,
    TEMPLATE_HEADERS,
    AreaIndex,
    HeaderNotFound,
    cell_text,
    find_header,
)
from households.importer.records import CellError, HouseholdRow
from povertyprog.thai.formats import to_thai_digits

from ..factories import VillageFactory
from .sheets import TITLE, citizen_id, parse_sheet, template_row, template_sheet

pytestmark = pytest.mark.django_db

CID = citizen_id("350070012345")


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English (their msgids); the Thai catalogue is tested apart."""
    with translation.override("en"):
        yield


def only_row(rows: list[list], **options):
    """Parse a sheet holding a single data row and return that row's result."""
    _header, results = parse_sheet(rows, **options)
    data = [result for result in results.values() if result is not None]
    assert len(data) == 1, results
    return data[0]


def parse_one(**values):
    return only_row(template_sheet(template_row(**values)))


def errors_of(result) -> dict[str, CellError]:
    assert isinstance(result, list), result
    return {error.kind: error for error in result}


# ---------------------------------------------------------------------------
# The template, title rows, blank and total rows, merged cells


def test_template_row_becomes_a_clean_household_row():
    rows = template_sheet(template_row(house_code="50070123456", note=" ย้ายมาใหม่ "))
    header, results = parse_sheet(rows)

    assert header.row_number == 3  # under the title row and a blank row
    assert results == {
        4: HouseholdRow(
            row=4,
            village_code="50070103",
            village_name="บ้านต้นผึ้ง",
            house_no="12/3",
            house_code="50070123456",
            head_prefix="นาย",
            head_first_name="สมชาย",
            head_last_name="ใจดี",
            citizen_id=CID,
            members=4,
            income_per_person=Decimal("25000.00"),
            failed_indicators=(4, 22),
            phone="081-234-5678",
            note="ย้ายมาใหม่",
        )
    }


def test_several_title_rows_above_the_header_are_skipped():
    rows = [
        [TITLE],
        ["อำเภอแม่ริม จังหวัดเชียงใหม่"],
        ["ข้อมูล ณ วันที่ ๑๕ ส.ค. ๒๕๕๗", "", "", "หน่วย: บาท"],
        [],
        list(TEMPLATE_HEADERS),
        template_row(),
    ]
    header, results = parse_sheet(rows)

    assert header.row_number == 5
    assert isinstance(results[6], HouseholdRow)


def test_blank_rows_are_skipped_and_row_numbers_still_count_them():
    rows = template_sheet(
        template_row(house_no="1"),
        [],
        ["", "", "   ", ""],
        template_row(house_no="2"),
    )
    _header, results = parse_sheet(rows)

    assert results[5] is None
    assert results[6] is None
    assert results[7].house_no == "2"
    assert results[7].row == 7


@pytest.mark.parametrize(
    "total",
    [
        ["รวม", "", "", "", "", "", "", "", "", "", "", 12, 75000],
        ["", "รวมทั้งจังหวัด", "", "", "", "", "", "", "", "", "", 12, 75000],
        ["", "รวมอำเภอแม่ริม", "", "", "", "", "", "", "", "", "", 12],
        ["", "", "", "", "", "", "", "", "รวม 3 ครัวเรือน"],
        ["Total", "", "", "", "", "", "", "", "", "", "", 12, 75000],
    ],
)
def test_total_rows_are_skipped_not_imported(total):
    rows = template_sheet(template_row(house_no="1"), total, template_row(house_no="2"))
    _header, results = parse_sheet(rows)

    assert results[5] is None
    assert [results[4].house_no, results[6].house_no] == ["1", "2"]


def test_merged_area_cells_are_filled_down_from_the_row_above():
    # A merged cell's value is only in its first row; the rows below read as empty.
    rows = template_sheet(
        template_row(house_no="1"),
        template_row(house_no="2", district="", subdistrict="", moo="", village_name=""),
        template_row(house_no="3", district="", subdistrict="ริมเหนือ", moo=5, village_name=""),
        template_row(house_no="4", district="", subdistrict="", moo="", village_name=""),
    )
    _header, results = parse_sheet(rows)

    assert [(r.village_code, r.village_name) for r in list(results.values())] == [
        ("50070103", "บ้านต้นผึ้ง"),
        ("50070103", "บ้านต้นผึ้ง"),
        ("50070205", ""),  # a new subdistrict: its village name is not the one above
        ("50070205", ""),
    ]


def test_empty_moo_is_not_taken_from_another_subdistrict_above():
    rows = template_sheet(
        template_row(house_no="1"),
        template_row(house_no="2", subdistrict="ริมเหนือ", moo=""),
    )
    _header, results = parse_sheet(rows)

    error = errors_of(results[5])["area.required"]
    assert error.column == "หมู่ที่"


def test_only_area_cells_are_filled_down():
    rows = template_sheet(
        template_row(house_no="1"),
        template_row(house_no="", district="", subdistrict="", moo=""),
    )
    _header, results = parse_sheet(rows)

    assert set(errors_of(results[5])) == {"house_no.required"}


def test_a_heading_row_over_a_district_fills_the_area_below_it():
    rows = template_sheet(
        ["", "อำเภอแม่ริม"],
        template_row(house_no="1", district=""),
        ["", "อำเภอเมืองเชียงใหม่"],
        template_row(house_no="2", district="", subdistrict="ศรีภูมิ", moo=1),
    )
    _header, results = parse_sheet(rows)

    assert results[4] is None
    assert results[5].village_code == "50070103"
    assert results[6] is None
    assert results[7].village_code == "50010101"


def test_numbered_but_empty_template_rows_are_skipped():
    rows = template_sheet(template_row(), [2], [3], [4, "", "", "", "", "", "", "", "", "", ""])
    _header, results = parse_sheet(rows)

    assert [results[5], results[6], results[7]] == [None, None, None]


# ---------------------------------------------------------------------------
# Headers


@pytest.mark.parametrize(
    ("field", "variant"),
    [
        ("citizen_id", "เลขบัตรประจำตัวประชาชน"),
        ("citizen_id", "เลขประจำตัวประชาชน"),
        ("citizen_id", "บัตรประชาชน"),
        ("citizen_id", "เลขบัตร"),
        ("citizen_id", "เลขที่บัตรประชาชน"),
        ("citizen_id", "เลขประจำตัว\nประชาชน"),  # a header cell on two lines
        ("citizen_id", "เลขประจำตัวประชาชน (13 หลัก)"),
        ("moo", "หมู่"),
        ("moo", "ม."),
        ("moo", "หมู่ที่"),
        ("moo", " หมู่ที่ : "),
        ("prefix", "คำนำหน้าชื่อ"),
        ("first_name", "ชื่อหัวหน้าครัวเรือน"),
        ("income", "รายได้ต่อคนต่อปี"),
        ("income", "รายได้เฉลี่ย (บาท/คน/ปี)"),
        ("income", "รายได้เฉลี่ย\n(บาท/คน/ปี)"),
        ("members", "จำนวนคน"),
        ("members", "สมาชิก"),
        ("phone", "เบอร์โทร"),
        ("phone", "โทรศัพท์"),
        ("failed_indicators", "ตัวชี้วัดที่ไม่ผ่านเกณฑ์"),
        ("failed_indicators", "ข้อที่ไม่ผ่าน"),
        ("house_no", "บ้านเลขที่"),
        ("house_no", "เลขที่บ้าน"),
        ("house_no", "บ้านเลขที่."),
    ],
)
def test_header_variants(field, variant):
    header_row = list(TEMPLATE_HEADERS)
    header_row[header_row.index(FIELD_LABELS[field])] = variant
    header, results = parse_sheet([header_row, template_row()])

    assert header.columns[field] == TEMPLATE_HEADERS.index(FIELD_LABELS[field])
    assert header.labels[field] == " ".join(variant.split())
    assert isinstance(results[2], HouseholdRow)


def test_errors_name_the_column_as_the_file_writes_it():
    header_row = list(TEMPLATE_HEADERS)
    header_row[header_row.index("เลขประจำตัวประชาชน")] = "เลขบัตร\nประชาชน"
    result = only_row([header_row, template_row(citizen_id="123")])

    assert errors_of(result)["citizen_id.length"].column == "เลขบัตร ประชาชน"


def test_english_headers():
    header_row = [
        "No.",
        "District",
        "Tambon",
        "Moo",
        "Village",
        "House No.",
        "House code",
        "Title",
        "First name",
        "Surname",
        "National ID",
        "Members",
        "Income per person per year (baht)",
        "Failed indicators",
        "Phone",
        "Remark",
    ]
    row = ["1", "Mae Rim", "Rim Nuea", "2", "Ban Pong", "7", "", "Mrs.", "Mali", "Jaidee", CID]
    row += ["3", "30000", "22", "", "English file"]
    result = only_row([header_row, row])

    assert isinstance(result, HouseholdRow), result
    assert (result.village_code, result.head_last_name, result.note) == (
        "50070202",
        "Jaidee",
        "English file",
    )


def test_header_over_two_rows():
    # Group labels above ("ที่อยู่" over several columns), column labels below.
    upper = ["ลำดับ", "ที่อยู่", "", "", "", "หัวหน้าครัวเรือน", "", "", "เลขประจำตัวประชาชน"]
    upper += ["จำนวนสมาชิก", "รายได้เฉลี่ยต่อคนต่อปี"]
    lower = ["", "อำเภอ", "ตำบล", "หมู่ที่", "บ้านเลขที่", "คำนำหน้า", "ชื่อ", "นามสกุล"]
    data = ["1", "แม่ริม", "ริมใต้", "3", "9", "นาง", "มาลี", "ใจงาม", CID, "2", "20000"]
    header, results = parse_sheet([[TITLE], upper, lower, data])

    assert header.row_number == 3
    assert header.columns["citizen_id"] == 8
    assert header.columns["first_name"] == 6
    assert results[4].head_first_name == "มาลี"


def test_header_not_found_names_the_missing_columns():
    header_row = [h for h in TEMPLATE_HEADERS if h != "เลขประจำตัวประชาชน"]
    with pytest.raises(HeaderNotFound) as caught:
        parse_sheet([[TITLE], header_row, template_row()])

    assert caught.value.missing == ["เลขประจำตัวประชาชน"]
    assert "Row 2 " in caught.value.message
    assert "เลขประจำตัวประชาชน" in str(caught.value)


def test_header_not_found_in_a_sheet_that_is_not_a_bmn_list():
    with pytest.raises(HeaderNotFound) as caught:
        find_header([(1, ["Product", "Price"]), (2, ["Rice", 30])])

    assert caught.value.missing[:2] == ["บ้านเลขที่", "เลขประจำตัวประชาชน"]
    assert "ตำบล" in caught.value.missing[2]
    assert "หมู่ที่" in caught.value.missing[2]


def test_header_needs_an_area():
    header_row = ["ลำดับ", "บ้านเลขที่", "ชื่อ", "นามสกุล", "เลขประจำตัวประชาชน", "ตำบล"]
    with pytest.raises(HeaderNotFound) as caught:
        find_header([(1, header_row)])

    assert caught.value.missing == ["หมู่ที่"]


# ---------------------------------------------------------------------------
# Areas


@pytest.mark.parametrize("district", ["แม่ริม", "อ.แม่ริม", "อ. แม่ริม", "อำเภอแม่ริม", "Mae Rim"])
@pytest.mark.parametrize("subdistrict", ["ริมใต้", "ต.ริมใต้", "ตำบลริมใต้", "ตำบล ริมใต้"])
def test_area_names_with_and_without_prefixes(district, subdistrict):
    result = parse_one(district=district, subdistrict=subdistrict)

    assert result.village_code == "50070103"


def test_mueang_is_the_capital_district():
    result = parse_one(district="อ.เมือง", subdistrict="ต.ศรีภูมิ", moo=1)

    assert result.village_code == "50010101"


@pytest.mark.parametrize("moo", [3, 3.0, "3", "๓", "03", "ม.3", "ม. 3", "หมู่ 3", "หมู่ที่ 3", "Moo 3"])
def test_moo_written_in_every_usual_way(moo):
    assert parse_one(moo=moo).village_code == "50070103"


@pytest.mark.parametrize("moo", ["0", "100", "3ก", 3.5, "หมู่บ้านต้นผึ้ง"])
def test_moo_that_is_not_a_village_number(moo):
    error = errors_of(parse_one(moo=moo))["area.moo"]

    assert error.column == "หมู่ที่"
    assert error.value == cell_text(moo)
    assert "1 to 99" in error.expected


def test_area_codes_instead_of_names():
    header_row = ["รหัสอำเภอ", "รหัสตำบล", "หมู่ที่", "บ้านเลขที่", "ชื่อ", "นามสกุล"]
    header_row += ["เลขประจำตัวประชาชน", "จำนวนสมาชิก", "รายได้เฉลี่ยต่อคนต่อปี"]
    rows = [
        header_row,
        ["5007", "500701", "3", "1", "สมชาย", "ใจดี", CID, "4", "20000"],
        [5007, 500702, 4, "2", "สมศรี", "ใจดี", CID, 4, 20000],
        ["5001", "500701", "3", "3", "สมปอง", "ใจดี", CID, "4", "20000"],
    ]
    _header, results = parse_sheet(rows)

    assert results[2].village_code == "50070103"
    assert results[3].village_code == "50070204"
    error = errors_of(results[4])["area.subdistrict"]
    assert error.column == "รหัสตำบล"
    assert "500701" in error.message
    assert "เมืองเชียงใหม่" in error.message


def test_subdistrict_code_alone_is_enough():
    header_row = ["รหัสตำบล", "หมู่", "บ้านเลขที่", "ชื่อ", "เลขบัตร", "สมาชิก", "รายได้"]
    result = only_row([header_row, ["500702", "ม.7", "1", "สมชาย", CID, "1", "0"]])

    assert result.village_code == "50070207"


def test_village_code_alone_is_enough():
    VillageFactory(code="50070103", name_th="บ้านต้นผึ้ง")
    header_row = ["รหัสหมู่บ้าน", "บ้านเลขที่", "ชื่อ", "นามสกุล", "เลขประจำตัวประชาชน"]
    header_row += ["จำนวนสมาชิก", "รายได้เฉลี่ยต่อคนต่อปี"]
    rows = [
        header_row,
        ["50070103", "1", "สมชาย", "ใจดี", CID, "4", "20000"],
        [50070299, "2", "สมศรี", "ใจดี", CID, "4", "20000"],
        ["๕๐๐๗๐๑๐๓", "3", "สมปอง", "ใจดี", CID, "4", "20000"],
        ["51010101", "4", "สมหมาย", "ใจดี", CID, "4", "20000"],
        ["5007010", "5", "สมใจ", "ใจดี", CID, "4", "20000"],
    ]
    _header, results = parse_sheet(rows)

    assert (results[2].village_code, results[2].village_name) == ("50070103", "บ้านต้นผึ้ง")
    assert (results[3].village_code, results[3].village_name) == ("50070299", "")  # new village
    assert results[4].village_code == "50070103"
    other_province = errors_of(results[5])["area.village_code"]
    assert "ลำพูน" in other_province.message
    assert "area.village_code" in errors_of(results[6])


def test_existing_village_name_is_used_when_the_file_has_none():
    VillageFactory(code="50070103", name_th="บ้านต้นผึ้ง")
    assert parse_one(village_name="").village_name == "บ้านต้นผึ้ง"
    assert parse_one(village_name="ต้นผึ้ง").village_name == "ต้นผึ้ง"  # the file's, as written


def test_unknown_district():
    error = errors_of(parse_one(district="อ.ไม่มีจริง"))["area.district"]

    assert error.column == "อำเภอ"
    assert error.value == "อ.ไม่มีจริง"
    assert "ไม่มีจริง" in error.message
    assert "เชียงใหม่" in error.expected


def test_district_of_another_province():
    error = errors_of(parse_one(district="อ.เมืองลำพูน", subdistrict="ในเมือง"))["area.district"]

    assert "ลำพูน" in error.message
    assert "เชียงใหม่" in error.message


def test_subdistrict_in_another_district():
    result = parse_one(district="อ.สันทราย", subdistrict="ต.ริมใต้")
    error = errors_of(result)["area.subdistrict"]

    assert error.column == "ตำบล"
    assert error.value == "ต.ริมใต้"
    assert "สันทราย" in error.message
    assert "แม่ริม" in error.message  # where ริมใต้ really is


def test_subdistrict_of_another_province():
    error = errors_of(parse_one(subdistrict="ต.เหมืองง่า"))["area.subdistrict"]

    assert "ลำพูน" in error.message


def test_subdistrict_code_of_another_province():
    header_row = ["รหัสตำบล", "หมู่ที่", "บ้านเลขที่", "ชื่อ", "เลขประจำตัวประชาชน"]
    header_row += ["จำนวนสมาชิก", "รายได้"]
    result = only_row([header_row, ["510102", "1", "1", "สมชาย", CID, "1", "1"]])
    error = errors_of(result)["area.subdistrict"]

    assert "เหมืองง่า" in error.message
    assert "ลำพูน" in error.message


def test_subdistrict_name_without_a_district_must_be_unique_in_the_province():
    header_row = ["ตำบล", "หมู่ที่", "บ้านเลขที่", "ชื่อ", "เลขประจำตัวประชาชน"]
    header_row += ["จำนวนสมาชิก", "รายได้"]
    rows = [
        header_row,
        ["ริมใต้", "1", "1", "สมชาย", CID, "1", "1"],
        ["สันทราย", "1", "2", "สมชาย", CID, "1", "1"],  # in ฝาง, พร้าว and สารภี
    ]
    _header, results = parse_sheet(rows)

    assert results[2].village_code == "50070101"
    error = errors_of(results[3])["area.subdistrict"]
    assert "ฝาง" in error.message
    assert "อำเภอ" in error.message


def test_area_resolution_is_done_once_per_spelling(django_assert_num_queries):
    rows = template_sheet(*(template_row(house_no=str(n)) for n in range(50)))
    with django_assert_num_queries(3):  # districts, subdistricts, villages
        _header, results = parse_sheet(rows)

    assert len({r.village_code for r in results.values()}) == 1


def test_area_index_holds_the_whole_province():
    areas = AreaIndex.for_province("50")

    assert len(areas.districts) == 25
    assert areas.district_code("อ.แม่ริม") == "5007"
    assert areas.subdistricts["500701"] == ("5007", "ริมใต้")
    assert areas.subdistrict_by_name["5007", "ริมใต้"] == "500701"
    assert len(areas.subdistricts_named["สันทราย"]) == 3


# ---------------------------------------------------------------------------
# Household values


def test_thai_digits_anywhere():
    result = parse_one(
        seq="๑",
        moo="หมู่ที่ ๓",
        house_no="๑๒/๓",
        house_code="๕๐๐๗๐๑๒๓๔๕๖",
        citizen_id=to_thai_digits(CID),
        members="๔",
        income="๓๘,๐๐๐",
        failed_indicators="ข้อ ๔,๒๒",
        phone="๐๘๑-๒๓๔-๕๖๗๘",
        note="ย้ายเข้า ๒๕๕๖",
    )

    assert isinstance(result, HouseholdRow), result
    assert (result.village_code, result.house_no, result.house_code) == (
        "50070103",
        "12/3",
        "50070123456",
    )
    assert (result.citizen_id, result.members, result.income_per_person) == (
        CID,
        4,
        Decimal("38000.00"),
    )
    assert (result.failed_indicators, result.phone, result.note) == (
        (4, 22),
        "081-234-5678",
        "ย้ายเข้า 2556",
    )


@pytest.mark.parametrize(
    ("income", "expected"),
    [
        ("38,000", "38000.00"),
        ("๓๘,๐๐๐", "38000.00"),
        ("38000.50", "38000.50"),
        ("38000", "38000.00"),
        (38000.0, "38000.00"),
        (38000, "38000.00"),
        (12666.666666666666, "12666.67"),  # an average Excel computed
        ("0", "0.00"),
    ],
)
def test_incomes(income, expected):
    assert parse_one(income=income).income_per_person == Decimal(expected)


@pytest.mark.parametrize(
    ("income", "kind"),
    [("สามหมื่น", "income.invalid"), ("-500", "income.invalid"), ("", "income.required")],
)
def test_income_that_is_not_a_number(income, kind):
    error = errors_of(parse_one(income=income))[kind]

    assert error.column == "รายได้เฉลี่ยต่อคนต่อปี"
    assert "38,000" in error.expected


@pytest.mark.parametrize(
    ("written", "numbers"),
    [
        ("4, 22", (4, 22)),
        ("ข้อ 4,22", (4, 22)),
        ("4,22", (4, 22)),
        ("22,4,4", (4, 22)),
        ("4 22", (4, 22)),
        ("๔,๒๒", (4, 22)),
        ("4/22", (4, 22)),
        ("ข้อ 4, ข้อ 22", (4, 22)),
        (22.0, (22,)),
        ("22", (22,)),
        ("-", ()),
        ("", ()),
    ],
)
def test_failed_indicator_lists(written, numbers):
    assert parse_one(failed_indicators=written).failed_indicators == numbers


def test_unknown_indicator_names_the_valid_range():
    error = errors_of(parse_one(failed_indicators="4, 45"))["indicators.unknown"]

    assert error.column == "ตัวชี้วัดที่ไม่ผ่าน"
    assert "45" in error.message
    assert "1–31" in error.message
    assert "1–31" in error.expected


def test_indicator_list_that_is_not_a_list():
    assert "indicators.invalid" in errors_of(parse_one(failed_indicators="น้ำดื่มไม่พอ"))


def test_indicators_are_checked_against_the_rounds_set():
    rows = template_sheet(template_row(failed_indicators="4, 31"))
    _header, results = parse_sheet(rows, indicators=range(1, 31))

    assert "indicators.unknown" in errors_of(results[4])


@pytest.mark.parametrize("members", [4, 4.0, "4", "๔", " 4 "])
def test_members(members):
    assert parse_one(members=members).members == 4


@pytest.mark.parametrize(
    ("members", "kind"),
    [
        (4.5, "members.invalid"),
        ("0", "members.invalid"),
        ("สี่", "members.invalid"),
        ("", "members.required"),
    ],
)
def test_members_that_are_not_a_count(members, kind):
    assert kind in errors_of(parse_one(members=members))


@pytest.mark.parametrize(
    ("house_no", "expected"), [(12.0, "12"), (12, "12"), (" 45  ม.2 ", "45 ม.2")]
)
def test_house_numbers(house_no, expected):
    assert parse_one(house_no=house_no).house_no == expected


def test_house_number_is_required():
    error = errors_of(parse_one(house_no=""))["house_no.required"]

    assert error.column == "บ้านเลขที่"


def test_house_number_that_excel_turned_into_a_date():
    error = errors_of(parse_one(house_no=date(2024, 3, 12)))["house_no.date"]

    assert "Text" in error.message
    assert error.value == "12/03/2567"


@pytest.mark.parametrize("house_code", ["50070123456", "5007-012345-6", 50070123456.0])
def test_house_codes(house_code):
    assert parse_one(house_code=house_code).house_code == "50070123456"


def test_house_code_that_is_not_11_digits():
    error = errors_of(parse_one(house_code="500701234"))["house_code.invalid"]

    assert error.value == "500701234"


def test_names_are_stripped_and_first_name_is_required():
    result = parse_one(prefix=" นาง ", first_name="  สม   ศรี ", last_name=" ใจดี ")
    assert (result.head_prefix, result.head_first_name, result.head_last_name) == (
        "นาง",
        "สม ศรี",
        "ใจดี",
    )
    assert "first_name.required" in errors_of(parse_one(first_name=""))


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("นายสมชาย ใจดี", ("นาย", "สมชาย", "ใจดี")),
        ("นางสาวสมหญิง  รักไทย", ("นางสาว", "สมหญิง", "รักไทย")),
        ("น.ส. สมหญิง รักไทย", ("น.ส.", "สมหญิง", "รักไทย")),
        ("นางมาลี ศรีสุข", ("นาง", "มาลี", "ศรีสุข")),
        ("Mr. John Smith", ("Mr.", "John", "Smith")),
        ("สมชาย ใจดี", ("", "สมชาย", "ใจดี")),
    ],
)
def test_one_column_for_the_whole_name(written, expected):
    header_row = ["ตำบล", "หมู่ที่", "บ้านเลขที่", "ชื่อ-สกุล", "เลขประจำตัวประชาชน"]
    header_row += ["จำนวนสมาชิก", "รายได้"]
    result = only_row([header_row, ["ริมใต้", "1", "1", written, CID, "1", "1"]])

    assert (result.head_prefix, result.head_first_name, result.head_last_name) == expected


def test_phone_number_that_excel_stored_as_a_number_keeps_its_zero():
    assert parse_one(phone=812345678.0).phone == "0812345678"
    assert parse_one(phone="").phone == ""


# ---------------------------------------------------------------------------
# Citizen IDs


@pytest.mark.parametrize(
    "written",
    [
        CID,
        f"{CID[0]}-{CID[1:5]}-{CID[5:10]}-{CID[10:12]}-{CID[12]}",
        f" {CID[0]} {CID[1:5]} {CID[5:10]} {CID[10:12]} {CID[12]} ",
        "'" + CID,
        int(CID),  # a number cell
        float(CID),  # a number cell as calamine reads an .xlsx
        to_thai_digits(CID),
    ],
)
def test_citizen_ids_as_text_with_dashes_and_as_numbers(written):
    assert parse_one(citizen_id=written).citizen_id == CID


def test_citizen_id_in_scientific_notation_as_text():
    error = errors_of(parse_one(citizen_id="1.10170E+12"))["citizen_id.scientific"]

    assert error.column == "เลขประจำตัวประชาชน"
    assert error.value == "1.10170E+12"
    assert "scientific notation" in error.message
    assert "Text" in error.message  # how to fix the sheet
    assert "13 digits" in error.expected


def test_citizen_id_in_scientific_notation_as_a_number_cell():
    damaged = 1.1017e12  # what is left of 1-1017-00203-45-x once Excel shows 1.10170E+12
    assert citizen_id(str(int(damaged))[:12]) != str(int(damaged))  # not valid by chance

    error = errors_of(parse_one(citizen_id=damaged))["citizen_id.scientific"]
    assert error.value == "1.10170E+12"
    assert "scientific notation" in error.message


def test_citizen_id_that_lost_its_leading_zero():
    valid = citizen_id("012345678901")
    error = errors_of(parse_one(citizen_id=int(valid)))["citizen_id.lost_leading_zero"]

    # PDPA: the stored error shows only the last four digits, enough to find the cell.
    assert error.value == "xxxxxxxx" + valid[-4:]
    assert "x-xxxx-xxxx9-01-" + valid[-1] in error.message  # the ID it probably is, masked
    assert valid[1:] not in error.message.replace("-", "")
    assert "Text" in error.message


def test_citizen_id_with_a_wrong_check_digit():
    wrong = CID[:12] + str((int(CID[12]) + 1) % 10)
    error = errors_of(parse_one(citizen_id=wrong))["citizen_id.check_digit"]

    # PDPA: a mistyped ID is still a person's ID: stored and shown masked, last 4 digits kept.
    assert error.value == "x" * 9 + wrong[-4:]
    assert wrong not in error.message.replace("-", "")
    assert "x-xxxx-xxxx" + wrong[9] + "-" + wrong[10:12] + "-" + wrong[12] in error.message


def test_citizen_id_with_thai_digits_and_letters_is_masked_in_the_error():
    error = errors_of(parse_one(citizen_id="๑๒๓๔๕๖๗๘๙๐๑๒A"))["citizen_id.characters"]

    assert error.value == "xxxxxxxx๙๐๑๒A"
    assert "๑๒๓๔" not in error.message


def test_citizen_id_is_required():
    assert "citizen_id.empty" in errors_of(parse_one(citizen_id="", house_no="1"))


def test_every_error_of_a_row_is_reported():
    result = parse_one(
        district="อ.ไม่มีจริง", house_no="", citizen_id="1.10170E+12", members="x", income="y"
    )

    assert {error.kind for error in result} == {
        "area.district",
        "house_no.required",
        "citizen_id.scientific",
        "members.invalid",
        "income.invalid",
    }
    assert {error.row for error in result} == {4}
    assert all(error.message and error.expected for error in result)


def test_errors_are_translated():
    with translation.override("th"):
        th = errors_of(parse_one(members="x"))["members.invalid"]
    with translation.override("en"):
        en = errors_of(parse_one(members="x"))["members.invalid"]

    assert "household members" in en.message
    assert isinstance(th.message, str)


def test_cell_text_shows_values_as_a_spreadsheet_does():
    assert cell_text(1.1017e12) == "1.10170E+12"
    assert cell_text(1101700203451.0) == "1101700203451"
    assert cell_text(12.0) == "12"
    assert cell_text(4.5) == "4.5"
    assert cell_text(True) == "TRUE"
    assert cell_text(date(2014, 8, 15)) == "15/08/2557"
    assert cell_text("๑๒") == "๑๒"
