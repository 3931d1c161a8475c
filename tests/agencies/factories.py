"""MOUs, signatories and pledges as test data (agencies come from tests.factories)."""

import datetime
from decimal import Decimal

import factory

from agencies.models import MOU, Lever, MOUSignatory, MOUStatus, Pledge
from povertyprog.areas.models import District
from tests.factories import AgencyFactory


class MOUFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MOU

    province_id = "50"
    title = factory.Sequence(lambda n: f"บันทึกข้อตกลงความร่วมมือการแก้ไขปัญหาความยากจน ฉบับที่ {n}")
    fiscal_year_be = 2567
    governor_name = "นายนิรัตน์ พงษ์สิทธิถาวร"
    signing_place = "ศาลากลางจังหวัดเชียงใหม่"
    valid_from = datetime.date(2024, 8, 15)
    valid_until = datetime.date(2025, 9, 30)
    status = MOUStatus.DRAFT


class SignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MOUSignatory

    mou = factory.SubFactory(MOUFactory)
    agency = factory.SubFactory(AgencyFactory)
    signer_name = factory.Sequence(lambda n: f"นายผู้ลงนาม คนที่ {n}")
    signer_title = "ผู้อำนวยการ"
    order = factory.Sequence(lambda n: n)


class PledgeFactory(factory.django.DjangoModelFactory):
    """A pledge by a signatory of its MOU; `districts` are codes (default Mae Rim, 5007)."""

    class Meta:
        model = Pledge
        skip_postgeneration_save = True

    mou = factory.SubFactory(MOUFactory)
    agency = factory.LazyAttribute(
        lambda o: SignatoryFactory(mou=o.mou, agency=AgencyFactory()).agency
    )
    lever = Lever.RAISE_INCOME
    description = factory.Sequence(lambda n: f"ฝึกอาชีพเพาะเห็ด รุ่นที่ {n}")
    households_pledged = 20
    budget = Decimal("150000.00")

    @factory.post_generation
    def districts(self, create, codes, **kwargs):
        codes = ("5007",) if codes is None else codes
        if create:
            self.districts.set(District.objects.filter(code__in=codes))


def signed(mou: MOU, *agencies) -> MOU:
    """Make each agency a signatory of the MOU (test data, made directly)."""
    for agency in agencies:
        SignatoryFactory(mou=mou, agency=agency)
    return mou
