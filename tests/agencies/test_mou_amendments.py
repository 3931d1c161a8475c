"""What a signed, expired or cancelled MOU allows, through the services and the pages.

A draft changes freely. A signed MOU keeps its signatories; adding one, or adding, changing
or withdrawing a pledge, or changing the signed terms, is an amendment with a reason and a
date, recorded with the values before and after and shown on the MOU's history. An expired
or cancelled MOU is read only. The signing date is never in the future.
"""

import datetime
import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from agencies.models import AmendmentKind, Lever, MOUAmendment, MOUStatus, Pledge
from agencies.services import (
    mou_cancel,
    mou_sign,
    mou_signatory_add,
    mou_signatory_remove,
    mou_update,
    pledge_remove,
    pledge_save,
)
from povertyprog.areas.models import District
from povertyprog.audit.models import ActivityLog
from tests.factories import AgencyFactory

from .factories import MOUFactory, PledgeFactory, SignatoryFactory

SIGNED_ON = datetime.date(2024, 8, 15)
AMENDED_ON = datetime.date(2025, 1, 10)
REASON = "หน่วยงานขอเพิ่มเป้าหมายตามมติ ศจพ.จ. ครั้งที่ 1/2568"


def signed_mou(**values):
    return MOUFactory(status=MOUStatus.SIGNED, signed_on=SIGNED_ON, **values)


def amendment(**overrides) -> dict:
    return {"amendment_reason": REASON, "amended_on": AMENDED_ON, **overrides}


def pledge_values(pledge: Pledge, **changes) -> dict:
    return {
        "agency": pledge.agency,
        "lever": pledge.lever,
        "description": pledge.description,
        "households_pledged": pledge.households_pledged,
        "budget": pledge.budget,
        "districts": list(pledge.districts.all()),
        **changes,
    }


def fields_of(error: ValidationError) -> set[str]:
    return set(error.message_dict)


def amended_entries():
    return ActivityLog.objects.filter(action="agencies.mou.amended")


# Signing -----------------------------------------------------------------------------------


def test_a_signing_date_in_the_future_is_refused(province_staff, english):
    mou = MOUFactory(valid_until=timezone.localdate() + datetime.timedelta(days=400))
    SignatoryFactory(mou=mou)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as caught:
        mou_sign(mou=mou, signed_on=tomorrow, by=province_staff)

    assert caught.value.message_dict == {"signed_on": ["The signing date cannot be in the future."]}
    mou.refresh_from_db()
    assert mou.status == MOUStatus.DRAFT
    mou_sign(mou=mou, signed_on=timezone.localdate(), by=province_staff)  # today is fine


def test_a_draft_may_plan_a_signing_date_in_the_future(province_staff):
    mou = MOUFactory(
        created_by=province_staff, valid_until=timezone.localdate() + datetime.timedelta(days=400)
    )
    planned = timezone.localdate() + datetime.timedelta(days=30)
    mou_update(mou=mou, by=province_staff, signed_on=planned)
    mou.refresh_from_db()
    assert mou.signed_on == planned


def test_a_signed_mous_recorded_date_cannot_be_corrected_into_the_future(province_staff, english):
    mou = signed_mou(valid_until=timezone.localdate() + datetime.timedelta(days=400))
    with pytest.raises(ValidationError) as caught:
        mou_update(
            mou=mou, by=province_staff, signed_on=timezone.localdate() + datetime.timedelta(1)
        )
    assert fields_of(caught.value) == {"signed_on"}


# Signatories -------------------------------------------------------------------------------


def test_a_signatory_of_a_signed_mou_cannot_be_removed(province_staff, english):
    signatory = SignatoryFactory(mou=signed_mou())

    with pytest.raises(ValidationError) as caught:
        mou_signatory_remove(signatory=signatory, by=province_staff)

    assert "cannot be removed" in " ".join(caught.value.messages)
    assert signatory.mou.signatories.filter(pk=signatory.pk).exists()
    draft_signatory = SignatoryFactory()
    mou_signatory_remove(signatory=draft_signatory, by=province_staff)  # a draft: fine


def test_adding_a_signatory_to_a_signed_mou_needs_a_reason_and_a_date(province_staff, english):
    mou = signed_mou()
    agency = AgencyFactory()
    signer = {"agency": agency, "signer_name": "นายใหม่ ร่วมใจ", "signer_title": "ผู้อำนวยการ"}

    with pytest.raises(ValidationError) as caught:
        mou_signatory_add(mou=mou, by=province_staff, **signer)

    assert fields_of(caught.value) == {"amendment_reason", "amended_on"}
    assert "amendment" in caught.value.message_dict["amendment_reason"][0]
    assert not mou.signatories.exists()

    mou_signatory_add(mou=mou, by=province_staff, **signer, **amendment())

    record = MOUAmendment.objects.get(mou=mou)
    assert (record.kind, record.reason, record.amended_on) == (
        AmendmentKind.SIGNATORY_ADDED,
        REASON,
        AMENDED_ON,
    )
    assert record.after == {
        "agency": agency.name_th,
        "signer_name": "นายใหม่ ร่วมใจ",
        "signer_title": "ผู้อำนวยการ",
    }
    entry = amended_entries().get()
    assert (entry.actor, entry.target_id) == (province_staff, str(mou.pk))
    assert entry.data["kind"] == "signatory_added"
    assert entry.data["after"]["agency"] == agency.name_th
    assert not ActivityLog.objects.filter(action="agencies.mou.signatory_added").exists()


@pytest.mark.parametrize(
    ("amended_on", "expected"),
    [
        (lambda: timezone.localdate() + datetime.timedelta(days=1), "cannot be in the future"),
        (lambda: SIGNED_ON - datetime.timedelta(days=1), "before the MOU was signed"),
        (lambda: datetime.date(2025, 10, 1), "after the MOU expires"),
        (lambda: None, "Give the date"),
    ],
)
def test_the_amendment_date_lies_between_signing_and_today(
    province_staff, english, amended_on, expected
):
    mou = signed_mou()
    with pytest.raises(ValidationError) as caught:
        mou_signatory_add(
            mou=mou,
            agency=AgencyFactory(),
            signer_name="ก",
            signer_title="ข",
            by=province_staff,
            **amendment(amended_on=amended_on()),
        )
    assert expected in caught.value.message_dict["amended_on"][0]
    assert not MOUAmendment.objects.exists()


# Pledges -----------------------------------------------------------------------------------


def test_changing_a_pledge_of_a_signed_mou_is_an_amendment(province_staff, english):
    pledge = PledgeFactory(mou=signed_mou(), households_pledged=20)

    with pytest.raises(ValidationError) as caught:
        pledge_save(
            mou=pledge.mou,
            pledge=pledge,
            by=province_staff,
            **pledge_values(pledge, households_pledged=35),
        )
    assert fields_of(caught.value) == {"amendment_reason", "amended_on"}
    pledge.refresh_from_db()
    assert pledge.households_pledged == 20

    mae_rim, mueang = District.objects.get(code="5007"), District.objects.get(code="5001")
    pledge_save(
        mou=pledge.mou,
        pledge=pledge,
        by=province_staff,
        **pledge_values(pledge, households_pledged=35, districts=[mae_rim, mueang]),
        **amendment(),
    )

    pledge.refresh_from_db()
    assert pledge.households_pledged == 35
    record = MOUAmendment.objects.get()
    assert (record.kind, record.pledge) == (AmendmentKind.PLEDGE_CHANGED, pledge)
    assert record.before == {
        "households_pledged": "20",
        "districts": ["5007"],
        "description": pledge.description,
    }
    assert record.after == {
        "households_pledged": "35",
        "districts": ["5001", "5007"],
        "description": pledge.description,
    }
    assert amended_entries().get().data["before"]["households_pledged"] == "20"
    assert not ActivityLog.objects.filter(action="agencies.pledge.changed").exists()


def test_saving_a_signed_mous_pledge_unchanged_records_nothing(province_staff):
    pledge = PledgeFactory(mou=signed_mou())
    pledge_save(mou=pledge.mou, pledge=pledge, by=province_staff, **pledge_values(pledge))
    assert not MOUAmendment.objects.exists()
    assert not amended_entries().exists()


def test_adding_and_withdrawing_a_pledge_of_a_signed_mou_are_amendments(province_staff, english):
    mou = signed_mou()
    agency = SignatoryFactory(mou=mou).agency
    values = {
        "agency": agency,
        "lever": Lever.WELFARE,
        "description": "เบี้ยยังชีพผู้สูงอายุ",
        "households_pledged": 12,
        "districts": [District.objects.get(code="5007")],
    }
    with pytest.raises(ValidationError):
        pledge_save(mou=mou, by=province_staff, **values)
    assert not mou.pledges.exists()

    pledge = pledge_save(mou=mou, by=province_staff, **values, **amendment())
    added = MOUAmendment.objects.get()
    assert (added.kind, added.before, added.after["households_pledged"]) == (
        AmendmentKind.PLEDGE_ADDED,
        {},
        "12",
    )

    with pytest.raises(ValidationError) as caught:
        pledge_remove(pledge=pledge, by=province_staff)
    assert fields_of(caught.value) == {"amendment_reason", "amended_on"}
    assert mou.pledges.exists()

    pledge_remove(pledge=pledge, by=province_staff, **amendment(amendment_reason="ถอนข้อผูกพัน"))
    assert not mou.pledges.exists()
    withdrawn = MOUAmendment.objects.get(kind=AmendmentKind.PLEDGE_REMOVED)
    assert (withdrawn.reason, withdrawn.after) == ("ถอนข้อผูกพัน", {})
    assert withdrawn.before["description"] == "เบี้ยยังชีพผู้สูงอายุ"
    assert amended_entries().count() == 2


def test_a_draft_changes_without_amendments(province_staff):
    pledge = PledgeFactory(households_pledged=20)
    pledge_save(
        mou=pledge.mou,
        pledge=pledge,
        by=province_staff,
        **pledge_values(pledge, households_pledged=30),
    )
    pledge_remove(pledge=pledge, by=province_staff)
    assert not MOUAmendment.objects.exists()
    assert not amended_entries().exists()


# The header --------------------------------------------------------------------------------


def test_changing_a_signed_mous_terms_is_an_amendment_and_a_title_fix_is_not(
    province_staff, english
):
    mou = signed_mou(created_by=province_staff)
    mou_update(mou=mou, by=province_staff, title="ชื่อที่แก้คำผิดแล้ว")
    assert not MOUAmendment.objects.exists()
    assert ActivityLog.objects.filter(action="agencies.mou.changed").count() == 1

    with pytest.raises(ValidationError) as caught:
        mou_update(mou=mou, by=province_staff, valid_until=datetime.date(2026, 9, 30))
    assert fields_of(caught.value) == {"amendment_reason", "amended_on"}
    mou.refresh_from_db()
    assert mou.valid_until == datetime.date(2025, 9, 30)

    mou_update(mou=mou, by=province_staff, valid_until=datetime.date(2026, 9, 30), **amendment())
    record = MOUAmendment.objects.get()
    assert (record.kind, record.before, record.after) == (
        AmendmentKind.TERMS_CHANGED,
        {"valid_until": "2025-09-30"},
        {"valid_until": "2026-09-30"},
    )


# Expired and cancelled ---------------------------------------------------------------------


def _change_attempts(mou, pledge, signatory, by):
    district = District.objects.get(code="5007")
    return {
        "header": lambda: mou_update(mou=mou, by=by, title="ใหม่", **amendment()),
        "add signatory": lambda: mou_signatory_add(
            mou=mou, agency=AgencyFactory(), signer_name="ก", signer_title="ข", by=by, **amendment()
        ),
        "remove signatory": lambda: mou_signatory_remove(signatory=signatory, by=by),
        "new pledge": lambda: pledge_save(
            mou=mou,
            by=by,
            agency=signatory.agency,
            lever=Lever.RAISE_INCOME,
            description="ใหม่",
            households_pledged=5,
            districts=[district],
            **amendment(),
        ),
        "change pledge": lambda: pledge_save(
            mou=mou,
            pledge=pledge,
            by=by,
            **pledge_values(pledge, households_pledged=99),
            **amendment(),
        ),
        "remove pledge": lambda: pledge_remove(pledge=pledge, by=by, **amendment()),
    }


@pytest.mark.parametrize("status", [MOUStatus.EXPIRED, MOUStatus.CANCELLED])
@pytest.mark.parametrize(
    "attempt",
    ["header", "add signatory", "remove signatory", "new pledge", "change pledge", "remove pledge"],
)
def test_an_expired_or_cancelled_mou_is_read_only(province_staff, english, status, attempt):
    mou = MOUFactory(status=status, signed_on=SIGNED_ON)
    pledge = PledgeFactory(mou=mou, households_pledged=20)
    signatory = mou.signatories.get()
    before = ActivityLog.objects.count()

    with pytest.raises(ValidationError) as caught:
        _change_attempts(mou, pledge, signatory, province_staff)[attempt]()

    assert re.search(r"expired|cancelled", " ".join(caught.value.messages))
    assert ActivityLog.objects.count() == before
    assert not MOUAmendment.objects.exists()
    assert mou.signatories.count() == mou.pledges.count() == 1
    pledge.refresh_from_db()
    assert pledge.households_pledged == 20


def test_an_expired_mou_cannot_be_cancelled(province_staff):
    mou = MOUFactory(status=MOUStatus.EXPIRED, signed_on=SIGNED_ON)
    with pytest.raises(ValidationError):
        mou_cancel(mou=mou, by=province_staff)
    mou.refresh_from_db()
    assert mou.status == MOUStatus.EXPIRED


# The pages ---------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _thai_again():
    """A request with the English cookie leaves English active on this thread: reset it."""
    yield
    translation.deactivate()


@pytest.fixture
def staff_client(client, province_staff):
    client.force_login(province_staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def page_of(client, mou) -> str:
    response = client.get(mou.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_page_signing_in_the_future_lands_on_the_date_field(staff_client):
    mou = MOUFactory(valid_until=timezone.localdate() + datetime.timedelta(days=400))
    SignatoryFactory(mou=mou)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = staff_client.post(
        reverse("agencies:mou_sign", args=[mou.pk]),
        {"signed_on": tomorrow.strftime("%d/%m/") + str(tomorrow.year + 543)},
    )

    assert response.status_code == 200
    assert response.context["sign_form"].errors == {
        "signed_on": ["The signing date cannot be in the future."]
    }
    mou.refresh_from_db()
    assert mou.status == MOUStatus.DRAFT


def test_page_a_signed_mou_offers_no_removal_and_refuses_one(staff_client):
    mou = signed_mou()
    signatory = SignatoryFactory(mou=mou)
    remove_url = reverse("agencies:mou_signatory_remove", args=[mou.pk, signatory.pk])

    page = page_of(staff_client, mou)
    assert remove_url not in page
    assert 'id="signed-rules"' in page

    response = staff_client.post(remove_url, follow=True)
    assert "cannot be removed" in response.content.decode()
    assert mou.signatories.filter(pk=signatory.pk).exists()


def test_page_a_signatory_joins_a_signed_mou_by_amendment(staff_client):
    mou = signed_mou()
    agency = AgencyFactory()
    data = {"agency": agency.pk, "signer_name": "นายใหม่ ร่วมใจ", "signer_title": "ผู้อำนวยการ"}
    url = reverse("agencies:mou_signatory_add", args=[mou.pk])
    assert 'name="amendment_reason"' in page_of(staff_client, mou)

    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert set(response.context["signatory_form"].errors) == {"amendment_reason", "amended_on"}
    assert not mou.signatories.exists()

    response = staff_client.post(
        url, {**data, "amendment_reason": REASON, "amended_on": "10/01/2568"}
    )
    assert response.status_code == 302
    page = page_of(staff_client, mou)
    history = re.search(r'<ol[^>]*id="amendment-list".*?</ol>', page, re.S)[0]
    assert 'data-kind="signatory_added"' in history
    assert REASON in history
    assert "10 ม.ค. 2568" in history or "10 Jan" in history or "2568" in history
    assert agency.name_th in history


def test_page_a_pledge_of_a_signed_mou_is_amended_with_reason_and_date(staff_client):
    pledge = PledgeFactory(mou=signed_mou(), households_pledged=20)
    url = reverse("agencies:pledge_edit", args=[pledge.mou_id, pledge.pk])
    data = {
        "agency": pledge.agency_id,
        "lever": pledge.lever,
        "description": pledge.description,
        "households_pledged": "35",
        "budget": "150000",
        "districts": ["5007"],
    }
    form_page = staff_client.get(url).content.decode()
    assert 'name="amendment_reason"' in form_page
    assert 'name="amended_on"' in form_page

    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"amendment_reason", "amended_on"}
    pledge.refresh_from_db()
    assert pledge.households_pledged == 20

    response = staff_client.post(
        url, {**data, "amendment_reason": REASON, "amended_on": "01/01/2590"}
    )
    assert response.context["form"].errors == {
        "amended_on": ["The amendment date cannot be in the future."]
    }

    response = staff_client.post(
        url, {**data, "amendment_reason": REASON, "amended_on": "10/01/2568"}
    )
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.households_pledged == 35
    history = page_of(staff_client, pledge.mou)
    assert 'data-kind="pledge_changed"' in history
    assert '<del data-before="households_pledged">20</del>' in history
    assert '<span data-after="households_pledged">35</span>' in history
    assert ">Households</dt>" in history  # the field's label, not its name


def test_page_a_pledge_of_a_signed_mou_is_withdrawn_by_amendment(staff_client):
    pledge = PledgeFactory(mou=signed_mou())
    url = reverse("agencies:pledge_remove", args=[pledge.mou_id, pledge.pk])
    page = page_of(staff_client, pledge.mou)
    assert "Withdraw the pledge (amendment)" in page

    response = staff_client.post(url, follow=True)
    assert "Give its reason" in response.content.decode()
    assert Pledge.objects.filter(pk=pledge.pk).exists()

    response = staff_client.post(url, {"amendment_reason": "ถอนข้อผูกพัน", "amended_on": "10/01/2568"})
    assert response.status_code == 302
    assert not Pledge.objects.filter(pk=pledge.pk).exists()
    assert MOUAmendment.objects.get().kind == AmendmentKind.PLEDGE_REMOVED


@pytest.mark.parametrize("status", [MOUStatus.EXPIRED, MOUStatus.CANCELLED])
def test_page_an_expired_or_cancelled_mou_is_read_only(staff_client, status):
    mou = MOUFactory(status=status, signed_on=SIGNED_ON)
    pledge = PledgeFactory(mou=mou)
    page = page_of(staff_client, mou)
    assert 'id="read-only"' in page
    assert reverse("agencies:pledge_edit", args=[mou.pk, pledge.pk]) not in page
    assert reverse("agencies:pledge_new", args=[mou.pk]) not in page
    assert 'id="signatory-form"' not in page

    response = staff_client.post(
        reverse("agencies:pledge_edit", args=[mou.pk, pledge.pk]),
        {
            "agency": pledge.agency_id,
            "lever": pledge.lever,
            "description": "เปลี่ยน",
            "households_pledged": "99",
            "districts": ["5007"],
        },
    )
    assert response.status_code == 200
    assert "expired or cancelled" in response.content.decode()
    response = staff_client.post(
        reverse("agencies:pledge_remove", args=[mou.pk, pledge.pk]), follow=True
    )
    assert "can no longer be changed" in response.content.decode()
    pledge.refresh_from_db()
    assert pledge.description != "เปลี่ยน"


def test_a_district_officer_sees_only_amendments_of_pledges_they_may_see(
    client, province_staff, district_officer_mae_rim
):
    mou = signed_mou()
    mae_rim = PledgeFactory(mou=mou, description="ข้อผูกพันแม่ริม", districts=["5007"])
    mueang = PledgeFactory(mou=mou, description="ข้อผูกพันเมือง", districts=["5001"])
    for pledge in (mae_rim, mueang):
        pledge_save(
            mou=mou,
            pledge=pledge,
            by=province_staff,
            **pledge_values(pledge, households_pledged=30),
            **amendment(),
        )
    client.force_login(district_officer_mae_rim)
    history = page_of(client, mou)
    assert "ข้อผูกพันแม่ริม" in history
    assert "ข้อผูกพันเมือง" not in history
