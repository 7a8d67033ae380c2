from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from resultatavtaler.api.api import api as api_v1
from resultatavtaler.lib import views as lib_views

# A refused request (missing right) is recorded in the audit log before the 403 page.
handler403 = "resultatavtaler.lib.views_errors.permission_denied"

urlpatterns = [
    path("", include("resultatavtaler.home.urls")),
    path("konto/", include("resultatavtaler.accounts.urls")),
    path("organisasjon/", include("resultatavtaler.organisations.urls")),
    path("avtaler/", include("resultatavtaler.agreements.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("django-admin/", admin.site.urls),
    path("api/v1/", api_v1.urls),
    path("integrasjon/api-nokler/", include("resultatavtaler.api.urls")),
    path("revisjonslogg/", include("resultatavtaler.audit.urls")),
    path("360/", include("resultatavtaler.feedback.urls")),
    path("oppfolging/", include("resultatavtaler.evaluations.urls")),
    path("tilgjengelighet/", lib_views.accessibility_statement, name="accessibility_statement"),
    path("oversikt/", include("resultatavtaler.reports.urls_overview")),
    path("varsler/", include("resultatavtaler.notifications.urls")),
    path("erfaringer/", include("resultatavtaler.library.urls")),
    path("guide/", include("resultatavtaler.library.urls_guide")),
    path("personvern/", include("resultatavtaler.lib.privacy.urls")),
    path("dokumenter/", include("resultatavtaler.reports.urls")),
]

if settings.OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
