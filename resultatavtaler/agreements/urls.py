from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("start/<int:period_pk>/", views.agreement_start_view, name="start"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/handling/<slug:action>/", views.agreement_action, name="action"),
    path("<int:pk>/versjoner/<int:old>/<int:new>/", views.agreement_diff, name="diff"),
]
