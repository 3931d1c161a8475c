"""Reads of the manage step: host assignments and pledged vs delivered.

"Delivered" under a pledge is the number of distinct households assisted under it (two
records for one household count once). Grouped per pledge, agency, lever or district (the
district the household lives in now); the agencies pages get the per-pledge figures through
agencies.delivery (registered in HouseholdsConfig.ready), the dashboard asks here.
"""

from django.db.models import Prefetch, QuerySet

from agencies.models import Agency

from .delivery_figures import GROUPINGS, assisted_under
from .models import HostAssignment, Target
from .programme_selectors import targets_visible_to


def delivered_by(pledge_ids, by: str = "pledge") -> dict:
    """{group: distinct households assisted} under the given pledges; `by` is one of pledge,
    agency, lever or district. One query."""
    assisted = assisted_under(pledge_ids, GROUPINGS[f"by_{by}"])
    return {group: households for group, (households, _value) in assisted.items()}


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
