"""The household registry: the list of one round's records, its Excel export, one household."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from povertyprog.accounts.access import perm_required, require_perm
from povertyprog.accounts.roles import Perm, has_perm
from povertyprog.audit.services import activity_log
from povertyprog.core.errors import add_service_error
from povertyprog.core.xlsx import xlsx_response

from ..access_log import household_access_entries, household_access_link, household_access_record
from ..export import registry_export
from ..forms.move import HouseholdMoveForm
from ..forms.registry import HouseholdFilterForm
from ..registry_queries import (
    RegistryPaginator,
    household_round_columns,
    registry_surveys,
    registry_totals,
    searched_citizen_id,
)
from ..selectors import get_household_for_user_or_404, households_visible_to
from ..services import household_move as household_move_record

PAGE_SIZE = 50


@perm_required(Perm.VIEW_PERSONAL_DATA)
def household_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = HouseholdFilterForm(request.GET, user=user)
    surveys = registry_surveys(user, form.filters)
    totals = registry_totals(surveys, form.filters)
    page = RegistryPaginator(surveys, PAGE_SIZE, totals=totals).get_page(request.GET.get("page"))
    if searched_citizen_id(form.filters.q):
        # PDPA: a search by citizen ID tells who holds that ID; logged with what it found.
        entry = activity_log(
            "households.registry.searched_citizen_id",
            actor=user,
            data={"rows": totals.total, "filters": form.filters.for_log()},
        )
        household_access_record(entry=entry, households=surveys.values("household_id"))
    return render(
        request,
        "households/household_list.html",
        {
            "form": form,
            "survey_round": form.filters.survey_round,
            "page": page,
            "totals": totals,
            "sorts": form.sort_links(),
            "can_export": has_perm(user, Perm.VIEW_CITIZEN_ID),
        },
    )


@perm_required(Perm.VIEW_PERSONAL_DATA)
def household_export(request: HttpRequest) -> HttpResponse:
    user = request.user
    # The file holds full citizen IDs: only roles that may see them may export.
    require_perm(user, Perm.VIEW_CITIZEN_ID)
    form = HouseholdFilterForm(request.GET, user=user)
    if form.filters.survey_round is None:
        raise Http404
    export = registry_export(
        surveys=registry_surveys(user, form.filters), filters=form.filters, by=user
    )
    return xlsx_response(export.content, export.file_name)


@perm_required(Perm.VIEW_PERSONAL_DATA)
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    household = get_household_for_user_or_404(user, pk)
    columns = household_round_columns(household)
    show_citizen_id = has_perm(user, Perm.VIEW_CITIZEN_ID)
    if show_citizen_id and columns:
        # PDPA: who saw whose citizen ID, once per page view.
        entry = activity_log(
            "households.citizen_id.viewed",
            actor=user,
            target=household,
            data={"rounds": [column.survey_round.year_be for column in columns]},
        )
        household_access_link(entry=entry, household=household)
    return render(
        request,
        "households/household_detail.html",
        {
            "household": household,
            "village": household.village,
            "columns": columns,
            "graduated": next((c for c in columns if c.graduated), None),
            "show_citizen_id": show_citizen_id,
            "can_move": has_perm(user, Perm.MANAGE_TARGETS),
            # PDPA: who viewed or exported this household, for those who audit it.
            "access_entries": (
                household_access_entries(household)
                if has_perm(user, Perm.VIEW_ACCESS_LOG)
                else None
            ),
        },
    )


@perm_required(Perm.MANAGE_TARGETS)
def household_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that the household moved within the province: its cases follow it to the
    officer of its new district, with their history."""
    user = request.user
    household = get_household_for_user_or_404(user, pk)
    form = HouseholdMoveForm(request.POST or None, household=household)
    if request.method == "POST" and form.is_valid():
        try:
            household_move_record(household=household, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("The move is recorded: house %(house)s, %(village)s.")
                % {"house": form.cleaned_data["house_no"], "village": form.cleaned_data["village"]},
            )
            # The household may now live outside the user's area: back to their cases.
            if households_visible_to(user).filter(pk=pk).exists():
                return redirect("households:detail", pk=pk)
            return redirect("households:case_list")
    return render(
        request,
        "households/household_move.html",
        {"household": household, "village": household.village, "form": form},
    )
