import logging

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponseForbidden, JsonResponse
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for the load balancer and the deploy script."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponseForbidden:
    """CSRF_FAILURE_VIEW: a Thai page in the product's layout that tells the user to reload.

    The usual cause here is an office computer that kept a form open past the session, or
    a second tab that logged in again. The "reload" link goes back to the page the form was
    on when the browser says so and it is on this site, else to the address posted to.
    """
    referer = request.headers.get("referer", "")
    same_site = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    retry_url = referer if referer and same_site else request.path
    logger.warning("CSRF failure on %s: %s", request.path, reason)
    return HttpResponseForbidden(
        render_to_string("403_csrf.html", {"retry_url": retry_url}, request=request)
    )
