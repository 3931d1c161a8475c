"""Households delivered under pledges: a figure this app shows but cannot compute.

Delivery is recorded as assistance, which lives in the households app; agencies may not
import households (DESIGN.md's layers). So, as the core's menu does for entries, this module
holds a hook: the households app registers, in its `AppConfig.ready()`, the function that
counts them, and the agencies pages ask through `delivered_per_pledge`. With nothing
registered (an install without households), nothing is delivered.
"""

from collections.abc import Callable, Iterable

DeliveredCounter = Callable[[list[int]], dict[int, int]]

_counter: DeliveredCounter | None = None


def delivered_counter_register(counter: DeliveredCounter) -> None:
    """Set the function that maps pledge ids to the distinct households assisted under each
    (pledges without assistance may be left out)."""
    global _counter
    _counter = counter


def delivered_per_pledge(pledge_ids: Iterable[int]) -> dict[int, int]:
    """{pledge id: distinct households assisted under it}, every asked pledge present."""
    ids = list(pledge_ids)
    counts = _counter(ids) if _counter is not None and ids else {}
    return {pk: counts.get(pk, 0) for pk in ids}
