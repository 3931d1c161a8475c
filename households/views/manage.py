"""The manage step's pages: the bulk host assignment with its preview (province staff), one
case's host (from the case page), the hosted cases' list (an agency liaison's households)
and recording assistance."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.selectors import liaison_agency_id
from povertyprog.accounts.access import area_in_scope, perm_required
from povertyprog.accounts.roles import Perm, ScopeKind, scope_kind_of
from povertyprog.core.errors import add_service_error

from ..forms.manage import AssistanceForm, BulkHostForm, HostForm
from ..manage_selectors import hosted_cases_for, previewed_targets
from ..manage_services import (
    assistance_record,
    host_assign,
    hosts_assign_bulk,
    hosts_assign_bulk_preview,
)
from ..programme_selectors import get_programme_for_user_or_404, get_target_for_user_or_404

PAGE_SIZE = 50


@perm_required(Perm.MANAGE_TARGETS)
def programme_hosts(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign host agencies in bulk: the form, its preview (exactly what will be created),
    and the confirmation, refused if anything changed since the preview."""
    user = request.user
    programme = get_programme_for_user_or_404(user, pk)
    if not area_in_scope(user, programme.province_id):
        raise Http404
    form = BulkHostForm(request.POST or None, programme=programme, user=user)
    preview, targets = None, []
    if request.method == "POST" and form.is_valid():
        args = {"programme": programme, **form.service_args()}
        try:
            if "confirm" in request.POST:
                made = hosts_assign_bulk(
                    **args, state_token=request.POST.get("state_token", ""), by=user
                )
                messages.success(
                    request,
                    _("%(agency)s hosts %(n)s more households.")
                    % {"agency": args["agency"], "n": len(made)},
                )
                return redirect(programme)
            preview = hosts_assign_bulk_preview(**args, by=user)
            targets = previewed_targets(user, preview.target_ids)
        except ValidationError as error:
            add_service_error(form, error)
    return render(
        request,
        "households/programme_hosts.html",
        {"programme": programme, "form": form, "preview": preview, "targets": targets},
    )


@perm_required(Perm.RECORD_ASSISTANCE)
def hosted_cases(request: HttpRequest) -> HttpResponse:
    """The cases with a host agency the user may see: for a liaison, exactly their agency's
    households, each with a quick "record assistance"."""
    cases = hosted_cases_for(request.user)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "households/hosted_cases.html", {"page": page})


@perm_required(Perm.RECORD_ASSISTANCE)
def assistance_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    target = get_target_for_user_or_404(user, pk)
    own = liaison_agency_id(user) if scope_kind_of(user) == ScopeKind.AGENCY else None
    form = AssistanceForm(request.POST or None, user=user, target=target, liaison_agency_id=own)
    if request.method == "POST" and form.is_valid():
        try:
            assistance_record(target=target, by=user, **form.service_values())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Assistance recorded for house %(house)s.")
                % {"house": target.household.house_no},
            )
            return redirect("households:hosted_cases")
    return render(request, "households/assistance_new.html", {"target": target, "form": form})


@perm_required(Perm.MANAGE_TARGETS)
@require_POST
def case_host(request: HttpRequest, pk: int) -> HttpResponse:
    """Make an agency the case's host (the form on the case page); what is wrong comes back
    as a message naming the field."""
    user = request.user
    target = get_target_for_user_or_404(user, pk)
    form = HostForm(request.POST, user=user, target=target)
    if form.is_valid():
        try:
            host_assign(target=target, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
    if form.errors:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
    else:
        messages.success(
            request,
            _("%(agency)s hosts house %(house)s.")
            % {"agency": form.cleaned_data["agency"], "house": target.household.house_no},
        )
    return redirect("households:case_detail", pk=target.pk)
