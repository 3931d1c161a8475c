"""URLs of the fair: check-in."""

from django.urls import path

from ..views import checkin

urlpatterns = [
    path("<int:pk>/check-in/", checkin.check_in_api, name="check_in_api"),
    path("desk/", checkin.desk_choose, name="desk_choose"),
    path("<int:pk>/desk/", checkin.desk_page, name="desk"),
    path("<int:pk>/desk/search/", checkin.desk_search_results, name="desk_search"),
    path(
        "<int:pk>/desk/cases/<int:target_pk>/check-in/",
        checkin.desk_check_in,
        name="desk_check_in",
    ),
    path("<int:pk>/desk/counter/", checkin.desk_counter, name="desk_counter"),
]
