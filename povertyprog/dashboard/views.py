"""The home page: what the viewer's perms let them see, and where to go next.

What each role sees is decided in `povertyprog.accounts.roles` (module docstring): the area's
figures need VIEW_DASHBOARD, MOUs and pledges VIEW_AGENCIES; a liaison sees their agency's;
a user with no role sees only whom to ask for one.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from agencies.selectors import liaison_agency
from agencies.services import EXPIRY_WARNING_DAYS
from events.invitation_selectors import invitation_counts
from events.selectors import next_fair_for
from povertyprog.accounts.roles import Perm, ScopeKind, has_perm, scope_kind_of

from .selectors import expiring_mous_for, follow_up_counts, household_figures, pledge_figures


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Every signed-in user's page; each part checks its own perm."""
    user = request.user
    kind = scope_kind_of(user)
    if kind is None:
        return render(request, "dashboard/home.html", {"no_role": True})
    context = {"expiry_days": EXPIRY_WARNING_DAYS, "expiring": None}
    if kind == ScopeKind.AGENCY:
        context["agency"] = liaison_agency(user)
        if context["agency"] is None:
            return render(request, "dashboard/home.html", {"no_agency": True})
    if has_perm(user, Perm.VIEW_DASHBOARD):
        figures = household_figures(user)
        context["figures"] = figures
        context["chart"] = {
            "labels": [d.name for d in figures.districts],
            "poor": [d.poor for d in figures.districts],
            "not_poor": [d.not_poor for d in figures.districts],
            "series": {"poor": _("Poor"), "not_poor": _("Not poor")},
        }
    if has_perm(user, Perm.VIEW_DASHBOARD) or has_perm(user, Perm.VIEW_AGENCIES):
        context["pledges"] = pledge_figures(user)
    if has_perm(user, Perm.VIEW_AGENCIES):
        context["expiring"] = expiring_mous_for(user, today=timezone.localdate())
    context["follow_ups"] = follow_up_counts(user, today=timezone.localdate())
    if has_perm(user, Perm.CHECK_IN):
        context["next_fair"] = fair = next_fair_for(user)
        if fair is not None and has_perm(user, Perm.MANAGE_FAIR):
            context["fair_counts"] = invitation_counts(user, fair)
    return render(request, "dashboard/home.html", context)
