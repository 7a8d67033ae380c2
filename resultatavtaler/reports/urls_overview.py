"""The process overview (mounted at "oversikt/" in config/urls.py)."""

from django.urls import path

from . import views_overview

app_name = "overview"

urlpatterns = [
    path("", views_overview.overview, name="index"),
    path("eksport.xlsx", views_overview.export, name="export"),
]
