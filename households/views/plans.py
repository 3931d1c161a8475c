"""A case's life compass (เข็มทิศชีวิต): the plan page, where the officer accepts or ignores what
the household's failed indicators suggest, adds activities, follows their status and records
the household's agreement; and the one-page plan printed for the home visit. Made for a
phone, as the case pages are."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from povertyprog.accounts.access import perm_required
from povertyprog.accounts.roles import Perm
from povertyprog.audit.services import activity_log
from povertyprog.core.errors import add_service_error

from ..access_log import household_access_link
from ..case_selectors import current_host, open_suggestions, suggested_activity, target_plan
from ..forms.plans import ActivityStatusForm, PlanActivityForm, PlanAgreeForm
from ..models import (
    ActivityStatus,
    PlanActivity,
    Target,
)
from ..plan_services import plan_activity_add, plan_activity_update, plan_agree, plan_refusal
from ..programme_selectors import get_target_for_user_or_404

PDF_STYLESHEET = "css/plan-print.css"


def _suggested_initial(request: HttpRequest, target: Target, host) -> dict:
    """The add form filled from an accepted suggestion (?indicator=N&kind=code), its agency
    the case's host (and the host's pledge, on the same lever)."""
    initial = {
        "agency": host.agency_id if host else None,
        **suggested_activity(
            target, kind=request.GET.get("kind", ""), indicator=request.GET.get("indicator", "")
        ),
    }
    if host and host.pledge_id and initial.get("lever") == host.pledge.lever:
        initial["pledge"] = host.pledge_id
    return initial


def _render_plan(request, target: Target, *, add_form=None, agree_form=None):
    user = request.user
    plan = target_plan(target)
    host = current_host(target)
    refusal = plan_refusal(target)
    editable = refusal is None
    return render(
        request,
        "households/case_plan.html",
        {
            "target": target,
            "household": target.household,
            "village": target.household.village,
            "plan": plan,
            "host": host,
            "suggestions": open_suggestions(target, plan) if editable else [],
            "editable": editable,
            "refusal": refusal.messages[0] if refusal is not None else "",
            "add_form": add_form
            or PlanActivityForm(
                user=user, target=target, initial=_suggested_initial(request, target, host)
            ),
            "agree_form": agree_form or PlanAgreeForm(),
            "statuses": ActivityStatus.choices,
            "today": timezone.localdate(),
        },
    )


@perm_required(Perm.MANAGE_TARGETS)
def case_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the plan page. POST: add an activity."""
    user = request.user
    target = get_target_for_user_or_404(user, pk)
    if request.method != "POST":
        return _render_plan(request, target)
    form = PlanActivityForm(request.POST, user=user, target=target)
    if form.is_valid():
        try:
            activity = plan_activity_add(target=target, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("Added to the plan: %(activity)s.") % {"activity": activity}
            )
            return redirect("households:case_plan", pk=target.pk)
    return _render_plan(request, target, add_form=form)


@perm_required(Perm.MANAGE_TARGETS)
@require_POST
def plan_activity_status(request: HttpRequest, pk: int, activity: int) -> HttpResponse:
    user = request.user
    target = get_target_for_user_or_404(user, pk)
    found = get_object_or_404(PlanActivity, pk=activity, plan__target=target)
    form = ActivityStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the activity's status."))
        return redirect("households:case_plan", pk=target.pk)
    try:
        plan_activity_update(activity=found, by=user, status=form.cleaned_data["status"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(activity)s: %(status)s.")
            % {"activity": found, "status": ActivityStatus(form.cleaned_data["status"]).label},
        )
    return redirect("households:case_plan", pk=target.pk)


@perm_required(Perm.MANAGE_TARGETS)
@require_POST
def case_plan_agree(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    target = get_target_for_user_or_404(user, pk)
    form = PlanAgreeForm(request.POST)
    if form.is_valid():
        try:
            plan_agree(target=target, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The household's agreement to its plan is recorded."))
            return redirect("households:case_plan", pk=target.pk)
    return _render_plan(request, target, agree_form=form)


@perm_required(Perm.MANAGE_TARGETS)
@require_GET
def case_plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan on one A4 page, in Thai, with signature lines for the household and the
    officer; printing it shows the head's name, so it is logged (PDPA)."""
    from agencies.pdf import render_thai_pdf  # WeasyPrint loads only when a plan is printed

    user = request.user
    target = get_target_for_user_or_404(user, pk)
    plan = target_plan(target)
    household = target.household
    pdf = render_thai_pdf(
        "households/case_plan_pdf.html",
        {
            "target": target,
            "household": household,
            "village": household.village,
            "plan": plan,
            "host": current_host(target),
            "officer": user,
            "printed_on": timezone.localdate(),
        },
        stylesheet=PDF_STYLESHEET,
    )
    entry = activity_log("households.plan.printed", actor=user, target=target)
    household_access_link(entry=entry, household=household)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="plan-{household.village_id}-{household.house_no}.pdf"'.replace("/", "-")
    )
    return response
