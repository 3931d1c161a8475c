"""The home page's figures, scoped to the viewer's area.

Household figures are counts by district and nothing else (no name, no ID, no address), so
every role may see them, viewers included; they are counted here rather than through
`households.selectors`, which hides households from roles that may not see personal data.
Each figure is one query, whatever the size of the area.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Substr
from django.db.models.query import EmptyQuerySet

from agencies.models import MOUStatus, Pledge
from agencies.reminders import ExpiringMOU, with_days_left
from agencies.selectors import mous_visible_to, pledges_visible_to
from agencies.services import mous_expiring
from households.manage_selectors import delivered_by
from households.models import HouseholdSurvey, SurveyRound
from households.plan_selectors import plan_activities_overdue_for
from households.selectors import in_area
from households.visit_selectors import visits_overdue_for
from povertyprog.accounts.access import area_scope_of
from povertyprog.accounts.roles import Perm, has_perm
from povertyprog.areas.models import District


@dataclass(frozen=True)
class DistrictFigures:
    code: str
    name: str
    households: int
    poor: int
    graduated: int

    @property
    def not_poor(self) -> int:
        return self.households - self.poor


@dataclass(frozen=True)
class HouseholdFigures:
    """The latest จปฐ. round with data in the viewer's area, counted by district."""

    survey_round: SurveyRound | None = None
    previous_round: SurveyRound | None = None
    districts: list[DistrictFigures] = field(default_factory=list)

    @property
    def households(self) -> int:
        return sum(d.households for d in self.districts)

    @property
    def poor(self) -> int:
        return sum(d.poor for d in self.districts)

    @property
    def not_poor(self) -> int:
        return self.households - self.poor

    @property
    def graduated(self) -> int:
        return sum(d.graduated for d in self.districts)

    @property
    def poor_percent(self) -> float:
        return 100 * self.poor / self.households if self.households else 0.0


def _newest_rounds_with_data(in_scope: QuerySet[HouseholdSurvey], *, count: int) -> list:
    """The `count` newest rounds with records in the area, newest first, in one query.

    Whether a round has records is asked in the SELECT list, not in WHERE: there PostgreSQL
    turns EXISTS into a join and hashed every household in scope to find one row (100 ms for
    a province of 200,000 households); in the SELECT list each round (a year: a few rows) is
    one probe that stops at its first record."""
    rounds = SurveyRound.objects.annotate(
        has_data=Exists(in_scope.filter(survey_round=OuterRef("pk")))
    ).order_by("-year_be")
    return [survey_round for survey_round in rounds if survey_round.has_data][:count]


def household_figures(user) -> HouseholdFigures:
    """Households and poor households per district in the latest round, and how many of them
    graduated: poor in the round before, not poor in this one."""
    scope = area_scope_of(user)
    if scope is None:
        return HouseholdFigures()
    in_scope = HouseholdSurvey.objects.filter(in_area(scope))
    rounds = _newest_rounds_with_data(in_scope, count=2)
    if not rounds:
        return HouseholdFigures()
    latest, previous = rounds[0], (rounds[1] if len(rounds) > 1 else None)
    poor = Q(income_per_person__lt=latest.income_threshold)
    graduated = Q(pk__in=[])
    if previous is not None:
        poor_before = HouseholdSurvey.objects.filter(
            survey_round=previous, income_per_person__lt=previous.income_threshold
        )
        graduated = ~poor & Q(household_id__in=poor_before.values("household_id"))
    rows = list(
        in_scope.filter(survey_round=latest)
        .annotate(district=Substr("household__village_id", 1, 4))
        .values("district")
        .annotate(
            households=Count("pk"),
            poor=Count("pk", filter=poor),
            graduated=Count("pk", filter=graduated),
        )
        .order_by("district")
    )
    districts = {d.code: d for d in District.objects.filter(code__in=[r["district"] for r in rows])}
    return HouseholdFigures(
        survey_round=latest,
        previous_round=previous,
        districts=[
            DistrictFigures(
                code=row["district"],
                name=getattr(districts.get(row["district"]), "name", row["district"]),
                households=row["households"],
                poor=row["poor"],
                graduated=row["graduated"],
            )
            for row in rows
        ],
    )


def expiring_mous_for(user, *, today: datetime.date) -> list[ExpiringMOU] | None:
    """The signed MOUs the user may see that expire within 60 days; None for a role that
    sees no MOUs at all (viewers)."""
    visible = mous_visible_to(user)
    if isinstance(visible, EmptyQuerySet):
        return None
    return with_days_left(
        mous_expiring(today=today).filter(pk__in=visible.values("pk")), today=today
    )


def _pledges_in_area(user) -> QuerySet[Pledge]:
    """Viewers see no pledge itself, but may see totals for their area: the pledges of
    their province's MOUs, and if their scope is a district, those covering it."""
    scope = area_scope_of(user)
    if scope is None:
        return Pledge.objects.none()
    pledges = Pledge.objects.filter(mou__province__code__startswith=scope[:2])
    if len(scope) >= 4:
        covering = Pledge.objects.filter(districts__code__startswith=scope[:4])
        pledges = pledges.filter(pk__in=covering.values("pk"))
    return pledges


@dataclass(frozen=True)
class DistrictPledges:
    """The pledges that cover one district. `pledges` counts every pledge that covers it, so a
    pledge covering several districts counts in each (the column is labelled as
    overlapping); `sole_households` counts only the pledges made to this district alone, so
    the districts' sole households never add up to more than the total."""

    code: str
    name: str
    pledges: int
    sole_pledges: int
    sole_households: int

    @property
    def shared_pledges(self) -> int:
        return self.pledges - self.sole_pledges


@dataclass(frozen=True)
class PledgeFigures:
    """Pledges the viewer may count, each pledge counted once, and how they spread over the
    districts of the viewer's area. A pledge covering several districts says how many
    households it helps in all, not how many in each: its households are shown once, as
    shared, never split by a guess and never counted in full in every district."""

    pledges: int = 0
    households: int = 0
    budget: Decimal = Decimal(0)
    delivered: int = 0  # distinct households assisted under each pledge, summed
    shared_pledges: int = 0
    shared_households: int = 0
    districts: list[DistrictPledges] = field(default_factory=list)

    @property
    def sole_households(self) -> int:
        """Households pledged to one district alone, over the pledges counted here."""
        return self.households - self.shared_households


def _districts_covered(pledge_ref) -> Subquery:
    """How many districts a pledge covers, whatever the viewer's filters joined."""
    through = Pledge.districts.through
    return Subquery(
        through.objects.filter(pledge_id=pledge_ref)
        .values("pledge_id")
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=IntegerField(),
    )


def count_pledges(pledges: QuerySet[Pledge], *, scope: str) -> PledgeFigures:
    """Count `pledges` once each, and per district of the area `scope` (two queries)."""
    ids = pledges.values("pk")
    counted = Pledge.objects.filter(pk__in=ids).annotate(spread=_districts_covered(OuterRef("pk")))
    shared = Q(spread__gt=1)
    totals = counted.aggregate(
        pledges=Count("pk"),
        households=Sum("households_pledged"),
        budget=Sum("budget"),
        shared_pledges=Count("pk", filter=shared),
        shared_households=Sum("households_pledged", filter=shared),
    )
    rows = (
        Pledge.districts.through.objects.filter(
            pledge_id__in=ids, district__code__startswith=scope[:4]
        )
        .annotate(spread=_districts_covered(OuterRef("pledge_id")))
        .values("district_id", "district__name_th", "district__name_en")
        .annotate(
            pledges=Count("pledge_id"),
            sole_pledges=Count("pledge_id", filter=Q(spread=1)),
            sole_households=Sum("pledge__households_pledged", filter=Q(spread=1)),
        )
        .order_by("district_id")
    )
    return PledgeFigures(
        pledges=totals["pledges"],
        delivered=sum(delivered_by(ids).values()),
        households=totals["households"] or 0,
        budget=totals["budget"] or Decimal(0),
        shared_pledges=totals["shared_pledges"],
        shared_households=totals["shared_households"] or 0,
        districts=[
            DistrictPledges(
                code=row["district_id"],
                name=District(
                    name_th=row["district__name_th"], name_en=row["district__name_en"]
                ).name,
                pledges=row["pledges"],
                sole_pledges=row["sole_pledges"],
                sole_households=row["sole_households"] or 0,
            )
            for row in rows
        ],
    )


def pledge_figures(user) -> PledgeFigures:
    """Households pledged, budget and households delivered (households.manage_selectors)
    over the pledges the user may see (a liaison: their agency's), or, for those who see no
    pledge itself (viewers), over the pledges of their area; each pledge counted once, and per
    district of the user's area; a cancelled MOU's pledges do not count."""
    if not has_perm(user, Perm.VIEW_AGENCIES):
        pledges = _pledges_in_area(user)
    else:
        pledges = pledges_visible_to(user)
    scope = area_scope_of(user)
    if scope is None:
        return PledgeFigures()
    return count_pledges(pledges.exclude(mou__status=MOUStatus.CANCELLED), scope=scope)


@dataclass(frozen=True)
class FollowUpCounts:
    visits: int
    activities: int

    @property
    def total(self) -> int:
        return self.visits + self.activities


def follow_up_counts(user, *, today: datetime.date) -> FollowUpCounts | None:
    """How many visits and plan activities are past their due date in the user's scope (the
    follow-ups page's two lists, counted): two queries. None for whoever does not follow
    cases up (Perm.MANAGE_TARGETS)."""
    if not has_perm(user, Perm.MANAGE_TARGETS):
        return None
    return FollowUpCounts(
        visits=visits_overdue_for(user, today).count(),
        activities=plan_activities_overdue_for(user, today).count(),
    )
