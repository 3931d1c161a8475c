"""The home page: the programme's figures for the viewer's area, and where to go next."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from agencies.services import EXPIRY_WARNING_DAYS

from .selectors import expiring_mous_for, household_figures, pledge_figures


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    figures = household_figures(user)
    chart = {
        "labels": [d.name for d in figures.districts],
        "poor": [d.poor for d in figures.districts],
        "not_poor": [d.not_poor for d in figures.districts],
        "series": {"poor": _("Poor"), "not_poor": _("Not poor")},
    }
    return render(
        request,
        "dashboard/home.html",
        {
            "figures": figures,
            "chart": chart,
            "expiring": expiring_mous_for(user, today=timezone.localdate()),
            "expiry_days": EXPIRY_WARNING_DAYS,
            "pledges": pledge_figures(user),
        },
    )
