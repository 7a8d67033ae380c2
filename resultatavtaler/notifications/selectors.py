"""Reads of a person's own notifications (the in-app list)."""

from django.db.models import QuerySet

from .models import Notification


def notifications_for(person) -> QuerySet[Notification]:
    if person is None:
        return Notification.objects.none()
    return Notification.objects.filter(organisation_id=person.organisation_id, person=person).order_by(
        "-created_at", "-pk"
    )


def unread_count(person) -> int:
    if person is None:
        return 0
    return notifications_for(person).filter(read_at__isnull=True).count()
