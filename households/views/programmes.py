"""The programme's pages. For now its overview: the province's figures, district by district,
through the four steps (no personal data: province staff and the province's viewers)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from povertyprog.accounts.access import area_in_scope, perm_required
from povertyprog.accounts.roles import Perm, has_perm

from ..models import Stage
from ..programme_selectors import get_programme_for_user_or_404, programme_summary


@perm_required(Perm.VIEW_DASHBOARD)
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user_or_404(request.user, pk)
    # The figures of the whole province: a district officer's view of the programme is
    # their case list (next slice), not the other districts' progress.
    if not area_in_scope(request.user, programme.province_id):
        raise Http404
    summary = programme_summary(programme)
    return render(
        request,
        "households/programme_detail.html",
        {
            "programme": programme,
            "summary": summary,
            "stages": [(stage, label, summary["stages"][stage]) for stage, label in Stage.choices],
            "can_assign_hosts": has_perm(request.user, Perm.MANAGE_TARGETS),
        },
    )
