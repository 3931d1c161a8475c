"""URLs of the fair: check-in."""

from django.urls import path

from ..views import checkin

urlpatterns = [
    path("<int:pk>/check-in/", checkin.check_in_api, name="check_in_api"),
]
