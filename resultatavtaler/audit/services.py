"""What the audit app offers to others: `audit_record(...)`, called inside the same
transaction as the change it records, and `audit_verify()` for the chain."""

import hashlib
import json
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from .models import AuditEvent

GENESIS = "0" * 64


def _canonical(event: dict[str, Any]) -> bytes:
    return json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def _event_hash(*, previous_hash: str, fields: dict[str, Any]) -> str:
    return hashlib.sha256(previous_hash.encode() + _canonical(fields)).hexdigest()


def _fields(ev: AuditEvent) -> dict[str, Any]:
    return {
        "organisation": ev.organisation_id,
        "actor_user_id": ev.actor_user_id,
        "actor_label": ev.actor_label,
        "action": ev.action,
        "object_type": ev.object_type,
        "object_id": ev.object_id,
        "ip_address": ev.ip_address,
        "data": ev.data,
        "created_at": ev.created_at.isoformat(),
    }


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    action: str,
    actor=None,
    obj: models.Model | None = None,
    organisation=None,
    request=None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. `actor` is a User or a Person (or None for the system)."""
    user = getattr(actor, "user", None) if actor is not None and hasattr(actor, "employee_id") else actor
    label = ""
    if actor is not None:
        label = getattr(actor, "name", None) or getattr(actor, "username", "") or str(actor)
    if organisation is None and obj is not None:
        organisation = getattr(obj, "organisation", None)
    with transaction.atomic():
        # One writer at a time extends the chain: lock the current tail.
        last = AuditEvent.objects.select_for_update().order_by("-id").only("hash").first()
        previous_hash = last.hash if last else GENESIS
        ev = AuditEvent(
            organisation=organisation,
            actor_user_id=getattr(user, "pk", None),
            actor_label=label[:200],
            action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            ip_address=client_ip(request),
            data=data or {},
            created_at=timezone.now(),
            previous_hash=previous_hash,
        )
        ev.hash = _event_hash(previous_hash=previous_hash, fields=_fields(ev))
        ev.save()
    return ev


def audit_verify() -> AuditEvent | None:
    """Return the first event whose link is broken, or None when the chain is whole."""
    previous_hash = GENESIS
    for ev in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if ev.previous_hash != previous_hash:
            return ev
        if _event_hash(previous_hash=previous_hash, fields=_fields(ev)) != ev.hash:
            return ev
        previous_hash = ev.hash
    return None
