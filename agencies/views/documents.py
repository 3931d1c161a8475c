"""An MOU's documents: the printable summary (PDF) and the signed scan.

The scan is stored under a random name and MEDIA_ROOT is not served by any URL: this view,
which checks the viewer's scope, is the only way to it.
"""

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from povertyprog.accounts.access import perm_required, require_perm
from povertyprog.accounts.roles import Perm
from povertyprog.audit.services import activity_log

from ..models import MOU
from ..selectors import get_mou_for_user_or_404
from ..services import clean_document_name, mou_document_attach

# The types validate_mou_document accepts, by the stored file's extension.
DOCUMENT_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}


@perm_required(Perm.VIEW_AGENCIES)
@require_GET
@never_cache
def mou_summary_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    # WeasyPrint takes most of a second to import: load it with the first PDF, not at start-up.
    from ..pdf import mou_summary_pdf as render_mou_summary

    mou = get_mou_for_user_or_404(request.user, pk)
    content = render_mou_summary(mou, request.user)
    activity_log("agencies.mou.printed", actor=request.user, target=mou)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="mou-{mou.pk}.pdf"'
    return response


@perm_required(Perm.VIEW_AGENCIES)
@require_http_methods(["GET", "POST"])
@never_cache
def mou_document(request: HttpRequest, pk: int) -> HttpResponse:
    mou = get_mou_for_user_or_404(request.user, pk)
    if request.method == "POST":
        return _attach(request, mou)
    if not mou.document:
        raise Http404
    stored = Path(mou.document.name)
    try:
        scan = mou.document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        scan,
        as_attachment=True,
        filename=clean_document_name(mou.document_name or stored.name),
        content_type=DOCUMENT_TYPES.get(stored.suffix.lower(), "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _attach(request: HttpRequest, mou: MOU) -> HttpResponse:
    # Like an MOU out of scope, an upload the role may not make answers 404.
    require_perm(request.user, Perm.MANAGE_AGENCIES)
    upload = request.FILES.get("document")
    if upload is None:
        messages.error(request, _("Choose the file of the signed MOU to upload."))
        return redirect(mou)
    try:
        mou_document_attach(mou=mou, upload=upload, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The signed MOU “%(name)s” is attached.") % {"name": mou.document_name}
        )
    return redirect(mou)
