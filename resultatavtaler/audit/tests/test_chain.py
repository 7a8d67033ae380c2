"""The hash chain: `manage.py audit_verify` names the first broken link; concurrent writers on
PostgreSQL never fork the chain, not even when the log starts empty."""

import threading

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone

from resultatavtaler.audit.models import AuditEvent
from resultatavtaler.audit.services import audit_record, audit_verify

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
SKIP_ON_SQLITE = pytest.mark.skipif(
    not ON_POSTGRES, reason="postgres_only: needs concurrent writers on PostgreSQL (SQLite has a single writer)"
)


def _drop_guard_triggers():
    """Inside the test's transaction (rolled back afterwards): what someone with direct
    database access could do before tampering."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER audit_auditevent_append_only ON audit_auditevent")
        else:
            cursor.execute("DROP TRIGGER audit_auditevent_no_update")
            cursor.execute("DROP TRIGGER audit_auditevent_no_delete")


@pytest.mark.django_db
def test_audit_verify_passes_on_an_intact_chain(capsys):
    for i in range(5):
        audit_record(action=f"test.event_{i}", data={"n": i, "text": "æøå"})
    call_command("audit_verify")
    assert "Audit chain intact: 5 events verified." in capsys.readouterr().out


@pytest.mark.django_db
def test_audit_verify_names_the_altered_event():
    first, second, third = (audit_record(action=f"test.event_{i}") for i in range(3))
    _drop_guard_triggers()
    AuditEvent.objects.filter(pk=second.pk).update(actor_label="Someone Else")

    assert audit_verify() == second
    with pytest.raises(CommandError) as excinfo:
        call_command("audit_verify")
    message = str(excinfo.value)
    when = timezone.localtime(second.created_at).isoformat(timespec="seconds")
    assert f"id={second.pk}" in message
    assert f"time={when}" in message
    assert "action=test.event_1" in message


@pytest.mark.django_db
def test_audit_verify_names_the_event_after_a_removed_one():
    events = [audit_record(action=f"test.event_{i}") for i in range(4)]
    _drop_guard_triggers()
    AuditEvent.objects.filter(pk=events[1].pk).delete()
    with pytest.raises(CommandError, match=f"id={events[2].pk}, .*action=test.event_2"):
        call_command("audit_verify")


@pytest.mark.django_db
def test_audit_verify_exits_non_zero_from_the_command_line():
    audit_record(action="test.event")
    _drop_guard_triggers()
    AuditEvent.objects.update(data={"forged": True})
    with pytest.raises(SystemExit) as excinfo:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["manage.py", "audit_verify"])
    assert excinfo.value.code != 0


def _in_own_connection(fn):
    """Run `fn` in a thread, which gets its own database connection, and close it after."""

    def run():
        try:
            fn()
        finally:
            connection.close()

    return threading.Thread(target=run)


@pytest.mark.postgres_only
@SKIP_ON_SQLITE
@pytest.mark.django_db(transaction=True)
def test_a_second_writer_waits_for_the_first_even_on_an_empty_log():
    assert not AuditEvent.objects.exists()
    first_recorded = threading.Event()
    second_done = threading.Event()
    seen_waiting = []
    errors = []

    def first():
        try:
            with transaction.atomic():
                audit_record(action="test.first")
                first_recorded.set()
                # Hold the transaction open until the second writer is blocked on the chain
                # lock — or has finished, which would mean nothing serialised the two.
                with connection.cursor() as cursor:
                    while not second_done.is_set():
                        cursor.execute(
                            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                        )
                        if cursor.fetchone()[0]:
                            seen_waiting.append(True)
                            break
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def second():
        try:
            first_recorded.wait(timeout=30)
            audit_record(action="test.second")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            second_done.set()

    threads = [_in_own_connection(first), _in_own_connection(second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    assert seen_waiting, "the second writer did not wait for the first one's transaction"
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["test.first", "test.second"]
    assert audit_verify() is None


@pytest.mark.postgres_only
@SKIP_ON_SQLITE
@pytest.mark.django_db(transaction=True)
def test_many_concurrent_writers_keep_one_chain():
    writers, per_writer = 8, 5
    barrier = threading.Barrier(writers)
    errors = []

    def write(n):
        def run():
            try:
                barrier.wait(timeout=30)
                for i in range(per_writer):
                    with transaction.atomic():
                        audit_record(action=f"test.writer_{n}", data={"i": i})
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)

        return run

    threads = [_in_own_connection(write(n)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors
    assert AuditEvent.objects.count() == writers * per_writer
    assert audit_verify() is None
    call_command("audit_verify")
