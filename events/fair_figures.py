"""The fair's figures per district for its overview and live board: the quota, and the
attendance report's figures (events.report_selectors: one definition of invited, answers,
checked in and walk-ins for the pages, the Excel file and `fair_report`), in a constant
number of queries whatever the number of districts or invitations."""

from dataclasses import dataclass, field

from .models import Fair
from .report_selectors import AttendanceRow, attendance_report


@dataclass
class DistrictFigures(AttendanceRow):
    quota: int = 0


@dataclass
class FairFigures:
    rows: list[DistrictFigures] = field(default_factory=list)
    total: DistrictFigures = field(default_factory=lambda: DistrictFigures(code="", name=""))

    def chart(self, series: dict) -> dict:
        """The JSON static/js/fair-board.js draws: labels, one list per series, their names."""
        data = {"labels": [row.name for row in self.rows], "series": series}
        for key in series:
            data[key] = [getattr(row, key) for row in self.rows]
        return data


def fair_figures(fair: Fair) -> FairFigures:
    """Per district of the fair (a quota, an invitation or a check-in makes a district
    appear), in district order, with the total."""
    report = attendance_report(fair, subdistricts=False)
    rows = {
        row.code: DistrictFigures(code=row.code, name=row.name, **row.figures())
        for row in report.by_district
    }
    for code, name, quota in fair.quotas.values_list("district_id", "district__name_th", "quota"):
        rows.setdefault(code, DistrictFigures(code=code, name=name)).quota = quota
    total = DistrictFigures(
        code="", name="", quota=sum(row.quota for row in rows.values()), **report.total.figures()
    )
    return FairFigures(rows=[rows[code] for code in sorted(rows)], total=total)
