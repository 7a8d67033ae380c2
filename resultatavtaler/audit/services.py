"""What the audit app offers to others: `audit_record(...)`, called inside the same
transaction as the change it records; `audit_access_refused(...)` for a request answered with
a 403 (the pages, the integration API, and through the middleware any other 403);
`audit_verify()` for the chain; `audit_purge(...)`, the one controlled way to delete old
events (retention), itself audited.

The log is append-only in the database (triggers, migration 0003) and hash-chained: each
event's hash covers its fields and the previous event's hash, so an altered, removed or
inserted row breaks the chain at a point `audit_verify` names.

Concurrency: extending the chain reads the tail and appends after it, so two writers must not
interleave. On PostgreSQL a transaction-level advisory lock serialises writers — also when the
table is empty, where `SELECT ... FOR UPDATE` on the tail would lock nothing. The lock is held
until the surrounding transaction commits, so audited writes queue briefly behind each other;
that is the price of one chain. SQLite has a single writer per database.
"""

import hashlib
import ipaddress
import json
import logging
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from .models import AuditEvent, AuditPurge

logger = logging.getLogger(__name__)

GENESIS = "0" * 64
# Key of the PostgreSQL advisory lock that guards the tail of the chain ("RA-AUDIT" in ASCII).
CHAIN_LOCK_KEY = 0x52412D4155444954


def _lock_chain() -> None:
    """Take the chain lock for the rest of the current transaction (PostgreSQL)."""
    connection = transaction.get_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


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
    """The client's address as the server saw it, in canonical form (so the hash input is the
    same text the database gives back). Behind a proxy, the proxy must set REMOTE_ADDR."""
    if request is None:
        return None
    try:
        return str(ipaddress.ip_address(request.META.get("REMOTE_ADDR") or ""))
    except ValueError:
        return None


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
        # One writer at a time extends the chain (see the module docstring).
        _lock_chain()
        previous_hash = _tail_hash()
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


ACCESS_REFUSED = "access.refused"


def _refused_path(request) -> str:
    """The path asked for, with a link's secret token left out (token links carry it in the path)."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    token = (match.kwargs.get("token") if match is not None else None) or ""
    if token:
        path = path.replace(str(token), "…")
    return path[:500]


def audit_access_refused(request, *, reason: str = "", obj: models.Model | None = None) -> AuditEvent | None:
    """Record one refused authorisation (a 403; ASVS V8.x/V16.3.2: access-control failures are
    logged): who, which path, which object where the caller knows it, from which address. At
    most one event per request, however many layers see the refusal: the page or API handler
    that knows the reason and the object records it first, and `AuditRefusedAccessMiddleware`
    (lib/middleware.py) records any other 403 response.

    Who: the logged-in person (or user); for the integration API's token callers the token's
    name and prefix, in the token's organisation (`request.auth`, a `Caller` with
    `audit_actor`).

    Never raises: a failure to write the event is logged and the person still gets the 403 page
    (a refused request must not become a 500)."""
    if request is None or getattr(request, "_access_refusal_audited", False):
        return None
    request._access_refusal_audited = True
    if obj is None:
        obj = getattr(request, "_access_refusal_object", None)
    try:
        person = getattr(request, "person", None)
        user = getattr(request, "user", None)
        actor = person if person is not None else (user if user is not None and user.is_authenticated else None)
        organisation = getattr(person, "organisation", None)
        data = {"path": _refused_path(request), "method": request.method}
        caller = getattr(request, "auth", None)
        if getattr(caller, "audit_actor", None) is not None:
            # The integration API: a token acts for its organisation, never as a person.
            actor = caller.audit_actor
            organisation = caller.organisation
            data.update(caller.audit_data())
        if reason:
            data["reason"] = str(reason)[:300]
        return audit_record(
            action=ACCESS_REFUSED,
            actor=actor,
            obj=obj,
            organisation=organisation if organisation is not None else getattr(obj, "organisation", None),
            request=request,
            data=data,
        )
    except Exception:  # noqa: BLE001 - the refusal itself must still be answered
        logger.exception("could not record a refused authorisation")
        return None


def audit_refusal_object(request, obj: models.Model) -> None:
    """Name the object a request is about once it is loaded (of the caller's organisation) and
    before its right is checked: a 403 that follows, wherever it is answered, names the object
    in its access.refused event."""
    if request is not None:
        request._access_refusal_object = obj


def access_refusal_not_audited(request) -> None:
    """Mark a 403 that deliberately leaves no audit event (an anonymous request's CSRF failure:
    no one to name, and anyone could fill the log with them), so the middleware passes it by."""
    if request is not None:
        request._access_refusal_audited = True


def _tail_hash() -> str:
    last = AuditEvent.objects.order_by("-id").only("hash").first()
    if last is not None:
        return last.hash
    # Everything purged: the chain continues from the last purged event.
    purge = AuditPurge.objects.order_by("-up_to_id").first()
    return purge.anchor_hash if purge else GENESIS


def audit_verify() -> AuditEvent | None:
    """Return the first event whose link is broken, or None when the chain is whole.

    After a purge the chain starts at the purge's anchor (the hash of the last deleted
    event), so the remaining events still verify one by one."""
    purge = AuditPurge.objects.order_by("-up_to_id").first()
    previous_hash = purge.anchor_hash if purge else GENESIS
    for ev in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if ev.previous_hash != previous_hash:
            return ev
        if _event_hash(previous_hash=previous_hash, fields=_fields(ev)) != ev.hash:
            return ev
        previous_hash = ev.hash
    return None


def audit_purge(*, before, actor=None, reason: str) -> AuditPurge | None:
    """Delete the events created before `before` (retention) and record that as an event.

    Only the oldest part of the chain can go: everything up to and including the newest
    event older than `before`. The purge row is written first, so the database trigger lets
    exactly those rows be deleted, and keeps the hash of the last deleted event as the
    anchor for `audit_verify`. Returns None when nothing is old enough.
    """
    if not reason.strip():
        raise ValueError("an audit purge needs a reason")
    label = ""
    if actor is not None:
        label = getattr(actor, "name", None) or getattr(actor, "username", "") or str(actor)
    with transaction.atomic():
        _lock_chain()
        last_old = AuditEvent.objects.filter(created_at__lt=before).order_by("-id").only("id", "hash").first()
        if last_old is None:
            return None
        doomed = AuditEvent.objects.filter(id__lte=last_old.id)
        purge = AuditPurge.objects.create(
            up_to_id=last_old.id,
            anchor_hash=last_old.hash,
            deleted_count=doomed.count(),
            actor_label=label[:200],
            reason=reason[:500],
            created_at=timezone.now(),
        )
        doomed.delete()
        audit_record(
            action="audit.purged",
            actor=actor,
            data={
                "up_to_id": purge.up_to_id,
                "deleted_count": purge.deleted_count,
                "before": before.isoformat(),
                "reason": purge.reason,
            },
        )
    return purge
