"""The fair's letters: the province's letterhead, one household's invitation letter, and
batches printed in the background (a progress bar, then one PDF to download)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from povertyprog.accounts.access import perm_required
from povertyprog.accounts.roles import Perm
from povertyprog.core.errors import validation_messages

from ..forms.letters import LetterBatchForm, LetterheadForm
from ..letters import letterhead_of
from ..models import LetterKind
from ..selectors import (
    fair_is_managed_by,
    get_fair_for_user_or_404,
    get_invitation_for_user_or_404,
    invitations_visible_to,
)
from ..services.letters import (
    LetterRefused,
    get_letter_batch_for_user_or_404,
    invitation_letter_printed,
    letter_batch_downloaded,
    letter_batch_mark_stale,
    letter_batch_start,
    letter_batches_visible_to,
    letter_scope,
    letterhead_save,
    running_number,
)


def _managed_fair_or_404(request: HttpRequest, fair_pk: int):
    fair = get_fair_for_user_or_404(request.user, fair_pk)
    if not fair_is_managed_by(request.user, fair):
        raise Http404
    return fair


@perm_required(Perm.MANAGE_FAIR)
def letterhead_edit(request: HttpRequest, fair_pk: int) -> HttpResponse:
    fair = _managed_fair_or_404(request, fair_pk)
    province_id = fair.programme.province_id
    letterhead = letterhead_of(province_id)
    posted = request.method == "POST"
    form = LetterheadForm(
        request.POST if posted else None, request.FILES if posted else None, instance=letterhead
    )
    if posted and form.is_valid():
        try:
            letterhead_save(
                province_id=province_id,
                data=form.cleaned_data,
                emblem=form.cleaned_data.get("emblem_upload"),
                by=request.user,
            )
        except ValidationError as error:
            for message in validation_messages(error):
                form.add_error("emblem_upload", message)
        else:
            messages.success(request, _("The letterhead is saved."))
            return redirect("events:letter_batches", fair_pk=fair.pk)
    return render(
        request,
        "events/letter_letterhead.html",
        {"fair": fair, "form": form, "letterhead": letterhead},
    )


@perm_required(Perm.MANAGE_FAIR)
@require_safe
def invitation_letter(request: HttpRequest, pk: int) -> HttpResponse:
    from .. import letters  # WeasyPrint loads only when a letter is printed

    invitation = get_invitation_for_user_or_404(request.user, pk)
    fair = invitation.fair
    prepared = letters.invitation_letters([invitation], running_number(invitation))
    pdf = letters.letters_pdf(fair, prepared)
    invitation_letter_printed(invitation=invitation, by=request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="letter-{invitation.code}.pdf"'
    return response


def _areas(request: HttpRequest, fair) -> list[tuple[str, str]]:
    """The districts and subdistricts the user may print, where the fair invited someone."""
    rows = (
        invitations_visible_to(request.user, fair)
        .values_list(
            "target__household__village__subdistrict__district_id",
            "target__household__village__subdistrict__district__name_th",
            "target__household__village__subdistrict_id",
            "target__household__village__subdistrict__name_th",
        )
        .distinct()
        .order_by("target__household__village__subdistrict_id")
    )
    areas: list[tuple[str, str]] = []
    seen = set()
    for district, district_name, subdistrict, subdistrict_name in rows:
        if district not in seen:
            seen.add(district)
            areas.append((district, _("District %(name)s") % {"name": district_name}))
        areas.append((subdistrict, "— " + _("Subdistrict %(name)s") % {"name": subdistrict_name}))
    return areas


@perm_required(Perm.MANAGE_FAIR)
def letter_batches(request: HttpRequest, fair_pk: int) -> HttpResponse:
    fair = get_fair_for_user_or_404(request.user, fair_pk)
    if letter_scope(request.user, fair) is None:
        raise Http404
    manages = fair_is_managed_by(request.user, fair)
    kinds = list(LetterKind.values) if manages else [LetterKind.HOUSEHOLD]
    posted = request.method == "POST"
    areas = _areas(request, fair)
    form = LetterBatchForm(request.POST if posted else None, areas=areas, kinds=kinds)
    if posted and form.is_valid():
        try:
            batch = letter_batch_start(
                fair=fair,
                kind=form.cleaned_data["kind"],
                scope_code=form.cleaned_data["area"],
                by=request.user,
            )
        except LetterRefused as error:
            form.add_error(None, str(error))
        else:
            return redirect(batch)
    batches = list(letter_batches_visible_to(request.user, fair)[:100])
    names = {code: name.removeprefix("— ") for code, name in areas}
    for batch in batches:
        letter_batch_mark_stale(batch=batch)
        batch.area_name = names.get(batch.scope_code, batch.scope_code)
    return render(
        request,
        "events/letter_batches.html",
        {"fair": fair, "form": form, "batches": batches, "manages": manages},
    )


@perm_required(Perm.MANAGE_FAIR)
@require_safe
def letter_batch_detail(request: HttpRequest, fair_pk: int, pk: int) -> HttpResponse:
    fair = get_fair_for_user_or_404(request.user, fair_pk)
    batch = letter_batch_mark_stale(batch=get_letter_batch_for_user_or_404(request.user, fair, pk))
    context = {"fair": fair, "batch": batch}
    if request.headers.get("HX-Request"):
        return render(request, "events/letter_batch_detail.html#status", context)
    return render(request, "events/letter_batch_detail.html", context)


@perm_required(Perm.MANAGE_FAIR)
@require_safe
def letter_batch_download(request: HttpRequest, fair_pk: int, pk: int) -> HttpResponse:
    fair = get_fair_for_user_or_404(request.user, fair_pk)
    batch = get_letter_batch_for_user_or_404(request.user, fair, pk)
    if not batch.file:
        raise Http404
    letter_batch_downloaded(batch=batch, by=request.user)
    name = f"letters-{batch.kind}-{batch.scope_code or fair.pk}.pdf"
    return FileResponse(batch.file.open("rb"), as_attachment=True, filename=name)
