"""URLs of the fair: booths."""

urlpatterns = []
