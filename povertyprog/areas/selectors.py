"""Reads of areas, always through the viewer's scope."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from povertyprog.accounts.access import area_scope_of, area_visible

from .models import AREA_MODELS, Area, District, Province, Subdistrict, Village


def _within(queryset: QuerySet, scope: str) -> QuerySet:
    """Areas inside the scope, plus those containing it (shown for navigation only)."""
    if not scope:
        return queryset
    return queryset.filter(Q(code__startswith=scope) | Q(code__in=_prefixes(scope)))


def _prefixes(scope: str) -> list[str]:
    return [scope[:n] for n in (2, 4, 6) if n < len(scope)]


def provinces_visible_to(user) -> QuerySet[Province]:
    scope = area_scope_of(user)
    if scope is None:
        return Province.objects.none()
    return _within(Province.objects.all(), scope).annotate(
        district_count=Count(
            "districts", filter=Q(districts__code__startswith=scope[:4]), distinct=True
        ),
    )


def area_get_for_user_or_404(user, code: str) -> Area:
    """One area by code; missing and out-of-scope both answer 404."""
    model = AREA_MODELS.get(len(code))
    if model is None or not code.isdigit() or not area_visible(user, code):
        raise Http404
    related = {
        District: ["province"],
        Subdistrict: ["district__province"],
        Village: ["subdistrict__district__province"],
    }
    queryset = model.objects.select_related(*related[model]) if model in related else model.objects
    try:
        return queryset.get(code=code)
    except model.DoesNotExist:
        raise Http404 from None


def area_children_for_user(user, area: Area) -> QuerySet:
    """The areas one level below `area` that the user may see, with counts for the table."""
    scope = area_scope_of(user) or ""
    if isinstance(area, Province):
        children = District.objects.filter(province=area).annotate(
            subdistrict_count=Count("subdistricts", distinct=True),
            village_count=Count("subdistricts__villages", distinct=True),
        )
    elif isinstance(area, District):
        children = Subdistrict.objects.filter(district=area).annotate(
            village_count=Count("villages", distinct=True)
        )
    elif isinstance(area, Subdistrict):
        children = Village.objects.filter(subdistrict=area)
    else:
        return Village.objects.none()
    return _within(children, scope).order_by("code")


def area_breadcrumbs(area: Area) -> list[Area]:
    """The chain of areas above `area` (province first), from already-joined relations."""
    chain: list[Area] = []
    node = area
    for parent_attr in ("subdistrict", "district", "province"):
        node = getattr(node, parent_attr, None) or node
        if node is not area and node not in chain:
            chain.insert(0, node)
    return chain


def provinces_in_scope(user) -> QuerySet[Province]:
    """Provinces the user's scope covers entirely (for province-wide work such as imports)."""
    scope = area_scope_of(user)
    if scope is None or len(scope) > 2:
        return Province.objects.none()
    return Province.objects.filter(code__startswith=scope)
