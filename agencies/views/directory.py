"""The agency directory: the list with its filters, one agency, and its form."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from povertyprog.accounts.access import perm_required
from povertyprog.accounts.roles import Perm
from povertyprog.areas.selectors import provinces_in_scope
from povertyprog.core.errors import add_service_error
from povertyprog.core.xlsx import xlsx_response

from ..export import agencies_xlsx
from ..forms.agencies import AgencyFilterForm, AgencyForm
from ..selectors import (
    agencies_visible_to,
    agency_mous,
    agency_pledges,
    get_agency_for_user_or_404,
    may_edit_agency,
    may_manage_agencies,
    pledge_delivery,
)
from ..services import agency_save

PAGE_SIZE = 50


@perm_required(Perm.VIEW_AGENCIES)
def agency_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = AgencyFilterForm(request.GET)
    agencies = form.filters.apply(agencies_visible_to(user)).order_by("name_th", "pk")
    if request.GET.get("format") == "xlsx":
        return xlsx_response(agencies_xlsx(agencies), "agencies.xlsx")
    page = Paginator(agencies, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "agencies/agency_list.html",
        {"form": form, "page": page, "can_manage": may_manage_agencies(user)},
    )


@perm_required(Perm.VIEW_AGENCIES)
def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    agency = get_agency_for_user_or_404(user, pk)
    return render(
        request,
        "agencies/agency_detail.html",
        {
            "agency": agency,
            "mous": agency_mous(user, agency),
            **pledge_delivery(agency_pledges(user, agency)),
            "can_manage": may_edit_agency(user, agency),
        },
    )


def _agency_form(request: HttpRequest, agency=None) -> HttpResponse:
    user = request.user
    posted = request.method == "POST"
    form = AgencyForm(
        request.POST if posted else None, provinces=provinces_in_scope(user), agency=agency
    )
    if posted and form.is_valid():
        try:
            saved = agency_save(agency=agency, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("%(agency)s is saved.") % {"agency": saved.name_th})
            return redirect(saved)
    return render(request, "agencies/agency_form.html", {"form": form, "agency": agency})


@perm_required(Perm.MANAGE_AGENCIES)
def agency_new(request: HttpRequest) -> HttpResponse:
    return _agency_form(request)


@perm_required(Perm.MANAGE_AGENCIES)
def agency_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_agency_for_user_or_404(request.user, pk)
    if not may_edit_agency(request.user, agency):
        raise Http404
    return _agency_form(request, agency)
