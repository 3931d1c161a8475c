"""URLs of the fair: letters."""

from django.urls import path

from ..views import letters

urlpatterns = [
    path("<int:fair_pk>/letterhead/", letters.letterhead_edit, name="letterhead_edit"),
    path("<int:fair_pk>/letters/", letters.letter_batches, name="letter_batches"),
    path(
        "<int:fair_pk>/letters/<int:pk>/", letters.letter_batch_detail, name="letter_batch_detail"
    ),
    path(
        "<int:fair_pk>/letters/<int:pk>/download/",
        letters.letter_batch_download,
        name="letter_batch_download",
    ),
    path("invitations/<int:pk>/letter/", letters.invitation_letter, name="invitation_letter"),
]
