"""Reads of the audit log, always scoped to one organisation."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import AuditEvent


def audit_actions_for_organisation(organisation) -> list[str]:
    return list(
        AuditEvent.objects.filter(organisation=organisation)
        .order_by("action")
        .values_list("action", flat=True)
        .distinct()
    )


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_events_for_organisation(
    organisation,
    *,
    action: str = "",
    actor: str = "",
    obj: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """The organisation's events, newest first. Dates are whole days in local time (Europe/Oslo),
    both ends included. `obj` matches an object type (`agreements.agreement`), an id, or
    `type:id`."""
    qs = AuditEvent.objects.filter(organisation=organisation)
    if action:
        qs = qs.filter(action=action)
    if actor:
        qs = qs.filter(actor_label__icontains=actor)
    if obj:
        obj_type, sep, obj_id = obj.partition(":")
        if sep:
            qs = qs.filter(object_type=obj_type.strip().lower(), object_id=obj_id.strip())
        else:
            qs = qs.filter(Q(object_type=obj.lower()) | Q(object_id=obj))
    if date_from:
        qs = qs.filter(created_at__gte=_local_midnight(date_from))
    if date_to:
        qs = qs.filter(created_at__lt=_local_midnight(date_to + datetime.timedelta(days=1)))
    return qs.order_by("-id")
