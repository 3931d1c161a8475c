"""A district officer's invitations and RSVPs, made for a phone: their district's invitations
grouped by subdistrict and village, one tap to confirm or decline (htmx, carrying the version
the row showed), a village confirmed at once, the counts against the quota, and the list as
Excel. Province staff see the province's, with a district filter."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from households.programme_selectors import get_target_for_user_or_404
from povertyprog.accounts.access import area_scope_for, perm_required
from povertyprog.accounts.roles import Perm
from povertyprog.core.errors import add_service_error, validation_text
from povertyprog.core.xlsx import xlsx_response

from ..codes import code_display
from ..forms.invitations import GenerateForm, QuickAnswerForm, RSVPForm
from ..invitation_selectors import (
    fair_districts_for,
    invitation_counts,
    invitation_rows,
    invitations_grouped,
    invited_village,
    targets_to_invite,
)
from ..letters import qr_svg, rsvp_url
from ..models import RSVPChannel, RSVPStatus
from ..selectors import fair_is_managed_by, get_fair_for_user_or_404, get_invitation_for_user_or_404
from ..services.invitations import (
    invitation_add as invitation_add_service,
)
from ..services.invitations import (
    invitation_remove as invitation_remove_service,
)
from ..services.invitations import (
    invitations_export,
    invitations_generate,
    rsvp_confirm_village,
    rsvp_record,
)


def _list_url(fair, **query) -> str:
    url = reverse("events:invitation_list", args=[fair.pk])
    extra = "&".join(f"{k}={v}" for k, v in query.items() if v)
    return f"{url}?{extra}" if extra else url


def _may_generate(user, fair) -> bool:
    scope = area_scope_for(user, Perm.MANAGE_FAIR)
    return scope is not None and (fair_is_managed_by(user, fair) or len(scope) >= 4)


@perm_required(Perm.MANAGE_FAIR)
def invitation_list(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    fair = get_fair_for_user_or_404(user, pk)
    districts = list(fair_districts_for(user, fair))
    district = request.GET.get("district", "")
    if district not in {d.code for d in districts}:
        district = ""
    no_answer = request.GET.get("status") == "no_answer"
    rows = invitation_rows(user, fair, district=district, no_answer=no_answer)
    if request.GET.get("format") == "xlsx":
        export = invitations_export(fair=fair, invitations=rows, by=user)
        return xlsx_response(export, f"invitations-{fair.pk}.xlsx")
    return render(
        request,
        "events/invitation_list.html",
        {
            "fair": fair,
            "groups": invitations_grouped(rows),
            "counts": invitation_counts(user, fair, district=district),
            "districts": districts if len(districts) > 1 else [],
            "district": district,
            "no_answer": no_answer,
            "may_generate": _may_generate(user, fair),
            "generate_form": GenerateForm(districts=districts) if len(districts) > 1 else None,
        },
    )


def _render_row(request, invitation, *, error: str = "") -> HttpResponse:
    """The row again, and the counts at the top of the list (htmx swaps them out of band)."""
    fair = invitation.fair
    district = request.POST.get("district", "")
    if district not in {d.code for d in fair_districts_for(request.user, fair)}:
        district = ""
    return render(
        request,
        "events/invitation_list.html#answered",
        {
            "row": invitation,
            "fair": fair,
            "error": error,
            "district": district,
            "counts": invitation_counts(request.user, fair, district=district),
        },
    )


@perm_required(Perm.MANAGE_FAIR)
@require_POST
def invitation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """One tap: confirm or decline. Under htmx the row comes back (with the conflict, if
    any); otherwise back to the list."""
    invitation = get_invitation_for_user_or_404(request.user, pk)
    form = QuickAnswerForm(request.POST)
    error = ""
    if not form.is_valid():
        error = _("Choose an answer.")
    else:
        try:
            status = form.cleaned_data["status"]
            rsvp_record(
                invitation=invitation,
                status=status,
                channel=invitation.rsvp_channel or RSVPChannel.PHONE,
                representative_name=invitation.representative_name,
                representative_relation=invitation.representative_relation,
                people_coming=invitation.people_coming,
                transport_needed=invitation.transport_needed,
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as exc:
            error = validation_text(exc)
            invitation = get_invitation_for_user_or_404(request.user, pk)
    if request.headers.get("HX-Request"):
        return _render_row(request, invitation, error=error)
    if error:
        messages.error(request, error)
    return redirect(_list_url(invitation.fair))


@perm_required(Perm.MANAGE_FAIR)
def invitation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One invitation's answer in full: representative, relation, people, transport, how."""
    invitation = get_invitation_for_user_or_404(request.user, pk)
    initial = {
        "status": invitation.rsvp_status,
        "channel": invitation.rsvp_channel or RSVPChannel.PHONE,
        "representative_name": invitation.representative_name,
        "representative_relation": invitation.representative_relation,
        "people_coming": invitation.people_coming,
        "transport_needed": invitation.transport_needed,
        "version": invitation.version,
    }
    form = RSVPForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rsvp_record(
                invitation=invitation,
                status=data["status"],
                channel=data["channel"],
                representative_name=data["representative_name"],
                representative_relation=data["representative_relation"],
                people_coming=data["people_coming"] or 0,
                transport_needed=data["transport_needed"],
                expected_version=data["version"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Answer recorded."))
            return redirect(_list_url(invitation.fair))
    return render(
        request,
        "events/invitation_detail.html",
        {
            "invitation": invitation,
            "fair": invitation.fair,
            "form": form,
            "code": code_display(invitation.code),
            # The QR printed on the letter: it opens the household's answer page.
            "qr": mark_safe(qr_svg(rsvp_url(invitation.code))),  # noqa: S308 - segno's SVG
        },
    )


@perm_required(Perm.MANAGE_FAIR)
@require_POST
def invitation_remove(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_invitation_for_user_or_404(request.user, pk)
    fair = invitation.fair
    try:
        invitation_remove_service(invitation=invitation, by=request.user)
    except ValidationError as exc:
        messages.error(request, validation_text(exc))
        return redirect(invitation.get_absolute_url())
    messages.success(request, _("Invitation removed: its place in the quota is free."))
    return redirect(_list_url(fair))


@perm_required(Perm.MANAGE_FAIR)
def invitation_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Search the district's verified cases not yet invited; POST invites one."""
    user = request.user
    fair = get_fair_for_user_or_404(user, pk)
    if request.method == "POST":
        try:
            target = get_target_for_user_or_404(user, request.POST.get("target"))
        except Http404:
            messages.error(request, _("Choose a household from the list."))
            return redirect(reverse("events:invitation_add", args=[fair.pk]))
        try:
            invitation_add_service(fair=fair, target=target, by=user)
        except ValidationError as exc:
            messages.error(request, validation_text(exc))
            return redirect(reverse("events:invitation_add", args=[fair.pk]))
        messages.success(request, _("Household invited."))
        return redirect(_list_url(fair))
    query = request.GET.get("q", "")
    return render(
        request,
        "events/invitation_add.html",
        {"fair": fair, "query": query, "targets": targets_to_invite(user, fair, query)[:50]},
    )


@perm_required(Perm.MANAGE_FAIR)
@require_POST
def invitation_generate(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite the verified cases: a province manager all districts (or one), a district
    officer theirs, each within its quota."""
    user = request.user
    fair = get_fair_for_user_or_404(user, pk)
    if not _may_generate(user, fair):
        raise Http404
    districts = [d.code for d in fair_districts_for(user, fair)]
    chosen = request.POST.get("district", "")
    if chosen and chosen in districts:
        districts = [chosen]
    elif fair_is_managed_by(user, fair):
        districts = None
    try:
        counts = invitations_generate(
            fair=fair,
            districts=districts,
            unchecked=request.POST.get("unchecked") == "on",
            by=user,
        )
    except ValidationError as exc:
        messages.error(request, validation_text(exc))
    else:
        messages.success(
            request,
            _("%(count)s households invited.") % {"count": sum(counts.values())},
        )
    return redirect(_list_url(fair))


@perm_required(Perm.MANAGE_FAIR)
def rsvp_village_confirm(request: HttpRequest, pk: int, village: str) -> HttpResponse:
    """Confirm a village's households with no answer yet: GET asks, POST does."""
    user = request.user
    fair = get_fair_for_user_or_404(user, pk)
    rows = invitation_rows(user, fair, no_answer=True).filter(target__household__village_id=village)
    place = invited_village(user, fair, village)
    if place is None:
        raise Http404
    if request.method == "POST":
        try:
            count = rsvp_confirm_village(fair=fair, village_code=village, by=user)
        except ValidationError as exc:
            messages.error(request, validation_text(exc))
        else:
            messages.success(
                request,
                _("%(count)s households of %(village)s confirmed.")
                % {"count": count, "village": place},
            )
        return redirect(_list_url(fair) + f"#village-{village}")
    return render(
        request,
        "events/invitation_village_confirm.html",
        {"fair": fair, "village": place, "rows": rows, "no_answer": RSVPStatus.NO_ANSWER},
    )
