"""Reads of agencies, MOUs and pledges, scoped to the viewer.

Province staff and admins see their province's agencies (and national ones) and MOUs;
district officers see the pledges that cover their district and the MOUs that hold them;
an agency liaison sees their own agency; viewers see aggregates only (on the dashboard).
"""

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404

from povertyprog.accounts.access import area_scope_of
from povertyprog.accounts.roles import Perm, Role, has_perm

from .models import MOU, Agency, MOUSignatory, Pledge


def _province_prefix(user) -> str | None:
    scope = area_scope_of(user)
    return None if scope is None else scope[:2]


def may_see_agencies(user) -> bool:
    """Everyone but viewers (who see aggregates on the dashboard) may open these pages."""
    return user.is_authenticated and _sees_directory(user)


def _sees_directory(user) -> bool:
    return user.is_superuser or user.role in {
        Role.PROVINCE_ADMIN,
        Role.PROVINCE_STAFF,
        Role.DISTRICT_OFFICER,
        Role.AGENCY_LIAISON,
    }


def agencies_visible_to(user) -> QuerySet[Agency]:
    province = _province_prefix(user)
    if province is None or not _sees_directory(user):
        return Agency.objects.none()
    if user.role == Role.AGENCY_LIAISON and not user.is_superuser:
        return Agency.objects.filter(pk=user.agency_id)
    agencies = Agency.objects.select_related("province")
    if province:
        agencies = agencies.filter(Q(province__isnull=True) | Q(province__code=province))
    return agencies


def pledges_visible_to(user) -> QuerySet[Pledge]:
    province = _province_prefix(user)
    if province is None or not _sees_directory(user):
        return Pledge.objects.none()
    pledges = Pledge.objects.filter(mou__province__code__startswith=province)
    if user.is_superuser:
        return pledges
    if user.role == Role.AGENCY_LIAISON:
        return pledges.filter(agency_id=user.agency_id)
    if user.role == Role.DISTRICT_OFFICER:
        return pledges.filter(districts__code=user.area_scope[:4]).distinct()
    return pledges


def mous_visible_to(user) -> QuerySet[MOU]:
    province = _province_prefix(user)
    if province is None or not _sees_directory(user):
        return MOU.objects.none()
    mous = MOU.objects.filter(province__code__startswith=province)
    if user.is_superuser or user.role in {Role.PROVINCE_ADMIN, Role.PROVINCE_STAFF}:
        return mous
    if user.role == Role.AGENCY_LIAISON:
        return mous.filter(signatories__agency_id=user.agency_id).distinct()
    return mous.filter(pk__in=pledges_visible_to(user).values("mou_id"))


def may_manage_agencies(user) -> bool:
    return has_perm(user, Perm.MANAGE_AGENCIES)


def may_edit_agency(user, agency: Agency) -> bool:
    """A national agency serves every province: only national-scope managers change it."""
    if not may_manage_agencies(user):
        return False
    return agency.province_id is not None or area_scope_of(user) == ""


def mou_list_for(user) -> QuerySet[MOU]:
    return (
        mous_visible_to(user)
        .select_related("province")
        .annotate(
            signatory_count=Count("signatories", distinct=True),
            pledge_count=Count(
                "pledges",
                filter=Q(pledges__in=pledges_visible_to(user).values("pk")),
                distinct=True,
            ),
        )
        .order_by(*MOU._meta.ordering)
    )


def get_mou_for_user_or_404(user, pk) -> MOU:
    """One MOU with its signatories and the pledges this user may see; 404 otherwise."""
    try:
        return (
            mous_visible_to(user)
            .select_related("province", "created_by")
            .prefetch_related(
                Prefetch("signatories", queryset=MOUSignatory.objects.select_related("agency")),
                Prefetch(
                    "pledges",
                    queryset=pledges_visible_to(user)
                    .select_related("agency")
                    .prefetch_related("districts"),
                    to_attr="visible_pledges",
                ),
            )
            .get(pk=pk)
        )
    except (MOU.DoesNotExist, ValueError):
        raise Http404 from None


def get_agency_for_user_or_404(user, pk) -> Agency:
    try:
        return agencies_visible_to(user).get(pk=pk)
    except (Agency.DoesNotExist, ValueError):
        raise Http404 from None


def agency_mous(user, agency: Agency) -> QuerySet[MOU]:
    return mous_visible_to(user).filter(signatories__agency=agency).distinct()


def agency_pledges(user, agency: Agency) -> QuerySet[Pledge]:
    return (
        pledges_visible_to(user)
        .filter(agency=agency)
        .select_related("mou")
        .prefetch_related("districts")
    )


def pledge_totals(pledges: QuerySet[Pledge]) -> dict:
    """Pledged households and budget. Delivered counts come from assistance records, which
    later issues add; until then they are zero."""
    totals = pledges.aggregate(households=Sum("households_pledged"), budget=Sum("budget"))
    return {
        "households": totals["households"] or 0,
        "budget": totals["budget"] or 0,
        "delivered": 0,
    }
