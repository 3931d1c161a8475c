"""Reads behind the household registry pages: filters, search, sorting and totals applied to
the viewer's scoped survey records (households.selectors), and the per-round columns of a
household's detail page. Nothing here widens a scope: every queryset starts from a selector.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q, QuerySet

from povertyprog.accounts.access import area_scope_of
from povertyprog.areas.models import District
from povertyprog.core.crypto import lookup_hash
from povertyprog.thai.formats import mask_citizen_id, normalize_citizen_id, to_ascii_digits

from .models import Household, HouseholdSurvey, Indicator, SurveyRound
from .selectors import household_surveys_for_list, surveys_visible_to

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


def _search(q: str) -> Q:
    """A valid citizen ID matches exactly (by its keyed hash); any other text matches names
    and house numbers, every word somewhere."""
    if cid := searched_citizen_id(q):
        return Q(citizen_id_hash=lookup_hash(cid))
    condition = Q()
    for term in to_ascii_digits(q).split():
        condition &= (
            Q(head_first_name__icontains=term)
            | Q(head_last_name__icontains=term)
            | Q(household__house_no__iexact=term)
            | Q(household__house_no__icontains=term)
        )
    return condition


def _ordering(sort: str) -> list[str]:
    descending = sort.startswith("-")
    columns = SORTS.get(sort.removeprefix("-"), SORTS[DEFAULT_SORT])
    prefix = "-" if descending else ""
    # The primary key last: pages must not repeat or skip rows with equal sort values.
    return [f"{prefix}{column}" for column in columns] + [f"{prefix}pk"]


def _poor() -> Q:
    return Q(income_per_person__lt=F("survey_round__income_threshold"))


def registry_surveys(user, filters: RegistryFilters) -> QuerySet[HouseholdSurvey]:
    """The round's survey records the user may see, filtered, searched and sorted for the
    registry list and its export (joined: village, subdistrict, district, round)."""
    if filters.survey_round is None:
        return surveys_visible_to(user).none()
    surveys = household_surveys_for_list(user, filters.survey_round)
    if filters.district:
        surveys = surveys.filter(household__village__code__startswith=filters.district)
    if filters.subdistrict:
        surveys = surveys.filter(household__village__code__startswith=filters.subdistrict)
    if filters.village:
        surveys = surveys.filter(household__village_id=filters.village)
    if filters.poor == Poor.YES:
        surveys = surveys.filter(_poor())
    elif filters.poor == Poor.NO:
        surveys = surveys.filter(income_per_person__gte=F("survey_round__income_threshold"))
    if filters.failed_indicator is not None:
        surveys = surveys.filter(failed_indicators__contains=f",{filters.failed_indicator},")
    if filters.income_min is not None:
        surveys = surveys.filter(income_per_person__gte=filters.income_min)
    if filters.income_max is not None:
        surveys = surveys.filter(income_per_person__lte=filters.income_max)
    if filters.q:
        surveys = surveys.filter(_search(filters.q))
    return surveys.order_by(*_ordering(filters.sort))


def registry_totals(surveys: QuerySet[HouseholdSurvey]) -> dict[str, int]:
    """{"total": households, "poor": of which below the round's threshold}, in one query."""
    return surveys.order_by().aggregate(total=Count("pk"), poor=Count("pk", filter=_poor()))


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
