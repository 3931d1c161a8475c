"""The fair's attendance: the report by district and subdistrict (aggregates: viewers may
read it), the no-show list for the districts' follow-up (personal data: MANAGE_FAIR, in
the user's scope), and the desks' paper fallback (the printed sign-in sheet and the entry
of its ticks afterwards)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from povertyprog.accounts.access import perm_required
from povertyprog.accounts.roles import Perm
from povertyprog.audit.services import activity_log
from povertyprog.core.errors import add_service_error
from povertyprog.core.xlsx import xlsx_response, xlsx_table

from ..checkin_selectors import desk_sheet_invitations
from ..forms.booths import SheetEntryForm
from ..models import Desk, Fair
from ..report_selectors import (
    FIGURES,
    attendance_report,
    fair_started,
    get_fair_for_report_or_404,
    no_shows_visible_to,
)
from ..selectors import get_fair_for_user_or_404
from ..services.sheets import sheet_enter

SHEET_STYLESHEET = "css/sheet-print.css"


def figure_headers() -> list[str]:
    return [
        _("Invited"),
        _("Confirmed"),
        _("Declined"),
        _("No answer"),
        _("Checked in"),
        _("Walk-ins"),
        _("No-shows"),
    ]


@perm_required(Perm.VIEW_DASHBOARD)
@require_GET
def report_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    fair = get_fair_for_report_or_404(request.user, pk)
    report = attendance_report(fair)
    if request.GET.get("format") == "xlsx":
        rows = [
            [_("District"), row.code, row.name, *row.figures().values()]
            for row in report.by_district
        ] + [
            [_("Subdistrict"), row.code, row.name, *row.figures().values()]
            for row in report.by_subdistrict
        ]
        rows.append([_("Total"), "", "", *report.total.figures().values()])
        content = xlsx_table(
            _("Attendance"), [_("Level"), _("Code"), _("Name"), *figure_headers()], rows
        )
        return xlsx_response(content, f"fair-{fair.pk}-attendance.xlsx")
    chart = {
        "labels": [row.name for row in report.by_district],
        "checked_in": [row.checked_in for row in report.by_district],
        "no_shows": [row.no_shows for row in report.by_district],
        "walk_ins": [row.walk_ins for row in report.by_district],
        "series": {
            "checked_in": _("Checked in"),
            "no_shows": _("No-shows"),
            "walk_ins": _("Walk-ins"),
        },
    }
    return render(
        request,
        "events/report_attendance.html",
        {
            "fair": fair,
            "report": report,
            "headers": figure_headers(),
            "figures": FIGURES,
            "chart": chart,
        },
    )


@perm_required(Perm.MANAGE_FAIR)
@require_GET
def report_no_shows(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    fair = get_fair_for_user_or_404(user, pk)
    invitations = no_shows_visible_to(user, fair)
    if request.GET.get("format") == "xlsx":
        rows = [
            [
                i.target.household.village.subdistrict.district.name,
                i.target.household.village.subdistrict.name,
                str(i.target.household.village),
                i.target.household.house_no,
                i.target.survey.head_name if i.target.survey_id else "",
                i.target.survey.phone if i.target.survey_id else "",
                i.get_rsvp_status_display(),
                i.code,
            ]
            for i in invitations
        ]
        activity_log(
            "events.report.no_shows_exported", actor=user, target=fair, data={"rows": len(rows)}
        )
        content = xlsx_table(
            _("No-shows"),
            [
                _("District"),
                _("Subdistrict"),
                _("Village"),
                _("House no."),
                _("Head of household"),
                _("Phone"),
                _("RSVP"),
                _("Code"),
            ],
            rows,
        )
        return xlsx_response(content, f"fair-{fair.pk}-no-shows.xlsx")
    return render(
        request,
        "events/report_no_shows.html",
        {"fair": fair, "invitations": invitations, "started": fair_started(fair)},
    )


def _desk(fair: Fair, pk) -> Desk:
    desk = fair.desks.filter(pk=pk).select_related("district").first()
    if desk is None:
        raise Http404
    return desk


@perm_required(Perm.CHECK_IN)
@require_GET
def sheet_pdf(request: HttpRequest, pk: int, desk_pk: int) -> HttpResponse:
    """The desk's sign-in sheet on A4: its invitations by subdistrict, village and house
    number, with a column to sign. It shows names, so printing it is logged."""
    from agencies.pdf import render_thai_pdf  # WeasyPrint loads only when a sheet is printed

    user = request.user
    fair = get_fair_for_user_or_404(user, pk)
    desk = _desk(fair, desk_pk)
    invitations = list(desk_sheet_invitations(user, desk))
    pdf = render_thai_pdf(
        "events/sheet_pdf.html",
        {
            "fair": fair,
            "desk": desk,
            "invitations": invitations,
            "printed_on": timezone.localdate(),
        },
        stylesheet=SHEET_STYLESHEET,
    )
    activity_log("events.sheet.printed", actor=user, target=desk, data={"rows": len(invitations)})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="sheet-{fair.pk}-{desk.pk}.pdf"'
    return response


@perm_required(Perm.CHECK_IN)
@require_http_methods(["GET", "POST"])
def sheet_entry(request: HttpRequest, pk: int, desk_pk: int) -> HttpResponse:
    """A signed paper sheet's ticks, entered afterwards as late check-ins."""
    user = request.user
    fair = get_fair_for_user_or_404(user, pk)
    desk = _desk(fair, desk_pk)
    invitations = desk_sheet_invitations(user, desk)
    open_ones = invitations.filter(check_in__isnull=True)
    form = SheetEntryForm(request.POST or None, invitations=open_ones)
    if request.method == "POST" and form.is_valid():
        try:
            entry = sheet_enter(
                fair=fair,
                desk=desk,
                invitations=list(form.cleaned_data["invitations"]),
                checked_in_at=form.cleaned_data["checked_in_at"],
                by=user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(entered)d checked in from the sheet; %(already)d already were.")
                % {"entered": len(entry.entered), "already": len(entry.already)},
            )
            return redirect("events:sheet_entry", pk=fair.pk, desk_pk=desk.pk)
    return render(
        request,
        "events/sheet_entry.html",
        {
            "fair": fair,
            "desk": desk,
            "form": form,
            "checked_in": invitations.filter(check_in__isnull=False),
        },
    )
