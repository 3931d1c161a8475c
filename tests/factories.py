import factory

from agencies.models import Agency, AgencyLiaison, AgencyType
from povertyprog.accounts.models import User
from povertyprog.accounts.roles import Role
from povertyprog.areas.models import Village


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name_th = factory.Sequence(lambda n: f"สำนักงานทดสอบที่ {n}")
    agency_type = AgencyType.GOVERNMENT
    province_id = "50"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "สมชาย"
    last_name = factory.Sequence(lambda n: f"ใจดี{n}")
    role = Role.PROVINCE_STAFF
    area_scope = "50"
    password = factory.django.Password("pass-for-tests-only")


class AgencyLiaisonFactory(factory.django.DjangoModelFactory):
    """A liaison's link to their agency (test data, made directly; the service is
    `agencies.services.agency_liaison_link`)."""

    class Meta:
        model = AgencyLiaison

    user = factory.SubFactory(UserFactory, role=Role.AGENCY_LIAISON)
    agency = factory.SubFactory(AgencyFactory)


class VillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Village
        django_get_or_create = ("code",)

    code = "50070101"
    subdistrict_id = factory.LazyAttribute(lambda o: o.code[:6])
    name_th = factory.Sequence(lambda n: f"บ้านทดสอบ {n}")
