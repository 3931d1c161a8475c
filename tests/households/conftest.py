"""Fixtures shared by the households tests."""

from decimal import Decimal

import pytest

from households.services import round_create


@pytest.fixture
def survey_round(province_admin):
    """The จปฐ. round 2564 (the 2560–2564 indicator set) at 38,000 baht, as an admin opens it."""
    return round_create(year_be=2564, income_threshold=Decimal(38000), by=province_admin)
