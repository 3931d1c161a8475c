"""A pledge's kind of assistance (from the catalogue) is shown wherever its pledge is: the
pledge table of the MOU page and of the agency page (a cell of its own, labelled for the phone
card layout) and the MOU summary PDF; reading it costs no query per pledge."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from agencies.models import AssistanceType, Lever, MOUStatus

from .factories import MOUFactory, PledgeFactory

# Kinds of the catalogue (fixtures/assistance_types.json), each under its lever.
KINDS = {
    "reduce-laying-hens": Lever.REDUCE_EXPENSES,
    "reduce-home-garden": Lever.REDUCE_EXPENSES,
    "welfare-elderly-allowance": Lever.WELFARE,
}

KIND_CELL = re.compile(r'<td data-label="[^"]+" data-assistance-type="[^"]*">([^<]*)</td>')


@pytest.fixture
def catalogue(db):
    call_command("loaddata", "assistance_types", verbosity=0)


@pytest.fixture
def staff_client(client, province_staff):
    client.force_login(province_staff)
    return client


def pledge_of_kind(mou, code: str, **values):
    return PledgeFactory(
        mou=mou, lever=KINDS[code], assistance_type=AssistanceType.objects.get(code=code), **values
    )


def kind_cells(page: str) -> dict[int, str]:
    """Each pledge row's kind cell: {pledge id: text}. The cell must carry a data-label, which
    the phone layout (.table-cards) shows as the card line's label."""
    rows = re.findall(r'<tr id="pledge-(\d+)">(.*?)</tr>', page, flags=re.DOTALL)
    cells = {}
    for pk, row in rows:
        [text] = KIND_CELL.findall(row)
        cells[int(pk)] = text
    return cells


def test_the_mou_page_shows_each_pledges_kind(staff_client, catalogue):
    mou = MOUFactory()
    hens = pledge_of_kind(mou, "reduce-laying-hens")
    allowance = pledge_of_kind(mou, "welfare-elderly-allowance")
    without = PledgeFactory(mou=mou)

    page = staff_client.get(mou.get_absolute_url()).content.decode()

    assert kind_cells(page) == {
        hens.pk: "เลี้ยงไก่ไข่",
        allowance.pk: "เบี้ยยังชีพผู้สูงอายุ",
        without.pk: "–",
    }


def test_the_agency_page_shows_its_pledges_kinds(staff_client, catalogue):
    first = pledge_of_kind(MOUFactory(), "reduce-home-garden")
    second = pledge_of_kind(MOUFactory(), "reduce-laying-hens", agency=first.agency)

    page = staff_client.get(first.agency.get_absolute_url()).content.decode()

    assert kind_cells(page) == {first.pk: "ปลูกผักสวนครัวรั้วกินได้", second.pk: "เลี้ยงไก่ไข่"}


def test_the_mou_summary_pdf_names_each_pledges_kind(staff_client, catalogue):
    mou = MOUFactory(status=MOUStatus.SIGNED)
    pledge_of_kind(mou, "reduce-laying-hens", description="ไก่ไข่ 10 ตัวต่อครัวเรือน")
    pledge_of_kind(mou, "welfare-elderly-allowance", description="ช่วยยื่นคำขอ")

    response = staff_client.get(reverse("agencies:mou_pdf", args=[mou.pk]))

    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "เลี้ยงไก่ไข่" in text
    assert "เบี้ยยังชีพผู้สูงอายุ" in text


def test_the_mou_page_reads_the_kinds_with_its_pledges(
    staff_client, catalogue, django_assert_max_num_queries
):
    mou = MOUFactory()
    pledge_of_kind(mou, "reduce-laying-hens")
    with django_assert_max_num_queries(30) as few:
        staff_client.get(mou.get_absolute_url())
    for code in [*KINDS, *KINDS]:
        pledge_of_kind(mou, code)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = staff_client.get(mou.get_absolute_url()).content.decode()
    assert len(kind_cells(page)) == 7


def test_the_agency_page_costs_the_same_for_many_pledges(
    staff_client, catalogue, django_assert_max_num_queries
):
    agency = pledge_of_kind(MOUFactory(), "reduce-laying-hens").agency
    with django_assert_max_num_queries(30) as few:
        staff_client.get(agency.get_absolute_url())
    for code in [*KINDS, *KINDS]:
        pledge_of_kind(MOUFactory(), code, agency=agency, districts=["5001", "5007"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = staff_client.get(agency.get_absolute_url()).content.decode()
    assert len(kind_cells(page)) == 7
