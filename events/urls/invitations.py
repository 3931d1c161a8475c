"""URLs of the fair: invitations."""

urlpatterns = []
