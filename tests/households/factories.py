"""Factories for the household registry: rounds, households and their survey records.

The 2560–2564 indicator set (31 indicators) comes from a data migration, so rounds use it
rather than building their own.
"""

from decimal import Decimal

import factory

from households.models import Household, HouseholdSurvey, IndicatorSet, SurveyRound
from povertyprog.core.crypto import encrypt_text, lookup_hash
from povertyprog.thai.formats import citizen_id_check_digit
from tests.factories import VillageFactory


def valid_citizen_id(n: int, first: str = "3") -> str:
    """A 13-digit citizen ID with a correct check digit, different for every `n`."""
    first12 = f"{first}{5007 + n:011d}"
    return first12 + str(citizen_id_check_digit(first12))


def stored_indicators(numbers) -> str:
    text = ",".join(map(str, numbers))
    return f",{text}," if text else ""


class SurveyRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyRound
        django_get_or_create = ("year_be",)

    year_be = 2567
    indicator_set = factory.LazyFunction(lambda: IndicatorSet.objects.get(code="2560-2564"))
    income_threshold = Decimal("38000")


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    village = factory.SubFactory(VillageFactory)
    house_no = factory.Sequence(lambda n: f"{n + 100}/1")
    house_code = ""


class HouseholdSurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdSurvey
        exclude = ("citizen_id", "failed")

    household = factory.SubFactory(HouseholdFactory)
    survey_round = factory.SubFactory(SurveyRoundFactory)
    head_prefix = "นาย"
    head_first_name = "สมชาย"
    head_last_name = factory.Sequence(lambda n: f"ใจดี{n}")
    # The clear ID and the failed indicator numbers; the stored fields derive from them.
    citizen_id = factory.Sequence(valid_citizen_id)
    failed = (22,)
    citizen_id_encrypted = factory.LazyAttribute(lambda o: encrypt_text(o.citizen_id))
    citizen_id_hash = factory.LazyAttribute(lambda o: lookup_hash(o.citizen_id))
    members = 4
    income_per_person = Decimal("30000")
    failed_indicators = factory.LazyAttribute(lambda o: stored_indicators(o.failed))
    phone = ""
    note = ""
    content_hash = "0" * 32
