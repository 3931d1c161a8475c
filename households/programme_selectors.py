"""Reads of programmes and their cases (targets), always scoped to the viewer.

- Programmes are not personal data: whoever sees the province's figures (VIEW_DASHBOARD) or
  targets in it (MANAGE_TARGETS) sees its programmes; a district officer or a district's
  viewer sees their province's.
- A case is personal data, scoped by the household's *current* village: a household that
  moves appears on the new district officer's list. Agency liaisons see exactly the cases
  their agency hosts now (households.models.HostAssignment). Viewers: none.

Missing and out of scope both answer 404 (`get_…_for_user_or_404`).
"""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.http import Http404
from django.utils.translation import gettext

from agencies.selectors import liaison_agency_id
from povertyprog.accounts.access import area_scope_of
from povertyprog.accounts.roles import Perm, ScopeKind, has_perm, scope_kind_of
from povertyprog.areas.models import District

from .models import Assistance, HostAssignment, Programme, Stage, Target, Verification


def programmes_visible_to(user) -> QuerySet[Programme]:
    scope = area_scope_of(user)
    if scope is None or not (
        has_perm(user, Perm.VIEW_DASHBOARD) or has_perm(user, Perm.MANAGE_TARGETS)
    ):
        return Programme.objects.none()
    programmes = Programme.objects.select_related("province", "survey_round")
    # A scope of a district or less lies in exactly one province: its first two digits.
    return programmes.filter(province_id=scope[:2]) if scope else programmes


def programme_list_for(user) -> QuerySet[Programme]:
    """The programmes the user sees, newest first, each with `target_count` (cases not
    dropped) and `graduated_count`: one query."""
    return (
        programmes_visible_to(user)
        .annotate(
            target_count=Count("targets", filter=~Q(targets__stage=Stage.DROPPED)),
            graduated_count=Count("targets", filter=Q(targets__stage=Stage.GRADUATED)),
        )
        .order_by("-fiscal_year_be", "name")
    )


def get_programme_for_user_or_404(user, pk) -> Programme:
    try:
        return programmes_visible_to(user).get(pk=pk)
    except (Programme.DoesNotExist, ValueError):
        raise Http404 from None


def targets_visible_to(user) -> QuerySet[Target]:
    """Cases whose personal data this user may see: those of households living in scope."""
    scope = area_scope_of(user)
    if scope is None or not has_perm(user, Perm.VIEW_PERSONAL_DATA):
        return Target.objects.none()
    if scope_kind_of(user) != ScopeKind.AREA:
        # Agency liaisons: exactly the cases their agency hosts now (none without a link).
        agency_id = liaison_agency_id(user)
        if agency_id is None:
            return Target.objects.none()
        return Target.objects.filter(
            pk__in=HostAssignment.objects.filter(agency_id=agency_id, ended_at__isnull=True).values(
                "target_id"
            )
        )
    return Target.objects.filter(household__village__code__startswith=scope)


def get_target_for_user_or_404(user, pk) -> Target:
    """One case with its programme, household, village and the survey it was chosen from."""
    try:
        return (
            targets_visible_to(user)
            .select_related(
                "programme__survey_round",
                "household__village__subdistrict__district",
                "survey",
                "district",
                "replaces",
            )
            .get(pk=pk)
        )
    except (Target.DoesNotExist, ValueError):
        raise Http404 from None


_current_host = HostAssignment.objects.filter(target=OuterRef("pk"), ended_at__isnull=True)
_any_assistance = Assistance.objects.filter(target=OuterRef("pk"))


# Where a live case stands now, step by step (the chart's stacked segments: each case in
# exactly one); care that continues after the programme counts with care.
PROGRESS = {
    "targeted": (Stage.TARGETED,),
    "verified": (Stage.VERIFIED,),
    "plan_agreed": (Stage.PLAN_AGREED,),
    "assisted": (Stage.ASSISTED,),
    "in_care": (Stage.IN_CARE, Stage.CONTINUING_CARE),
    "graduated": (Stage.GRADUATED,),
}
# The plan model arrives with the next slice; until then "with plan" reads the stage a case
# has reached: plan agreed, or a step after it.
_PLAN_OR_LATER = (
    Stage.PLAN_AGREED,
    Stage.ASSISTED,
    Stage.IN_CARE,
    Stage.CONTINUING_CARE,
    Stage.GRADUATED,
)


def programme_summary(programme: Programme) -> dict:
    """The programme's figures for the report command and the overview page: its live cases
    (dropped ones left out), the distinct villages, subdistricts and districts they live in
    now, the count per stage (every stage, dropped included), and per district the cases,
    verified, with plan (at the stage "plan agreed" or a later one), with host agency,
    assisted, in care (in care or continuing care) and graduated, and `now`: the cases at
    each step of PROGRESS (they add up to the cases). A fixed handful of queries. "With host"
    counts cases hosted now, "assisted" cases with any assistance, "graduated" cases a later
    round graduated.
    """
    live = programme.targets.exclude(stage=Stage.DROPPED)
    village = "household__village_id"
    areas = live.aggregate(
        targets=Count("pk"),
        villages=Count(village, distinct=True),
        subdistricts=Count(Substr(village, 1, 6), distinct=True),
        districts=Count(Substr(village, 1, 4), distinct=True),
    )
    stages = dict.fromkeys(Stage.values, 0)
    stages.update(programme.targets.values_list("stage").annotate(n=Count("pk")).order_by("stage"))
    rows = list(
        live.annotate(code=Substr(village, 1, 4))
        .values("code")
        .annotate(
            targets=Count("pk"),
            verified=Count("pk", filter=Q(verification=Verification.CONFIRMED)),
            with_plan=Count("pk", filter=Q(stage__in=_PLAN_OR_LATER)),
            in_care=Count("pk", filter=Q(stage__in=PROGRESS["in_care"])),
            graduated=Count("pk", filter=Q(stage=Stage.GRADUATED)),
            with_host=Count("pk", filter=Q(Exists(_current_host))),
            assisted=Count("pk", filter=Q(Exists(_any_assistance))),
            **{f"now_{step}": Count("pk", filter=Q(stage__in=at)) for step, at in PROGRESS.items()},
        )
        .order_by("code")
    )
    names = dict(
        District.objects.filter(code__in=[row["code"] for row in rows]).values_list(
            "code", "name_th"
        )
    )
    return {
        **areas,
        "stages": stages,
        "by_district": [
            {
                "code": row["code"],
                "name": names.get(row["code"], ""),
                "targets": row["targets"],
                "verified": row["verified"],
                "with_plan": row["with_plan"],
                "with_host": row["with_host"],
                "assisted": row["assisted"],
                "in_care": row["in_care"],
                "graduated": row["graduated"],
                "now": {step: row[f"now_{step}"] for step in PROGRESS},
            }
            for row in rows
        ],
    }


def progress_chart(summary: dict) -> dict:
    """The overview chart's data (static/js/district-bars.js): per district, the cases at
    each step now, one stacked series a step; the table under the chart holds the same
    figures."""
    districts = summary["by_district"]
    return {
        "labels": [row["name"] or row["code"] for row in districts],
        **{step: [row["now"][step] for row in districts] for step in PROGRESS},
        "series": {
            "targeted": gettext("Not verified yet"),
            "verified": gettext("Verified, no plan yet"),
            "plan_agreed": gettext("Plan agreed, not assisted yet"),
            "assisted": gettext("Assisted"),
            "in_care": gettext("In care"),
            "graduated": gettext("Graduated"),
        },
    }
