"""Privacy and public access (mounted at "personvern/" in config/urls.py)."""

from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("mine-data/", views.my_data, name="mine"),
    path("mine-data/eksport.<str:fmt>", views.my_data_export, name="mine_export"),
    path("personer/", views.people, name="people"),
    path("personer/<int:pk>/", views.person_data, name="person"),
    path("personer/<int:pk>/eksport.<str:fmt>", views.person_data_export, name="person_export"),
    path("avtale/<int:pk>/innsyn/", views.exemptions, name="exemptions"),
    path("avtale/<int:pk>/innsyn.pdf", views.redacted_copy, name="redacted_copy"),
]
