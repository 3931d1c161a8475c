from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from povertyprog.dashboard import views as dashboard

# The root URLconf is the top floor: it may route to every app, and only it routes the home
# page (the dashboard); the core's URLconf keeps only core things.

urlpatterns = [
    path("", dashboard.home, name="home"),
    path("", include("povertyprog.core.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("areas/", include("povertyprog.areas.urls")),
    path("households/", include("households.urls")),
    path("agencies/", include("agencies.urls")),
    path("fairs/", include("events.urls")),
    path("admin/", admin.site.urls),
]
