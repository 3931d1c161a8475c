"""Reads behind the check-in desk: the fair programme's cases a desk may check in, found by
name, house number or citizen ID, each with its invitation and its check-in if any.

The scope is the user's CHECK_IN scope (a district desk account: its district; province
staff and desks: the province), applied to where the household lives now, as the check-in
service does. The fair has been found through events.selectors.get_fair_for_user_or_404.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from households.models import Target
from households.registry_queries import search_condition
from povertyprog.accounts.access import area_scope_for
from povertyprog.accounts.roles import Perm
from povertyprog.thai.formats import mask_citizen_id, to_ascii_digits

from .models import CheckIn, CheckInKind, Desk, Fair, Invitation
from .selectors import check_in_scope

RESULTS_SHOWN = 20


def _scope(user, fair: Fair) -> str:
    return check_in_scope(user, fair.programme.province_id)


def desk_cases_visible_to(user, fair: Fair) -> QuerySet[Target]:
    """The cases of the fair's programme living in the user's check-in scope, with their
    invitation to this fair and their check-in at it (`fair_invitations`,
    `fair_check_ins`: lists of at most one)."""
    scope = _scope(user, fair)
    return (
        Target.objects.filter(programme=fair.programme)
        .filter(Q(household__village__code__startswith=scope) if scope else Q())
        .select_related("survey", "household__village")
        .prefetch_related(
            Prefetch(
                "invitations",
                queryset=Invitation.objects.filter(fair=fair).select_related("desk"),
                to_attr="fair_invitations",
            ),
            Prefetch(
                "check_ins",
                queryset=CheckIn.objects.filter(fair=fair).select_related("desk", "by"),
                to_attr="fair_check_ins",
            ),
        )
    )


def get_desk_case_for_user_or_404(user, fair: Fair, pk) -> Target:
    try:
        return desk_cases_visible_to(user, fair).get(pk=pk)
    except (Target.DoesNotExist, ValueError):
        raise Http404 from None


def _search(q: str) -> Q | None:
    """The registry's search (households.registry_queries) on the cases; None: nothing to
    search for."""
    if not to_ascii_digits(q).split():
        return None
    return search_condition(q, survey="survey__")


@dataclass(frozen=True)
class DeskCase:
    """One search result as the desk shows it (the citizen ID masked)."""

    target: Target
    name: str
    house: str
    citizen_id_masked: str
    invitation: Invitation | None
    check_in: CheckIn | None
    walk_in: str  # "" invited here; else the CheckInKind a check-in would record

    @property
    def checked_in_at(self) -> datetime | None:
        return timezone.localtime(self.check_in.checked_in_at) if self.check_in else None


def desk_search(user, fair: Fair, q: str, desk: Desk | None) -> tuple[list[DeskCase], QuerySet]:
    """The cases matching `q` (at most RESULTS_SHOWN), and the whole matching queryset (for
    the access log of a citizen-ID search)."""
    condition = _search(q or "")
    if condition is None:
        return [], Target.objects.none()
    matches = desk_cases_visible_to(user, fair).filter(condition)
    results = []
    for target in matches.order_by("survey__head_first_name", "pk")[:RESULTS_SHOWN]:
        invitation = target.fair_invitations[0] if target.fair_invitations else None
        kind = CheckInKind.of(
            invitation.district_id if invitation else None, desk.district_id if desk else None
        )
        walk_in = "" if kind == CheckInKind.INVITED else kind
        survey = target.survey
        results.append(
            DeskCase(
                target=target,
                name=survey.head_name,
                house=f"{target.household.house_no} {target.household.village}",
                citizen_id_masked=mask_citizen_id(survey.citizen_id),
                invitation=invitation,
                check_in=target.fair_check_ins[0] if target.fair_check_ins else None,
                walk_in=walk_in,
            )
        )
    return results, matches


def desk_of_fair(fair: Fair, desk_id) -> Desk | None:
    """The desk chosen on the page (`?desk=`), None when none or not this fair's."""
    try:
        return Desk.objects.filter(fair=fair, pk=int(desk_id)).first()
    except (TypeError, ValueError):
        return None


def desk_check_ins_today(fair: Fair, desk: Desk | None) -> int:
    """How many households this desk (or the fair, without a desk) checked in today."""
    check_ins = CheckIn.objects.filter(fair=fair, checked_in_at__date=timezone.localdate())
    return (check_ins.filter(desk=desk) if desk else check_ins).count()


def desk_sheet_invitations(user, desk: Desk) -> QuerySet[Invitation]:
    """The desk's invitations in the user's check-in scope, in the sheet's order:
    subdistrict, village, house number."""
    scope = area_scope_for(user, Perm.CHECK_IN)
    if scope is None:
        return Invitation.objects.none()
    return (
        Invitation.objects.filter(
            fair_id=desk.fair_id, desk=desk, target__household__village__code__startswith=scope
        )
        .select_related("target__survey", "target__household__village__subdistrict", "check_in")
        .order_by(
            "target__household__village__subdistrict_id",
            "target__household__village_id",
            "target__household__house_no",
            "pk",
        )
    )
