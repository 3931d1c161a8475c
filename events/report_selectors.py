"""The fair's booths and attendance report: reads scoped to the viewer.

The attendance report, by district and by subdistrict, in a constant number of
aggregate queries, and the no-show list for follow-up.

The figures (each district's row and the fair's totals):
- invited: invitations of the fair; confirmed / declined / no_answer: their RSVP now;
- checked_in: invitations whose household checked in (at any desk);
- no_shows: invitations whose household did not check in (whatever it answered), once the
  fair has started (before it, nobody has failed to come yet: 0);
- walk_ins: check-ins without an invitation, or at another district's desk (those are
  also counted in checked_in: they were invited, but not to that desk).
A household is counted in its own district and subdistrict (where it lives), whichever
desk it came to.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from households.models import Target
from households.programme_selectors import targets_visible_to
from povertyprog.accounts.access import area_scope_for
from povertyprog.accounts.roles import Perm
from povertyprog.areas.models import District, Subdistrict
from povertyprog.thai.formats import to_ascii_digits

from .codes import code_normalize
from .models import Booth, BoothService, CheckIn, CheckInKind, Fair, Invitation
from .selectors import invitations_visible_to

FIGURES = ("invited", "confirmed", "declined", "no_answer", "checked_in", "walk_ins", "no_shows")


@dataclass
class AttendanceRow:
    code: str
    name: str
    invited: int = 0
    confirmed: int = 0
    declined: int = 0
    no_answer: int = 0
    checked_in: int = 0
    walk_ins: int = 0
    no_shows: int = 0

    @property
    def district_code(self) -> str:
        return self.code[:4]

    def figures(self) -> dict[str, int]:
        return {key: getattr(self, key) for key in FIGURES}

    def as_dict(self) -> dict:
        return {"code": self.code, "name": self.name, **self.figures()}


@dataclass
class AttendanceReport:
    fair: Fair
    total: AttendanceRow
    by_district: list[AttendanceRow] = field(default_factory=list)
    by_subdistrict: list[AttendanceRow] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {**self.total.figures(), "by_district": [r.as_dict() for r in self.by_district]}


def fairs_reported_to(user) -> QuerySet[Fair]:
    """Fairs whose aggregate report the user may read: those of the province their
    dashboard scope lies in (viewers included: the report holds no personal data)."""
    scope = area_scope_for(user, Perm.VIEW_DASHBOARD)
    if scope is None:
        return Fair.objects.none()
    fairs = Fair.objects.select_related("programme__province")
    return fairs.filter(programme__province_id=scope[:2]) if scope else fairs


def get_fair_for_report_or_404(user, pk) -> Fair:
    try:
        return fairs_reported_to(user).get(pk=pk)
    except (Fair.DoesNotExist, ValueError):
        raise Http404 from None


_INVITATION_FIGURES = {
    "invited": Count("pk"),
    "confirmed": Count("pk", filter=Q(rsvp_status="confirmed")),
    "declined": Count("pk", filter=Q(rsvp_status="declined")),
    "no_answer": Count("pk", filter=Q(rsvp_status="no_answer")),
    "checked_in": Count("pk", filter=Q(check_in__isnull=False)),
}
_WALK_IN = Q(invitation__isnull=True) | Q(kind=CheckInKind.OTHER_DESK)


def _rows(fair: Fair, area: str) -> dict[str, AttendanceRow]:
    """One row per area ("district" or "subdistrict") that has an invitation or a walk-in:
    two aggregate queries."""
    if area == "district":
        key = "target__district_id"
    else:
        key = "target__household__village__subdistrict_id"
    rows: dict[str, AttendanceRow] = {}
    started = fair_started(fair)
    invited = (
        Invitation.objects.filter(fair=fair).values(key).annotate(**_INVITATION_FIGURES).order_by()
    )
    for entry in invited:
        row = rows.setdefault(entry[key], AttendanceRow(code=entry[key], name=""))
        for figure in _INVITATION_FIGURES:
            setattr(row, figure, entry[figure])
        row.no_shows = row.invited - row.checked_in if started else 0
    walk_ins = (
        CheckIn.objects.filter(fair=fair)
        .filter(_WALK_IN)
        .values(key)
        .annotate(n=Count("pk"))
        .order_by()
    )
    for entry in walk_ins:
        rows.setdefault(entry[key], AttendanceRow(code=entry[key], name="")).walk_ins = entry["n"]
    return rows


def attendance_report(fair: Fair, *, subdistricts: bool = True) -> AttendanceReport:
    """The report of the fair (six queries whatever its size; three without the
    subdistricts)."""
    districts = _rows(fair, "district")
    subdistrict_rows = _rows(fair, "subdistrict") if subdistricts else {}
    names = {d.code: d for d in District.objects.filter(code__in=districts)}
    for row in districts.values():
        area = names.get(row.code)
        row.name = area.name if area else row.code
    sub_names = {s.code: s for s in Subdistrict.objects.filter(code__in=subdistrict_rows)}
    for row in subdistrict_rows.values():
        area = sub_names.get(row.code)
        row.name = area.name if area else row.code
    total = AttendanceRow(code="", name="")
    for row in districts.values():
        for figure in FIGURES:
            setattr(total, figure, getattr(total, figure) + getattr(row, figure))
    return AttendanceReport(
        fair=fair,
        total=total,
        by_district=sorted(districts.values(), key=lambda r: r.code),
        by_subdistrict=sorted(subdistrict_rows.values(), key=lambda r: r.code),
    )


def fair_started(fair: Fair) -> bool:
    return timezone.now() >= fair.starts_at


def no_shows_visible_to(user, fair: Fair) -> QuerySet[Invitation]:
    """The invitations of the fair, in the user's MANAGE_FAIR scope, whose household did
    not check in: names, village, house number and phone, for the districts' follow-up
    (none before the fair starts)."""
    if not fair_started(fair):
        return Invitation.objects.none()
    return (
        invitations_visible_to(user, fair)
        .filter(check_in__isnull=True)
        .select_related("target__survey", "target__household__village__subdistrict__district")
        .order_by(
            "target__household__village__subdistrict_id",
            "target__household__village_id",
            "target__household__house_no",
            "pk",
        )
    )


# Booths ---------------------------------------------------------------------------------


def booths_of(fair: Fair) -> QuerySet[Booth]:
    """The fair's booths with their agency, pledge and how many households they served."""
    return (
        Booth.objects.filter(fair=fair)
        .select_related("agency", "pledge")
        .annotate(served=Count("services"))
        .order_by("place", "pk")
    )


def get_booth_or_404(fair: Fair, pk) -> Booth:
    """A booth of this fair (the fair was found through the viewer's scope); a booth of
    another fair answers 404, as a missing one."""
    try:
        return Booth.objects.select_related("fair__programme", "agency", "pledge").get(
            fair=fair, pk=pk
        )
    except (Booth.DoesNotExist, ValueError):
        raise Http404 from None


def booth_served_visible_to(user, booth: Booth) -> QuerySet[BoothService]:
    """What the booth recorded, for households whose personal data the user may see."""
    return (
        BoothService.objects.filter(booth=booth, target__in=targets_visible_to(user))
        .select_related("target__survey", "target__household__village", "recorded_by")
        .order_by("-created_at", "-pk")
    )


def booth_cases_found(user, fair: Fair, *, code: str = "", q: str = "") -> QuerySet[Target]:
    """The fair's programme's cases the user may see, found by invitation code (exact,
    normalized as the desks do) or by the head's name or the house number."""
    cases = (
        targets_visible_to(user)
        .filter(programme_id=fair.programme_id)
        .select_related("survey", "household__village")
    )
    normalized = code_normalize(code) if code else ""
    if normalized:
        return cases.filter(invitations__fair=fair, invitations__code=normalized)
    q = to_ascii_digits((q or "").strip())
    if not q:
        return cases.none()
    return cases.filter(
        Q(survey__head_first_name__icontains=q)
        | Q(survey__head_last_name__icontains=q)
        | Q(household__house_no=q)
    ).order_by("household__village_id", "household__house_no")[:20]
