"""A district officer's case pages: the list (filters, sort, pages, Excel export, constant
queries), one case (household, rounds, replacement links, timeline) with its field check and
capacity class, each landing the service's refusals on the form."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from households.models import HouseholdAccess, Stage, Target, Verification
from households.programme_services import programme_activate, target_capacity_set, target_verify
from households.targeting import QuotaMode, TargetingRules
from povertyprog.audit.models import ActivityLog

from .targeting_world import MAE_RIM, MUEANG, VILLAGES, programme, record, targeted

pytestmark = pytest.mark.django_db

CASES = reverse("households:case_list")


def _quota(mae_rim: int, mueang: int = 1) -> TargetingRules:
    return TargetingRules(
        quota_mode=QuotaMode.NUMBER, district_quotas={MAE_RIM: mae_rim, MUEANG: mueang}
    )


@pytest.fixture
def world(province_staff):
    """Three Mae Rim households in line (incomes 1,000 < 2,000 < 3,000), the first two
    chosen; one Mueang household chosen."""
    record(VILLAGES[MAE_RIM][0], 1000, head_first_name="สมศรี", citizen_id="3500700123458")
    record(VILLAGES[MAE_RIM][1], 2000, head_first_name="สมชาย")
    record(VILLAGES[MAE_RIM][0], 3000, head_first_name="สำรอง")
    record(VILLAGES[MUEANG][0], 1500, head_first_name="เมืองหนึ่ง")
    p = programme(by=province_staff, target=3)
    targeted(p, by=province_staff, rules=_quota(2))
    programme_activate(programme=p, by=province_staff)
    return p


def _case(programme_, name: str) -> Target:
    return programme_.targets.get(survey__head_first_name=name)


@pytest.fixture
def officer(client, district_officer_mae_rim, settings):
    client.force_login(district_officer_mae_rim)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _names(response) -> list[str]:
    return [t.survey.head_first_name for t in response.context["page"].object_list]


# The list --------------------------------------------------------------------------------


def test_an_officer_sees_only_their_districts_cases(officer, world):
    response = officer.get(CASES)
    assert response.status_code == 200
    assert _names(response) == ["สมศรี", "สมชาย"]  # by village, then house
    page = response.content.decode()
    assert "เมืองหนึ่ง" not in page
    assert "3500700123458" not in page, "citizen IDs are masked"
    assert reverse("households:case_detail", args=[_case(world, "สมศรี").pk]) in page


def test_province_staff_see_the_province(client, province_staff, world):
    client.force_login(province_staff)
    assert sorted(_names(client.get(CASES))) == sorted(["สมศรี", "สมชาย", "เมืองหนึ่ง"])


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"stage": Stage.VERIFIED}, ["สมชาย"]),
        ({"stage": Stage.TARGETED}, ["สมศรี"]),
        ({"capacity": "care_elderly"}, ["สมชาย"]),
        ({"capacity": "none"}, ["สมศรี"]),
        ({"village": VILLAGES[MAE_RIM][1]}, ["สมชาย"]),
        ({"village": "๕๐๐๗๐๑๐๑"}, ["สมศรี"]),  # Thai digits
        ({"pending": "on"}, ["สมศรี"]),
        ({"sort": "-income"}, ["สมชาย", "สมศรี"]),
        ({"sort": "income"}, ["สมศรี", "สมชาย"]),
        ({"village": "abc"}, ["สมศรี", "สมชาย"]),  # reported and ignored
    ],
)
def test_filters_and_sort(officer, world, params, expected):
    somchai = _case(world, "สมชาย")
    target_verify(target=somchai, outcome=Verification.CONFIRMED, note="", by=None)
    target_capacity_set(target=somchai, capacity="care_elderly", reason="อยู่คนเดียว", by=None)
    assert _names(officer.get(CASES, params)) == expected


def test_the_programme_filter(officer, world, province_staff):
    other = programme(by=province_staff, target=1, name="อีกโครงการ", year=2558)
    targeted(other, by=province_staff, rules=TargetingRules(exclude_other_programmes=False))
    assert len(_names(officer.get(CASES))) == 3
    assert _names(officer.get(CASES, {"programme": world.pk})) == ["สมศรี", "สมชาย"]
    assert _names(officer.get(CASES, {"programme": other.pk})) == ["สมศรี"]


def test_the_list_is_paged(officer, world, province_staff, monkeypatch):
    monkeypatch.setattr("households.views.cases.PAGE_SIZE", 1)
    first = officer.get(CASES)
    assert _names(first) == ["สมศรี"]
    assert 'rel="next"' in first.content.decode()
    assert _names(officer.get(CASES, {"page": 2})) == ["สมชาย"]


def test_the_list_costs_the_same_queries_whatever_the_size(
    officer, world, province_staff, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12) as few:
        assert len(_names(officer.get(CASES))) == 2
    for n in range(8):
        record(VILLAGES[MAE_RIM][n % 2], 100 + n)
    more = programme(by=province_staff, target=10, name="ใหญ่กว่า", year=2558)
    targeted(more, by=province_staff, rules=_quota(10, 0))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(_names(officer.get(CASES))) == 11  # 2 + 9 (สำรอง and the 8 new)


def test_the_export_holds_the_filtered_list_and_is_logged(officer, world, district_officer_mae_rim):
    response = officer.get(CASES, {"format": "xlsx", "village": VILLAGES[MAE_RIM][0]})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="cases.xlsx"'
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2  # the header and สมศรี
    assert "สมศรี" in " ".join(map(str, rows[1]))
    assert "3500700123458" not in " ".join(map(str, rows[1])), "masked in the file too"
    entry = ActivityLog.objects.get(action="households.cases.exported")
    assert entry.actor == district_officer_mae_rim
    assert entry.data["rows"] == 1
    assert entry.data["filters"]["village"] == VILLAGES[MAE_RIM][0]
    somsri = _case(world, "สมศรี")
    assert list(HouseholdAccess.objects.values_list("activity_id", "household_id")) == [
        (entry.pk, somsri.household_id)
    ]


def test_the_export_action_has_a_label():
    from povertyprog.audit.labels import action_label

    assert action_label("households.cases.exported") == "Exported the case list to Excel"


# One case --------------------------------------------------------------------------------


def test_a_case_shows_its_household_rounds_and_timeline(officer, world):
    somsri = _case(world, "สมศรี")
    target_capacity_set(target=somsri, capacity="self", reason="แข็งแรง", by=None)
    response = officer.get(reverse("households:case_detail", args=[somsri.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "สมศรี" in page
    assert "3500700123458" not in page
    assert "3-xxxx-xxxxx-xx-8" in page
    assert 'data-round="2556"' in page
    assert 'data-action="households.target.capacity_set"' in page
    assert "Can develop itself" in page
    assert 'id="verify-form"' in page


def test_another_districts_case_is_not_found(officer, world):
    mueang = _case(world, "เมืองหนึ่ง")
    assert officer.get(reverse("households:case_detail", args=[mueang.pk])).status_code == 404
    url = reverse("households:case_verify", args=[mueang.pk])
    assert officer.post(url, {"verify-outcome": "confirmed"}).status_code == 404
    mueang.refresh_from_db()
    assert mueang.verification == Verification.PENDING


def test_confirming_a_case(officer, world, district_officer_mae_rim):
    somsri = _case(world, "สมศรี")
    url = reverse("households:case_verify", args=[somsri.pk])
    response = officer.post(url, {"verify-outcome": "confirmed", "verify-note": "พบตัว"})
    assert response.status_code == 302
    assert response["Location"] == reverse("households:case_detail", args=[somsri.pk])
    somsri.refresh_from_db()
    assert (somsri.verification, somsri.stage) == (Verification.CONFIRMED, Stage.VERIFIED)
    assert somsri.verified_by == district_officer_mae_rim
    page = officer.get(response["Location"]).content.decode()
    assert "The field check is recorded: Confirmed." in page


def test_rejecting_a_case_shows_its_replacement(officer, world):
    somsri = _case(world, "สมศรี")
    url = reverse("households:case_verify", args=[somsri.pk])
    response = officer.post(
        url, {"verify-outcome": "moved", "verify-note": "ย้ายไปลำพูน"}, follow=True
    )
    replacement = Target.objects.get(replaces=somsri)
    assert replacement.survey.head_first_name == "สำรอง"
    page = response.content.decode()
    assert "replaced by house" in page
    assert 'id="case-replaced-by"' in page
    assert reverse("households:case_detail", args=[replacement.pk]) in page
    assert 'id="verify-form"' not in page, "a dropped case is final"
    back = officer.get(reverse("households:case_detail", args=[replacement.pk]))
    assert 'id="case-replaces"' in back.content.decode()


def test_a_rejection_without_a_note_lands_on_the_form(officer, world):
    somsri = _case(world, "สมศรี")
    url = reverse("households:case_verify", args=[somsri.pk])
    response = officer.post(url, {"verify-outcome": "not_poor", "verify-note": " "})
    assert response.status_code == 200
    assert response.context["verify_form"].errors["note"] == [
        "Say what was found: a rejected case needs a note."
    ]
    somsri.refresh_from_db()
    assert somsri.verification == Verification.PENDING


def test_a_verify_form_without_an_outcome_is_refused_by_shape(officer, world):
    somsri = _case(world, "สมศรี")
    response = officer.post(reverse("households:case_verify", args=[somsri.pk]), {})
    assert response.status_code == 200
    assert "outcome" in response.context["verify_form"].errors


def test_classing_a_case(officer, world, district_officer_mae_rim):
    somsri = _case(world, "สมศรี")
    url = reverse("households:case_capacity", args=[somsri.pk])
    response = officer.post(
        url, {"capacity-capacity": "care_disabled", "capacity-reason": "พิการ"}, follow=True
    )
    somsri.refresh_from_db()
    assert (somsri.capacity, somsri.capacity_reason) == ("care_disabled", "พิการ")
    assert somsri.capacity_by == district_officer_mae_rim
    assert "The household is classed: Needs care: disabled." in response.content.decode()


def test_a_class_without_a_reason_lands_on_the_form(officer, world):
    somsri = _case(world, "สมศรี")
    url = reverse("households:case_capacity", args=[somsri.pk])
    response = officer.post(url, {"capacity-capacity": "self", "capacity-reason": ""})
    assert response.status_code == 200
    assert response.context["capacity_form"].errors["reason"] == ["Give the reason for the class."]


def test_the_forms_answer_post_only(officer, world):
    somsri = _case(world, "สมศรี")
    assert officer.get(reverse("households:case_verify", args=[somsri.pk])).status_code == 405


def test_the_menu_shows_cases_to_those_who_target(officer, client, viewer):
    assert CASES in officer.get(reverse("home")).content.decode()
    client.force_login(viewer)
    assert CASES not in client.get(reverse("home")).content.decode()
