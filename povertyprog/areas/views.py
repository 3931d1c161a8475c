from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from povertyprog.accounts.access import perm_required
from povertyprog.accounts.roles import Perm

from .models import District, Province, Subdistrict, Village
from .selectors import (
    area_breadcrumbs,
    area_children_for_user,
    area_get_for_user_or_404,
    provinces_visible_to,
)


@perm_required(Perm.VIEW_AREAS)
def browse(request: HttpRequest) -> HttpResponse:
    """Start of the area browser: the provinces the user may see (straight in when only one)."""
    provinces = list(provinces_visible_to(request.user))
    if len(provinces) == 1:
        return redirect(provinces[0])
    return render(request, "areas/browse.html", {"provinces": provinces})


@perm_required(Perm.VIEW_AREAS)
def detail(request: HttpRequest, code: str) -> HttpResponse:
    area = area_get_for_user_or_404(request.user, code)
    level = {
        Province: "province",
        District: "district",
        Subdistrict: "subdistrict",
        Village: "village",
    }[type(area)]
    return render(
        request,
        "areas/area_detail.html",
        {
            "area": area,
            "level": level,
            "breadcrumbs": area_breadcrumbs(area),
            "children": area_children_for_user(request.user, area),
        },
    )
