"""Reads of the household registry, always scoped to the viewer.

Area scope comes from the user's area prefix; agency liaisons see only the households
their agency hosts now (households.models.HostAssignment).
Viewers see no personal data at all: their household querysets are empty.
"""

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from povertyprog.accounts.access import area_scope_of
from povertyprog.accounts.roles import Perm, ScopeKind, has_perm, scope_kind_of
from povertyprog.areas.selectors import provinces_in_scope

from .models import Household, HouseholdSurvey, ImportBatch, SurveyRound


def _personal_data_area(user) -> str | None:
    """The area prefix in which this user sees every household's personal data, or None when
    they see none by area (no perm, no scope, or a liaison's agency scope)."""
    scope = area_scope_of(user)
    if scope is None or not has_perm(user, Perm.VIEW_PERSONAL_DATA):
        return None
    if scope_kind_of(user) != ScopeKind.AREA:
        # Agency-scoped users (liaisons) see only the households their agency hosts
        # (households_visible_to), never by area.
        return None
    return scope


def households_visible_to(user) -> QuerySet[Household]:
    """Households whose personal data this user may see."""
    scope = _personal_data_area(user)
    if scope is None:
        if has_perm(user, Perm.VIEW_PERSONAL_DATA) and scope_kind_of(user) == ScopeKind.AGENCY:
            # A liaison: the households of the cases their agency hosts now.
            from .programme_selectors import targets_visible_to

            return Household.objects.filter(pk__in=targets_visible_to(user).values("household_id"))
        return Household.objects.none()
    return Household.objects.filter(village__code__startswith=scope)


def surveys_visible_to(user) -> QuerySet[HouseholdSurvey]:
    return HouseholdSurvey.objects.filter(household__in=households_visible_to(user))


def get_household_for_user_or_404(user, pk) -> Household:
    """One household with its village and every round's survey; 404 if missing or out of scope."""
    try:
        return (
            households_visible_to(user)
            .select_related("village__subdistrict__district__province")
            .prefetch_related(
                Prefetch(
                    "surveys",
                    queryset=HouseholdSurvey.objects.select_related(
                        "survey_round__indicator_set"
                    ).order_by("survey_round__year_be"),
                )
            )
            .get(pk=pk)
        )
    except (Household.DoesNotExist, ValueError):
        raise Http404 from None


def household_surveys_for_list(user, survey_round: SurveyRound) -> QuerySet[HouseholdSurvey]:
    """The round's survey records the user may see, joined for a list page.

    An area scope is written as a range on the joined household's village (`in_area`), not
    as a subquery: the (village, house number) index then serves the scope and the default
    sort at once, and the planner estimates the rows right (issue 9)."""
    scope = _personal_data_area(user)
    if scope is None:
        surveys = surveys_visible_to(user)
    else:
        surveys = HouseholdSurvey.objects.filter(in_area(scope))
    return surveys.filter(survey_round=survey_round).select_related(
        "household__village__subdistrict__district", "survey_round"
    )


def in_area(prefix: str) -> Q:
    """Survey records of households in an area, as a range of village codes: "5007" is
    "5007" <= code < "5008". Codes are digits of fixed length per level, so the range holds
    exactly the codes that start with the prefix, and unlike LIKE it uses the ordinary
    (village, house number) index under any collation."""
    if not prefix:
        return Q()
    condition = Q(household__village__code__gte=prefix)
    if following := _following_code(prefix):
        condition &= Q(household__village__code__lt=following)
    return condition


def _following_code(prefix: str) -> str:
    """The first code of the same length after `prefix` ("5007" → "5008", "5009" → "5010");
    empty after "99…", which no code follows."""
    following = str(int(prefix) + 1).zfill(len(prefix))
    return following if len(following) == len(prefix) else ""


def rounds_all() -> QuerySet[SurveyRound]:
    """Rounds are reference data: every logged-in user may see them."""
    return SurveyRound.objects.select_related("indicator_set").order_by("-year_be")


def imports_visible_to(user) -> QuerySet[ImportBatch]:
    """Imports of provinces inside the user's scope, for those who may import."""
    if not has_perm(user, Perm.IMPORT_SURVEYS):
        return ImportBatch.objects.none()
    return ImportBatch.objects.filter(province__in=provinces_in_scope(user)).select_related(
        "created_by", "survey_round", "province"
    )


def get_import_for_user_or_404(user, pk) -> ImportBatch:
    try:
        return imports_visible_to(user).get(pk=pk)
    except (ImportBatch.DoesNotExist, ValueError):
        raise Http404 from None
