"""The in-app notifications ("Varsler"), mounted at "varsler/" in config/urls.py."""

from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("les-alle/", views.mark_all_read, name="mark_all_read"),
    path("<int:pk>/les/", views.mark_read, name="mark_read"),
]
