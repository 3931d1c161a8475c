"""URLs of the fair: invitations and RSVPs (the officers' pages, the public answer page)."""

from django.urls import path

from ..views import invitations, rsvp_public

urlpatterns = [
    path("<int:pk>/invitations/", invitations.invitation_list, name="invitation_list"),
    path(
        "<int:pk>/invitations/generate/",
        invitations.invitation_generate,
        name="invitation_generate",
    ),
    path("<int:pk>/invitations/add/", invitations.invitation_add, name="invitation_add"),
    path(
        "<int:pk>/invitations/village/<str:village>/confirm/",
        invitations.rsvp_village_confirm,
        name="rsvp_village_confirm",
    ),
    path("invitations/<int:pk>/", invitations.invitation_detail, name="invitation_detail"),
    path("invitations/<int:pk>/answer/", invitations.invitation_answer, name="invitation_answer"),
    path("invitations/<int:pk>/remove/", invitations.invitation_remove, name="invitation_remove"),
    path("r/<str:code>/", rsvp_public.rsvp_public, name="rsvp_public"),
]
