"""The agency and MOU pages over HTTP, as province staff record an MOU ceremony: Thai BE dates
and Thai digits typed in, errors shown on the form, and list pages of constant cost."""

import datetime
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from agencies.models import MOU, Agency, AgencyType, Lever, MOUStatus
from povertyprog.areas.models import District
from povertyprog.audit.models import ActivityLog
from tests.factories import AgencyFactory

from .factories import MOUFactory, PledgeFactory, signed


@pytest.fixture
def staff_client(client, province_staff):
    client.force_login(province_staff)
    return client


@pytest.fixture
def in_english(staff_client):
    """The staff client's pages in English, for assertions on message wording."""
    staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return staff_client


def mou_form_data(**values):
    return {
        "province": "50",
        "title": "บันทึกข้อตกลงความร่วมมือการแก้ไขปัญหาความยากจน ปี ๒๕๖๗",
        "fiscal_year_be": "๒๕๖๗",
        "governor_name": "นายนิรัตน์ พงษ์สิทธิถาวร",
        "governor_title": "ผู้ว่าราชการจังหวัดเชียงใหม่",
        "signing_place": "ศาลากลางจังหวัดเชียงใหม่",
        "signed_on": "",
        "scope": "ร่วมกันแก้ไขปัญหาความยากจน",
        "valid_from": "15/08/2567",
        "valid_until": "๓๐ ก.ย. ๒๕๖๘",
        **values,
    }


def text_of(response) -> str:
    return response.content.decode()


def errors_of(response) -> str:
    """The text of the form's error messages (field and non-field)."""
    html = text_of(response)
    found = re.findall(r'class="invalid-feedback[^"]*"[^>]*>(.*?)</div>', html, re.S)
    found += re.findall(r'class="alert alert-block alert-danger"[^>]*>(.*?)</div>', html, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", chunk) for chunk in found)


# The whole ceremony ------------------------------------------------------------------------


def test_record_an_mou_ceremony(staff_client, province_staff):
    # A new agency for the directory, typed as staff would.
    response = staff_client.post(
        reverse("agencies:agency_new"),
        {
            "name_th": "สำนักงานเกษตรจังหวัดเชียงใหม่",
            "name_en": "Chiang Mai Provincial Agricultural Extension Office",
            "short_name": "เกษตรจังหวัด",
            "agency_type": AgencyType.GOVERNMENT,
            "parent_organisation": "กระทรวงเกษตรและสหกรณ์",
            "province": "50",
            "head_title": "เกษตรจังหวัดเชียงใหม่",
            "contact_person": "นางสาวกานดา ใจดี",
            "phone": "053-112-345",
            "email": "agri@example.go.th",
            "is_active": "on",
        },
    )
    farm = Agency.objects.get(short_name="เกษตรจังหวัด")
    assert response.status_code == 302
    assert response.url == farm.get_absolute_url()
    assert (farm.province_id, farm.agency_type) == ("50", AgencyType.GOVERNMENT)
    university = AgencyFactory(name_th="มหาวิทยาลัยแม่โจ้", agency_type=AgencyType.EDUCATION)

    # The MOU, with BE dates in two spellings and Thai digits.
    response = staff_client.post(reverse("agencies:mou_new"), mou_form_data())
    mou = MOU.objects.get()
    assert response.status_code == 302
    assert response.url == mou.get_absolute_url()
    assert (mou.fiscal_year_be, mou.valid_from, mou.valid_until) == (
        2567,
        datetime.date(2024, 8, 15),
        datetime.date(2025, 9, 30),
    )
    assert (mou.status, mou.created_by) == (MOUStatus.DRAFT, province_staff)

    # Two agencies sign.
    for agency, signer, title in [
        (farm, "นายสมชาย ใจดี", "เกษตรจังหวัดเชียงใหม่"),
        (university, "รองศาสตราจารย์ปิ่นแก้ว ฟ้าใส", "อธิการบดี"),
    ]:
        response = staff_client.post(
            reverse("agencies:mou_signatory_add", args=[mou.pk]),
            {"agency": agency.pk, "signer_name": signer, "signer_title": title},
        )
        assert response.status_code == 302
    assert list(mou.signatories.values_list("agency__name_th", "order")) == [
        ("สำนักงานเกษตรจังหวัดเชียงใหม่", 1),
        ("มหาวิทยาลัยแม่โจ้", 2),
    ]

    # The add-signatory form no longer offers them.
    page = text_of(staff_client.get(mou.get_absolute_url()))
    options = re.search(r'<select name="agency".*?</select>', page, re.S)[0]
    assert "มหาวิทยาลัยแม่โจ้" not in options

    # A pledge, with Thai digits and a BE date typed with a Thai month.
    response = staff_client.post(
        reverse("agencies:pledge_new", args=[mou.pk]),
        {
            "agency": farm.pk,
            "lever": Lever.RAISE_INCOME,
            "description": "ฝึกอาชีพเพาะเห็ด",
            "households_pledged": "๔๐",
            "budget": "๑๕๐,๐๐๐.๕๐",
            "districts": ["5007", "5001"],
            "starts_on": "๑ ต.ค. ๒๕๖๗",
            "ends_on": "30/09/2568",
        },
    )
    assert response.status_code == 302
    pledge = mou.pledges.get()
    assert (pledge.households_pledged, pledge.budget) == (40, Decimal("150000.50"))
    assert (pledge.starts_on, pledge.ends_on) == (
        datetime.date(2024, 10, 1),
        datetime.date(2025, 9, 30),
    )
    assert sorted(pledge.districts.values_list("code", flat=True)) == ["5001", "5007"]

    # Signed on the day, typed "๑๕ ส.ค. ๒๕๖๗".
    response = staff_client.post(
        reverse("agencies:mou_sign", args=[mou.pk]),
        {"signed_on": "๑๕ ส.ค. ๒๕๖๗", "signing_place": "ศูนย์ประชุมนานาชาติ"},
    )
    assert response.status_code == 302
    mou.refresh_from_db()
    assert (mou.status, mou.signed_on, mou.signing_place) == (
        MOUStatus.SIGNED,
        datetime.date(2024, 8, 15),
        "ศูนย์ประชุมนานาชาติ",
    )

    # Amended afterwards: the title, and the validity typed with a CE-free BE date (a change
    # of the signed terms, so it is an amendment with its reason and date).
    response = staff_client.post(
        reverse("agencies:mou_edit", args=[mou.pk]),
        mou_form_data(
            title="บันทึกข้อตกลง (ฉบับแก้ไข)",
            signed_on="15/08/2567",
            valid_until="30/09/2569",
            province="51",  # ignored: the province is fixed once the MOU exists
            amendment_reason="ขยายระยะเวลาตามมติคณะกรรมการ",
            amended_on="๑ ก.ย. ๒๕๖๗",
        ),
    )
    assert response.status_code == 302
    mou.refresh_from_db()
    assert (mou.title, mou.valid_until, mou.province_id) == (
        "บันทึกข้อตกลง (ฉบับแก้ไข)",
        datetime.date(2026, 9, 30),
        "50",
    )

    # The detail page shows it all, dates in BE with Thai months.
    page = text_of(staff_client.get(mou.get_absolute_url()))
    assert "15 สิงหาคม 2567" in page
    assert "30 ก.ย. 2569" in page
    assert "นายสมชาย ใจดี" in page
    assert "ฝึกอาชีพเพาะเห็ด" in page
    assert 'data-total="households">40<' in page
    assert reverse("agencies:mou_pdf", args=[mou.pk]) in page

    assert set(ActivityLog.objects.values_list("action", flat=True)) >= {
        "agencies.agency.created",
        "agencies.mou.created",
        "agencies.mou.signatory_added",
        "agencies.pledge.created",
        "agencies.mou.signed",
        "agencies.mou.amended",
    }


def test_forms_prefill_and_show_be_dates(staff_client):
    mou = signed(MOUFactory(), AgencyFactory())
    pledge = PledgeFactory(mou=mou, starts_on=datetime.date(2024, 10, 1))
    page = text_of(staff_client.get(reverse("agencies:mou_edit", args=[mou.pk])))
    assert 'value="15/08/2567"' in page
    assert 'value="30/09/2568"' in page
    assert "data-thai-datepicker" in page
    assert "js/thai-datepicker.js" in page
    page = text_of(staff_client.get(reverse("agencies:pledge_edit", args=[mou.pk, pledge.pk])))
    assert 'value="01/10/2567"' in page
    assert re.search(r'value="5007"[^>]*checked', page)


def test_new_mou_defaults_to_this_fiscal_year(staff_client):
    from povertyprog.thai.formats import fiscal_year_be

    page = text_of(staff_client.get(reverse("agencies:mou_new")))
    year = fiscal_year_be(datetime.date.today())
    assert re.search(rf'name="fiscal_year_be" value="{year}"', page)
    assert '<option value="50" selected>' in page


# Errors on the form ------------------------------------------------------------------------


def test_mou_ending_before_it_starts_is_shown_on_the_form(staff_client, in_english):
    response = staff_client.post(
        reverse("agencies:mou_new"), mou_form_data(valid_from="15/08/2567", valid_until="1/8/2567")
    )
    assert response.status_code == 200
    assert "The MOU cannot end before it starts." in errors_of(response)
    assert not MOU.objects.exists()


def test_unreadable_date_is_explained(staff_client, in_english):
    response = staff_client.post(
        reverse("agencies:mou_new"), mou_form_data(valid_from="31/02/2567")
    )
    assert "is not a real date" in errors_of(response)
    response = staff_client.post(reverse("agencies:mou_new"), mou_form_data(valid_from="เมื่อวาน"))
    assert "Write it as 15/08/2567" in errors_of(response)


def test_signing_after_expiry_is_shown_on_the_mou_page(staff_client, in_english):
    mou = signed(MOUFactory(valid_until=datetime.date(2025, 9, 30)), AgencyFactory())
    response = staff_client.post(
        reverse("agencies:mou_sign", args=[mou.pk]), {"signed_on": "1/10/2568"}
    )
    assert response.status_code == 200
    assert "The signing date cannot be after the MOU expires." in errors_of(response)
    assert 'id="sign-form"' in text_of(response)  # still a draft, the form is still there
    mou.refresh_from_db()
    assert mou.status == MOUStatus.DRAFT


def test_pledge_errors_land_on_their_fields(staff_client, in_english):
    mou = signed(MOUFactory(), farm := AgencyFactory())
    response = staff_client.post(
        reverse("agencies:pledge_new", args=[mou.pk]),
        {
            "agency": farm.pk,
            "lever": Lever.WELFARE,
            "description": "ซ่อมแซมบ้าน",
            "households_pledged": "๐",
            "districts": [],
        },
    )
    assert response.status_code == 200
    errors = errors_of(response)
    assert "A pledge covers at least one household." in errors
    assert "Choose the districts the pledge covers." in errors
    assert not mou.pledges.exists()


def test_a_pledge_may_cover_the_whole_province(staff_client):
    mou = signed(MOUFactory(), farm := AgencyFactory())
    response = staff_client.post(
        reverse("agencies:pledge_new", args=[mou.pk]),
        {
            "agency": farm.pk,
            "lever": Lever.REDUCE_EXPENSES,
            "description": "ปลูกผักสวนครัว",
            "households_pledged": "100",
            "whole_province": "on",
        },
    )
    assert response.status_code == 302
    assert mou.pledges.get().districts.count() == District.objects.filter(province="50").count()


def test_district_of_another_province_is_not_offered(staff_client):
    mou = signed(MOUFactory(), farm := AgencyFactory())
    response = staff_client.post(
        reverse("agencies:pledge_new", args=[mou.pk]),
        {
            "agency": farm.pk,
            "lever": Lever.RAISE_INCOME,
            "description": "ฝึกอาชีพ",
            "households_pledged": "5",
            "districts": ["5101"],
        },
    )
    assert response.status_code == 200
    assert 'value="5101"' not in text_of(response)
    assert not mou.pledges.exists()


def test_non_signatory_is_not_offered_for_a_pledge(staff_client):
    mou = signed(MOUFactory(), AgencyFactory())
    stranger = AgencyFactory(name_th="บริษัทที่ไม่ได้ลงนาม จำกัด")
    page = text_of(staff_client.get(reverse("agencies:pledge_new", args=[mou.pk])))
    assert "บริษัทที่ไม่ได้ลงนาม" not in page
    response = staff_client.post(
        reverse("agencies:pledge_new", args=[mou.pk]),
        {
            "agency": stranger.pk,
            "lever": Lever.RAISE_INCOME,
            "description": "x",
            "households_pledged": "5",
            "districts": ["5007"],
        },
    )
    assert response.status_code == 200
    assert not mou.pledges.exists()


def test_duplicate_agency_name_is_shown_on_the_form(staff_client):
    AgencyFactory(name_th="สำนักงานพัฒนาชุมชนจังหวัดเชียงใหม่")
    response = staff_client.post(
        reverse("agencies:agency_new"),
        {
            "name_th": "สำนักงานพัฒนาชุมชนจังหวัดเชียงใหม่",
            "agency_type": AgencyType.GOVERNMENT,
            "province": "50",
        },
    )
    assert response.status_code == 200
    assert errors_of(response)
    assert Agency.objects.filter(name_th="สำนักงานพัฒนาชุมชนจังหวัดเชียงใหม่").count() == 1


def test_agency_province_is_limited_to_the_users(staff_client):
    page = text_of(staff_client.get(reverse("agencies:agency_new")))
    select = re.search(r'<select name="province".*?</select>', page, re.S)[0]
    assert re.findall(r'<option value="(\d*)"', select) == ["", "50"]
    response = staff_client.post(
        reverse("agencies:agency_new"),
        {
            "name_th": "สำนักงานเกษตรจังหวัดลำพูน",
            "agency_type": AgencyType.GOVERNMENT,
            "province": "51",
        },
    )
    assert response.status_code == 200
    assert not Agency.objects.filter(province_id="51").exists()


def test_edit_agency_audits_the_change(staff_client):
    agency = AgencyFactory(name_th="สำนักงานเกษตรจังหวัดเชียงใหม่", phone="053-000-000")
    response = staff_client.post(
        reverse("agencies:agency_edit", args=[agency.pk]),
        {
            "name_th": agency.name_th,
            "agency_type": agency.agency_type,
            "province": "50",
            "phone": "053-112-345",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.phone == "053-112-345"
    assert ActivityLog.objects.get(action="agencies.agency.changed").data == {
        "phone": "053-112-345"
    }


def test_remove_signatory(staff_client):
    mou = signed(MOUFactory(), AgencyFactory(name_th="มหาวิทยาลัยแม่โจ้"))
    signatory = mou.signatories.get()
    assert (
        staff_client.get(
            reverse("agencies:mou_signatory_remove", args=[mou.pk, signatory.pk])
        ).status_code
        == 405
    )
    response = staff_client.post(
        reverse("agencies:mou_signatory_remove", args=[mou.pk, signatory.pk])
    )
    assert response.status_code == 302
    assert not mou.signatories.exists()


def test_signatory_with_pledges_stays_with_a_message(staff_client, in_english):
    pledge = PledgeFactory()
    signatory = pledge.mou.signatories.get()
    response = staff_client.post(
        reverse("agencies:mou_signatory_remove", args=[pledge.mou.pk, signatory.pk]), follow=True
    )
    assert "has pledges under this MOU" in text_of(response)
    assert pledge.mou.signatories.exists()


# Lists and details -------------------------------------------------------------------------


def test_agency_directory_search_and_filters(staff_client):
    AgencyFactory(name_th="สำนักงานเกษตรจังหวัดเชียงใหม่", short_name="เกษตร")
    AgencyFactory(
        name_th="ธนาคารออมสิน",
        name_en="Government Savings Bank",
        agency_type=AgencyType.STATE_ENTERPRISE,
        province_id=None,
    )
    AgencyFactory(name_th="มหาวิทยาลัยเชียงใหม่", agency_type=AgencyType.EDUCATION)
    AgencyFactory(name_th="สำนักงานเกษตรจังหวัดลำพูน", province_id="51")
    url = reverse("agencies:agency_list")

    def names(**query):
        page = text_of(staff_client.get(url, query))
        table = re.search(r'<table[^>]*id="agencies".*?</table>', page, re.S)[0]
        return re.findall(r'<a href="/agencies/\d+/">([^<]+)</a>', table)

    assert names() == ["ธนาคารออมสิน", "มหาวิทยาลัยเชียงใหม่", "สำนักงานเกษตรจังหวัดเชียงใหม่"]
    assert names(q="savings") == ["ธนาคารออมสิน"]
    assert names(q="เกษตร") == ["สำนักงานเกษตรจังหวัดเชียงใหม่"]
    assert names(agency_type=AgencyType.EDUCATION) == ["มหาวิทยาลัยเชียงใหม่"]
    assert names(reach="national") == ["ธนาคารออมสิน"]
    assert names(reach="province", agency_type="nonsense") == [
        "มหาวิทยาลัยเชียงใหม่",
        "สำนักงานเกษตรจังหวัดเชียงใหม่",
    ]


def test_agency_detail_shows_its_mous_and_pledges(staff_client):
    farm = AgencyFactory(name_th="สำนักงานเกษตรจังหวัดเชียงใหม่")
    mou = signed(MOUFactory(title="MOU มหกรรมแก้จน 2567"), farm)
    PledgeFactory(mou=mou, agency=farm, households_pledged=25, description="ฝึกอาชีพเพาะเห็ด")
    PledgeFactory(mou=mou, agency=farm, households_pledged=15, description="ปลูกผักปลอดสาร")
    page = text_of(staff_client.get(farm.get_absolute_url()))
    assert "MOU มหกรรมแก้จน 2567" in page
    assert "ฝึกอาชีพเพาะเห็ด" in page
    assert "ปลูกผักปลอดสาร" in page
    assert 'data-total="households">40<' in page
    assert 'data-total="delivered">0<' in page
    assert 'id="households"' in page


def test_mou_list_filters_and_expiry_warning(staff_client):
    today = datetime.date.today()
    soon = MOUFactory(
        title="ใกล้หมดอายุ",
        status=MOUStatus.SIGNED,
        signed_on=today - datetime.timedelta(days=300),
        valid_from=today - datetime.timedelta(days=300),
        valid_until=today + datetime.timedelta(days=10),
    )
    MOUFactory(
        title="ยังอีกนาน",
        status=MOUStatus.SIGNED,
        signed_on=today,
        valid_from=today,
        valid_until=today + datetime.timedelta(days=365),
    )
    MOUFactory(title="ร่างปีก่อน", fiscal_year_be=2566)
    url = reverse("agencies:mou_list")
    page = text_of(staff_client.get(url))
    assert re.findall(r'class="badge text-bg-warning mou-expiring" data-days="(\d+)"', page) == [
        "10"
    ]
    assert f'data-mou="{soon.pk}"' in page
    page = text_of(staff_client.get(url, {"fiscal_year": "๒๕๖๖"}))
    assert "ร่างปีก่อน" in page
    assert "ใกล้หมดอายุ" not in page
    page = text_of(staff_client.get(url, {"status": MOUStatus.SIGNED}))
    assert "ร่างปีก่อน" not in page
    assert "ใกล้หมดอายุ" in page
    assert "ยังอีกนาน" in page


def many_mous(count: int) -> None:
    for _ in range(count):
        mou = MOUFactory(status=MOUStatus.SIGNED, signed_on=datetime.date(2024, 8, 15))
        PledgeFactory(mou=mou)


def test_mou_list_costs_the_same_for_many_rows(staff_client, django_assert_max_num_queries):
    many_mous(2)
    with django_assert_max_num_queries(12) as few:
        staff_client.get(reverse("agencies:mou_list"))
    many_mous(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get(reverse("agencies:mou_list"))
    assert text_of(response).count("data-mou=") == 22


def test_agency_list_costs_the_same_for_many_rows(staff_client, django_assert_max_num_queries):
    AgencyFactory.create_batch(2)
    with django_assert_max_num_queries(12) as few:
        staff_client.get(reverse("agencies:agency_list"))
    AgencyFactory.create_batch(30, province_id=None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get(reverse("agencies:agency_list"))
    assert "32" in text_of(response)


def test_mou_detail_costs_the_same_for_many_pledges(staff_client, django_assert_max_num_queries):
    mou = MOUFactory()
    PledgeFactory(mou=mou)
    with django_assert_max_num_queries(30) as few:
        staff_client.get(mou.get_absolute_url())
    for _ in range(10):
        PledgeFactory(mou=mou, districts=["5001", "5007"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get(mou.get_absolute_url())


def test_pages_have_no_inline_scripts_or_styles(staff_client):
    mou = signed(MOUFactory(), farm := AgencyFactory())
    PledgeFactory(mou=mou, agency=farm)
    urls = [
        reverse("agencies:agency_list"),
        farm.get_absolute_url(),
        reverse("agencies:agency_new"),
        reverse("agencies:agency_edit", args=[farm.pk]),
        reverse("agencies:mou_list"),
        mou.get_absolute_url(),
        reverse("agencies:mou_new"),
        reverse("agencies:mou_edit", args=[mou.pk]),
        reverse("agencies:pledge_new", args=[mou.pk]),
    ]
    for url in urls:
        page = text_of(staff_client.get(url))
        assert " style=" not in page, url
        assert " onclick=" not in page, url
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), url


def test_manager_cancels_an_mou_and_removes_a_pledge(client, province_staff):
    from agencies.models import MOUStatus, Pledge
    from tests.agencies.factories import MOUFactory, PledgeFactory

    mou = MOUFactory()
    pledge = PledgeFactory(mou=mou)
    client.force_login(province_staff)
    response = client.post(reverse("agencies:pledge_remove", args=[mou.pk, pledge.pk]))
    assert response.status_code == 302
    assert not Pledge.objects.filter(pk=pledge.pk).exists()
    client.post(reverse("agencies:mou_cancel", args=[mou.pk]))
    mou.refresh_from_db()
    assert mou.status == MOUStatus.CANCELLED


def test_non_managers_cannot_cancel_or_remove(client, district_officer_mae_rim):
    from tests.agencies.factories import MOUFactory, PledgeFactory

    mou = MOUFactory()
    pledge = PledgeFactory(mou=mou, districts=["5007"])
    client.force_login(district_officer_mae_rim)
    assert client.post(reverse("agencies:mou_cancel", args=[mou.pk])).status_code == 404
    url = reverse("agencies:pledge_remove", args=[mou.pk, pledge.pk])
    assert client.post(url).status_code == 404


def test_only_national_managers_edit_national_agencies(client, province_staff):
    from povertyprog.accounts.roles import Role
    from tests.factories import AgencyFactory, UserFactory

    national = AgencyFactory(province_id=None, name_th="มูลนิธิระดับชาติ")
    client.force_login(province_staff)
    assert client.get(reverse("agencies:agency_edit", args=[national.pk])).status_code == 404
    client.force_login(UserFactory(role=Role.PROVINCE_STAFF, area_scope=""))
    assert client.get(reverse("agencies:agency_edit", args=[national.pk])).status_code == 200


def test_agency_and_mou_lists_export_what_they_show(client, district_officer_mae_rim):
    import io

    from openpyxl import load_workbook

    from tests.agencies.factories import MOUFactory, PledgeFactory

    covered = MOUFactory(title="MOU ที่ครอบคลุมแม่ริม")
    PledgeFactory(mou=covered, districts=["5007"])
    other = MOUFactory(title="MOU เฉพาะเมือง")
    PledgeFactory(mou=other, districts=["5001"])
    client.force_login(district_officer_mae_rim)

    response = client.get(reverse("agencies:mou_list"), {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["MOU ที่ครอบคลุมแม่ริม"]

    response = client.get(reverse("agencies:agency_list"), {"format": "xlsx"})
    names = [
        row[0]
        for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(
            min_row=2, values_only=True
        )
    ]
    assert covered.signatories.get().agency.name_th in names


def test_viewers_cannot_export_the_lists(client, viewer):
    client.force_login(viewer)
    assert client.get(reverse("agencies:mou_list"), {"format": "xlsx"}).status_code == 404
    assert client.get(reverse("agencies:agency_list"), {"format": "xlsx"}).status_code == 404
