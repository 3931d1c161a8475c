"""Reads behind the household registry pages: filters, search, sorting and totals applied to
the viewer's scoped survey records (households.selectors), and the per-round columns of a
household's detail page. Nothing here widens a scope: every queryset starts from a selector.
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal
from math import ceil

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import Count, Q, QuerySet

from povertyprog.accounts.access import area_scope_of
from povertyprog.areas.models import District
from povertyprog.core.crypto import lookup_hash
from povertyprog.thai.formats import mask_citizen_id, normalize_citizen_id, to_ascii_digits

from .models import Household, HouseholdSurvey, Indicator, SurveyRound
from .selectors import household_surveys_for_list, in_area, surveys_visible_to

# Sort keys the list accepts (a "-" prefix reverses them), and the columns behind each.
SORTS: dict[str, tuple[str, ...]] = {
    "village": ("household__village_id", "household__house_no"),
    "house_no": ("household__house_no", "household__village_id"),
    "name": ("head_first_name", "head_last_name"),
    "members": ("members",),
    "income": ("income_per_person",),
}
DEFAULT_SORT = "village"
SORT_CHOICES = [key for name in SORTS for key in (name, f"-{name}")]


class Poor:
    ALL = ""
    YES = "yes"
    NO = "no"


@dataclass(frozen=True)
class RegistryFilters:
    """What the registry list is narrowed to; empty values mean "no filter"."""

    survey_round: SurveyRound | None
    district: str = ""
    subdistrict: str = ""
    village: str = ""
    poor: str = Poor.ALL
    failed_indicator: int | None = None
    income_min: Decimal | None = None
    income_max: Decimal | None = None
    q: str = ""
    sort: str = DEFAULT_SORT

    def for_log(self) -> dict:
        """The filters as plain JSON for the audit log, a searched citizen ID masked."""
        data = {
            "round": self.survey_round.year_be if self.survey_round else None,
            "district": self.district,
            "subdistrict": self.subdistrict,
            "village": self.village,
            "poor": self.poor,
            "failed_indicator": self.failed_indicator,
            "income_min": str(self.income_min) if self.income_min is not None else None,
            "income_max": str(self.income_max) if self.income_max is not None else None,
            "q": self.q,
            "sort": self.sort,
        }
        if cid := searched_citizen_id(self.q):
            data["q"] = mask_citizen_id(cid)
        return {key: value for key, value in data.items() if value not in ("", None)}


def searched_citizen_id(q: str) -> str | None:
    """The citizen ID in a search box text (dashes, spaces, Thai digits allowed), if it is one."""
    if not q:
        return None
    try:
        return normalize_citizen_id(q)
    except ValidationError:
        return None


def search_condition(q: str, *, survey: str = "") -> Q:
    """A valid citizen ID matches exactly (by its keyed hash); any other text matches names
    and house numbers, every word somewhere. For surveys; `survey="survey__"` for models
    that reach the survey through that field and have a `household` (a case)."""
    if cid := searched_citizen_id(q):
        return Q(**{f"{survey}citizen_id_hash": lookup_hash(cid)})
    condition = Q()
    for term in to_ascii_digits(q).split():
        # Thai letters and digits have no case: a plain LIKE finds the same rows without
        # upper-casing every name in scope (a third of a search's time at 200,000 rows).
        contains = "icontains" if term.lower() != term.upper() else "contains"
        condition &= (
            Q(**{f"{survey}head_first_name__{contains}": term})
            | Q(**{f"{survey}head_last_name__{contains}": term})
            # A subquery, not the joined column: the names are then checked while reading
            # the records, before the join, instead of on every joined pair.
            | Q(household__in=Household.objects.filter(**{f"house_no__{contains}": term}))
        )
    return condition


def _ordering(sort: str) -> list[str]:
    descending = sort.startswith("-")
    columns = SORTS.get(sort.removeprefix("-"), SORTS[DEFAULT_SORT])
    prefix = "-" if descending else ""
    # The primary key last: pages must not repeat or skip rows with equal sort values.
    return [f"{prefix}{column}" for column in columns] + [f"{prefix}pk"]


def _poor(survey_round: SurveyRound) -> Q:
    # The round's threshold as a constant, not a join: the (round, income) index then serves
    # "poor only" and the sort by income.
    return Q(income_per_person__lt=survey_round.income_threshold)


def registry_surveys(user, filters: RegistryFilters) -> QuerySet[HouseholdSurvey]:
    """The round's survey records the user may see, filtered, searched and sorted for the
    registry list and its export (joined: village, subdistrict, district, round)."""
    if filters.survey_round is None:
        return surveys_visible_to(user).none()
    surveys = household_surveys_for_list(user, filters.survey_round)
    if filters.district:
        surveys = surveys.filter(in_area(filters.district))
    if filters.subdistrict:
        surveys = surveys.filter(in_area(filters.subdistrict))
    if filters.village:
        surveys = surveys.filter(household__village_id=filters.village)
    if filters.poor == Poor.YES:
        surveys = surveys.filter(_poor(filters.survey_round))
    elif filters.poor == Poor.NO:
        surveys = surveys.filter(~_poor(filters.survey_round))
    if filters.failed_indicator is not None:
        surveys = surveys.filter(failed_indicators__contains=f",{filters.failed_indicator},")
    if filters.income_min is not None:
        surveys = surveys.filter(income_per_person__gte=filters.income_min)
    if filters.income_max is not None:
        surveys = surveys.filter(income_per_person__lte=filters.income_max)
    if filters.q:
        surveys = surveys.filter(search_condition(filters.q))
    return surveys.order_by(*_ordering(filters.sort))


# Above this many rows (the planner's estimate), a list narrowed by area, poverty or income
# only says "about N" from the planner's statistics instead of counting every row in scope on
# each page: 200 ms for a province of 200,000 households (issue 9).
ESTIMATE_ABOVE = 5_000
# Lists narrowed by a search or a failed indicator count their rows up to this many ("more
# than 1,000"): the planner cannot estimate them (names are matched inside words; indicators
# fail together), and counting every match would scan the whole scope.
COUNT_CAP = 1_000


@dataclass(frozen=True)
class RegistryTotals:
    """How many records a registry list holds, and how sure that figure is."""

    total: int
    poor: int | None  # None when capped: the poor among the first `total` tell nothing
    estimated: bool = False  # both figures are the planner's estimates ("about N")
    capped: bool = False  # more than `total` records match; not counted further
    # When counted by listing them: the first COUNT_CAP + 1 records' keys in the list's order,
    # from which the first pages are served without scanning the matches again.
    first_ids: tuple[int, ...] | None = field(default=None, compare=False, repr=False)

    @property
    def approximate(self) -> bool:
        return self.estimated or self.capped


def _planner_rows(queryset: QuerySet) -> int | None:
    """The planner's estimate of the rows a query returns (PostgreSQL, after ANALYZE); None
    on a database that gives none."""
    if connections[queryset.db].vendor != "postgresql":
        return None
    explained = queryset.order_by().values("pk").explain(format="json")
    if not explained:  # a query Django knows to be empty (none(), `in` an empty set)
        return 0
    return int(json.loads(explained)[0]["Plan"]["Plan Rows"])


def _about(rows: int) -> int:
    """An estimate rounded so that it does not pretend to be exact (9,523 → 9,500)."""
    if rows < 1_000:
        return rows
    step = 10 ** (len(str(rows)) - 2)
    return round(rows / step) * step


def registry_totals(surveys: QuerySet[HouseholdSurvey], filters: RegistryFilters) -> RegistryTotals:
    """The records of a registry list and how many of them are poor, in one query at most:
    estimated by the planner for large lists narrowed by area, poverty or income alone,
    counted up to COUNT_CAP for searches and failed indicators, counted exactly otherwise."""
    if filters.survey_round is None:
        return RegistryTotals(total=0, poor=0)
    poor = _poor(filters.survey_round)
    if filters.q or filters.failed_indicator is not None:
        # One bounded scan, in the list's order, both counts and finds the first pages: a
        # count and a page apart scanned the matches twice (by two plans, often the worse).
        first = list(surveys.values_list("pk", "income_per_person")[: COUNT_CAP + 1])
        ids = tuple(pk for pk, _income in first)
        if len(first) > COUNT_CAP:
            return RegistryTotals(total=COUNT_CAP, poor=None, capped=True, first_ids=ids)
        threshold = filters.survey_round.income_threshold
        return RegistryTotals(
            total=len(first),
            poor=sum(income < threshold for _pk, income in first),
            first_ids=ids,
        )
    estimate = _planner_rows(surveys)
    if estimate is not None and estimate > ESTIMATE_ABOVE:
        return RegistryTotals(
            total=_about(estimate),
            poor=_about(_planner_rows(surveys.filter(poor))),
            estimated=True,
        )
    counted = surveys.order_by().aggregate(total=Count("pk"), poor=Count("pk", filter=poor))
    return RegistryTotals(total=counted["total"], poor=counted["poor"])


class _RegistryPage(Page):
    def has_next(self) -> bool:
        return self.number < self.paginator.num_pages


class RegistryPaginator(Paginator):
    """Pages of a registry list on its totals, counted once for the figures and the pages.

    When the totals are approximate, a page past them is still served, whether there is a
    next page is known by fetching one row more than a page, and a page past the end (the
    "last page" link of an estimate that was too high) counts the rows and serves the last.
    """

    def __init__(self, surveys: QuerySet[HouseholdSurvey], per_page: int, *, totals):
        super().__init__(surveys, per_page)
        self.count = totals.total  # the count was made: the paginator makes no other
        self.approximate = totals.approximate
        self.pages_known = not totals.approximate  # is num_pages exact?
        self.first_ids = totals.first_ids

    def validate_number(self, number):
        if not self.approximate:
            return super().validate_number(number)
        return self._validate_number(number, max(self.num_pages, _MAX_PAGE))

    def _listed(self, bottom: int, top: int) -> list[HouseholdSurvey] | None:
        """Rows bottom..top (and one more, to tell whether a page follows) from the keys the
        count listed, or None when they are not all among them."""
        ids = self.first_ids
        if ids is None or (top >= len(ids) and len(ids) > COUNT_CAP):
            return None
        wanted = ids[bottom : top + 1]
        by_pk = self.object_list.order_by().in_bulk(wanted)
        return [by_pk[pk] for pk in wanted if pk in by_pk]

    def page(self, number):
        if not self.approximate:
            if self.first_ids is not None:
                number = self.validate_number(number)
                bottom = (number - 1) * self.per_page
                rows = self._listed(bottom, bottom + self.per_page)
                return _RegistryPage(rows[: self.per_page], number, self)
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = self._listed(bottom, bottom + self.per_page)
        if rows is None:
            rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            self.approximate = False
            self.count = self.object_list.count()
            self.__dict__.pop("num_pages", None)
            return super().page(self.num_pages)
        more = len(rows) > self.per_page
        estimated_pages = ceil(self.count / self.per_page)
        # On the last page the number of pages is known, whatever the estimate said.
        self.num_pages = max(estimated_pages, number + 1) if more else number
        self.pages_known = not more
        return _RegistryPage(rows[: self.per_page], number, self)


_MAX_PAGE = 10**6


def districts_for_filter(user) -> QuerySet[District]:
    """The districts a user may filter the registry by: those inside (or holding) their scope."""
    scope = area_scope_of(user)
    if scope is None:
        return District.objects.none()
    return District.objects.filter(code__startswith=scope[:4]).order_by("code")


# The detail page ------------------------------------------------------------------------------


@dataclass
class RoundColumn:
    """One round's record of a household, as a column of the detail page."""

    survey: HouseholdSurvey
    is_poor: bool
    graduated: bool  # not poor in this round after being poor in the round before
    failed: list[tuple[int, str]] = field(default_factory=list)  # (number, Thai text)

    @property
    def survey_round(self) -> SurveyRound:
        return self.survey.survey_round


def household_round_columns(household: Household) -> list[RoundColumn]:
    """Every round of a household found by get_household_for_user_or_404 (surveys prefetched,
    oldest first), with the failed indicators' texts: one query, none when it has no survey."""
    surveys = list(household.surveys.all())
    texts: dict[tuple[int, int], str] = {}
    if surveys:
        set_ids = {survey.survey_round.indicator_set_id for survey in surveys}
        texts = {
            (set_id, number): text
            for set_id, number, text in Indicator.objects.filter(
                indicator_set_id__in=set_ids
            ).values_list("indicator_set_id", "number", "text_th")
        }
    columns: list[RoundColumn] = []
    for survey in surveys:
        set_id = survey.survey_round.indicator_set_id
        is_poor = survey.is_poor
        columns.append(
            RoundColumn(
                survey=survey,
                is_poor=is_poor,
                graduated=not is_poor and bool(columns) and columns[-1].is_poor,
                failed=[
                    (number, texts.get((set_id, number), ""))
                    for number in survey.failed_indicator_numbers
                ],
            )
        )
    return columns
