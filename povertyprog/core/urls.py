from django.urls import path

from povertyprog.dashboard import views as dashboard

from . import views

urlpatterns = [
    path("", dashboard.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
]
