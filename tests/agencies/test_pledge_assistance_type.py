"""A pledge may name its kind of assistance from the catalogue (fixtures/assistance_types.json),
and the kind belongs to the pledge's lever."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from agencies.models import AssistanceType, Lever
from agencies.services import pledge_save
from povertyprog.areas.models import District

from .factories import MOUFactory, SignatoryFactory


@pytest.fixture(autouse=True)
def _thai_again():
    """A request with the English cookie leaves English active on this thread: reset it."""
    yield
    translation.deactivate()


@pytest.fixture
def catalogue(db):
    call_command("loaddata", "assistance_types", verbosity=0)


def values(agency, kind_code: str, lever: str) -> dict:
    return {
        "agency": agency,
        "lever": lever,
        "assistance_type": AssistanceType.objects.get(code=kind_code),
        "description": "เลี้ยงไก่ไข่ 10 ตัวต่อครัวเรือน",
        "households_pledged": 25,
        "districts": [District.objects.get(code="5007")],
    }


def test_a_pledge_names_its_kind_of_assistance(province_staff, catalogue):
    mou = MOUFactory()
    agency = SignatoryFactory(mou=mou).agency
    pledge = pledge_save(
        mou=mou, by=province_staff, **values(agency, "reduce-laying-hens", Lever.REDUCE_EXPENSES)
    )
    assert pledge.assistance_type.name_th == "เลี้ยงไก่ไข่"


def test_the_kind_must_belong_to_the_pledges_lever(province_staff, catalogue, english):
    mou = MOUFactory()
    agency = SignatoryFactory(mou=mou).agency
    with pytest.raises(ValidationError) as caught:
        pledge_save(
            mou=mou, by=province_staff, **values(agency, "reduce-laying-hens", Lever.WELFARE)
        )
    assert list(caught.value.message_dict) == ["assistance_type"]
    assert not mou.pledges.exists()


def test_the_pledge_form_offers_the_catalogue(client, province_staff, catalogue):
    mou = MOUFactory()
    agency = SignatoryFactory(mou=mou).agency
    client.force_login(province_staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("agencies:pledge_new", args=[mou.pk])
    assert "เบี้ยยังชีพผู้สูงอายุ" in client.get(url).content.decode()

    kind = AssistanceType.objects.get(code="welfare-elderly-allowance")
    data = {
        "agency": agency.pk,
        "lever": Lever.RAISE_INCOME,
        "assistance_type": kind.pk,
        "description": "เบี้ยยังชีพ",
        "households_pledged": "10",
        "districts": ["5007"],
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["assistance_type"]

    response = client.post(url, {**data, "lever": Lever.WELFARE})
    assert response.status_code == 302
    assert mou.pledges.get().assistance_type == kind
