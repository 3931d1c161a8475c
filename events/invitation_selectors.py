"""Reads for the invitations pages, scoped to the viewer (events.selectors decides the scope):
the list grouped by subdistrict and village, the counts against the quota, the cases that
may still be invited."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum

from households.programme_selectors import targets_visible_to
from povertyprog.accounts.access import area_scope_for
from povertyprog.accounts.roles import Perm
from povertyprog.areas.models import District

from .models import Fair, FairDistrictQuota, Invitation, RSVPStatus
from .selectors import invitations_visible_to
from .services.invitations import invitable_targets


def invitation_rows(user, fair: Fair, *, district: str = "", no_answer: bool = False):
    """The fair's invitations the user works on, with everything a row shows, in the order
    of the grouped list (subdistrict, village, house number)."""
    rows = invitations_visible_to(user, fair).select_related(
        "target__household__village__subdistrict__district", "target__survey", "rsvp_by"
    )
    if district:
        rows = rows.filter(target__household__village__code__startswith=district)
    if no_answer:
        rows = rows.filter(rsvp_status=RSVPStatus.NO_ANSWER)
    return rows.order_by("target__household__village_id", "target__household__house_no", "pk")


@dataclass
class VillageGroup:
    village: object
    rows: list = field(default_factory=list)

    @property
    def no_answer(self) -> int:
        return sum(1 for row in self.rows if row.rsvp_status == RSVPStatus.NO_ANSWER)


@dataclass
class SubdistrictGroup:
    subdistrict: object
    villages: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(group.rows) for group in self.villages)


def invitations_grouped(rows) -> list[SubdistrictGroup]:
    """Rows (ordered by village) grouped by subdistrict, then village."""
    groups: list[SubdistrictGroup] = []
    for row in rows:
        village = row.target.household.village
        if not groups or groups[-1].subdistrict.code != village.subdistrict_id:
            groups.append(SubdistrictGroup(village.subdistrict))
        villages = groups[-1].villages
        if not villages or villages[-1].village.code != village.code:
            villages.append(VillageGroup(village))
        villages[-1].rows.append(row)
    return groups


def invitation_counts(user, fair: Fair, *, district: str = "") -> dict:
    """Invited, confirmed, declined and no answer in the user's scope (or the district),
    and the quota of the districts it covers (None when one of them has no quota)."""
    invitations = invitations_visible_to(user, fair)
    scope = area_scope_for(user, Perm.MANAGE_FAIR) or ""
    prefix = district or scope
    if district:
        invitations = invitations.filter(target__household__village__code__startswith=district)
    counts = invitations.aggregate(
        invited=Count("pk"),
        confirmed=Count("pk", filter=Q(rsvp_status=RSVPStatus.CONFIRMED)),
        declined=Count("pk", filter=Q(rsvp_status=RSVPStatus.DECLINED)),
        no_answer=Count("pk", filter=Q(rsvp_status=RSVPStatus.NO_ANSWER)),
        people=Sum("people_coming", filter=Q(rsvp_status=RSVPStatus.CONFIRMED)),
    )
    quotas = dict(
        FairDistrictQuota.objects.filter(
            fair=fair, district__code__startswith=prefix[:4]
        ).values_list("district_id", "quota")
    )
    invited_districts = set(invitations.values_list("district_id", flat=True).distinct())
    uncapped = invited_districts - set(quotas)
    counts["quota"] = None if uncapped or not quotas else sum(quotas.values())
    counts["people"] = counts["people"] or 0
    return counts


def fair_districts_for(user, fair: Fair) -> QuerySet[District]:
    """The districts of the fair's province the user works on (the district filter)."""
    scope = area_scope_for(user, Perm.MANAGE_FAIR) or ""
    return District.objects.filter(
        province_id=fair.programme.province_id, code__startswith=scope[:4]
    ).order_by("code")


def targets_to_invite(user, fair: Fair, query: str = "") -> QuerySet:
    """The user's cases of the fair's programme that may be invited and are not yet,
    found by house number or the head's name."""
    targets = invitable_targets(fair).filter(
        pk__in=targets_visible_to(user).filter(programme_id=fair.programme_id).values("pk")
    )
    query = query.strip()
    if query:
        targets = targets.filter(
            Q(household__house_no__icontains=query)
            | Q(survey__head_first_name__icontains=query)
            | Q(survey__head_last_name__icontains=query)
        )
    return targets.select_related("household__village", "survey").order_by("district_id", "rank")


def invitation_for_code(code: str) -> Invitation | None:
    """The invitation a (normalized) code opens, with what the public page shows."""
    return Invitation.objects.select_related("fair", "target__survey").filter(code=code).first()


def invited_village(user, fair: Fair, village_code: str):
    """The village (with its subdistrict) if the user sees invitations of the fair in it,
    else None."""
    from povertyprog.areas.models import Village

    if not invitation_rows(user, fair).filter(target__household__village_id=village_code).exists():
        return None
    return Village.objects.select_related("subdistrict").filter(code=village_code).first()
