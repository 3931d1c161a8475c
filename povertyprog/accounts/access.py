"""The one place that answers "may this user see this area or object?".

Scope is an area-code prefix: "" is the whole country, "50" Chiang Mai, "5007" Mae Rim.
Objects outside a user's scope are treated exactly like missing ones (404), so a user
cannot even learn that they exist.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from .roles import Perm, has_perm


def area_scope_of(user) -> str | None:
    """The user's area prefix, or None when they may see no area at all."""
    if not has_perm(user, Perm.VIEW_AREAS):
        return None
    return "" if user.is_superuser else user.area_scope


def scope_filter(queryset: QuerySet, user, field: str = "code") -> QuerySet:
    """Keep only rows whose area code (at `field`) lies inside the user's scope."""
    scope = area_scope_of(user)
    if scope is None:
        return queryset.none()
    if not scope:
        return queryset
    return queryset.filter(Q(**{f"{field}__startswith": scope}))


def area_in_scope(user, code: str) -> bool:
    """Is the area itself, and all it contains, inside the user's scope?"""
    scope = area_scope_of(user)
    return scope is not None and code.startswith(scope)


def area_visible(user, code: str) -> bool:
    """May the user open this area's page?

    Inside the scope, yes; an area that *contains* the scope too (a Mae Rim officer sees the
    province page, listing only Mae Rim), so that breadcrumbs and navigation work.
    """
    scope = area_scope_of(user)
    return scope is not None and (code.startswith(scope) or scope.startswith(code))


def require_area_visible(user, code: str) -> None:
    if not area_visible(user, code):
        raise Http404
