"""The main menu, assembled from the entries each app registers in its `AppConfig.ready()`.

The core names no other app's URL: an app says what its entries are, under which `Perm`
they show, and where in the menu they go; the core only keeps them in order and asks, for
each user, which they may see.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise

from povertyprog.accounts.roles import Perm, has_perm


@dataclass(frozen=True)
class MenuEntry:
    label: str | Promise
    url_name: str
    icon: str
    perm: Perm | None = None  # None: every signed-in user (the home page)
    order: int = 50  # the order an officer works through the menu
    # Who else must the user be (beyond the perm)? e.g. a page that is a liaison's door only.
    only: Callable[[object], bool] | None = None


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str
    icon: str


_entries: dict[str, MenuEntry] = {}


def menu_register(*entries: MenuEntry) -> None:
    """Add entries to the menu (called from an app's `ready()`; registering again replaces)."""
    for entry in entries:
        _entries[entry.url_name] = entry


def menu_for(user) -> list[NavItem]:
    """The menu this user sees: the entries whose perm they hold, in order."""
    return [
        NavItem(entry.label, reverse(entry.url_name), entry.icon)
        for entry in sorted(_entries.values(), key=lambda e: (e.order, e.url_name))
        if (entry.perm is None or has_perm(user, entry.perm))
        and (entry.only is None or entry.only(user))
    ]
