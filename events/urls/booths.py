"""URLs of the fair: booths, the attendance report and the desks' paper sign-in sheets."""

from django.urls import path

from ..views import booths, reports

urlpatterns = [
    path("<int:pk>/services/", booths.booth_list, name="booth_list"),
    path("<int:pk>/services/<int:booth_pk>/", booths.booth_detail, name="booth_detail"),
    path("<int:pk>/report/", reports.report_attendance, name="report_attendance"),
    path("<int:pk>/report/no-shows/", reports.report_no_shows, name="report_no_shows"),
    path("<int:pk>/desks/<int:desk_pk>/sheet.pdf", reports.sheet_pdf, name="sheet_pdf"),
    path("<int:pk>/desks/<int:desk_pk>/sheet/", reports.sheet_entry, name="sheet_entry"),
]
