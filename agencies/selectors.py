"""Reads of agencies, MOUs and pledges, scoped to the viewer.

Who sees these pages is Perm.VIEW_AGENCIES (every role but viewers, who see aggregates on the
dashboard). What they see follows their scope (`accounts.roles.ROLE_SCOPES`): area-scoped
users see their province's agencies (and national ones) and MOUs, and, when their scope is a
district, the pledges covering it and the MOUs that hold them; agency-scoped users (liaisons)
see their own agency, its pledges and the MOUs it signed, through their `AgencyLiaison` link:
without a link, nothing.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from povertyprog.accounts.access import area_scope_of
from povertyprog.accounts.roles import Perm, ScopeKind, has_perm, scope_kind_of
from povertyprog.areas.models import District

from .delivery import NOTHING, Delivered, delivery_figures
from .models import MOU, Agency, AgencyLiaison, Lever, MOUSignatory, Pledge
from .services import agency_check_rights


def _province_prefix(user) -> str | None:
    """The province part of the user's scope ("" nationally); None when they see no agency."""
    scope = area_scope_of(user)
    if scope is None or not has_perm(user, Perm.VIEW_AGENCIES):
        return None
    return scope[:2]


def liaison_agency_id(user) -> int | None:
    """The agency an agency-scoped user acts for; None without a link (they see nothing)."""
    if scope_kind_of(user) != ScopeKind.AGENCY:
        return None
    try:
        # The reverse one-to-one is cached on the user: one query per request.
        return user.agency_link.agency_id
    except AgencyLiaison.DoesNotExist:
        return None


def liaison_agency(user) -> Agency | None:
    agency_id = liaison_agency_id(user)
    return None if agency_id is None else Agency.objects.filter(pk=agency_id).first()


def agencies_visible_to(user) -> QuerySet[Agency]:
    province = _province_prefix(user)
    if province is None:
        return Agency.objects.none()
    if scope_kind_of(user) == ScopeKind.AGENCY:
        agency_id = liaison_agency_id(user)
        return Agency.objects.none() if agency_id is None else Agency.objects.filter(pk=agency_id)
    agencies = Agency.objects.select_related("province")
    if province:
        agencies = agencies.filter(Q(province__isnull=True) | Q(province__code=province))
    return agencies


def pledges_visible_to(user) -> QuerySet[Pledge]:
    province = _province_prefix(user)
    if province is None:
        return Pledge.objects.none()
    pledges = Pledge.objects.filter(mou__province__code__startswith=province)
    if scope_kind_of(user) == ScopeKind.AGENCY:
        agency_id = liaison_agency_id(user)
        return Pledge.objects.none() if agency_id is None else pledges.filter(agency_id=agency_id)
    district = area_scope_of(user)[:4]
    if len(district) == 4:  # a district's (or subdistrict's) user: the pledges covering it
        return pledges.filter(districts__code=district).distinct()
    return pledges


def mous_visible_to(user) -> QuerySet[MOU]:
    province = _province_prefix(user)
    if province is None:
        return MOU.objects.none()
    mous = MOU.objects.filter(province__code__startswith=province)
    if scope_kind_of(user) == ScopeKind.AGENCY:
        agency_id = liaison_agency_id(user)
        if agency_id is None:
            return MOU.objects.none()
        return mous.filter(signatories__agency_id=agency_id).distinct()
    if len(area_scope_of(user)) <= 2:  # the province's (or the country's) users: every MOU
        return mous
    return mous.filter(pk__in=pledges_visible_to(user).values("mou_id"))


def may_manage_agencies(user) -> bool:
    return has_perm(user, Perm.MANAGE_AGENCIES)


def may_edit_agency(user, agency: Agency) -> bool:
    """May the user change this agency? The service's rule (`agency_check_rights`), asked
    before the page offers the form."""
    try:
        agency_check_rights(
            agency=agency, province_id=agency.province_id, name=agency.name_th, by=user
        )
    except ValidationError:
        return False
    return True


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
                    .select_related("agency", "assistance_type")
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
        .select_related("mou", "assistance_type")
        .prefetch_related("districts")
    )


@dataclass
class DeliveryRow:
    """One line of a pledged-vs-delivered table: a group (agency, lever or district) with the
    households its pledges promised, their budget, and what was delivered (`Delivered`)."""

    key: object
    label: str
    pledged: int = 0
    budget: Decimal = Decimal(0)
    pledges: int = 0
    delivered: Delivered = NOTHING
    obj: object = None  # the agency, for its link

    @property
    def percent(self) -> int:
        """Households assisted as a share of those pledged (0 when none were pledged)."""
        return round(100 * self.delivered.households / self.pledged) if self.pledged else 0


def pledge_delivery(pledges, *, by_agency: bool = False) -> dict:
    """Pledged vs delivered for pledges a page has loaded (with their agency and districts):
    each pledge gets `delivered`, `value_delivered` and `hosted`; the totals (households
    delivered summed over the pledges, as pledged households are); and the tables per agency
    (when `by_agency`), per lever (the four, always) and per district.

    Per district, pledged is the households pledged by the pledges that name the district (a
    pledge naming several counts in each), delivered the distinct households assisted under
    the pledges that live in the district now (named by the pledge or not). Delivered figures
    come from agencies.delivery in a fixed number of queries; a district nobody pledged for
    but where help arrived costs one more, for its name.
    """
    pledges = list(pledges)
    figures = delivery_figures(pledge.pk for pledge in pledges)
    agencies: dict[int, DeliveryRow] = {}
    levers = {lever: DeliveryRow(lever, label) for lever, label in Lever.choices}
    districts: dict[str, DeliveryRow] = {}
    for pledge in pledges:
        delivered = figures.by_pledge.get(pledge.pk, NOTHING)
        pledge.delivered = delivered.households
        pledge.value_delivered = delivered.value
        pledge.hosted = delivered.hosted
        groups = [levers[pledge.lever]]
        if by_agency:
            groups.append(
                agencies.setdefault(
                    pledge.agency_id,
                    DeliveryRow(pledge.agency_id, pledge.agency.name_th, obj=pledge.agency),
                )
            )
        for district in pledge.districts.all():
            groups.append(
                districts.setdefault(district.code, DeliveryRow(district.code, district.name))
            )
        for row in groups:
            row.pledged += pledge.households_pledged
            row.budget += pledge.budget
            row.pledges += 1
    unnamed = figures.by_district.keys() - districts.keys()
    names = {d.code: d.name for d in District.objects.filter(code__in=unnamed)} if unnamed else {}
    for code in unnamed:
        districts[code] = DeliveryRow(code, names.get(code, code))
    for rows, delivered in (
        (agencies, figures.by_agency),
        (levers, figures.by_lever),
        (districts, figures.by_district),
    ):
        for key, row in rows.items():
            row.delivered = delivered.get(key, NOTHING)
    return {
        "pledges": pledges,
        "totals": {
            "households": sum(pledge.households_pledged for pledge in pledges),
            "budget": sum((pledge.budget for pledge in pledges), Decimal(0)),
            "delivered": sum(pledge.delivered for pledge in pledges),
            "value": sum((pledge.value_delivered for pledge in pledges), Decimal(0)),
        },
        "by_agency": sorted(agencies.values(), key=lambda row: (row.label, row.key)),
        "by_lever": list(levers.values()),
        "by_district": [districts[code] for code in sorted(districts)],
    }
