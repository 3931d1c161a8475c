"""The fair's figures per district (quota, invited, answers, arrivals), in a constant
number of queries whatever the number of districts or invitations: one aggregate per table."""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from povertyprog.areas.models import District

from .models import CheckIn, CheckInKind, Fair, Invitation, RSVPStatus

COLUMNS = ("quota", "invited", "confirmed", "declined", "no_answer", "checked_in", "walk_ins")


@dataclass
class DistrictFigures:
    code: str
    name: str = ""
    quota: int = 0
    invited: int = 0
    confirmed: int = 0
    declined: int = 0
    no_answer: int = 0
    checked_in: int = 0
    walk_ins: int = 0


@dataclass
class FairFigures:
    rows: list[DistrictFigures] = field(default_factory=list)
    total: DistrictFigures = field(default_factory=lambda: DistrictFigures(code=""))

    def chart(self, series: dict) -> dict:
        """The JSON static/js/fair-board.js draws: labels, one list per series, their names."""
        data = {"labels": [row.name for row in self.rows], "series": series}
        for key in series:
            data[key] = [getattr(row, key) for row in self.rows]
        return data


def fair_figures(fair: Fair) -> FairFigures:
    """Per district of the fair (a quota, an invitation or a check-in makes a district
    appear), in district order, with the total. Check-ins count under the district the
    case was chosen in; walk-ins are check-ins without an invitation to that desk."""
    rows: dict[str, DistrictFigures] = {}

    def row(code: str) -> DistrictFigures:
        return rows.setdefault(code, DistrictFigures(code=code))

    for code, quota in fair.quotas.values_list("district_id", "quota"):
        row(code).quota = quota
    invited = (
        Invitation.objects.filter(fair=fair)
        .values("district_id")
        .annotate(
            invited=Count("pk"),
            confirmed=Count("pk", filter=Q(rsvp_status=RSVPStatus.CONFIRMED)),
            declined=Count("pk", filter=Q(rsvp_status=RSVPStatus.DECLINED)),
            no_answer=Count("pk", filter=Q(rsvp_status=RSVPStatus.NO_ANSWER)),
        )
        .order_by()
    )
    for figures in invited:
        entry = row(figures.pop("district_id"))
        for name, value in figures.items():
            setattr(entry, name, value)
    arrived = (
        CheckIn.objects.filter(fair=fair)
        .values("target__district_id")
        .annotate(
            checked_in=Count("pk"),
            walk_ins=Count("pk", filter=~Q(kind=CheckInKind.INVITED)),
        )
        .order_by()
    )
    for figures in arrived:
        entry = row(figures["target__district_id"])
        entry.checked_in, entry.walk_ins = figures["checked_in"], figures["walk_ins"]
    names = dict(District.objects.filter(code__in=rows).values_list("code", "name_th"))
    result = FairFigures(rows=[rows[code] for code in sorted(rows)])
    for entry in result.rows:
        entry.name = names.get(entry.code, entry.code)
        for column in COLUMNS:
            setattr(result.total, column, getattr(result.total, column) + getattr(entry, column))
    return result
