"""The project's URLconf plus two views that fail, for the 403 and 500 pages."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from povertyprog.urls import urlpatterns as project_urlpatterns


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [
    *project_urlpatterns,
    path("test-forbidden/", forbidden),
    path("test-broken/", broken),
]
