"""The project's URLs plus pages the access matrix has never heard of: one at the top, one
inside a namespaced include (the walk names it "matrix_extra:inner")."""

from django.http import HttpResponse
from django.urls import include, path


def unclassified_page(request):
    return HttpResponse("new")


urlpatterns = [
    path("", include("povertyprog.urls")),
    path("matrix/unclassified/", unclassified_page, name="unclassified_page"),
    path(
        "matrix/",
        include(([path("inner/", unclassified_page, name="inner")], "matrix_extra")),
    ),
]
