"""What lib/privacy offers: the audited person export (the page, the admin page and the
command all call it) and the redacted copy (redaction.py)."""

from __future__ import annotations

from django.utils.text import slugify
from django.utils.translation import gettext as _

from resultatavtaler.accounts import permissions
from resultatavtaler.audit.services import audit_record
from resultatavtaler.core_errors import DomainError, PermissionDeniedError
from resultatavtaler.organisations.models import Person

from .export import export_json, person_export_data, render_export_pdf
from .redaction import redacted_copy_export

FORMATS = {"json": "application/json", "pdf": "application/pdf"}

__all__ = ["FORMATS", "person_data_export", "redacted_copy_export"]


def person_data_export(*, subject: Person, actor: Person | None, fmt: str, language: str = "nb", request=None):
    """Everything stored about `subject` as JSON or PDF. `actor=None` is the system (an
    operator's command); otherwise the person themselves or an admin of their organisation."""
    from resultatavtaler.reports.services import ExportedFile

    if fmt not in FORMATS:
        raise DomainError(_("Choose JSON or PDF."))
    if actor is not None:
        permissions.ensure_same_organisation(actor, subject)
        if not permissions.can_export_person_data(actor, subject):
            raise PermissionDeniedError(_("Only the person and the organisation's administrators may export this."))
    if fmt == "json":
        content = export_json(subject)
    else:
        content = render_export_pdf(person_export_data(subject), language=language)
    file = ExportedFile(
        filename=f"mine-data-{slugify(subject.employee_id)}-{slugify(subject.name)}.{fmt}",
        content_type=FORMATS[fmt],
        content=content,
    )
    audit_record(
        action="privacy.person_export",
        actor=actor,
        obj=subject,
        organisation=subject.organisation,
        request=request,
        data={"format": fmt, "sha256": file.sha256, "by": "self" if actor and actor.pk == subject.pk else "admin"
              if actor else "system"},
    )
    return file
