"""The care step's pages (ดูแลชีวิต), made for a phone: recording a follow-up visit to a
case, and an officer's follow-ups: the visits and the plan activities past their due date in
their scope (their district; province staff the province, by district if they like), each
list with its Excel export."""

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from povertyprog.accounts.access import perm_required
from povertyprog.accounts.roles import Perm
from povertyprog.core.errors import add_service_error
from povertyprog.core.xlsx import xlsx_response

from ..export import follow_ups_export
from ..forms.care import FOLLOW_UP_LISTS, FollowUpFilterForm, VisitForm
from ..models import PlanActivity, Stage, Target
from ..plan_selectors import plan_activities_overdue_for
from ..programme_selectors import get_target_for_user_or_404
from ..visit_selectors import visit_due_on, visits_overdue_for
from ..visit_services import visit_record

# Rows shown of each list; the export holds them all.
ROWS_SHOWN = 200
# What each row shows of its case's place, beyond the village the selectors join.
_PLACE = "household__village__subdistrict__district"


@perm_required(Perm.MANAGE_TARGETS)
def case_visit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    target = get_target_for_user_or_404(user, pk)
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            visit_record(target=target, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("The visit to house %(house)s is recorded.")
                % {"house": target.household.house_no},
            )
            return redirect("households:case_detail", pk=target.pk)
    return render(
        request,
        "households/case_visit.html",
        {"target": target, "form": form, "dropped": target.stage == Stage.DROPPED},
    )


@dataclass(frozen=True)
class OverdueVisit:
    target: Target
    due_on: date | None
    days_overdue: int | None
    first_visit: bool  # never visited: the first visit after the field check is overdue


@dataclass(frozen=True)
class OverdueActivity:
    activity: PlanActivity
    target: Target
    due_on: date
    days_overdue: int


def _days(today: date, due_on: date | None) -> int | None:
    return (today - due_on).days if due_on else None


@perm_required(Perm.MANAGE_TARGETS)
def follow_ups(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    form = FollowUpFilterForm(request.GET, user=user)
    district = form.chosen_district
    visits = visits_overdue_for(user, today).select_related(_PLACE)
    activities = plan_activities_overdue_for(user, today).select_related(f"plan__target__{_PLACE}")
    if district:
        visits = visits.filter(household__village__code__startswith=district)
        activities = activities.filter(plan__target__household__village__code__startswith=district)

    def visit_rows(targets):
        return [
            OverdueVisit(
                target=t,
                due_on=(due := visit_due_on(t)),
                days_overdue=_days(today, due),
                first_visit=t.last_visited_on is None,
            )
            for t in targets
        ]

    def activity_rows(items):
        return [
            OverdueActivity(
                activity=item,
                target=item.plan.target,
                due_on=item.due_on,
                days_overdue=_days(today, item.due_on),
            )
            for item in items
        ]

    if request.GET.get("format") == "xlsx":
        which = request.GET.get("list")
        which = which if which in FOLLOW_UP_LISTS else FOLLOW_UP_LISTS[0]
        if which == "visits":
            rows, households = visit_rows(visits), visits.values("household_id")
        else:
            rows = activity_rows(activities)
            households = activities.values("plan__target__household_id")
        export = follow_ups_export(
            which=which,
            rows=rows,
            households=households,
            filters={"district": district, "today": today.isoformat()},
            by=user,
        )
        return xlsx_response(export.content, export.file_name)
    shown_visits = visit_rows(visits[:ROWS_SHOWN])
    shown_activities = activity_rows(activities[:ROWS_SHOWN])
    return render(
        request,
        "households/follow_ups.html",
        {
            "form": form,
            "today": today,
            "visits": shown_visits,
            "visits_total": _total(shown_visits, visits),
            "activities": shown_activities,
            "activities_total": _total(shown_activities, activities),
            "rows_shown": ROWS_SHOWN,
        },
    )


def _total(shown: list, queryset) -> int:
    # Counted in the database only when the list was cut at ROWS_SHOWN.
    return queryset.count() if len(shown) >= ROWS_SHOWN else len(shown)
