"""Reads of the fair, always scoped to the viewer (start from households/selectors.py).

A fair belongs to a programme, so to a province. Province staff and admins manage the fairs
of their province (MANAGE_FAIR with a province or national scope); district officers work
on their district's invitations and RSVPs (MANAGE_FAIR with a district scope); desk staff
(CHECK_IN) check households in. Everyone else sees no fair. Out of scope answers 404,
exactly as missing.
"""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from povertyprog.accounts.access import area_scope_for
from povertyprog.accounts.roles import Perm

from .models import Fair, Invitation


def _fair_scope(user) -> str | None:
    """The area prefix in which the user works on fairs (manage or check in), or None."""
    for perm in (Perm.MANAGE_FAIR, Perm.CHECK_IN):
        scope = area_scope_for(user, perm)
        if scope is not None:
            return scope
    return None


def check_in_scope(user, province: str) -> str:
    """The area prefix in which the user checks households in at a fair of this province
    (a district desk account: its district); 404 when none."""
    scope = area_scope_for(user, Perm.CHECK_IN)
    if scope is None or not (province.startswith(scope) or scope.startswith(province)):
        raise Http404
    return scope


def fairs_visible_to(user) -> QuerySet[Fair]:
    """Fairs of the programmes of the user's province (a district's officer or desk: the
    province their district lies in)."""
    scope = _fair_scope(user)
    if scope is None:
        return Fair.objects.none()
    fairs = Fair.objects.select_related("programme__province")
    return fairs.filter(programme__province_id=scope[:2]) if scope else fairs


def get_fair_for_user_or_404(user, pk) -> Fair:
    try:
        return fairs_visible_to(user).get(pk=pk)
    except (Fair.DoesNotExist, ValueError):
        raise Http404 from None


def fair_is_managed_by(user, fair: Fair) -> bool:
    """May the user change the fair itself (its dates, quotas, desks, booths, plan of
    work)? Province-wide fair managers of its province, not district officers."""
    scope = area_scope_for(user, Perm.MANAGE_FAIR)
    return scope is not None and len(scope) <= 2 and fair.programme.province_id.startswith(scope)


def invitations_visible_to(user, fair: Fair | None = None) -> QuerySet[Invitation]:
    """Invitations of households living in the user's scope (MANAGE_FAIR): the province's
    for province staff, their district's for a district officer."""
    scope = area_scope_for(user, Perm.MANAGE_FAIR)
    if scope is None:
        return Invitation.objects.none()
    invitations = Invitation.objects.filter(
        Q(target__household__village__code__startswith=scope) if scope else Q()
    )
    return invitations.filter(fair=fair) if fair is not None else invitations


def get_invitation_for_user_or_404(user, pk) -> Invitation:
    try:
        return (
            invitations_visible_to(user)
            .select_related(
                "fair__programme",
                "target__household__village__subdistrict__district",
                "target__survey",
                "desk",
                "rsvp_by",
            )
            .get(pk=pk)
        )
    except (Invitation.DoesNotExist, ValueError):
        raise Http404 from None


def next_fair_for(user) -> Fair | None:
    """The fair the user works on (CHECK_IN) that has not ended yet, the soonest first."""
    return (
        fairs_visible_to(user)
        .filter(ends_at__gte=timezone.now())
        .select_related("programme")
        .order_by("starts_at", "pk")
        .first()
    )
