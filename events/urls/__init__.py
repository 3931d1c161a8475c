"""The fair's URLs, one module per part (fairs and their plan of work, invitations and
RSVPs, letters, check-in, booths and reports)."""

from . import booths, checkin, fairs, invitations, letters

app_name = "events"

urlpatterns = [
    *fairs.urlpatterns,
    *invitations.urlpatterns,
    *letters.urlpatterns,
    *checkin.urlpatterns,
    *booths.urlpatterns,
]
