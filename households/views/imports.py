"""The staff door of the จปฐ. import: upload → preview (background, with progress) → confirm."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from povertyprog.accounts.access import perm_required
from povertyprog.accounts.roles import Perm
from povertyprog.areas.selectors import provinces_in_scope
from povertyprog.core.errors import validation_messages
from povertyprog.core.xlsx import xlsx_response

from ..forms.imports import ImportConfirmForm, ImportUploadForm
from ..importer.report import error_groups, error_sheet, template_workbook
from ..selectors import get_import_for_user_or_404, imports_visible_to, rounds_all
from ..services import (
    ImportRefused,
    import_abandon,
    import_confirm,
    import_error_sheet_log,
    import_local_copy,
    import_mark_stale,
    import_start,
    round_create,
)


@perm_required(Perm.IMPORT_SURVEYS)
def import_list(request: HttpRequest) -> HttpResponse:
    batches = list(imports_visible_to(request.user)[:100])
    for batch in batches:
        import_mark_stale(batch=batch)
    return render(request, "households/import_list.html", {"batches": batches})


@perm_required(Perm.IMPORT_SURVEYS)
def import_new(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = ImportUploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        rounds=rounds_all(),
        provinces=provinces_in_scope(request.user),
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                survey_round = data["survey_round"] or round_create(
                    year_be=data["new_round_year"],
                    income_threshold=data["new_round_threshold"],
                    by=request.user,
                )
                batch = import_start(
                    upload=data["file"],
                    survey_round=survey_round,
                    province_code=data["province"].code,
                    by=request.user,
                )
        except ValidationError as error:
            for message in validation_messages(error):
                form.add_error(None, message)
        else:
            return redirect(batch)
    return render(request, "households/import_new.html", {"form": form})


@perm_required(Perm.IMPORT_SURVEYS)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_import_for_user_or_404(request.user, pk)
    # Each poll of a running batch checks that its worker is alive (see import_mark_stale).
    import_mark_stale(batch=batch)
    form = ImportConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and "abandon" in request.POST:
        try:
            import_abandon(batch=batch, by=request.user)
        except ImportRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("The import is abandoned and the uploaded file is deleted.")
            )
        return redirect(batch)
    if request.method == "POST" and form.is_valid():
        try:
            import_confirm(
                batch=batch, skip_invalid=form.cleaned_data["skip_invalid"], by=request.user
            )
        except ImportRefused as error:
            messages.error(request, str(error))
        return redirect(batch)
    context = {"batch": batch, "form": form, "groups": error_groups(batch.errors)}
    if request.headers.get("HX-Request"):
        return render(request, "households/import_detail.html#status", context)
    return render(request, "households/import_detail.html", context)


@perm_required(Perm.IMPORT_SURVEYS)
def import_error_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_import_for_user_or_404(request.user, pk)
    if not batch.errors or not batch.file:
        raise Http404
    with import_local_copy(batch) as path:
        content = error_sheet(path, file_name=batch.file_name, errors=batch.errors)
    import_error_sheet_log(batch=batch, by=request.user)
    stem = batch.file_name.rsplit(".", 1)[0]
    return xlsx_response(content, f"{stem}-{_('errors')}.xlsx")


@perm_required(Perm.IMPORT_SURVEYS)
def import_template(request: HttpRequest) -> HttpResponse:
    return xlsx_response(template_workbook(), "bmn-template.xlsx")
