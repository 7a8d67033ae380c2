"""What the reports app offers to others: the agreement as a document (PDF, PDF/A-2b, Word) and
the archive package for Noark 5 — each rights-checked and audited (a download is a read of
personal data, DESIGN.md §6).

Who gets what:
- Whoever may view the agreement's content (leader, superior, upper chain, process owner of
  the unit: permissions.can_view_agreement) gets the whole document, any version, or the draft.
- The ratings and summaries of the follow-up are filled in only for those who may see the
  evaluation (permissions.can_view_evaluation: leader, superior, upper chain) — a process
  owner's copy has empty evaluation columns.
- The unit's employees (permissions.can_view_published_parts) get the published parts of the
  version in force only (`public_only=True`): no other version, no draft, no evaluations.
- Anyone else in the organisation: refused (403); another organisation: 404.
- `actor=None` is the system (manage.py commands run by an operator): everything.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.utils.text import slugify
from django.utils.translation import gettext as _

from resultatavtaler.accounts import permissions
from resultatavtaler.agreements.constants import AgreementState
from resultatavtaler.agreements.models import Agreement
from resultatavtaler.audit.services import audit_record
from resultatavtaler.core_errors import DomainError, PermissionDeniedError

from .archive import archive_zip, metadata_xml
from .document import LANGUAGES, build_document
from .render import render_agreement_docx, render_agreement_pdf
from .selectors import DRAFT, document_source

FORMATS = {
    "pdf": ("application/pdf", "pdf"),
    "pdfa": ("application/pdf", "pdf"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
}
ARCHIVE_KINDS = ("agreement", "assessment")


@dataclass
class ExportedFile:
    filename: str
    content_type: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def _language(agreement: Agreement, language: str | None) -> str:
    if language in LANGUAGES:
        return language
    if language:
        raise DomainError(_("Choose bokmål (nb), nynorsk (nn) or English (en)."))
    return agreement.organisation.default_language or "nb"


def _base_name(agreement: Agreement, version_number: int | None, *, public_only: bool) -> str:
    name = f"resultatavtale-{slugify(agreement.leader.name)}-{slugify(agreement.period.name)}"
    name += f"-v{version_number}" if version_number else "-utkast"
    return name + ("-offentlig" if public_only else "")


def _access(actor, agreement: Agreement, *, version, public_only: bool) -> tuple[bool, bool]:
    """(public_only, include_evaluations) for this reader, or refuse."""
    if actor is None:
        return public_only, not public_only
    permissions.ensure_same_organisation(actor, agreement)
    if permissions.can_view_agreement(actor, agreement):
        return public_only, not public_only and permissions.can_view_evaluation(actor, agreement)
    if permissions.can_view_published_parts(actor, agreement):
        in_force = agreement.in_force_version
        if version not in (None, in_force.number, str(in_force.number)):
            raise PermissionDeniedError(_("You may read only the published parts of the version in force."))
        return True, False
    raise PermissionDeniedError(_("You may not read this agreement."))


def agreement_document_export(
    *,
    agreement: Agreement,
    actor,
    fmt: str,
    language: str | None = None,
    version: int | str | None = None,
    public_only: bool = False,
    request=None,
) -> ExportedFile:
    """The agreement as PDF, PDF/A-2b or Word. `version`: a number, "draft", or None for the
    version in force (else the draft)."""
    if fmt not in FORMATS:
        raise DomainError(_("Unknown document format."))
    public_only, include_evaluations = _access(actor, agreement, version=version, public_only=public_only)
    language = _language(agreement, language)
    source = document_source(agreement, version=version)
    doc = build_document(
        source, language=language, public_only=public_only, include_evaluations=include_evaluations
    )
    if fmt == "docx":
        content = render_agreement_docx(doc)
    else:
        content = render_agreement_pdf(doc, archival=fmt == "pdfa")
    content_type, ext = FORMATS[fmt]
    file = ExportedFile(
        filename=f"{_base_name(agreement, doc.version_number, public_only=public_only)}.{ext}",
        content_type=content_type,
        content=content,
    )
    audit_record(
        action="reports.agreement_document",
        actor=actor,
        obj=agreement,
        organisation=agreement.organisation,
        request=request,
        data={
            "format": fmt,
            "version": doc.version_number,
            "draft": doc.is_draft,
            "language": language,
            "public_only": public_only,
            "evaluations": doc.evaluation is not None,
            "sha256": file.sha256,
        },
    )
    return file


def archive_export(
    *,
    agreement: Agreement,
    actor,
    kind: str | None = None,
    version: int | None = None,
    language: str | None = "nb",
    request=None,
) -> ExportedFile:
    """The archive package (zip: PDF/A-2b + Noark 5 metadata) of a signed version
    (kind "agreement") or of the closed assessment (kind "assessment": the version in force
    with self-evaluation and assessment). Default: the assessment once the agreement is
    closed, else the version in force."""
    if kind is None:
        kind = "assessment" if agreement.state == AgreementState.CLOSED and version is None else "agreement"
    if kind not in ARCHIVE_KINDS:
        raise DomainError(_("Unknown kind of archive package."))
    with_assessment = kind == "assessment"
    if actor is not None:
        permissions.ensure_same_organisation(actor, agreement)
        allowed = (
            permissions.can_view_evaluation(actor, agreement)
            if with_assessment
            else permissions.can_view_agreement(actor, agreement)
        )
        if not allowed:
            raise PermissionDeniedError(_("You may not archive this agreement."))
    if with_assessment:
        if agreement.state != AgreementState.CLOSED:
            raise DomainError(_("The assessment can be archived when it is closed (acknowledged by both)."))
        version = None
    if version is None and agreement.in_force_version_id is None:
        raise DomainError(_("Only a version signed by both parties can be archived."))
    language = _language(agreement, language)
    source = document_source(agreement, version=version if version is not None else None)
    if version == DRAFT or not source.is_signed:
        raise DomainError(_("Only a version signed by both parties can be archived."))
    doc = build_document(source, language=language, include_evaluations=with_assessment)
    pdf = render_agreement_pdf(doc, archival=True)
    base = _base_name(agreement, doc.version_number, public_only=False) + ("-vurdering" if with_assessment else "")
    pdf_name = f"{base}.pdf"
    xml = metadata_xml(doc=doc, source=source, pdf_name=pdf_name, pdf_bytes=pdf, with_assessment=with_assessment)
    file = ExportedFile(
        filename=f"{base}-arkiv.zip",
        content_type="application/zip",
        content=archive_zip(pdf_name=pdf_name, pdf_bytes=pdf, metadata=xml),
    )
    audit_record(
        action="reports.archive_export",
        actor=actor,
        obj=agreement,
        organisation=agreement.organisation,
        request=request,
        data={
            "kind": kind,
            "version": doc.version_number,
            "version_hash": doc.version_hash,
            "pdf_sha256": hashlib.sha256(pdf).hexdigest(),
            "sha256": file.sha256,
        },
    )
    return file
