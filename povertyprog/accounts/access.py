"""The one place that answers "may this user see this area or object?".

Scope is an area-code prefix: "" is the whole country, "50" Chiang Mai, "5007" Mae Rim.
Objects outside a user's scope are treated exactly like missing ones (404), so a user
cannot even learn that they exist.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import Http404

from .roles import Perm, ScopeKind, has_perm, roles_with_perm, scope_kind_of


def require_perm(user, perm: Perm) -> None:
    """Raise 404 unless the user may do `perm`: a page a role may not use answers exactly like
    a page or an object that does not exist."""
    if not has_perm(user, perm):
        raise Http404


def perm_required(perm: Perm) -> Callable:
    """View decorator: `@perm_required(Perm.IMPORT_SURVEYS)` checks the perm before the view.

    The view keeps the perm on `view.required_perm`, so a test can list every view's check.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def checked(request, *args, **kwargs):
            require_perm(request.user, perm)
            return view(request, *args, **kwargs)

        checked.required_perm = perm
        return checked

    return decorator


def users_with_perm(perm: Perm, area_codes: list[str]) -> QuerySet:
    """Active users who may do `perm` and whose scope covers one of the areas: the area
    itself, one that contains it, or the whole country."""
    covering = {code[:length] for code in area_codes for length in (0, 2, 4, 6, 8)}
    return get_user_model().objects.filter(
        Q(role__in=roles_with_perm(perm)) | Q(is_superuser=True),
        is_active=True,
        area_scope__in=sorted(covering),
    )


def area_scope_of(user) -> str | None:
    """The user's area prefix, or None when they may see no area at all."""
    if not has_perm(user, Perm.VIEW_AREAS):
        return None
    return "" if user.is_superuser else user.area_scope


def area_scope_for(user, perm: Perm) -> str | None:
    """The area prefix in which the user may do `perm`, or None: for a role that works in
    an area (not a liaison's agency) and holds `perm`, whether or not it browses areas (a
    fair desk checks households in without seeing any area's page)."""
    if not has_perm(user, perm) or scope_kind_of(user) != ScopeKind.AREA:
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
