"""The bench's URLconf (events/management/bench_settings.py): the project's URLs, and the
baseline of `bench_checkin`, a bare view that updates one row in a transaction.

The baseline goes through the same stack as the check-in endpoint (gunicorn, the
middleware, the session's user, the CSRF check of a POST), then does the least a write
can do: one UPDATE of one row, committed. `check-ins/s ÷ bare UPDATEs/s` is what the
check-in's own work (its reads, its inserts, the audit entry) costs on top of the stack.
Each client updates its own desk's row, so that no row lock queues the clients: the
check-ins do not queue on one row either.
"""

from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from ..models import Desk


@require_POST
def bare_update(request: HttpRequest, pk: int) -> JsonResponse:
    with transaction.atomic():
        updated = Desk.objects.filter(pk=pk).update(updated_at=timezone.now())
    return JsonResponse({"updated": updated})


urlpatterns = [
    path("bench/update/<int:pk>/", bare_update, name="bench_bare_update"),
    # A string, not an import: events sits below the top floor (pyproject's layers).
    path("", include("povertyprog.urls")),
]
