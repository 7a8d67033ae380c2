"""The redacted copy of an agreement for an access request under offentleglova.

Built with the reports app's document model and renderer (the same layout as every agreement
PDF): the whole agreement — the version in force, else the live draft marked DRAFT — where each
section marked exempt (agreements.SectionExemption) has its text replaced by the stamp and the
legal basis. Evaluations are never part of it. Downloaded by process owners and the parties
(permissions.can_download_redacted_copy); each download is audited.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from resultatavtaler.accounts import permissions
from resultatavtaler.agreements.models import Agreement, SectionExemption
from resultatavtaler.audit.services import audit_record
from resultatavtaler.core_errors import PermissionDeniedError

# The stamp is a legal marking whose wording matters, so it is data in the three languages.
EXEMPT_STAMP = {
    "nb": "Unntatt offentlighet",
    "nn": "Unnateke offentlegheit",
    "en": "Exempt from public disclosure",
}


def exempt_text(exemption: SectionExemption, language: str) -> str:
    return f"{EXEMPT_STAMP.get(language, EXEMPT_STAMP['nb'])}, {exemption.legal_basis}"


def redacted_document(agreement: Agreement, *, language: str):
    """The AgreementDocument with exempt sections replaced by the stamp and legal basis."""
    from resultatavtaler.reports.document import build_document
    from resultatavtaler.reports.selectors import document_source

    source = document_source(agreement)
    doc = build_document(source, language=language, public_only=False, include_evaluations=False)
    exemptions = {e.section_key: e for e in SectionExemption.objects.filter(agreement=agreement)}
    for section in doc.before + doc.after:
        if section.key in exemptions:
            section.paragraphs = [exempt_text(exemptions[section.key], language)]
    doc.evaluation = None
    with translation.override(language):
        # The document's notice line (shown for `public_only`) explains what this copy is.
        doc.public_only = True
        doc.labels["public_only"] = _(
            "Copy for public access (offentleglova): parts exempt from public access are replaced by "
            "the legal basis for the exemption."
        )
    return doc, list(exemptions.values())


def redacted_copy_export(*, agreement: Agreement, actor, language: str | None = None, request=None):
    """The redacted copy as PDF (reports' ExportedFile); `actor=None` is the system."""
    from resultatavtaler.reports.render import render_agreement_pdf
    from resultatavtaler.reports.services import ExportedFile

    if actor is not None:
        permissions.ensure_same_organisation(actor, agreement)
        if not permissions.can_download_redacted_copy(actor, agreement):
            raise PermissionDeniedError(
                _("Only process owners and the parties may produce the copy for public access.")
            )
    if language not in EXEMPT_STAMP:
        language = agreement.organisation.default_language or "nb"
    doc, exemptions = redacted_document(agreement, language=language)
    content = render_agreement_pdf(doc)
    name = f"resultatavtale-{slugify(agreement.leader.name)}-{slugify(agreement.period.name)}"
    name += f"-v{doc.version_number}" if doc.version_number else "-utkast"
    file = ExportedFile(filename=f"{name}-innsyn.pdf", content_type="application/pdf", content=content)
    audit_record(
        action="agreement.redacted_copy",
        actor=actor,
        obj=agreement,
        organisation=agreement.organisation,
        request=request,
        data={
            "version": doc.version_number,
            "draft": doc.is_draft,
            "language": language,
            "exempt_sections": sorted(e.section_key for e in exemptions),
            "sha256": file.sha256,
        },
    )
    return file
