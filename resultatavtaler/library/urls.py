"""The experience library, mounted at "erfaringer/" in config/urls.py."""

from django.urls import path

from . import views

app_name = "library"

urlpatterns = [
    path("", views.library_index, name="index"),
    path("del/", views.share_list, name="share_list"),
    path("del/<int:requirement_pk>/", views.share, name="share"),
    path("<int:pk>/", views.entry_detail, name="detail"),
    path("<int:pk>/kopier/", views.entry_copy, name="copy"),
    path("<int:pk>/slett/", views.entry_delete, name="delete"),
]
