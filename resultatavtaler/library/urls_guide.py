"""The introduction guide for process owners, mounted at "guide/" in config/urls.py."""

from django.urls import path

from . import views

app_name = "guide"

urlpatterns = [
    path("", views.guide_index, name="index"),
    path("<int:unit_pk>/", views.guide_unit, name="unit"),
]
