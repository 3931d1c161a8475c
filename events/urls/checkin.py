"""URLs of the fair: checkin."""

urlpatterns = []
