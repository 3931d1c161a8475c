"""The fair and its plan of work: the list, a new fair, its overview, details, quotas,
desks, booths, MOUs, the plan of work (with its Excel file) and the organisers' live board.

Who: province-wide fair managers (MANAGE_FAIR with a province scope) change everything;
district officers see the list, the overview and the board; desk staff only the list (their
desk's page is the check-in's); everyone else nothing (404)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from households.programme_selectors import programmes_visible_to
from povertyprog.accounts.access import area_scope_for, perm_required
from povertyprog.accounts.roles import Perm, has_perm
from povertyprog.core.errors import add_service_error, validation_text
from povertyprog.core.xlsx import xlsx_response, xlsx_table
from povertyprog.thai.formats import format_thai_date

from ..fair_figures import fair_figures
from ..forms.fairs import (
    BoothForm,
    DeskForm,
    DeskRenameForm,
    FairForm,
    FairMOUsForm,
    QuotaForm,
    TaskForm,
    TaskStatusForm,
)
from ..models import Fair, FairTask, TaskStatus
from ..selectors import fair_is_managed_by, fairs_visible_to, get_fair_for_user_or_404
from ..services import fairs as services


def _fair(request: HttpRequest, pk: int, *, manage: bool = False) -> Fair:
    """The fair if the user sees it (and, for `manage`, changes it); 404 otherwise."""
    fair = get_fair_for_user_or_404(request.user, pk)
    if manage and not fair_is_managed_by(request.user, fair):
        raise Http404
    return fair


def _may_create_fairs(user) -> bool:
    scope = area_scope_for(user, Perm.MANAGE_FAIR)
    return scope is not None and len(scope) <= 2


def _is_overdue(task: FairTask, today) -> bool:
    return task.status != TaskStatus.DONE and task.due_on < today


# The list, a new fair, its overview and details ---------------------------------------------


@perm_required(Perm.CHECK_IN)
@require_GET
def fair_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    fairs = fairs_visible_to(user).order_by("-starts_at", "pk")
    return render(
        request,
        "events/fair_list.html",
        {
            "fairs": fairs,
            "can_create": _may_create_fairs(user),
            # Desk staff (CHECK_IN only) reach their desk from the check-in's pages.
            "sees_overview": has_perm(user, Perm.MANAGE_FAIR),
        },
    )


@perm_required(Perm.MANAGE_FAIR)
def fair_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not _may_create_fairs(user):
        raise Http404
    posted = request.method == "POST"
    form = FairForm(request.POST if posted else None, programmes=programmes_visible_to(user))
    if posted and form.is_valid():
        try:
            fair = services.fair_create(by=user, **form.service_values())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("The fair is created with its quotas, desks and plan of work: check them."),
            )
            return redirect(fair)
    return render(request, "events/fair_form.html", {"form": form, "fair": None})


@perm_required(Perm.MANAGE_FAIR)
@require_GET
def fair_detail(request: HttpRequest, pk: int) -> HttpResponse:
    fair = _fair(request, pk)
    today = timezone.localdate()
    tasks = list(fair.tasks.all())
    return render(
        request,
        "events/fair_detail.html",
        {
            "fair": fair,
            "figures": fair_figures(fair),
            "can_manage": fair_is_managed_by(request.user, fair),
            "overdue": sum(_is_overdue(task, today) for task in tasks),
            "tasks_done": sum(task.status == TaskStatus.DONE for task in tasks),
            "tasks_total": len(tasks),
            "desk_count": fair.desks.count(),
            "booth_count": fair.booths.count(),
            "mous": list(fair.mous.all()),
        },
    )


@perm_required(Perm.MANAGE_FAIR)
def fair_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    fair = _fair(request, pk, manage=True)
    posted = request.method == "POST"
    form = FairForm(request.POST if posted else None, fair=fair)
    if posted and form.is_valid():
        try:
            services.fair_update(fair=fair, by=user, **form.service_values())
        except ValidationError as error:
            form.add_service_error(error)
            fair = _fair(request, pk, manage=True)  # the service changed it before refusing
        else:
            messages.success(request, _("The fair is saved."))
            return redirect(fair)
    return render(request, "events/fair_form.html", {"form": form, "fair": fair})


# Quotas, desks, booths, MOUs ----------------------------------------------------------------


@perm_required(Perm.MANAGE_FAIR)
def fair_quotas(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    fair = _fair(request, pk, manage=True)
    districts = services.fair_province_districts(fair)
    quotas = dict(fair.quotas.values_list("district_id", "quota"))
    posted = request.method == "POST"
    form = QuotaForm(request.POST if posted else None, districts=districts, quotas=quotas)
    if posted and form.is_valid():
        try:
            changed = services.fair_quotas_set(fair=fair, quotas=form.service_values(), by=user)
        except ValidationError as error:
            form.add_district_errors(error)
        else:
            messages.success(request, _("Quotas saved (%(count)s changed).") % {"count": changed})
            return redirect("events:fair_quotas", pk=fair.pk)
    total = sum(quotas.values())
    return render(request, "events/fair_quotas.html", {"fair": fair, "form": form, "total": total})


@perm_required(Perm.MANAGE_FAIR)
def fair_desks(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    fair = _fair(request, pk, manage=True)
    posted = request.method == "POST"
    form = DeskForm(
        request.POST if posted else None, districts=services.fair_province_districts(fair)
    )
    if posted and form.is_valid():
        try:
            desk = services.desk_add(fair=fair, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Desk “%(name)s” added.") % {"name": desk.name})
            return redirect("events:fair_desks", pk=fair.pk)
    desks = fair.desks.select_related("district").order_by("district", "name")
    return render(request, "events/fair_desks.html", {"fair": fair, "form": form, "desks": desks})


def _part(fair: Fair, rows, pk: int):
    """One of the fair's desks, booths or tasks (`rows`: its related manager or a queryset
    of it), with the fair already read; 404 when the fair has none with that id."""
    part = rows.filter(pk=pk).first()
    if part is None:
        raise Http404
    part.fair = fair
    return part


@perm_required(Perm.MANAGE_FAIR)
@require_POST
def fair_desk_rename(request: HttpRequest, pk: int, desk_pk: int) -> HttpResponse:
    fair = _fair(request, pk, manage=True)
    desk = _part(fair, fair.desks, desk_pk)
    form = DeskRenameForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the desk a name."))
        services.desk_rename(desk=desk, name=form.cleaned_data["name"], by=request.user)
    except ValidationError as error:
        messages.error(request, validation_text(error))
    else:
        messages.success(request, _("Desk renamed."))
    return redirect("events:fair_desks", pk=fair.pk)


@perm_required(Perm.MANAGE_FAIR)
@require_POST
def fair_desk_remove(request: HttpRequest, pk: int, desk_pk: int) -> HttpResponse:
    fair = _fair(request, pk, manage=True)
    desk = _part(fair, fair.desks, desk_pk)
    try:
        services.desk_remove(desk=desk, by=request.user)
    except ValidationError as error:
        messages.error(request, validation_text(error))
    else:
        messages.success(request, _("Desk “%(name)s” removed.") % {"name": desk.name})
    return redirect("events:fair_desks", pk=fair.pk)


@perm_required(Perm.MANAGE_FAIR)
def fair_booths(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    fair = _fair(request, pk, manage=True)
    posted = request.method == "POST"
    form = BoothForm(request.POST if posted else None, agencies=services.booth_agencies(fair))
    if posted and form.is_valid():
        try:
            services.booth_add(fair=fair, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Booth added."))
            return redirect("events:fair_booths", pk=fair.pk)
    booths = fair.booths.select_related("agency", "pledge__agency").order_by("place", "pk")
    return render(
        request, "events/fair_booths.html", {"fair": fair, "form": form, "booths": booths}
    )


@perm_required(Perm.MANAGE_FAIR)
def fair_booth_edit(request: HttpRequest, pk: int, booth_pk: int) -> HttpResponse:
    user = request.user
    fair = _fair(request, pk, manage=True)
    booth = _part(fair, fair.booths.select_related("agency", "pledge"), booth_pk)
    posted = request.method == "POST"
    initial = {"agency": booth.agency, "service": booth.service, "place": booth.place}
    initial["pledge"] = booth.pledge
    form = BoothForm(
        request.POST if posted else None, agencies=services.booth_agencies(fair), initial=initial
    )
    if posted and form.is_valid():
        try:
            services.booth_update(booth=booth, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Booth saved."))
            return redirect("events:fair_booths", pk=fair.pk)
    return render(
        request, "events/fair_booth_form.html", {"fair": fair, "form": form, "booth": booth}
    )


@perm_required(Perm.MANAGE_FAIR)
@require_POST
def fair_booth_remove(request: HttpRequest, pk: int, booth_pk: int) -> HttpResponse:
    fair = _fair(request, pk, manage=True)
    booth = _part(fair, fair.booths.select_related("agency", "pledge"), booth_pk)
    try:
        services.booth_remove(booth=booth, by=request.user)
    except ValidationError as error:
        messages.error(request, validation_text(error))
    else:
        messages.success(request, _("Booth removed."))
    return redirect("events:fair_booths", pk=fair.pk)


@perm_required(Perm.MANAGE_FAIR)
def fair_mous(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    fair = _fair(request, pk, manage=True)
    posted = request.method == "POST"
    form = FairMOUsForm(
        request.POST if posted else None,
        choices=services.fair_mou_choices(fair),
        initial={"mous": list(fair.mous.all())},
    )
    if posted and form.is_valid():
        try:
            services.fair_mous_set(fair=fair, mous=form.cleaned_data["mous"], by=user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The fair's MOUs are saved."))
            return redirect(fair)
    return render(request, "events/fair_mous.html", {"fair": fair, "form": form})


# The plan of work ---------------------------------------------------------------------------


def _plan_rows(fair: Fair, today) -> list[FairTask]:
    tasks = list(fair.tasks.order_by("due_on", "position", "pk"))
    for task in tasks:
        task.overdue = _is_overdue(task, today)
        task.status_form = TaskStatusForm(initial={"status": task.status}, prefix=f"t{task.pk}")
    return tasks


def _plan_xlsx(fair: Fair, tasks: list[FairTask]) -> HttpResponse:
    headers = [_("Due on"), _("Task"), _("Owner"), _("Status"), _("Overdue"), _("Note")]
    rows = (
        [
            format_thai_date(task.due_on),
            task.title,
            task.owner,
            task.get_status_display(),
            _("Yes") if task.overdue else "",
            task.note,
        ]
        for task in tasks
    )
    return xlsx_response(xlsx_table(_("Plan of work"), headers, rows), f"fair-{fair.pk}-plan.xlsx")


@perm_required(Perm.MANAGE_FAIR)
def fair_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan of work, by due date; POST adds a task."""
    user = request.user
    fair = _fair(request, pk, manage=True)
    today = timezone.localdate()
    posted = request.method == "POST"
    form = TaskForm(request.POST if posted else None)
    if posted and form.is_valid():
        try:
            services.task_add(fair=fair, by=user, **form.service_values())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Task added to the plan of work."))
            return redirect("events:fair_plan", pk=fair.pk)
    tasks = _plan_rows(fair, today)
    if not posted and request.GET.get("format") == "xlsx":
        return _plan_xlsx(fair, tasks)
    return render(
        request,
        "events/fair_plan.html",
        {
            "fair": fair,
            "tasks": tasks,
            "form": form,
            "overdue": sum(task.overdue for task in tasks),
            "today": today,
        },
    )


@perm_required(Perm.MANAGE_FAIR)
@require_POST
def fair_task_status(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    """The quick status change of one task: htmx gets the task's row back."""
    fair = _fair(request, pk, manage=True)
    task = _part(fair, fair.tasks, task_pk)
    form = TaskStatusForm(request.POST, prefix=f"t{task.pk}")
    if form.is_valid():
        services.task_update(task=task, status=form.cleaned_data["status"], by=request.user)
    elif not request.headers.get("HX-Request"):
        messages.error(request, _("Choose a status."))
    if request.headers.get("HX-Request"):
        task.overdue = _is_overdue(task, timezone.localdate())
        task.status_form = TaskStatusForm(initial={"status": task.status}, prefix=f"t{task.pk}")
        return render(request, "events/fair_plan.html#task-row", {"fair": fair, "task": task})
    return redirect(reverse("events:fair_plan", args=[fair.pk]) + f"#task-{task.pk}")


@perm_required(Perm.MANAGE_FAIR)
def fair_task_edit(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    user = request.user
    fair = _fair(request, pk, manage=True)
    task = _part(fair, fair.tasks, task_pk)
    posted = request.method == "POST"
    form = TaskForm(request.POST if posted else None, task=task)
    if posted and form.is_valid():
        try:
            services.task_update(task=task, by=user, **form.service_values())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Task saved."))
            return redirect("events:fair_plan", pk=fair.pk)
    return render(request, "events/fair_task_form.html", {"fair": fair, "form": form, "task": task})


@perm_required(Perm.MANAGE_FAIR)
@require_POST
def fair_task_remove(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    fair = _fair(request, pk, manage=True)
    task = _part(fair, fair.tasks, task_pk)
    services.task_remove(task=task, by=request.user)
    messages.success(request, _("Task “%(title)s” removed.") % {"title": task.title})
    return redirect("events:fair_plan", pk=fair.pk)


# The live board -----------------------------------------------------------------------------


@perm_required(Perm.MANAGE_FAIR)
@require_GET
def fair_board(request: HttpRequest, pk: int) -> HttpResponse:
    """Per district: invited, confirmed, checked in and walk-ins; htmx polls the figures."""
    fair = _fair(request, pk)
    figures = fair_figures(fair)
    context = {
        "fair": fair,
        "can_manage": fair_is_managed_by(request.user, fair),  # the manager's tabs or not
        "figures": figures,
        "chart": figures.chart(
            {
                "invited": _("Invited"),
                "confirmed": _("Confirmed"),
                "checked_in": _("Checked in"),
            }
        ),
        "now": timezone.localtime(),
    }
    if request.headers.get("HX-Request"):
        return render(request, "events/fair_board.html#figures", context)
    return render(request, "events/fair_board.html", context)
