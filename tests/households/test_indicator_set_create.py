"""Indicator sets are national reference data: the service adds one for a national-scope
user or the system, refuses a province user, and writes one audit entry."""

import pytest
from django.core.exceptions import ValidationError

from households.models import IndicatorSet
from households.services import indicator_set_create
from povertyprog.accounts.roles import Role
from povertyprog.audit.models import ActivityLog
from tests.factories import UserFactory

INCOME_ONLY = [
    {
        "number": 1,
        "category": 4,
        "category_name_th": "การมีงานทำและรายได้",
        "text_th": "รายได้เฉลี่ยของคนในครัวเรือนต่อปี",
        "is_income": True,
        "lever": "raise_income",
    }
]


def test_a_national_admin_adds_an_indicator_set(db):
    national = UserFactory(username="national", role=Role.PROVINCE_ADMIN, area_scope="")
    indicator_set = indicator_set_create(
        code="test-2555-2559",
        name_th="ชุดทดสอบ",
        first_year_be=2555,
        last_year_be=2559,
        indicators=INCOME_ONLY,
        by=national,
    )
    assert list(indicator_set.indicators.values_list("number", "is_income", "lever")) == [
        (1, True, "raise_income")
    ]
    entry = ActivityLog.objects.get(action="households.indicator_set.created")
    assert (entry.actor, entry.data) == (national, {"indicators": 1})


def test_a_province_admin_cannot_add_one(province_admin):
    with pytest.raises(ValidationError):
        indicator_set_create(
            code="test-2555-2559",
            name_th="ชุดทดสอบ",
            first_year_be=2555,
            last_year_be=2559,
            indicators=INCOME_ONLY,
            by=province_admin,
        )
    assert not IndicatorSet.objects.filter(code="test-2555-2559").exists()
