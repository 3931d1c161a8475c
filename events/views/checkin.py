"""Check-in on the fair day: the endpoint the desk page and its offline queue post to.

`POST /fairs/<fair_pk>/check-in/`, a JSON body `{"code", "desk", "nonce", "scanned_at"}`,
the session's cookie and the `X-CSRFToken` header; the answer is JSON
`{"result": "checked_in" | "already_checked_in" | "unknown_code", "code", "first"?}`
(events.services.checkin.check_in_by_code). A body that is not such a request answers 400
with `{"error": …}` naming what is wrong; a fair the user may not check in at answers 404.
"""

import json

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from households.access_log import household_access_record
from households.registry_queries import searched_citizen_id
from povertyprog.accounts.access import perm_required
from povertyprog.accounts.roles import Perm
from povertyprog.audit.services import activity_log
from povertyprog.thai.formats import mask_citizen_id

from ..checkin_selectors import (
    desk_check_ins_today,
    desk_of_fair,
    desk_search,
    get_desk_case_for_user_or_404,
)
from ..models import CheckInResult
from ..selectors import fairs_visible_to, get_fair_for_user_or_404
from ..services.checkin import check_in_by_code, check_in_target, first_check_in


def _bad(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400)


def _check_in_request(raw: bytes) -> tuple[dict, str | None]:
    """The body's values for check_in_by_code, or what is wrong with it."""
    try:
        body = json.loads(raw or b"{}")
    except (ValueError, UnicodeDecodeError):
        return {}, _("The request is not JSON.")
    if not isinstance(body, dict):
        return {}, _("The request is not a JSON object.")
    code, nonce, desk = body.get("code"), body.get("nonce"), body.get("desk")
    if not isinstance(code, str) or not isinstance(nonce, str):
        return {}, _('"code" and "nonce" must be strings.')
    if desk is not None and (isinstance(desk, bool) or not isinstance(desk, int)):
        return {}, _('"desk" must be a desk number or null.')
    scanned_at = None
    if body.get("scanned_at") is not None:
        scanned_at = (
            parse_datetime(body["scanned_at"]) if isinstance(body["scanned_at"], str) else None
        )
        if scanned_at is None or scanned_at.tzinfo is None:
            return {}, _('"scanned_at" must be an ISO 8601 time with its offset.')
    return {"code": code, "nonce": nonce, "desk": desk, "scanned_at": scanned_at}, None


@perm_required(Perm.CHECK_IN)
@require_POST
def check_in_api(request: HttpRequest, pk: int) -> JsonResponse:
    values, wrong = _check_in_request(request.body)
    if wrong is not None:
        get_fair_for_user_or_404(request.user, pk)  # a fair out of scope: 404, whatever the body
        return _bad(wrong)
    try:
        # The fair by its pk: the service reads it, in the user's scope (404 otherwise),
        # in the one query that also finds the code, the desk and the nonce (issue 10).
        answer = check_in_by_code(fair=pk, by=request.user, **values)
    except ValidationError as error:
        # "field: message", so that a desk's script knows what to fix in any language.
        if hasattr(error, "error_dict"):
            return _bad(
                " ".join(f"{field}: {m}" for field, ms in error.message_dict.items() for m in ms)
            )
        return _bad(" ".join(error.messages))
    return JsonResponse(answer)


# The desk page -------------------------------------------------------------------------
#
# `/fairs/<pk>/desk/?desk=<id>`: scan (camera), type a code, or search; the scan and the
# typed code go to check_in_api through static/js/desk.js (queued in IndexedDB when
# offline); a search result is checked in with one tap (desk_check_in).


def _desk_context(request: HttpRequest, fair) -> dict:
    desk = desk_of_fair(fair, request.GET.get("desk") or request.POST.get("desk"))
    return {"fair": fair, "desk": desk}


@perm_required(Perm.CHECK_IN)
@require_GET
def desk_choose(request: HttpRequest) -> HttpResponse:
    """The desk's door: the fairs of the user's province, newest first, each to its desk."""
    fairs = fairs_visible_to(request.user).order_by("-starts_at", "-pk")
    return render(request, "events/desk_choose.html", {"fairs": fairs})


@perm_required(Perm.CHECK_IN)
@require_GET
def desk_page(request: HttpRequest, pk: int) -> HttpResponse:
    fair = get_fair_for_user_or_404(request.user, pk)
    context = _desk_context(request, fair)
    return render(
        request,
        "events/desk.html",
        {
            **context,
            "desks": list(fair.desks.select_related("district")),
            "count": desk_check_ins_today(fair, context["desk"]),
        },
    )


@perm_required(Perm.CHECK_IN)
@require_GET
def desk_search_results(request: HttpRequest, pk: int) -> HttpResponse:
    fair = get_fair_for_user_or_404(request.user, pk)
    context = _desk_context(request, fair)
    q = request.GET.get("q", "").strip()
    results, matches = desk_search(request.user, fair, q, context["desk"])
    if cid := searched_citizen_id(q):
        # PDPA: a search by citizen ID tells who holds that ID; logged with what it found.
        entry = activity_log(
            "events.desk.searched_citizen_id",
            actor=request.user,
            target=fair,
            data={"rows": len(results), "q": mask_citizen_id(cid)},
        )
        household_access_record(entry=entry, households=matches.values("household_id"))
    return render(request, "events/desk.html#results", {**context, "q": q, "results": results})


@perm_required(Perm.CHECK_IN)
@require_POST
def desk_check_in(request: HttpRequest, pk: int, target_pk: int) -> HttpResponse:
    fair = get_fair_for_user_or_404(request.user, pk)
    context = _desk_context(request, fair)
    target = get_desk_case_for_user_or_404(request.user, fair, target_pk)
    try:
        result, check_in = check_in_target(
            fair=fair, target=target, desk=context["desk"], by=request.user
        )
    except ValidationError as error:
        return render(
            request,
            "events/desk.html#answer",
            # 200: htmx swaps only a successful answer in, and this one is for the desk to read.
            {**context, "error": " ".join(error.messages)},
        )
    answer = {
        "result": str(result),
        "name": target.survey.head_first_name,
        "kind": check_in.kind,
        "kind_label": check_in.get_kind_display(),
    }
    if result == CheckInResult.ALREADY:
        answer["first"] = first_check_in(check_in)
    response = render(request, "events/desk.html#answer", {**context, "answer": answer})
    if result == CheckInResult.CHECKED_IN:
        response["HX-Trigger"] = "desk:checked-in"  # the counter refreshes
    return response


@perm_required(Perm.CHECK_IN)
@require_GET
def desk_counter(request: HttpRequest, pk: int) -> HttpResponse:
    fair = get_fair_for_user_or_404(request.user, pk)
    context = _desk_context(request, fair)
    return render(
        request,
        "events/desk.html#counter",
        {**context, "count": desk_check_ins_today(fair, context["desk"])},
    )
