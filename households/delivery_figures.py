"""Pledged vs delivered, the delivered side: what the agencies pages show per pledge, agency,
lever and district (registered in HouseholdsConfig.ready as agencies.delivery's provider).

- Households assisted: distinct households with an assistance record under the pledges of
  the group (a household assisted twice, or under two of the group's pledges, counts once).
  Assistance recorded without a pledge is delivered under none.
- Value: the baht of every such record (a household assisted twice counts both).
- Hosted now: distinct households whose case has a current host assignment naming one of
  the group's pledges.
- Groups: the pledge, its agency, its lever (the pledge's: what is compared is what was
  pledged), and the district the household lives in now (its village's first four digits).

Aggregates only, no personal data. Five queries whatever the number of pledges or records:
one aggregate of the assistance per grouping, and the current host assignments under the
pledges, one row each (at most one per case: the database allows one current host a case).
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import Substr

from agencies.delivery import Delivered, DeliveryFigures

from .models import Assistance, HostAssignment

_DISTRICT = Substr("target__household__village_id", 1, 4)
GROUPINGS = {
    "by_pledge": "pledge_id",
    "by_agency": "pledge__agency_id",
    "by_lever": "pledge__lever",
    "by_district": "district",
}


def assisted_under(pledge_ids, key: str) -> dict:
    """{group: (distinct households, value)} of the assistance under the pledges, grouped by
    `key` (pledge_id, pledge__agency_id, pledge__lever or district). One query."""
    records = Assistance.objects.filter(pledge_id__in=pledge_ids)
    if key == "district":
        records = records.annotate(district=_DISTRICT)
    rows = (
        records.values(key)
        .annotate(n=Count("target__household_id", distinct=True), value=Sum("value"))
        .order_by()
        .values_list(key, "n", "value")
    )
    return {group: (n, value or Decimal(0)) for group, n, value in rows}


def _hosted(pledge_ids: list[int]) -> dict[str, dict]:
    """{grouping: {group: distinct households hosted now}}. One query, a row a hosted case."""
    households: dict[str, dict] = {name: defaultdict(set) for name in GROUPINGS}
    rows = (
        HostAssignment.objects.filter(pledge_id__in=pledge_ids, ended_at__isnull=True)
        .annotate(district=_DISTRICT)
        .values_list(*GROUPINGS.values(), "target__household_id")
    )
    for *groups, household in rows:
        for name, group in zip(GROUPINGS, groups, strict=True):
            households[name][group].add(household)
    return {
        name: {group: len(ids) for group, ids in by_group.items()}
        for name, by_group in households.items()
    }


def delivery_figures(pledge_ids: list[int]) -> DeliveryFigures:
    """Households assisted, their value and households hosted now under the pledges, per
    pledge, agency, lever and district (agencies.delivery.DeliveryFigures)."""
    ids = list(pledge_ids)
    if not ids:
        return DeliveryFigures()
    hosted = _hosted(ids)
    figures = {}
    for name, key in GROUPINGS.items():
        assisted = assisted_under(ids, key)
        figures[name] = {
            group: Delivered(
                *assisted.get(group, (0, Decimal(0))), hosted=hosted[name].get(group, 0)
            )
            for group in assisted.keys() | hosted[name].keys()
        }
    return DeliveryFigures(**figures)
