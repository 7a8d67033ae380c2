"""Exemptions from public access (offentleglova) for an agreement's text sections: set and
clear, by the leader or the unit's process owner, audited. The exemption is a decision about
disclosure, not a change of the agreement's content: it neither bumps the lock version nor
voids signatures, and it may be made at any state (access requests usually come after
signing). The redacted copy is produced by lib/privacy/redaction.py."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from resultatavtaler.accounts import permissions
from resultatavtaler.audit.services import audit_record
from resultatavtaler.core_errors import DomainError
from resultatavtaler.organisations.models import Person

from ..constants import ExemptionBasis
from ..models import Agreement, SectionExemption
from ._common import ensure_same_organisation, lock_agreement, not_found, refuse


def _text_section_keys(agreement: Agreement) -> set[str]:
    return {
        s["key"]
        for s in agreement.template_version.content.get("sections", [])
        if s.get("kind", "text") == "text"
    }


def _check(agreement: Agreement, actor: Person, section_key: str) -> Agreement:
    ensure_same_organisation(actor, agreement)
    ag = lock_agreement(agreement)
    if not permissions.can_view_agreement(actor, ag):
        raise not_found()
    if not permissions.can_mark_exemptions(actor, ag):
        refuse(_("Only the leader or the process owner may decide what is exempt from public access."))
    if section_key not in _text_section_keys(ag):
        raise DomainError(_("The template has no text section %(key)s.") % {"key": section_key})
    return ag


def section_exemption_set(
    *, agreement: Agreement, actor: Person, section_key: str, basis: str, basis_text: str = ""
) -> SectionExemption:
    """Mark a text section exempt with its legal basis (replaces an earlier decision)."""
    basis_text = (basis_text or "").strip()
    if basis not in ExemptionBasis.values:
        raise DomainError(_("Choose the legal basis for the exemption."))
    if basis in (ExemptionBasis.OTHER, ExemptionBasis.OFFL_13_OTHER) and not basis_text:
        raise DomainError(_("Write the legal basis for the exemption."))
    if len(basis_text) > 200:
        raise DomainError(_("The legal basis may be at most 200 characters."))
    with transaction.atomic():
        ag = _check(agreement, actor, section_key)
        previous = SectionExemption.objects.filter(agreement=ag, section_key=section_key).first()
        exemption, _created = SectionExemption.objects.update_or_create(
            agreement=ag,
            section_key=section_key,
            defaults={
                "organisation_id": ag.organisation_id,
                "basis": basis,
                "basis_text": basis_text,
                "decided_by": actor,
                "decided_at": timezone.now(),
            },
        )
        audit_record(
            action="agreement.exemption_set",
            actor=actor,
            obj=ag,
            data={
                "section": section_key,
                "basis": basis,
                "basis_text": basis_text,
                "before": {"basis": previous.basis, "basis_text": previous.basis_text} if previous else None,
            },
        )
    return exemption


def section_exemption_clear(*, agreement: Agreement, actor: Person, section_key: str) -> bool:
    """The section is no longer exempt. Returns whether there was an exemption."""
    with transaction.atomic():
        ag = _check(agreement, actor, section_key)
        deleted, _rows = SectionExemption.objects.filter(agreement=ag, section_key=section_key).delete()
        if deleted:
            audit_record(action="agreement.exemption_cleared", actor=actor, obj=ag, data={"section": section_key})
    return bool(deleted)
