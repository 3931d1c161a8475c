"""The public RSVP page the invitation's QR code opens: no login, the code is the key.

It shows only the head's first name, the fair's name, date and venue, and the answer buttons.
An unknown or malformed code answers the site's ordinary 404. Requests are counted in
Django's cache per client address (as login lockouts count it, behind TRUSTED_PROXY_COUNT
proxies) and, for answers, per code; past POVERTYPROG_RSVP_RATE_IP / _CODE (count, seconds)
the page answers 429 with a clear message in Thai and English.
"""

import hashlib

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from povertyprog.accounts.lockout import client_address
from povertyprog.core.errors import add_service_error

from ..codes import code_normalize
from ..forms.invitations import SelfServiceForm
from ..invitation_selectors import invitation_for_code
from ..services.invitations import rsvp_open, rsvp_self_service


def _over_limit(kind: str, key: str, limit: tuple[int, int]) -> bool:
    """Count one request in a fixed window; True once the window's count passes the limit."""
    count, seconds = limit
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = f"rsvp-rate:{kind}:{digest}"
    cache.add(cache_key, 0, timeout=seconds)
    try:
        used = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=seconds)
        used = 1
    return used > count


def _refused(request) -> HttpResponse:
    return render(request, "events/rsvp_limited.html", status=429)


@login_not_required
@require_http_methods(["GET", "POST"])
def rsvp_public(request: HttpRequest, code: str) -> HttpResponse:
    client = client_address(request) or ""
    if _over_limit("ip", client, settings.POVERTYPROG_RSVP_RATE_IP):
        return _refused(request)
    normalized = code_normalize(code)
    invitation = invitation_for_code(normalized) if normalized else None
    if invitation is None:
        raise Http404
    if request.method == "POST" and _over_limit(
        "code", normalized, settings.POVERTYPROG_RSVP_RATE_CODE
    ):
        return _refused(request)
    fair = invitation.fair
    is_open = rsvp_open(fair)
    form = SelfServiceForm(
        request.POST if request.method == "POST" else None,
        initial={"people_coming": invitation.people_coming or 1},
    )
    answered = False
    if request.method == "POST" and is_open and form.is_valid():
        try:
            invitation = rsvp_self_service(
                code=normalized,
                status=form.cleaned_data["status"],
                people_coming=form.cleaned_data["people_coming"] or 0,
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            answered = True
    return render(
        request,
        "events/rsvp_public.html",
        {
            "first_name": invitation.target.survey.head_first_name,
            "fair": fair,
            "status": invitation.rsvp_status,
            "status_display": invitation.get_rsvp_status_display(),
            "people_coming": invitation.people_coming,
            "form": form,
            "is_open": is_open,
            "answered": answered,
        },
    )
