"""Helpers the agreement services share: refusals, locking, lock versions, numbering."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from resultatavtaler.audit.services import audit_record
from resultatavtaler.core_errors import DomainError, PermissionDeniedError
from resultatavtaler.notifications.services import notify

from ..constants import AgreementState
from ..models import Agreement, Requirement, Signature


def not_found() -> DomainError:
    return DomainError(_("The agreement was not found."), code="not_found", status=404)


def ensure_same_organisation(actor, obj) -> None:
    """Another organisation's object does not exist for the actor (404-level refusal)."""
    if actor is None or getattr(obj, "organisation_id", None) != actor.organisation_id:
        raise not_found()


def refuse(message: str) -> None:
    raise PermissionDeniedError(message)


def lock_agreement(agreement: Agreement | int) -> Agreement:
    """The agreement row, locked for this transaction (transitions and edits race)."""
    pk = agreement.pk if isinstance(agreement, Agreement) else agreement
    return Agreement.objects.select_for_update().get(pk=pk)


def check_lock_version(agreement: Agreement, expected_lock_version: int | None) -> None:
    if expected_lock_version is not None and int(expected_lock_version) != agreement.lock_version:
        raise DomainError(
            _(
                "Someone else changed the agreement while you were working on it. "
                "Reload the page to see their changes, then make yours again."
            ),
            code="stale",
            status=409,
        )


def state_label(state: str) -> str:
    return str(AgreementState(state).label).lower()


def bump(agreement: Agreement, *fields: str) -> None:
    agreement.lock_version += 1
    agreement.save(update_fields=["lock_version", "updated_at", *fields])


def void_pending_signatures(agreement: Agreement, actor) -> int:
    """Any change after the first signature voids it: a signature is valid only for the
    exact version it names."""
    pending = Signature.objects.filter(
        version__agreement=agreement, version__is_in_force=False, voided_at__isnull=True
    ).select_related("person")
    voided = list(pending)
    if voided:
        Signature.objects.filter(pk__in=[s.pk for s in voided]).update(voided_at=timezone.now())
        audit_record(
            action="agreement.signature_voided",
            actor=actor,
            obj=agreement,
            data={"signatures": [{"person": s.person_id, "role": s.role} for s in voided]},
        )
    return len(voided)


def renumber(agreement: Agreement, category_key: str) -> None:
    """Positions 1..n and numbers "<category>.<n>" (common copies keep their own number)."""
    category = agreement.template_version.category(category_key) or {}
    prefix = category.get("number", "")
    rows = list(Requirement.objects.filter(agreement=agreement, category_key=category_key).order_by("position", "pk"))
    changed = []
    for i, req in enumerate(rows, start=1):
        number = req.number if (req.common_requirement_id and req.number) else (f"{prefix}.{i}" if prefix else f"{i}")
        if req.position != i or req.number != number:
            req.position, req.number = i, number
            changed.append(req)
    if changed:
        Requirement.objects.bulk_update(changed, ["position", "number"])


def agreement_url(agreement: Agreement) -> str:
    return reverse("agreements:detail", args=[agreement.pk])


def notify_later(*, person, kind: str, template: str, agreement: Agreement, context: dict | None = None) -> None:
    """Store the in-app notification now; its e-mail leaves after commit (notify's rule)."""
    if person is None:
        return
    ctx = {
        "agreement_id": agreement.pk,
        "leader_name": agreement.leader.name,
        "superior_name": agreement.superior.name,
        "period_name": agreement.period.name,
        **(context or {}),
    }
    notify(person=person, kind=kind, template=template, context=ctx, url=agreement_url(agreement))


def atomic():
    return transaction.atomic()
