"""Thin download views for agreement documents and archive packages; the rights and the audit
live in services.py."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from resultatavtaler.accounts.permissions import get_object_for_person_or_404
from resultatavtaler.audit.services import audit_access_refused, audit_refusal_object
from resultatavtaler.core_errors import DomainError, PermissionDeniedError

from . import services
from .selectors import DRAFT, agreement_for_documents

_DRAFT_PARAM = "utkast"


def _version(request):
    raw = request.GET.get("versjon", "").strip()
    if not raw:
        return None
    if raw == _DRAFT_PARAM:
        return DRAFT
    if not raw.isdigit():
        raise Http404
    return int(raw)


def _language(request) -> str:
    return request.GET.get("sprak") or (translation.get_language() or "nb")[:2]


def _file_response(file: services.ExportedFile) -> HttpResponse:
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _refused(request, error: DomainError):
    if error.status == 403:
        # Recorded here with the service's reason (once: handler403 and the middleware see it done).
        audit_access_refused(request, reason=error.code)
    if isinstance(error, PermissionDeniedError):
        raise PermissionDenied(error.message)
    if error.status == 404:
        raise Http404(error.message)
    return render(
        request, "reports/document_refused.html", {"message": error.message}, status=error.status
    )


def _download(request, pk: int, fmt: str):
    agreement = get_object_for_person_or_404(agreement_for_documents(pk), request.person, pk=pk)
    audit_refusal_object(request, agreement)  # a refusal names the agreement in the audit log
    try:
        file = services.agreement_document_export(
            agreement=agreement,
            actor=request.person,
            fmt=fmt,
            language=_language(request),
            version=_version(request),
            public_only=request.GET.get("offentlig") == "1",
            request=request,
        )
    except DomainError as error:
        return _refused(request, error)
    return _file_response(file)


@login_required
@require_GET
def agreement_pdf(request, pk: int):
    return _download(request, pk, "pdf")


@login_required
@require_GET
def agreement_pdfa(request, pk: int):
    return _download(request, pk, "pdfa")


@login_required
@require_GET
def agreement_docx(request, pk: int):
    return _download(request, pk, "docx")


@login_required
@require_GET
def agreement_archive(request, pk: int):
    agreement = get_object_for_person_or_404(agreement_for_documents(pk), request.person, pk=pk)
    audit_refusal_object(request, agreement)
    version = _version(request)
    kind = {"avtale": "agreement", "vurdering": "assessment"}.get(request.GET.get("type", ""))
    try:
        file = services.archive_export(
            agreement=agreement,
            actor=request.person,
            kind=kind,
            version=None if version == DRAFT else version,
            language=_language(request),
            request=request,
        )
    except DomainError as error:
        return _refused(request, error)
    return _file_response(file)
