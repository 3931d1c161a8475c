"""MOUs with the governor: the list, one MOU with its signatories and pledges, and the forms
that record the ceremony (header, signatories, signing, pledges)."""

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from povertyprog.accounts.access import perm_required
from povertyprog.accounts.roles import Perm
from povertyprog.areas.selectors import provinces_in_scope
from povertyprog.core.errors import add_service_error
from povertyprog.core.xlsx import xlsx_response
from povertyprog.thai.formats import format_thai_date_numeric

from .. import services
from ..export import mous_xlsx
from ..forms.mous import (
    DocumentForm,
    MOUFilterForm,
    MOUForm,
    PledgeForm,
    PledgeRemoveForm,
    SignatoryForm,
    SignForm,
)
from ..models import MOU, MOUSignatory, MOUStatus, Pledge
from ..selectors import (
    agencies_visible_to,
    get_mou_for_user_or_404,
    may_manage_agencies,
    mou_list_for,
    mous_visible_to,
    pledge_delivery,
)

PAGE_SIZE = 50


def _days_left(mou: MOU, today) -> int | None:
    """Days until a signed MOU expires, when that is within the warning period."""
    if mou.status != MOUStatus.SIGNED:
        return None
    days = (mou.valid_until - today).days
    return days if 0 <= days <= services.EXPIRY_WARNING_DAYS else None


@perm_required(Perm.VIEW_AGENCIES)
def mou_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = MOUFilterForm(request.GET, mous=mous_visible_to(user))
    # The counts' GROUP BY drops the model's default ordering: order again for the pages.
    mous = form.filters.apply(mou_list_for(user)).order_by("-fiscal_year_be", "-signed_on", "-pk")
    if request.GET.get("format") == "xlsx":
        return xlsx_response(mous_xlsx(mous), "mous.xlsx")
    page = Paginator(mous, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for mou in page.object_list:
        mou.expires_in_days = _days_left(mou, today)
    return render(
        request,
        "agencies/mou_list.html",
        {"form": form, "page": page, "can_manage": may_manage_agencies(user)},
    )


def _field_label(name: str) -> str:
    """The label of a field an amendment names (the MOU's, a pledge's or a signatory's)."""
    for model in (Pledge, MOU, MOUSignatory):
        try:
            return capfirst(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            continue
    return name


def _amendments(mou: MOU, *, sees_every_pledge: bool) -> list:
    """The MOU's amendments, each with its changes as (field, label, before, after); an entry
    about a pledge only for those who may see the pledge (a withdrawn pledge, no longer
    anyone's, only for those who see every pledge)."""
    visible = {pledge.pk for pledge in mou.visible_pledges}
    amendments = [
        amendment
        for amendment in mou.amendments.select_related("recorded_by")
        if sees_every_pledge
        or not amendment.kind.startswith("pledge_")
        or amendment.pledge_id in visible
    ]
    for amendment in amendments:
        names = [*amendment.before, *(n for n in amendment.after if n not in amendment.before)]
        amendment.changes = [
            (
                name,
                _field_label(name),
                _shown(amendment.before.get(name)),
                _shown(amendment.after.get(name)),
            )
            for name in names
        ]
    return amendments


def _shown(value) -> str:
    if isinstance(value, list):  # district codes
        return ", ".join(value)
    return "" if value is None else str(value)


def _render_detail(request: HttpRequest, mou: MOU, **forms) -> HttpResponse:
    """The MOU page; a form that failed on one of its POST views comes back with its errors."""
    user = request.user
    can_manage = may_manage_agencies(user)
    open_for_changes = mou.status not in (MOUStatus.EXPIRED, MOUStatus.CANCELLED)
    context = {
        "mou": mou,
        "signatories": list(mou.signatories.all()),
        "amendments": _amendments(mou, sees_every_pledge=can_manage),
        # The pledges with what they delivered, their totals, and the tables per agency,
        # lever and district.
        **pledge_delivery(mou.visible_pledges, by_agency=True),
        "can_manage": can_manage,
        "open_for_changes": open_for_changes,
        "can_edit_pledges": can_manage and open_for_changes,
        "today_numeric": format_thai_date_numeric(timezone.localdate()),
        "expires_in_days": _days_left(mou, timezone.localdate()),
    }
    if can_manage:
        if open_for_changes:
            context["signatory_form"] = forms.get("signatory_form") or SignatoryForm(
                mou=mou, agencies=agencies_visible_to(user)
            )
        if mou.status == MOUStatus.DRAFT:
            context["sign_form"] = forms.get("sign_form") or SignForm(mou=mou)
        context["document_form"] = DocumentForm(mou=mou)
    return render(request, "agencies/mou_detail.html", context)


@perm_required(Perm.VIEW_AGENCIES)
def mou_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    return _render_detail(request, get_mou_for_user_or_404(user, pk))


def _mou_form(request: HttpRequest, mou: MOU | None = None) -> HttpResponse:
    user = request.user
    posted = request.method == "POST"
    form = MOUForm(request.POST if posted else None, provinces=provinces_in_scope(user), mou=mou)
    if posted and form.is_valid():
        try:
            if mou is None:
                saved = services.mou_create(by=user, **form.service_values())
            else:
                saved = services.mou_update(mou=mou, by=user, **form.service_values())
        except ValidationError as error:
            add_service_error(form, error)
            if mou is not None:  # the service changed the instance before refusing it
                mou = get_mou_for_user_or_404(user, mou.pk)
        else:
            messages.success(request, _("The MOU is saved."))
            return redirect(saved)
    return render(request, "agencies/mou_form.html", {"form": form, "mou": mou})


@perm_required(Perm.MANAGE_AGENCIES)
def mou_new(request: HttpRequest) -> HttpResponse:
    return _mou_form(request)


@perm_required(Perm.MANAGE_AGENCIES)
def mou_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _mou_form(request, get_mou_for_user_or_404(request.user, pk))


@perm_required(Perm.MANAGE_AGENCIES)
@require_POST
def mou_sign(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    mou = get_mou_for_user_or_404(user, pk)
    form = SignForm(request.POST, mou=mou)
    if form.is_valid():
        try:
            services.mou_sign(mou=mou, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The MOU is marked as signed."))
            return redirect(mou)
    return _render_detail(request, mou, sign_form=form)


@perm_required(Perm.MANAGE_AGENCIES)
@require_POST
def mou_signatory_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    mou = get_mou_for_user_or_404(user, pk)
    form = SignatoryForm(request.POST, mou=mou, agencies=agencies_visible_to(user))
    if form.is_valid():
        try:
            signatory = services.mou_signatory_add(mou=mou, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("%(agency)s is added as a signatory.") % {"agency": signatory.agency}
            )
            return redirect(mou.get_absolute_url() + "#signatories")
    return _render_detail(request, mou, signatory_form=form)


@perm_required(Perm.MANAGE_AGENCIES)
@require_POST
def mou_signatory_remove(request: HttpRequest, pk: int, signatory_pk: int) -> HttpResponse:
    user = request.user
    mou = get_mou_for_user_or_404(user, pk)
    signatory = next((s for s in mou.signatories.all() if s.pk == signatory_pk), None)
    if signatory is None:
        raise Http404
    try:
        services.mou_signatory_remove(signatory=signatory, by=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(agency)s is removed from the signatories.") % {"agency": signatory.agency}
        )
    return redirect(mou.get_absolute_url() + "#signatories")


def _pledge_form(request: HttpRequest, mou: MOU, pledge=None) -> HttpResponse:
    user = request.user
    posted = request.method == "POST"
    signatory_agencies = agencies_visible_to(user).filter(signatures__mou=mou)
    form = PledgeForm(
        request.POST if posted else None, mou=mou, agencies=signatory_agencies, pledge=pledge
    )
    if posted and form.is_valid():
        try:
            saved = services.pledge_save(mou=mou, pledge=pledge, by=user, **form.service_values())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The pledge is saved."))
            return redirect(saved)
    return render(
        request, "agencies/pledge_form.html", {"form": form, "mou": mou, "pledge": pledge}
    )


@perm_required(Perm.MANAGE_AGENCIES)
def pledge_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _pledge_form(request, get_mou_for_user_or_404(request.user, pk))


@perm_required(Perm.MANAGE_AGENCIES)
def pledge_edit(request: HttpRequest, pk: int, pledge_pk: int) -> HttpResponse:
    mou = get_mou_for_user_or_404(request.user, pk)
    pledge = next((p for p in mou.visible_pledges if p.pk == pledge_pk), None)
    if pledge is None:
        raise Http404
    return _pledge_form(request, mou, pledge)


@perm_required(Perm.MANAGE_AGENCIES)
@require_POST
def mou_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    mou = get_mou_for_user_or_404(user, pk)
    try:
        services.mou_cancel(mou=mou, by=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The MOU is cancelled."))
    return redirect(mou)


@perm_required(Perm.MANAGE_AGENCIES)
@require_POST
def pledge_remove(request: HttpRequest, pk: int, pledge_pk: int) -> HttpResponse:
    user = request.user
    mou = get_mou_for_user_or_404(user, pk)
    pledge = next((p for p in mou.visible_pledges if p.pk == pledge_pk), None)
    if pledge is None:
        raise Http404
    form = PledgeRemoveForm(request.POST, mou=mou)
    form.is_valid()  # the service checks the amendment's reason and date
    try:
        services.pledge_remove(pledge=pledge, by=user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The pledge is removed."))
    return redirect(mou.get_absolute_url() + "#pledges")
