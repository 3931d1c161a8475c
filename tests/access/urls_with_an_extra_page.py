"""The project's URLs plus one page the access matrix has never heard of."""

from django.http import HttpResponse
from django.urls import include, path


def unclassified_page(request):
    return HttpResponse("new")


urlpatterns = [
    path("", include("povertyprog.urls")),
    path("matrix/unclassified/", unclassified_page, name="unclassified_page"),
]
