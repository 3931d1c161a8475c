"""Reads of the manage step: host assignments and pledged vs delivered.

"Delivered" under a pledge is the number of distinct households assisted under it (two
records for one household count once). Grouped per pledge, agency, lever or district (the
district the household lives in now); the agencies pages get the per-pledge figures through
agencies.delivery (registered in HouseholdsConfig.ready), the dashboard asks here.
"""

from django.db.models import Count, Prefetch, QuerySet
from django.db.models.functions import Substr

from agencies.models import Agency

from .models import Assistance, HostAssignment, Target
from .programme_selectors import targets_visible_to

_GROUPS = {
    "pledge": "pledge_id",
    "agency": "pledge__agency_id",
    "lever": "pledge__lever",
    "district": "district",
}


def delivered_by(pledge_ids, by: str = "pledge") -> dict:
    """{group: distinct households assisted} under the given pledges; `by` is one of pledge,
    agency, lever or district. One query."""
    records = Assistance.objects.filter(pledge_id__in=pledge_ids)
    if by == "district":
        records = records.annotate(district=Substr("target__household__village_id", 1, 4))
    rows = (
        records.values(_GROUPS[by])
        .annotate(n=Count("target__household_id", distinct=True))
        .order_by()
        .values_list(_GROUPS[by], "n")
    )
    return dict(rows)


def delivered_per_pledge(pledge_ids: list[int]) -> dict[int, int]:
    """The counter agencies.delivery asks for its pages."""
    return delivered_by(pledge_ids, "pledge")


def delivered_total(pledge_ids) -> int:
    """Distinct households assisted under any of the pledges (a household helped under two
    of them counts once)."""
    return (
        Assistance.objects.filter(pledge_id__in=pledge_ids)
        .values("target__household_id")
        .distinct()
        .count()
    )


def current_hosts(targets: QuerySet) -> QuerySet[HostAssignment]:
    """The current host assignment of each of the cases, with agency and pledge."""
    return HostAssignment.objects.filter(target__in=targets, ended_at__isnull=True).select_related(
        "agency", "pledge"
    )


def hosted_cases_for(user) -> QuerySet[Target]:
    """The cases with a host now that the user may see (a liaison: exactly their agency's),
    each with `current_hosts`; a fixed number of queries."""
    return (
        targets_visible_to(user)
        .filter(host_assignments__ended_at__isnull=True)
        .select_related("household__village", "programme")
        .prefetch_related(
            Prefetch(
                "host_assignments",
                queryset=HostAssignment.objects.filter(ended_at__isnull=True).select_related(
                    "agency", "pledge"
                ),
                to_attr="current_hosts",
            )
        )
        .order_by("household__village_id", "household__house_no", "pk")
    )


def previewed_targets(user, target_ids) -> list[Target]:
    """The cases of a bulk host preview, in its order (the user's scope applies)."""
    found = targets_visible_to(user).filter(pk__in=target_ids).select_related("household__village")
    order = {pk: index for index, pk in enumerate(target_ids)}
    return sorted(found, key=lambda target: order[target.pk])


def host_agencies_for(user) -> QuerySet[Agency]:
    """The agencies hosting at least one case the user sees now (the case list's filter)."""
    hosting = HostAssignment.objects.filter(
        ended_at__isnull=True, target__in=targets_visible_to(user)
    ).values("agency_id")
    return Agency.objects.filter(pk__in=hosting).order_by("name_th")
