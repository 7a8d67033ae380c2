"""Pages of the api app (the token administration). The API itself is mounted in
config/urls.py as /api/v1/ (api.py)."""

from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("", views.token_list, name="tokens"),
    path("<int:pk>/trekk-tilbake/", views.token_revoke, name="token_revoke"),
]
