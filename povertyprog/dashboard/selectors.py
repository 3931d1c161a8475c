"""The home page's figures, scoped to the viewer's area.

Household figures are counts by district and nothing else (no name, no ID, no address), so
every role may see them, viewers included; they are counted here rather than through
`households.selectors`, which hides households from roles that may not see personal data.
Each figure is one query, whatever the size of the area.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.db.models.query import EmptyQuerySet

from agencies.models import MOUStatus, Pledge
from agencies.reminders import ExpiringMOU, with_days_left
from agencies.selectors import mous_visible_to, pledge_totals, pledges_visible_to
from agencies.services import mous_expiring
from households.models import HouseholdSurvey, SurveyRound
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


def household_figures(user) -> HouseholdFigures:
    """Households and poor households per district in the latest round, and how many of them
    graduated: poor in the round before, not poor in this one."""
    scope = area_scope_of(user)
    if scope is None:
        return HouseholdFigures()
    in_scope = HouseholdSurvey.objects.filter(household__village__code__startswith=scope)
    rounds = list(
        SurveyRound.objects.filter(Exists(in_scope.filter(survey_round=OuterRef("pk")))).order_by(
            "-year_be"
        )[:2]
    )
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


def pledge_figures(user) -> dict:
    """Households pledged, budget and households delivered (0 until assistance is recorded)
    over the pledges the user may see (a liaison: their agency's), or, for those who see no
    pledge itself (viewers), over the pledges of their area; a cancelled MOU's pledges do not
    count."""
    if not has_perm(user, Perm.VIEW_AGENCIES):
        pledges = _pledges_in_area(user)
    else:
        pledges = pledges_visible_to(user)
    return pledge_totals(pledges.exclude(mou__status=MOUStatus.CANCELLED))
