"""Document downloads (mounted at "dokumenter/" in config/urls.py). The agreement pages link
here with `reports:agreement_pdf`, `reports:agreement_pdfa`, `reports:agreement_docx` and
`reports:agreement_archive`, each taking the agreement's pk. Query parameters: `versjon`
(a number, or "utkast" for the live draft), `sprak` (nb, nn, en), `offentlig=1` (published
parts only). Documents made in the background (jobs.py) have a job page and a download."""

from django.urls import path

from . import views, views_jobs

app_name = "reports"

urlpatterns = [
    path("avtale/<int:pk>/resultatavtale.pdf", views.agreement_pdf, name="agreement_pdf"),
    path("avtale/<int:pk>/resultatavtale-pdfa.pdf", views.agreement_pdfa, name="agreement_pdfa"),
    path("avtale/<int:pk>/resultatavtale.docx", views.agreement_docx, name="agreement_docx"),
    path("avtale/<int:pk>/arkivpakke.zip", views.agreement_archive, name="agreement_archive"),
    path("jobb/<int:pk>/", views_jobs.document_job, name="document_job"),
    path("jobb/<int:pk>/fil", views_jobs.document_job_download, name="document_job_download"),
]
