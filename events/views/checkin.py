"""Check-in on the fair day: the endpoint the desk page and its offline queue post to.

`POST /fairs/<fair_pk>/check-in/`, a JSON body `{"code", "desk", "nonce", "scanned_at"}`,
the session's cookie and the `X-CSRFToken` header; the answer is JSON
`{"result": "checked_in" | "already_checked_in" | "unknown_code", "code", "first"?}`
(events.services.checkin.check_in_by_code). A body that is not such a request answers 400
with `{"error": …}` naming what is wrong; a fair the user may not check in at answers 404.
"""

import json

from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from povertyprog.accounts.access import perm_required
from povertyprog.accounts.roles import Perm

from ..selectors import get_fair_for_user_or_404
from ..services.checkin import check_in_by_code


def _bad(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400)


@perm_required(Perm.CHECK_IN)
@require_POST
def check_in_api(request: HttpRequest, pk: int) -> JsonResponse:
    fair = get_fair_for_user_or_404(request.user, pk)
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return _bad(_("The request is not JSON."))
    if not isinstance(body, dict):
        return _bad(_("The request is not a JSON object."))
    code, nonce, desk = body.get("code"), body.get("nonce"), body.get("desk")
    if not isinstance(code, str) or not isinstance(nonce, str):
        return _bad(_('"code" and "nonce" must be strings.'))
    if desk is not None and (isinstance(desk, bool) or not isinstance(desk, int)):
        return _bad(_('"desk" must be a desk number or null.'))
    scanned_at = None
    if body.get("scanned_at") is not None:
        scanned_at = (
            parse_datetime(body["scanned_at"]) if isinstance(body["scanned_at"], str) else None
        )
        if scanned_at is None or scanned_at.tzinfo is None:
            return _bad(_('"scanned_at" must be an ISO 8601 time with its offset.'))
    try:
        answer = check_in_by_code(
            fair=fair, code=code, desk=desk, nonce=nonce, scanned_at=scanned_at, by=request.user
        )
    except ValidationError as error:
        # "field: message", so that a desk's script knows what to fix in any language.
        if hasattr(error, "error_dict"):
            return _bad(
                " ".join(f"{field}: {m}" for field, ms in error.message_dict.items() for m in ms)
            )
        return _bad(" ".join(error.messages))
    return JsonResponse(answer)
