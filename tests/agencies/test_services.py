"""MOUs and pledges through their services: the ceremony's life cycle, the rules with the
messages staff read, and the audit trail."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from agencies.models import AgencyType, Lever, MOUStatus
from agencies.services import (
    mou_cancel,
    mou_create,
    mou_sign,
    mou_signatory_add,
    mou_signatory_remove,
    mou_update,
    mous_expire,
    pledge_save,
)
from povertyprog.areas.models import District, Province
from povertyprog.audit.models import ActivityLog
from tests.factories import AgencyFactory

from .factories import MOUFactory, PledgeFactory, SignatoryFactory, signed

AUG_15 = datetime.date(2024, 8, 15)


def actions(target) -> list[str]:
    return list(
        ActivityLog.objects.filter(target_id=str(target.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def new_mou(by, **values):
    values = {
        "province": Province.objects.get(code="50"),
        "title": "บันทึกข้อตกลงความร่วมมือการแก้ไขปัญหาความยากจน ปี 2567",
        "fiscal_year_be": 2567,
        "governor_name": "นายนิรัตน์ พงษ์สิทธิถาวร",
        "valid_from": AUG_15,
        "valid_until": datetime.date(2025, 9, 30),
        **values,
    }
    return mou_create(by=by, **values)


def message(error: ValidationError, field: str) -> str:
    return " ".join(error.message_dict[field])


# MOUs --------------------------------------------------------------------------------------


def test_create_records_a_draft_and_audits_it(province_staff):
    mou = new_mou(province_staff, signing_place="ศาลากลางจังหวัดเชียงใหม่")
    assert (mou.status, mou.created_by, mou.province_id) == (MOUStatus.DRAFT, province_staff, "50")
    assert mou.governor_title == "ผู้ว่าราชการจังหวัด"
    entry = ActivityLog.objects.get(action="agencies.mou.created")
    assert (entry.actor, entry.target_id) == (province_staff, str(mou.pk))


def test_create_refuses_an_mou_that_ends_before_it_starts(province_staff, english):
    with pytest.raises(ValidationError) as caught:
        new_mou(province_staff, valid_until=datetime.date(2024, 8, 1))
    assert message(caught.value, "valid_until") == "The MOU cannot end before it starts."
    assert not ActivityLog.objects.filter(action="agencies.mou.created").exists()


def test_messages_are_thai_by_default(province_staff):
    with pytest.raises(ValidationError) as caught:
        new_mou(province_staff, valid_until=datetime.date(2024, 8, 1))
    text = message(caught.value, "valid_until")
    assert "MOU cannot end" not in text
    assert any("\u0e01" <= char <= "\u0e7f" for char in text)


def test_update_audits_what_changed(province_staff):
    mou = new_mou(province_staff)
    mou_update(mou=mou, by=province_staff, title="ฉบับแก้ไข", signing_place="โรงแรม")
    entry = ActivityLog.objects.get(action="agencies.mou.changed")
    assert entry.data == {"title": "ฉบับแก้ไข", "signing_place": "โรงแรม"}
    mou_update(mou=mou, by=province_staff, title="ฉบับแก้ไข")  # nothing changes: no entry
    assert ActivityLog.objects.filter(action="agencies.mou.changed").count() == 1


def test_sign_marks_a_draft_as_signed(province_staff):
    mou = signed(MOUFactory(), AgencyFactory())
    mou_sign(mou=mou, signed_on=AUG_15, signing_place="ศูนย์ประชุม", by=province_staff)
    mou.refresh_from_db()
    assert (mou.status, mou.signed_on, mou.signing_place) == (
        MOUStatus.SIGNED,
        AUG_15,
        "ศูนย์ประชุม",
    )
    assert actions(mou) == ["agencies.mou.signed"]


def test_sign_needs_a_signatory(province_staff, english):
    mou = MOUFactory()
    with pytest.raises(ValidationError, match="Add the agencies that sign"):
        mou_sign(mou=mou, signed_on=AUG_15, by=province_staff)


def test_signing_date_after_expiry_is_refused(province_staff, english):
    mou = signed(MOUFactory(valid_until=datetime.date(2025, 9, 30)), AgencyFactory())
    with pytest.raises(ValidationError) as caught:
        mou_sign(mou=mou, signed_on=datetime.date(2025, 10, 1), by=province_staff)
    assert message(caught.value, "signed_on") == (
        "The signing date cannot be after the MOU expires."
    )
    mou.refresh_from_db()
    assert (mou.status, mou.signed_on) == (MOUStatus.DRAFT, None)
    assert actions(mou) == []


def test_only_a_draft_is_signed(province_staff, english):
    mou = signed(MOUFactory(status=MOUStatus.SIGNED, signed_on=AUG_15), AgencyFactory())
    with pytest.raises(ValidationError, match="Only a draft MOU can be signed"):
        mou_sign(mou=mou, signed_on=AUG_15, by=province_staff)


def test_expire_marks_only_signed_mous_past_their_validity(db):
    today = datetime.date(2025, 10, 1)
    past = MOUFactory(
        status=MOUStatus.SIGNED, signed_on=AUG_15, valid_until=datetime.date(2025, 9, 30)
    )
    last_day = MOUFactory(status=MOUStatus.SIGNED, signed_on=AUG_15, valid_until=today)
    draft = MOUFactory(valid_until=datetime.date(2025, 9, 30))
    cancelled = MOUFactory(status=MOUStatus.CANCELLED, valid_until=datetime.date(2025, 9, 30))

    assert mous_expire(today=today) == [past]

    for mou in (past, last_day, draft, cancelled):
        mou.refresh_from_db()
    assert [mou.status for mou in (past, last_day, draft, cancelled)] == [
        MOUStatus.EXPIRED,
        MOUStatus.SIGNED,
        MOUStatus.DRAFT,
        MOUStatus.CANCELLED,
    ]
    assert actions(past) == ["agencies.mou.expired"]
    assert mous_expire(today=today) == []  # a second run changes nothing


def test_cancel_closes_the_mou_to_signatories_and_pledges(province_staff, english):
    mou = signed(MOUFactory(), agency := AgencyFactory())
    mou_cancel(mou=mou, by=province_staff, reason="ยกเลิกงานมหกรรม")
    mou.refresh_from_db()
    assert mou.status == MOUStatus.CANCELLED
    assert ActivityLog.objects.get(action="agencies.mou.cancelled").data == {
        "reason": "ยกเลิกงานมหกรรม"
    }
    with pytest.raises(ValidationError, match="cannot take new signatories"):
        mou_signatory_add(
            mou=mou, agency=AgencyFactory(), signer_name="ก", signer_title="ข", by=province_staff
        )
    with pytest.raises(ValidationError, match="cannot take new pledges"):
        pledge_save(
            mou=mou,
            districts=District.objects.filter(code="5007"),
            by=province_staff,
            agency=agency,
            lever=Lever.RAISE_INCOME,
            description="ฝึกอาชีพ",
            households_pledged=5,
        )
    mou_cancel(mou=mou, by=province_staff)  # cancelling twice is harmless and not audited
    assert ActivityLog.objects.filter(action="agencies.mou.cancelled").count() == 1


# Signatories -------------------------------------------------------------------------------


def test_signatories_are_added_in_order_and_audited(province_staff):
    mou = MOUFactory()
    farm = AgencyFactory(name_th="สำนักงานเกษตรจังหวัดเชียงใหม่")
    national = AgencyFactory(
        name_th="ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร",
        agency_type=AgencyType.STATE_ENTERPRISE,
        province_id=None,
    )
    first = mou_signatory_add(
        mou=mou,
        agency=farm,
        signer_name=" นายสมชาย ใจดี ",
        signer_title="เกษตรจังหวัด",
        by=province_staff,
    )
    second = mou_signatory_add(
        mou=mou,
        agency=national,
        signer_name="นางสาวกานดา",
        signer_title="ผู้จัดการ",
        by=province_staff,
    )
    assert (first.order, second.order) == (1, 2)
    assert first.signer_name == "นายสมชาย ใจดี"
    assert list(mou.agencies.order_by("signatures__order")) == [farm, national]
    assert actions(mou) == ["agencies.mou.signatory_added"] * 2


def test_an_agency_of_another_province_cannot_sign(province_staff, english):
    mou = MOUFactory()
    lamphun = AgencyFactory(name_th="สำนักงานเกษตรจังหวัดลำพูน", province_id="51")
    with pytest.raises(ValidationError) as caught:
        mou_signatory_add(
            mou=mou,
            agency=lamphun,
            signer_name="นายหนึ่ง",
            signer_title="เกษตรจังหวัด",
            by=province_staff,
        )
    assert message(caught.value, "agency") == ("สำนักงานเกษตรจังหวัดลำพูน belongs to another province.")
    assert not mou.signatories.exists()


def test_an_agency_signs_once(province_staff, english):
    mou = MOUFactory()
    agency = AgencyFactory(name_th="มหาวิทยาลัยแม่โจ้", agency_type=AgencyType.EDUCATION)
    mou_signatory_add(
        mou=mou, agency=agency, signer_name="ก", signer_title="อธิการบดี", by=province_staff
    )
    with pytest.raises(ValidationError) as caught:
        mou_signatory_add(
            mou=mou, agency=agency, signer_name="ข", signer_title="รองอธิการบดี", by=province_staff
        )
    assert message(caught.value, "agency") == "มหาวิทยาลัยแม่โจ้ already signs this MOU."
    assert mou.signatories.count() == 1


def test_a_signatory_with_pledges_is_not_removed(province_staff, english):
    pledge = PledgeFactory()
    signatory = pledge.mou.signatories.get()
    with pytest.raises(ValidationError, match="has pledges under this MOU"):
        mou_signatory_remove(signatory=signatory, by=province_staff)
    pledge.delete()
    mou_signatory_remove(signatory=signatory, by=province_staff)
    assert not pledge.mou.signatories.exists()
    assert actions(pledge.mou) == ["agencies.mou.signatory_removed"]


# Pledges -----------------------------------------------------------------------------------


@pytest.fixture
def mou_with_signatory(db):
    mou = MOUFactory()
    signatory = SignatoryFactory(
        mou=mou, agency=AgencyFactory(name_th="สำนักงานพัฒนาชุมชนจังหวัดเชียงใหม่")
    )
    return mou, signatory.agency


def pledge_values(agency, **values):
    return {
        "agency": agency,
        "lever": Lever.RAISE_INCOME,
        "description": "ฝึกอาชีพเพาะเห็ด",
        "households_pledged": 30,
        "budget": Decimal("150000"),
        "starts_on": datetime.date(2024, 10, 1),
        "ends_on": datetime.date(2025, 9, 30),
        **values,
    }


def test_pledge_is_saved_with_its_districts_and_audited(province_staff, mou_with_signatory):
    mou, agency = mou_with_signatory
    districts = District.objects.filter(code__in=["5007", "5001"])
    pledge = pledge_save(mou=mou, districts=districts, by=province_staff, **pledge_values(agency))
    assert sorted(pledge.districts.values_list("code", flat=True)) == ["5001", "5007"]
    entry = ActivityLog.objects.get(action="agencies.pledge.created")
    assert sorted(entry.data["districts"]) == ["5001", "5007"]
    assert entry.data["households_pledged"] == "30"

    pledge_save(
        mou=mou,
        pledge=pledge,
        districts=District.objects.filter(code="5007"),
        by=province_staff,
        households_pledged=45,
    )
    pledge.refresh_from_db()
    assert pledge.households_pledged == 45
    assert list(pledge.districts.values_list("code", flat=True)) == ["5007"]
    assert ActivityLog.objects.get(action="agencies.pledge.changed").data == {
        "households_pledged": "45",
        "districts": ["5007"],
    }


def test_pledge_budget_defaults_to_zero(province_staff, mou_with_signatory):
    mou, agency = mou_with_signatory
    values = pledge_values(agency)
    del values["budget"]
    pledge = pledge_save(
        mou=mou, districts=District.objects.filter(code="5007"), by=province_staff, **values
    )
    assert pledge.budget == 0


def test_pledge_district_outside_the_province_is_refused(
    province_staff, mou_with_signatory, english
):
    mou, agency = mou_with_signatory
    districts = District.objects.filter(code__in=["5007", "5101"])
    with pytest.raises(ValidationError) as caught:
        pledge_save(mou=mou, districts=districts, by=province_staff, **pledge_values(agency))
    lamphun = District.objects.get(code="5101").name_th
    assert message(caught.value, "districts") == (
        f"These districts are outside the MOU's province: {lamphun}."
    )
    assert not mou.pledges.exists()


def test_pledge_needs_districts(province_staff, mou_with_signatory, english):
    mou, agency = mou_with_signatory
    with pytest.raises(ValidationError) as caught:
        pledge_save(mou=mou, districts=[], by=province_staff, **pledge_values(agency))
    assert message(caught.value, "districts") == "Choose the districts the pledge covers."


def test_pledge_of_no_household_is_refused(province_staff, mou_with_signatory, english):
    mou, agency = mou_with_signatory
    with pytest.raises(ValidationError) as caught:
        pledge_save(
            mou=mou,
            districts=District.objects.filter(code="5007"),
            by=province_staff,
            **pledge_values(agency, households_pledged=0),
        )
    assert message(caught.value, "households_pledged") == (
        "A pledge covers at least one household."
    )


def test_only_a_signatory_pledges(province_staff, mou_with_signatory, english):
    mou, _ = mou_with_signatory
    stranger = AgencyFactory(name_th="บริษัทที่ไม่ได้ลงนาม จำกัด", agency_type=AgencyType.PRIVATE)
    with pytest.raises(ValidationError) as caught:
        pledge_save(
            mou=mou,
            districts=District.objects.filter(code="5007"),
            by=province_staff,
            **pledge_values(stranger),
        )
    assert message(caught.value, "agency") == (
        "Only an agency that signs this MOU can pledge under it."
    )


def test_pledge_period_and_budget_in_order(province_staff, mou_with_signatory, english):
    mou, agency = mou_with_signatory
    with pytest.raises(ValidationError) as caught:
        pledge_save(
            mou=mou,
            districts=District.objects.filter(code="5007"),
            by=province_staff,
            **pledge_values(agency, budget=Decimal(-1), ends_on=datetime.date(2024, 9, 1)),
        )
    assert set(caught.value.message_dict) == {"budget", "ends_on"}
    assert message(caught.value, "ends_on") == "The pledge cannot end before it starts."
