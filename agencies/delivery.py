"""Households delivered under pledges: figures this app shows but cannot compute.

Delivery is recorded as assistance, which lives in the households app; agencies may not
import households (DESIGN.md's layers). So, as the core's menu does for entries, this module
holds a hook: the households app registers, in its `AppConfig.ready()`, the function that
computes them, and the agencies pages ask through `delivery_figures` (households assisted,
their value in baht and households hosted now, per pledge, agency, lever and district). With
nothing registered (an install without households), nothing is delivered.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Delivered:
    """What a group of pledges delivered: distinct households assisted under them (a household
    assisted twice counts once), the value in baht of every assistance record under them, and
    the cases hosted now under them (current host assignments naming one of the pledges)."""

    households: int = 0
    value: Decimal = Decimal(0)
    hosted: int = 0


NOTHING = Delivered()


@dataclass(frozen=True)
class DeliveryFigures:
    """Delivered per pledge id, agency id, lever and district code (the district the household
    lives in now). A group that delivered nothing may be missing: read with `.get(key,
    NOTHING)`."""

    by_pledge: dict[int, Delivered] = field(default_factory=dict)
    by_agency: dict[int, Delivered] = field(default_factory=dict)
    by_lever: dict[str, Delivered] = field(default_factory=dict)
    by_district: dict[str, Delivered] = field(default_factory=dict)


FiguresProvider = Callable[[list[int]], DeliveryFigures]

_figures: FiguresProvider | None = None


def delivery_figures_register(provider: FiguresProvider) -> None:
    """Set the function that computes `DeliveryFigures` for a list of pledge ids, in a number
    of queries that does not grow with the pledges or the assistance."""
    global _figures
    _figures = provider


def delivery_figures(pledge_ids: Iterable[int]) -> DeliveryFigures:
    """What the pledges delivered, grouped four ways; empty without pledges or provider."""
    ids = list(pledge_ids)
    return _figures(ids) if _figures is not None and ids else DeliveryFigures()
