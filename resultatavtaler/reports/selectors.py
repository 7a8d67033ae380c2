"""Which content a document shows: a frozen version of the agreement or its live draft."""

from __future__ import annotations

from django.utils.translation import gettext as _

from resultatavtaler.agreements.constants import AgreementState
from resultatavtaler.agreements.models import Agreement, AgreementVersion, Signature
from resultatavtaler.agreements.services import snapshot_of
from resultatavtaler.core_errors import DomainError

from .document import Source

DRAFT = "draft"


def document_source(agreement: Agreement, *, version: int | str | None = None) -> Source:
    """`version`: a version number, "draft" for the live draft, or None for the default — the
    version in force when there is one, else the live draft (a draft revision under
    renegotiation is shown only when asked for, since the signed version stays in force)."""
    if version == DRAFT or (version is None and agreement.in_force_version_id is None):
        if version == DRAFT and agreement.state not in (AgreementState.DRAFT, AgreementState.IN_REVIEW):
            raise DomainError(_("The agreement has no draft; its signed version is the document."), status=404)
        return Source(agreement=agreement, snapshot=snapshot_of(agreement), version=None, signatures=[])
    if version is None:
        v = agreement.in_force_version
    else:
        try:
            number = int(version)
        except (TypeError, ValueError):
            raise DomainError(_("No such version of the agreement."), status=404) from None
        v = AgreementVersion.objects.filter(agreement=agreement, number=number).first()
        if v is None:
            raise DomainError(_("No such version of the agreement."), status=404)
    signatures = list(
        Signature.objects.filter(version=v, voided_at__isnull=True, version_hash=v.sha256).select_related("person")
    )
    return Source(agreement=agreement, snapshot=v.snapshot, version=v, signatures=signatures)


def agreement_for_documents(pk: int):
    return Agreement.objects.select_related(
        "organisation", "period", "unit", "leader", "superior", "template_version__template", "in_force_version"
    ).filter(pk=pk)
