"""Booths at the fair: the fair's booth list, and a booth's page where its staff find the
household (code typed or scanned, or a search) and record what they gave or promised, with
what the booth has recorded so far. Booth staff use their officer or staff accounts: the
services of households decide who may record help for which case."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from households.programme_selectors import get_target_for_user_or_404
from povertyprog.accounts.access import perm_required
from povertyprog.accounts.roles import Perm
from povertyprog.core.errors import add_service_error

from ..forms.booths import BoothFindForm, BoothServiceForm
from ..report_selectors import (
    booth_cases_found,
    booth_served_visible_to,
    booths_of,
    get_booth_or_404,
)
from ..selectors import get_fair_for_user_or_404
from ..services.booths import booth_service_record

SERVED_SHOWN = 50


@perm_required(Perm.MANAGE_FAIR)
@require_http_methods(["GET"])
def booth_list(request: HttpRequest, pk: int) -> HttpResponse:
    fair = get_fair_for_user_or_404(request.user, pk)
    return render(request, "events/booth_list.html", {"fair": fair, "booths": booths_of(fair)})


def _chosen_case(request, fair, raw):
    try:
        target = get_target_for_user_or_404(request.user, raw)
    except Http404:
        return None
    return target if target.programme_id == fair.programme_id else None


@perm_required(Perm.MANAGE_FAIR)
@require_http_methods(["GET", "POST"])
def booth_detail(request: HttpRequest, pk: int, booth_pk: int) -> HttpResponse:
    user = request.user
    fair = get_fair_for_user_or_404(user, pk)
    booth = get_booth_or_404(fair, booth_pk)
    find = BoothFindForm(request.GET or None)
    found, target, form = [], None, None
    if request.method == "POST":
        form = BoothServiceForm(request.POST)
        if form.is_valid():
            target = _chosen_case(request, fair, form.cleaned_data["target"])
            if target is None:
                raise Http404
            data = form.cleaned_data
            try:
                booth_service_record(
                    booth=booth,
                    target=target,
                    what=data["what"],
                    value=data["value"],
                    promised=data["promised"],
                    lever=data["lever"],
                    due_on=data["due_on"],
                    by=user,
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Recorded for %(name)s.") % {"name": _name(target)})
                return redirect("events:booth_detail", pk=fair.pk, booth_pk=booth.pk)
        else:
            target = _chosen_case(request, fair, request.POST.get("target"))
    elif request.GET.get("target"):
        target = _chosen_case(request, fair, request.GET["target"])
    elif find.is_valid():
        found = list(
            booth_cases_found(user, fair, code=find.cleaned_data["code"], q=find.cleaned_data["q"])
        )
        if len(found) == 1 and find.cleaned_data["code"]:
            target, found = found[0], []
        elif not found:
            messages.warning(request, _("No household of this fair's programme found."))
    if target is not None and form is None:
        form = BoothServiceForm(initial={"target": target.pk, "value": 0})
    return render(
        request,
        "events/booth_detail.html",
        {
            "fair": fair,
            "booth": booth,
            "find": find if request.method == "GET" else BoothFindForm(),
            "found": found,
            "target": target,
            "form": form,
            "served": booth_served_visible_to(user, booth)[:SERVED_SHOWN],
        },
    )


def _name(target) -> str:
    return target.survey.head_name if target.survey_id else str(target.household)
