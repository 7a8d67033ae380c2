"""The audit log cannot be changed or shortened, except by an audited purge of its oldest part."""

import datetime

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.models.deletion import ProtectedError
from django.utils import timezone

from resultatavtaler.audit.models import AuditEvent, AuditPurge
from resultatavtaler.audit.services import audit_purge, audit_record, audit_verify

pytestmark = pytest.mark.django_db


def _events(n, **kwargs):
    return [audit_record(action=f"test.event_{i}", **kwargs) for i in range(n)]


def test_an_event_cannot_be_updated_even_by_a_raw_query():
    ev = _events(1)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=ev.pk).update(action="test.rewritten")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET actor_label = 'someone else' WHERE id = %s", [ev.pk])
    ev.refresh_from_db()
    assert ev.action == "test.event_0"
    assert audit_verify() is None


def test_an_event_cannot_be_deleted_without_a_purge():
    ev = _events(2)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=ev.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.count() == 2


def test_an_organisation_with_a_log_cannot_be_deleted(organisation):
    audit_record(action="test.event", organisation=organisation)
    with pytest.raises(ProtectedError), transaction.atomic():
        organisation.delete()


def test_purge_removes_only_the_old_part_and_is_itself_audited(admin_person):
    old = _events(3)
    cutoff = old[-1].created_at + datetime.timedelta(microseconds=1)
    newer = [audit_record(action="test.newer")]
    while newer[-1].created_at < cutoff:  # same microsecond as the old ones: keep going
        newer.append(audit_record(action="test.newer"))
    doomed = set(AuditEvent.objects.filter(created_at__lt=cutoff).values_list("pk", flat=True))
    kept = {e.pk for e in old + newer} - doomed
    assert {e.pk for e in old} <= doomed and kept

    purge = audit_purge(before=cutoff, actor=admin_person, reason="Retention: older than 5 years")

    assert purge.deleted_count == len(doomed)
    assert not AuditEvent.objects.filter(pk__in=doomed).exists()
    assert AuditEvent.objects.filter(pk__in=kept).count() == len(kept)
    recorded = AuditEvent.objects.get(action="audit.purged")
    assert recorded.actor_label == admin_person.name
    assert recorded.data["deleted_count"] == len(doomed)
    assert recorded.data["reason"] == "Retention: older than 5 years"
    # The chain that remains still verifies, from the purge's anchor.
    assert audit_verify() is None
    call_command("audit_verify")


def test_purge_with_nothing_old_enough_deletes_nothing():
    _events(2)
    long_ago = timezone.now() - datetime.timedelta(days=3650)
    assert audit_purge(before=long_ago, reason="Retention") is None
    assert AuditEvent.objects.count() == 2
    assert not AuditPurge.objects.exists()


def test_purge_of_everything_keeps_the_chain_going():
    _events(2)
    audit_purge(before=timezone.now() + datetime.timedelta(seconds=1), reason="Retention")
    # Only the purge's own event remains; new events chain on from it.
    audit_record(action="test.after")
    assert [e.action for e in AuditEvent.objects.all()] == ["audit.purged", "test.after"]
    assert audit_verify() is None


def test_purge_records_cannot_be_changed_or_deleted_or_reach_ahead():
    _events(2)
    purge = audit_purge(before=timezone.now() + datetime.timedelta(seconds=1), reason="Retention")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditPurge.objects.filter(pk=purge.pk).update(up_to_id=10**9)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditPurge.objects.filter(pk=purge.pk).delete()
    # A permit for events that do not exist yet would let future events be deleted.
    newest = AuditEvent.objects.order_by("-id").first()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditPurge.objects.create(
            up_to_id=newest.pk + 100, anchor_hash="x" * 64, reason="sneaky", created_at=timezone.now()
        )
    later = audit_record(action="test.later")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=later.pk).delete()


def test_a_purge_needs_a_reason():
    _events(1)
    with pytest.raises(ValueError):
        audit_purge(before=timezone.now(), reason="  ")


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_log_and_leaves_it_append_only():
    """`manage.py flush` (and the test runner's flush between transactional tests) wipes the
    database wholesale — on SQLite through the audit app's flush, which lifts the triggers for
    the flush only."""
    _events(3)
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists()
    ev = audit_record(action="test.after_flush")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=ev.pk).update(action="test.rewritten")
    assert audit_verify() is None
