"""The household registry list (filters, search, sorting, pages, totals), its Excel export and
the household page with its rounds side by side."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from households.registry_queries import RegistryTotals
from povertyprog.audit.models import ActivityLog
from povertyprog.thai.formats import format_citizen_id, to_thai_digits
from tests.factories import VillageFactory

from .bmn_files import HEADERS
from .factories import (
    HouseholdFactory,
    HouseholdSurveyFactory,
    SurveyRoundFactory,
    valid_citizen_id,
)

# The import template's columns as the issue spells them: the export must re-import unchanged.
TEMPLATE_HEADERS = HEADERS
LIST = reverse("households:list")
EXPORT = reverse("households:export")


@pytest.fixture
def round_2567(db):
    return SurveyRoundFactory(year_be=2567, income_threshold=Decimal("38000"))


@pytest.fixture
def registry(round_2567):
    """Five households of 2567 in two Mae Rim subdistricts and Mueang Chiang Mai."""
    rim_tai_1 = VillageFactory(code="50070101", name_th="บ้านริมใต้")
    rim_tai_2 = VillageFactory(code="50070102", name_th="บ้านสันป่าข่อย")
    rim_nuea = VillageFactory(code="50070201", name_th="บ้านริมเหนือ")
    si_phum = VillageFactory(code="50010101", name_th="บ้านศรีภูมิ")

    def survey(key, village, house_no, **values):
        return key, HouseholdSurveyFactory(
            household=HouseholdFactory(village=village, house_no=house_no),
            survey_round=round_2567,
            **values,
        )

    return dict(
        [
            survey(
                "somchai",
                rim_tai_1,
                "12/3",
                head_first_name="สมชาย",
                head_last_name="ใจดี",
                members=5,
                income_per_person=Decimal("25000"),
                failed=(4, 22),
            ),
            survey(
                "somsri",
                rim_tai_1,
                "45",
                head_prefix="นาง",
                head_first_name="สมศรี",
                head_last_name="มีสุข",
                members=2,
                income_per_person=Decimal("52000"),
                failed=(14,),
            ),
            survey(
                "boonmee",
                rim_tai_2,
                "7",
                head_first_name="บุญมี",
                head_last_name="ศรีสุข",
                members=3,
                income_per_person=Decimal("37999.50"),
                failed=(22,),
            ),
            survey(
                "kaew",
                rim_nuea,
                "112",
                head_prefix="นางสาว",
                head_first_name="กมล",
                head_last_name="ใจดี",
                members=1,
                income_per_person=Decimal("38000"),
                failed=(),
            ),
            survey(
                "mueang",
                si_phum,
                "1",
                head_first_name="ทองดี",
                head_last_name="สุขใจ",
                members=4,
                income_per_person=Decimal("120000"),
                failed=(),
            ),
        ]
    )


def _listed(client, **params) -> list:
    response = client.get(LIST, params)
    assert response.status_code == 200
    return list(response.context["page"].object_list)


def _keys(registry, surveys) -> list[str]:
    by_pk = {survey.pk: key for key, survey in registry.items()}
    return [by_pk[survey.pk] for survey in surveys]


@pytest.fixture
def staff_client(client, province_staff):
    client.force_login(province_staff)
    return client


# Filters ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"somchai", "somsri", "boonmee", "kaew", "mueang"}),
        ({"district": "5007"}, {"somchai", "somsri", "boonmee", "kaew"}),
        ({"district": "5001"}, {"mueang"}),
        ({"subdistrict": "500701"}, {"somchai", "somsri", "boonmee"}),
        ({"subdistrict": "๕๐๐๗๐๒"}, {"kaew"}),
        ({"village": "50070101"}, {"somchai", "somsri"}),
        ({"village": "๕๐๐๗๐๑๐๒"}, {"boonmee"}),
        # Poor: below the threshold; exactly 38,000 is not poor.
        ({"poor": "yes"}, {"somchai", "boonmee"}),
        ({"poor": "no"}, {"somsri", "kaew", "mueang"}),
        # ",4," must not match ",14,".
        ({"failed": "4"}, {"somchai"}),
        ({"failed": "๒๒"}, {"somchai", "boonmee"}),
        ({"failed": "14"}, {"somsri"}),
        ({"income_min": "38,000"}, {"somsri", "kaew", "mueang"}),
        ({"income_max": "๓๘,๐๐๐"}, {"somchai", "boonmee", "kaew"}),
        ({"income_min": "30000", "income_max": "60,000.00"}, {"somsri", "boonmee", "kaew"}),
        ({"district": "5007", "poor": "yes", "failed": "4"}, {"somchai"}),
    ],
)
def test_filters(staff_client, registry, params, expected):
    assert set(_keys(registry, _listed(staff_client, **params))) == expected


def test_district_choices_follow_the_scope(client, district_officer_mae_rim, province_staff):
    client.force_login(district_officer_mae_rim)
    choices = client.get(LIST).context["form"].fields["district"].choices
    assert [code for code, _label in choices] == ["", "5007"]
    client.force_login(province_staff)
    codes = [code for code, _label in client.get(LIST).context["form"].fields["district"].choices]
    assert len(codes) == 26  # all, and Chiang Mai's 25 districts
    assert all(code.startswith("50") for code in codes[1:])


def test_a_district_filter_cannot_reach_outside_the_scope(
    client, district_officer_mae_rim, registry
):
    client.force_login(district_officer_mae_rim)
    response = client.get(LIST, {"district": "5001"})
    assert "district" in response.context["form"].errors
    # The invalid filter is ignored; the scope still holds.
    assert set(_keys(registry, response.context["page"].object_list)) == {
        "somchai",
        "somsri",
        "boonmee",
        "kaew",
    }


def test_invalid_filters_are_reported_and_ignored(staff_client, registry):
    response = staff_client.get(LIST, {"village": "5007", "income_min": "lots", "poor": "yes"})
    form = response.context["form"]
    assert set(form.errors) == {"village", "income_min"}
    assert set(_keys(registry, response.context["page"].object_list)) == {"somchai", "boonmee"}


def test_income_limits_in_the_wrong_order_are_refused(staff_client, registry):
    response = staff_client.get(LIST, {"income_min": "50,000", "income_max": "10,000"})
    assert "income_max" in response.context["form"].errors


def test_rounds_default_to_the_newest_and_can_be_chosen(staff_client, registry, round_2567):
    older = SurveyRoundFactory(year_be=2566, income_threshold=Decimal("38000"))
    household = registry["somchai"].household
    HouseholdSurveyFactory(household=household, survey_round=older, head_first_name="สมชายเก่า")

    response = staff_client.get(LIST)
    assert response.context["survey_round"] == round_2567
    assert len(response.context["page"].object_list) == 5

    response = staff_client.get(LIST, {"round": "2566"})
    assert response.context["survey_round"] == older
    assert [s.head_first_name for s in response.context["page"].object_list] == ["สมชายเก่า"]
    assert staff_client.get(LIST, {"round": "๒๕๖๖"}).context["survey_round"] == older


def test_an_empty_registry_says_so(client, province_staff, db):
    client.force_login(province_staff)
    response = client.get(LIST)
    assert response.status_code == 200
    assert response.context["survey_round"] is None
    assert 'id="no-round"' in response.content.decode()


# Search -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("สมชาย", {"somchai"}),
        ("สม", {"somchai", "somsri"}),
        ("ใจดี", {"somchai", "kaew"}),
        ("สมชาย ใจดี", {"somchai"}),
        ("12/3", {"somchai"}),
        ("๑๒/๓", {"somchai"}),
        ("45", {"somsri"}),
        ("11", {"kaew"}),  # house 112: part of a house number
        ("ไม่มีใคร", set()),
    ],
)
def test_search_by_name_and_house_number(staff_client, registry, q, expected):
    assert set(_keys(registry, _listed(staff_client, q=q))) == expected


def test_search_by_citizen_id_in_any_writing(staff_client, registry):
    cid = registry["boonmee"].citizen_id
    for q in (cid, format_citizen_id(cid), to_thai_digits(format_citizen_id(cid)), " ".join(cid)):
        assert _keys(registry, _listed(staff_client, q=q)) == ["boonmee"], q


def test_a_citizen_id_with_a_wrong_check_digit_finds_nothing(staff_client, registry):
    cid = registry["boonmee"].citizen_id
    wrong = cid[:12] + str((int(cid[12]) + 1) % 10)
    response = staff_client.get(LIST, {"q": format_citizen_id(wrong)})
    assert list(response.context["page"].object_list) == []
    # Searched as text, and the officer is told why it found nothing.
    assert response.context["form"].q_hint
    assert 'id="search-hint"' in response.content.decode()


# Sorting, pages and totals ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["mueang", "somchai", "somsri", "boonmee", "kaew"]),
        ("village", ["mueang", "somchai", "somsri", "boonmee", "kaew"]),
        ("-village", ["kaew", "boonmee", "somsri", "somchai", "mueang"]),
        ("income", ["somchai", "boonmee", "kaew", "somsri", "mueang"]),
        ("-income", ["mueang", "somsri", "kaew", "boonmee", "somchai"]),
        ("members", ["kaew", "somsri", "boonmee", "mueang", "somchai"]),
        ("-members", ["somchai", "mueang", "boonmee", "somsri", "kaew"]),
        ("name", ["kaew", "mueang", "boonmee", "somchai", "somsri"]),
        ("house_no", ["mueang", "kaew", "somchai", "somsri", "boonmee"]),
        ("drop table", ["mueang", "somchai", "somsri", "boonmee", "kaew"]),
    ],
)
def test_sorting(staff_client, registry, sort, expected):
    assert _keys(registry, _listed(staff_client, sort=sort)) == expected


def test_sort_links_keep_the_filters_and_toggle(staff_client, registry):
    content = staff_client.get(LIST, {"poor": "yes", "sort": "income"}).content.decode()
    assert "?poor=yes&amp;sort=-income" in content
    assert "?poor=yes&amp;sort=members" in content


@pytest.fixture
def sixty(round_2567):
    village = VillageFactory(code="50070101")
    return HouseholdSurveyFactory.create_batch(
        60,
        household__village=village,
        survey_round=round_2567,
        income_per_person=Decimal("20000"),
    )


def test_pages_of_fifty_keep_the_filters(staff_client, sixty):
    response = staff_client.get(LIST, {"poor": "yes"})
    page = response.context["page"]
    assert len(page.object_list) == 50
    assert page.paginator.num_pages == 2
    assert "?poor=yes&amp;page=2" in response.content.decode()
    second = staff_client.get(LIST, {"poor": "yes", "page": "2"}).context["page"]
    assert len(second.object_list) == 10
    shown = {s.pk for s in page.object_list} | {s.pk for s in second.object_list}
    assert shown == {s.pk for s in sixty}
    # A page number that is no page shows the last (or first) page rather than failing.
    assert staff_client.get(LIST, {"page": "99"}).context["page"].number == 2
    assert staff_client.get(LIST, {"page": "x"}).context["page"].number == 1


def test_totals_count_every_page(staff_client, registry, sixty):
    response = staff_client.get(LIST)
    assert response.context["totals"] == RegistryTotals(total=65, poor=62)
    assert "65" in response.content.decode()
    assert staff_client.get(LIST, {"district": "5001"}).context["totals"] == RegistryTotals(
        total=1, poor=0
    )


def test_the_list_runs_a_constant_number_of_queries(
    staff_client, round_2567, django_assert_max_num_queries
):
    village = VillageFactory(code="50070101")
    HouseholdSurveyFactory.create_batch(3, household__village=village, survey_round=round_2567)
    with CaptureQueriesContext(connection) as few:
        assert staff_client.get(LIST).status_code == 200
    HouseholdSurveyFactory.create_batch(57, household__village=village, survey_round=round_2567)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get(LIST)
    assert len(response.context["page"].object_list) == 50


def test_the_list_shows_the_rows(staff_client, registry):
    content = staff_client.get(LIST, {"village": "50070101"}).content.decode()
    assert "บ้านริมใต้" in content
    assert "ริมใต้" in content
    assert "แม่ริม" in content
    assert "12/3" in content
    assert "นายสมชาย ใจดี" in content
    assert "25,000" in content
    assert "4, 22" in content
    assert reverse("households:detail", args=[registry["somchai"].household_id]) in content


def test_the_export_link_keeps_the_filters(staff_client, registry):
    content = staff_client.get(LIST, {"poor": "yes", "page": "1"}).content.decode()
    assert f'href="{EXPORT}?poor=yes"' in content


# Export -------------------------------------------------------------------------------------


def _sheet_rows(response) -> list[tuple]:
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def test_export_has_the_import_template_columns_and_values(staff_client, registry):
    response = staff_client.get(EXPORT, {"village": "50070101", "sort": "income"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="households-2567.xlsx"' in response["Content-Disposition"]
    rows = _sheet_rows(response)
    assert list(rows[0]) == TEMPLATE_HEADERS
    somchai = registry["somchai"]
    assert rows[1] == (
        1,
        "แม่ริม",
        "ริมใต้",
        1,
        "บ้านริมใต้",
        "12/3",
        None,
        "นาย",
        "สมชาย",
        "ใจดี",
        somchai.citizen_id,
        5,
        25000,
        "4,22",
        None,
        None,
    )
    assert rows[2][0] == 2
    assert rows[2][9] == "มีสุข"
    assert rows[2][13] == "14"
    assert len(rows) == 3


def test_export_keeps_ids_and_codes_as_text(staff_client, round_2567):
    household = HouseholdFactory(
        village=VillageFactory(code="50070101"), house_no="9", house_code="50070100012"
    )
    cid = valid_citizen_id(42, first="0")  # highland IDs begin with 0
    HouseholdSurveyFactory(
        household=household,
        survey_round=round_2567,
        citizen_id=cid,
        phone="0812345678",
        income_per_person=Decimal("12345.50"),
        failed=(),
    )
    sheet = load_workbook(BytesIO(staff_client.get(EXPORT).content)).active
    assert sheet["K2"].value == cid
    assert isinstance(sheet["K2"].value, str)
    assert len(sheet["K2"].value) == 13
    assert sheet["K2"].number_format == "@"
    assert sheet["G2"].value == "50070100012"
    assert sheet["O2"].value == "0812345678"
    assert sheet["M2"].value == 12345.5
    assert sheet["N2"].value is None  # no failed indicator


def test_export_holds_every_filtered_row_not_one_page(staff_client, registry, sixty):
    rows = _sheet_rows(staff_client.get(EXPORT, {"poor": "yes", "page": "2"}))
    assert len(rows) == 1 + 62
    assert [row[0] for row in rows[1:]] == list(range(1, 63))


def test_export_is_logged_with_its_filters(staff_client, province_staff, registry):
    cid = registry["boonmee"].citizen_id
    staff_client.get(EXPORT, {"district": "5007", "q": format_citizen_id(cid)})
    entry = ActivityLog.objects.get(action="households.registry.exported")
    assert entry.actor == province_staff
    assert entry.data["rows"] == 1
    filters = entry.data["filters"]
    assert filters["round"] == 2567
    assert filters["district"] == "5007"
    # The log does not become a store of citizen IDs.
    assert cid not in str(entry.data)
    assert filters["q"] == f"{cid[0]}-xxxx-xxxxx-xx-{cid[12]}"


def test_export_of_another_round(staff_client, registry):
    older = SurveyRoundFactory(year_be=2566)
    HouseholdSurveyFactory(household=registry["kaew"].household, survey_round=older)
    response = staff_client.get(EXPORT, {"round": "2566"})
    assert 'filename="households-2566.xlsx"' in response["Content-Disposition"]
    assert len(_sheet_rows(response)) == 2


# Detail -------------------------------------------------------------------------------------


@pytest.fixture
def three_rounds(db):
    """A household poor in 2565, above the threshold in 2566, and again in 2567."""
    household = HouseholdFactory(
        village=VillageFactory(code="50070101", name_th="บ้านริมใต้"),
        house_no="12/3",
        house_code="50070100012",
    )
    records = {}
    for year, income, failed, threshold in (
        (2565, "20000", (4, 22), "36000"),
        (2566, "41000", (4,), "38000"),
        (2567, "45500.50", (), "38000"),
    ):
        records[year] = HouseholdSurveyFactory(
            household=household,
            survey_round=SurveyRoundFactory(year_be=year, income_threshold=Decimal(threshold)),
            income_per_person=Decimal(income),
            failed=failed,
            phone="0812345678" if year == 2567 else "",
        )
    return household, records


def test_detail_shows_the_rounds_side_by_side(staff_client, three_rounds):
    household, _records = three_rounds
    response = staff_client.get(reverse("households:detail", args=[household.pk]))
    columns = response.context["columns"]
    assert [c.survey_round.year_be for c in columns] == [2565, 2566, 2567]
    assert [c.is_poor for c in columns] == [True, False, False]
    assert [c.graduated for c in columns] == [False, True, False]
    assert columns[0].failed == [
        (4, "ครัวเรือนกินอาหารถูกสุขลักษณะ ปลอดภัย และได้มาตรฐาน"),
        (22, "รายได้เฉลี่ยของคนในครัวเรือนต่อปี"),
    ]
    content = response.content.decode()
    assert 'id="graduated"' in content
    assert "จปฐ. 2566" in content
    for text in ("20,000", "41,000", "45,500.50", "36,000", "38,000", "0812345678"):
        assert text in content
    assert "รายได้เฉลี่ยของคนในครัวเรือนต่อปี" in content
    assert "50070100012" in content
    assert "ริมใต้" in content
    assert "แม่ริม" in content
    # One round per column: the round headers appear in order in the table head.
    head = content[content.index('id="rounds"') :]
    assert head.index("จปฐ. 2565") < head.index("จปฐ. 2566") < head.index("จปฐ. 2567")


def test_detail_of_a_household_that_stays_poor_has_no_graduation(staff_client, db):
    household = HouseholdFactory(village=VillageFactory(code="50070101"))
    for year in (2566, 2567):
        HouseholdSurveyFactory(
            household=household,
            survey_round=SurveyRoundFactory(year_be=year),
            income_per_person=Decimal("20000"),
        )
    response = staff_client.get(reverse("households:detail", args=[household.pk]))
    assert response.context["graduated"] is None
    assert 'id="graduated"' not in response.content.decode()


def test_detail_runs_a_constant_number_of_queries(
    staff_client, three_rounds, django_assert_max_num_queries
):
    household, _records = three_rounds
    # Session, user, household, its surveys, indicator texts, and the view log (3 writes).
    with django_assert_max_num_queries(10):
        staff_client.get(reverse("households:detail", args=[household.pk]))
