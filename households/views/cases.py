"""A district officer's cases (targets): the list of their district's cases with its Excel
export, and one case with its field check and capacity class. Province staff see the
province's. Made for a phone: the officer uses them in the field."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from povertyprog.accounts.access import perm_required
from povertyprog.accounts.roles import Perm
from povertyprog.core.errors import add_service_error
from povertyprog.core.xlsx import xlsx_response

from ..case_selectors import (
    target_assistance,
    target_graduation,
    target_hosts,
    target_replacement,
    target_timeline,
)
from ..export import case_export
from ..forms.cases import CaseCapacityForm, CaseFilterForm, CaseVerifyForm
from ..forms.manage import HostForm
from ..manage_selectors import host_agencies_for
from ..models import Stage, Target
from ..plan_selectors import plan_summary_for
from ..programme_selectors import (
    get_target_for_user_or_404,
    programmes_visible_to,
    targets_visible_to,
)
from ..programme_services import target_capacity_set, target_verify
from ..registry_queries import household_round_columns
from ..selectors import get_household_for_user_or_404
from ..visit_selectors import target_visits

PAGE_SIZE = 25
_SORTABLE = ("village", "rank", "income", "stage")


def _cases(user, filters):
    return filters.apply(
        targets_visible_to(user).select_related(
            "programme", "household__village__subdistrict__district", "survey"
        )
    )


def _sort_links(current: str) -> dict:
    links = {}
    for key in _SORTABLE:
        if current == key:
            links[key] = {"next": f"-{key}", "direction": "asc"}
        elif current == f"-{key}":
            links[key] = {"next": key, "direction": "desc"}
        else:
            links[key] = {"next": key, "direction": ""}
    return links


@perm_required(Perm.MANAGE_TARGETS)
def case_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = CaseFilterForm(
        request.GET, programmes=programmes_visible_to(user), hosts=host_agencies_for(user)
    )
    filters = form.filters
    cases = _cases(user, filters)
    if request.GET.get("format") == "xlsx":
        export = case_export(targets=cases, filters=filters.for_log(), by=user)
        return xlsx_response(export.content, export.file_name)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "households/case_list.html",
        {"form": form, "page": page, "sorts": _sort_links(filters.sort)},
    )


def _render_detail(request, target: Target, *, verify_form=None, capacity_form=None):
    user = request.user
    household = get_household_for_user_or_404(user, target.household_id)
    replacement = target_replacement(target)
    open_case = target.stage != Stage.DROPPED
    hosts = target_hosts(target)
    current_host = next((host for host in hosts if host.ended_at is None), None)
    return render(
        request,
        "households/case_detail.html",
        {
            "target": target,
            "household": household,
            "village": household.village,
            "columns": household_round_columns(household),
            "replacement": replacement,
            "timeline": target_timeline(target),
            "open_case": open_case,
            "verify_form": verify_form or CaseVerifyForm(target=target),
            "capacity_form": capacity_form or CaseCapacityForm(target=target),
            "current_host": current_host,
            "hosts": hosts,
            "host_form": HostForm(
                user=user,
                target=target,
                initial={"agency": current_host.agency_id if current_host else None},
            ),
            "assistance": target_assistance(target),
            "visits": list(target_visits(target)),
            "plan": plan_summary_for(target, timezone.localdate()),
            "plan_url": reverse("households:case_plan", args=[target.pk]),
            "graduation": target_graduation(target),
        },
    )


@perm_required(Perm.MANAGE_TARGETS)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, get_target_for_user_or_404(request.user, pk))


@perm_required(Perm.MANAGE_TARGETS)
@require_POST
def case_verify(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    target = get_target_for_user_or_404(user, pk)
    form = CaseVerifyForm(request.POST, target=target)
    if form.is_valid():
        try:
            result = target_verify(target=target, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                result.message
                or _("The field check is recorded: %(outcome)s.")
                % {"outcome": result.target.get_verification_display()},
            )
            return redirect("households:case_detail", pk=target.pk)
    return _render_detail(request, target, verify_form=form)


@perm_required(Perm.MANAGE_TARGETS)
@require_POST
def case_capacity(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    target = get_target_for_user_or_404(user, pk)
    form = CaseCapacityForm(request.POST, target=target)
    if form.is_valid():
        try:
            saved = target_capacity_set(target=target, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("The household is classed: %(capacity)s.")
                % {"capacity": saved.get_capacity_display()},
            )
            return redirect("households:case_detail", pk=target.pk)
    return _render_detail(request, target, capacity_form=form)
