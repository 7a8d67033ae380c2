from django.urls import path

from . import views, views_import

app_name = "organisations"

urlpatterns = [
    path("", views.tree, name="tree"),
    path("import/", views_import.import_upload, name="import"),
    path("import/eksempel.<str:fmt>", views_import.import_sample, name="import_sample"),
    path("import/<int:pk>/", views_import.import_job, name="import_job"),
]
