"""The programme's pages: the list of the province's programmes (open one, start it, close
it), its overview (the province's figures, district by district,
through the four steps; no personal data: province staff and the province's viewers), and
the targeting screen where province staff preview the rules and create the targets."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from povertyprog.accounts.access import area_in_scope, area_scope_of, perm_required
from povertyprog.accounts.roles import Perm, has_perm
from povertyprog.areas.selectors import provinces_in_scope
from povertyprog.core.errors import add_service_error

from ..case_selectors import programme_districts
from ..forms.programmes import ProgrammeForm
from ..forms.targeting import TargetingForm
from ..models import ProgrammeStatus, Stage
from ..programme_selectors import (
    get_programme_for_user_or_404,
    programme_list_for,
    programme_summary,
    progress_chart,
)
from ..programme_services import (
    programme_activate,
    programme_check_rights,
    programme_close,
    programme_create,
    targets_create,
)
from ..selectors import rounds_all
from ..targeting import TIE_ORDER, targeting_preview

# The removal counts of a preview, in the order the rules apply, with their labels.
RULE_LABELS = {
    "income": gettext_lazy("Income at or above the threshold"),
    "indicators": gettext_lazy("Did not fail the chosen indicators"),
    "graduated": gettext_lazy("Graduated in an earlier programme"),
    "other_programme": gettext_lazy("Already a target of another active programme"),
    "moved_or_deceased": gettext_lazy("Found moved away or deceased"),
    "quota": gettext_lazy("Beyond the district's quota"),
}


@perm_required(Perm.VIEW_DASHBOARD)
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user_or_404(request.user, pk)
    # The figures of the whole province: a district officer's view of the programme is
    # their case list, not the other districts' progress.
    if not area_in_scope(request.user, programme.province_id):
        raise Http404
    summary = programme_summary(programme)
    return render(
        request,
        "households/programme_detail.html",
        {
            "programme": programme,
            "summary": summary,
            "chart": progress_chart(summary),
            "stages": [(stage, label, summary["stages"][stage]) for stage, label in Stage.choices],
            # The targeting screen's door: once, before any target exists.
            "can_target": has_perm(request.user, Perm.MANAGE_TARGETS)
            and programme.status != ProgrammeStatus.CLOSED
            and not any(summary["stages"].values()),
            "can_assign_hosts": has_perm(request.user, Perm.MANAGE_TARGETS),
        },
    )


def _preview_context(preview) -> dict:
    """What the screen shows of a preview: the chart's data (the table holds the same
    figures) and the removals with their labels."""
    lines = preview.districts
    return {
        "preview": preview,
        "removed": [(RULE_LABELS.get(name, name), n) for name, n in preview.removed.items()],
        "chart": {
            "labels": [line.name or line.code for line in lines],
            "chosen": [line.chosen for line in lines],
            "eligible": [line.eligible for line in lines],
            "series": {"chosen": _("Chosen"), "eligible": _("Eligible (poor)")},
        },
    }


@perm_required(Perm.MANAGE_TARGETS)
def programme_targeting(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    programme = get_programme_for_user_or_404(user, pk)
    programme_check_rights(programme=programme, by=user)  # province-wide: 404 otherwise
    if programme.status == ProgrammeStatus.CLOSED or programme.targets.exists():
        messages.info(request, _("This programme's targets were chosen already."))
        return redirect(programme)
    districts = programme_districts(programme)
    posted = request.method == "POST"
    form = TargetingForm(request.POST if posted else None, programme=programme, districts=districts)
    context = {"programme": programme, "form": form, "tie_order": TIE_ORDER}
    if posted and form.is_valid():
        rules = form.rules()
        if "create" in request.POST:
            try:
                run = targets_create(
                    programme=programme,
                    rules=rules,
                    state_token=form.cleaned_data["state_token"],
                    by=user,
                )
            except ValidationError as error:
                if getattr(error, "code", None) in {"stale", "empty", "already_targeted", "status"}:
                    messages.error(request, " ".join(error.messages))
                else:
                    add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _("%(count)s target households are created.")
                    % {"count": run.counts.get("chosen", 0)},
                )
                return redirect(programme)
        try:
            preview = targeting_preview(programme=programme, rules=rules, user=user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            # The creation posts the token of what the user saw, and nothing else.
            form.data = form.data.copy()
            form.data["state_token"] = preview.state_token
            context.update(_preview_context(preview))
    return render(request, "households/programme_targeting.html", context)


def _province_wide(user) -> bool:
    """Province staff and admins (and national ones) run programmes; a district officer's
    door is their case list."""
    scope = area_scope_of(user)
    return scope is not None and len(scope) <= 2


@perm_required(Perm.VIEW_DASHBOARD)
@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    """The programmes of the user's province (all, for national roles), newest first, with
    their targets and progress; a district officer sees each with a link to their cases."""
    user = request.user
    manages = has_perm(user, Perm.MANAGE_TARGETS) and _province_wide(user)
    return render(
        request,
        "households/programme_list.html",
        {
            "programmes": programme_list_for(user),
            "province_wide": _province_wide(user),
            "can_manage": manages,
        },
    )


@perm_required(Perm.MANAGE_TARGETS)
def programme_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not _province_wide(user):
        raise Http404
    provinces = provinces_in_scope(user).order_by("name_th")
    form = ProgrammeForm(request.POST or None, provinces=provinces, rounds=rounds_all())
    if request.method == "POST" and form.is_valid():
        try:
            programme = programme_create(by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("The programme is open as a draft: choose its target households next."),
            )
            return redirect(programme)
    return render(request, "households/programme_new.html", {"form": form})


@perm_required(Perm.MANAGE_TARGETS)
@require_POST
def programme_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Start (draft → active) or close (active → closed) a programme."""
    user = request.user
    programme = get_programme_for_user_or_404(user, pk)
    programme_check_rights(programme=programme, by=user)
    action = request.POST.get("action")
    change = {"activate": programme_activate, "close": programme_close}.get(action)
    if change is None:
        messages.error(request, _("Choose whether to start or to close the programme."))
        return redirect("households:programme_list")
    try:
        programme = change(programme=programme, by=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(programme)s: %(status)s.")
            % {"programme": programme, "status": programme.get_status_display()},
        )
    return redirect("households:programme_list")
