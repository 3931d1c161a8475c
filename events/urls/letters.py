"""URLs of the fair: letters."""

urlpatterns = []
