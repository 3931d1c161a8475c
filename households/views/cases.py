"""A district officer's cases (targets): the list of their district's cases with its Excel
export, and one case with its field check and capacity class. Province staff see the
province's. Made for a phone: the officer uses them in the field."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.forms.agencies import add_service_error
from povertyprog.accounts.access import perm_required
from povertyprog.accounts.roles import Perm
from povertyprog.audit.labels import action_label
from povertyprog.audit.models import ActivityLog
from povertyprog.audit.services import activity_log
from povertyprog.core.xlsx import xlsx_response, xlsx_table
from povertyprog.thai.templatetags.thai import citizen_id_masked

from ..access_log import household_access_record
from ..forms.cases import CaseCapacityForm, CaseFilterForm, CaseVerifyForm
from ..models import Stage, Target
from ..programme_selectors import (
    get_target_for_user_or_404,
    programmes_visible_to,
    targets_visible_to,
)
from ..programme_services import target_capacity_set, target_verify
from ..registry_queries import household_round_columns
from ..selectors import get_household_for_user_or_404

PAGE_SIZE = 25
_SORTABLE = ("village", "rank", "income", "stage")


def _cases(user, filters):
    return filters.apply(
        targets_visible_to(user).select_related(
            "programme", "household__village__subdistrict__district", "survey"
        )
    )


def _sort_links(current: str) -> dict:
    links = {}
    for key in _SORTABLE:
        if current == key:
            links[key] = {"next": f"-{key}", "direction": "asc"}
        elif current == f"-{key}":
            links[key] = {"next": key, "direction": "desc"}
        else:
            links[key] = {"next": key, "direction": ""}
    return links


@perm_required(Perm.MANAGE_TARGETS)
def case_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = CaseFilterForm(request.GET, programmes=programmes_visible_to(user))
    filters = form.filters
    cases = _cases(user, filters)
    if request.GET.get("format") == "xlsx":
        return _case_export(user, cases, filters)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "households/case_list.html",
        {"form": form, "page": page, "sorts": _sort_links(filters.sort)},
    )


_EXPORT_HEADERS = (
    "ลำดับ",
    "โครงการ",
    "อำเภอ",
    "ตำบล",
    "หมู่ที่",
    "หมู่บ้าน",
    "บ้านเลขที่",
    "หัวหน้าครัวเรือน",
    "เลขประจำตัวประชาชน",
    "รายได้ต่อคนต่อปี",
    "ขั้นตอน",
    "การตรวจสอบ",
    "ความสามารถ",
)


def _case_export(user, cases, filters) -> HttpResponse:
    """The filtered list (every case, not one page) as an .xlsx file, citizen IDs masked;
    logged as personal data (PDPA) with its row count and filters."""
    rows = []
    for number, target in enumerate(cases.iterator(chunk_size=2000), start=1):
        village = target.household.village
        survey = target.survey
        rows.append(
            (
                number,
                str(target.programme),
                village.subdistrict.district.name_th,
                village.subdistrict.name_th,
                village.moo,
                village.name_th,
                target.household.house_no,
                survey.head_name,
                citizen_id_masked(survey.citizen_id),
                survey.income_per_person,
                target.get_stage_display(),
                target.get_verification_display(),
                target.get_capacity_display(),
            )
        )
    content = xlsx_table("ครัวเรือนเป้าหมาย", _EXPORT_HEADERS, rows)
    entry = activity_log(
        "households.cases.exported",
        actor=user,
        data={"rows": len(rows), "filters": filters.for_log()},
    )
    household_access_record(entry=entry, households=cases.values("household_id"))
    return xlsx_response(content, "cases.xlsx")


def _timeline(target: Target) -> list[ActivityLog]:
    """The case's activity-log entries, oldest first, each with its label."""
    entries = list(
        ActivityLog.objects.filter(
            target_type__app_label="households",
            target_type__model="target",
            target_id=str(target.pk),
        )
        .select_related("actor")
        .order_by("created_at", "pk")
    )
    for entry in entries:
        entry.label = action_label(entry.action)
    return entries


def _render_detail(request, target: Target, *, verify_form=None, capacity_form=None):
    user = request.user
    household = get_household_for_user_or_404(user, target.household_id)
    replacement = Target.objects.filter(replaces=target).select_related("household").first()
    open_case = target.stage != Stage.DROPPED
    return render(
        request,
        "households/case_detail.html",
        {
            "target": target,
            "household": household,
            "village": household.village,
            "columns": household_round_columns(household),
            "replacement": replacement,
            "timeline": _timeline(target),
            "open_case": open_case,
            "verify_form": verify_form or CaseVerifyForm(target=target),
            "capacity_form": capacity_form or CaseCapacityForm(target=target),
        },
    )


@perm_required(Perm.MANAGE_TARGETS)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, get_target_for_user_or_404(request.user, pk))


@perm_required(Perm.MANAGE_TARGETS)
@require_POST
def case_verify(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    target = get_target_for_user_or_404(user, pk)
    form = CaseVerifyForm(request.POST, target=target)
    if form.is_valid():
        try:
            result = target_verify(target=target, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                result.message
                or _("The field check is recorded: %(outcome)s.")
                % {"outcome": result.target.get_verification_display()},
            )
            return redirect("households:case_detail", pk=target.pk)
    return _render_detail(request, target, verify_form=form)


@perm_required(Perm.MANAGE_TARGETS)
@require_POST
def case_capacity(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    target = get_target_for_user_or_404(user, pk)
    form = CaseCapacityForm(request.POST, target=target)
    if form.is_valid():
        try:
            saved = target_capacity_set(target=target, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("The household is classed: %(capacity)s.")
                % {"capacity": saved.get_capacity_display()},
            )
            return redirect("households:case_detail", pk=target.pk)
    return _render_detail(request, target, capacity_form=form)
