"""URLs of the fair: fairs."""

from django.urls import path

from ..views import fairs

urlpatterns = [
    path("", fairs.fair_list, name="fair_list"),
    path("new/", fairs.fair_new, name="fair_new"),
    path("<int:pk>/", fairs.fair_detail, name="fair_detail"),
    path("<int:pk>/edit/", fairs.fair_edit, name="fair_edit"),
    path("<int:pk>/quotas/", fairs.fair_quotas, name="fair_quotas"),
    path("<int:pk>/desks/", fairs.fair_desks, name="fair_desks"),
    path("<int:pk>/desks/<int:desk_pk>/rename/", fairs.fair_desk_rename, name="fair_desk_rename"),
    path("<int:pk>/desks/<int:desk_pk>/remove/", fairs.fair_desk_remove, name="fair_desk_remove"),
    path("<int:pk>/booths/", fairs.fair_booths, name="fair_booths"),
    path("<int:pk>/booths/<int:booth_pk>/edit/", fairs.fair_booth_edit, name="fair_booth_edit"),
    path(
        "<int:pk>/booths/<int:booth_pk>/remove/", fairs.fair_booth_remove, name="fair_booth_remove"
    ),
    path("<int:pk>/mous/", fairs.fair_mous, name="fair_mous"),
    path("<int:pk>/plan/", fairs.fair_plan, name="fair_plan"),
    path("<int:pk>/plan/<int:task_pk>/status/", fairs.fair_task_status, name="fair_task_status"),
    path("<int:pk>/plan/<int:task_pk>/edit/", fairs.fair_task_edit, name="fair_task_edit"),
    path("<int:pk>/plan/<int:task_pk>/remove/", fairs.fair_task_remove, name="fair_task_remove"),
    path("<int:pk>/board/", fairs.fair_board, name="fair_board"),
]
