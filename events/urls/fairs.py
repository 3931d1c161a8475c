"""URLs of the fair: fairs."""

urlpatterns = []
