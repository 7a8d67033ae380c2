"""Backups (ASVS 5.0 V14.2): `manage.py backup` and `manage.py restore` bring back every table
row for row, with the audit chain intact and still append-only.

SQLite: the test database is in memory, so the commands run in a subprocess against a
temporary database file. PostgreSQL: the round trip runs against the test database itself."""

import datetime
import os
import shutil
import sqlite3
import stat
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from resultatavtaler.audit.models import AuditEvent
from resultatavtaler.audit.services import audit_purge, audit_record, audit_verify

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
BASE_DIR = str(settings.BASE_DIR)

MAKE_DATA = """
import datetime
from django.contrib.auth import get_user_model
from django.utils import timezone
from resultatavtaler.audit.services import audit_purge, audit_record
for i in range(3):
    get_user_model().objects.create_user(f"user{i}", password=None)
for i in range(6):
    audit_record(action="test.before_purge", data={"i": i})
audit_purge(before=timezone.now() + datetime.timedelta(seconds=1), reason="Retention test")
for i in range(4):
    audit_record(action="test.after_purge", data={"i": i, "text": "æøå"})
"""

MAKE_MORE = """
from django.contrib.auth import get_user_model
from resultatavtaler.audit.services import audit_record
get_user_model().objects.create_user("after-backup", password=None)
audit_record(action="test.after_backup")
"""


def _sqlite_env(db_file):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        RESULTATAVTALER_TESTING="1", DATABASE_URL=f"sqlite:///{db_file}", DJANGO_SETTINGS_MODULE="config.settings"
    )
    return env


def _manage(env, *args, check=True):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


SQLITE_ONLY = pytest.mark.skipif(
    ON_POSTGRES, reason="SQLite backup path: runs in the SQLite test run (subprocess on a temporary file)"
)


@pytest.fixture(scope="module")
def seeded_sqlite(tmp_path_factory):
    """A migrated SQLite file with users, audit events and a purge; each test takes a copy."""
    if ON_POSTGRES:
        pytest.skip("SQLite backup path: runs in the SQLite test run")
    db_file = tmp_path_factory.mktemp("seed") / "seed.sqlite3"
    env = _sqlite_env(db_file)
    _manage(env, "migrate", "--no-input", "-v0")
    _manage(env, "shell", "-c", MAKE_DATA)
    return db_file


def _sqlite_counts(db_file) -> dict[str, int]:
    with sqlite3.connect(db_file) as db:
        tables = [
            r[0]
            for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        ]
        counts = {}
        for t in tables:
            # Table names come from SQLite's own catalogue, not from input.
            counts[t] = db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]  # noqa: S608  # nosec B608
        return counts


@SQLITE_ONLY
def test_sqlite_backup_and_restore_round_trip(seeded_sqlite, tmp_path):
    db_file, backup_file = tmp_path / "live.sqlite3", tmp_path / "backup.sqlite3"
    shutil.copyfile(seeded_sqlite, db_file)
    env = _sqlite_env(db_file)
    before = _sqlite_counts(db_file)
    assert before["audit_auditevent"] == 5 and before["audit_auditpurge"] == 1 and before["auth_user"] == 3

    _manage(env, "backup", "--out", str(backup_file))
    assert stat.S_IMODE(backup_file.stat().st_mode) == 0o600  # personal data: owner only

    _manage(env, "shell", "-c", MAKE_MORE)
    assert _sqlite_counts(db_file) != before

    restored = _manage(env, "restore", str(backup_file), "--no-input")
    assert "Audit chain intact: 5 events verified." in restored.stdout
    assert _sqlite_counts(db_file) == before
    assert "Audit chain intact" in _manage(env, "audit_verify").stdout
    # The restored log is still append-only.
    with sqlite3.connect(db_file) as db, pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE audit_auditevent SET action = 'rewritten'")


@SQLITE_ONLY
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    db_file = tmp_path / "live.sqlite3"
    env = _sqlite_env(db_file)
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"not a backup at all")
    result = _manage(env, "restore", str(junk), "--no-input", check=False)
    assert result.returncode != 0
    assert "is not a backup written by `manage.py backup`" in result.stderr


@SQLITE_ONLY
def test_restore_reports_a_tampered_backup(seeded_sqlite, tmp_path):
    db_file, backup_file = tmp_path / "live.sqlite3", tmp_path / "backup.sqlite3"
    shutil.copyfile(seeded_sqlite, db_file)
    env = _sqlite_env(db_file)
    _manage(env, "backup", "--out", str(backup_file))
    with sqlite3.connect(backup_file) as db:
        db.execute("DROP TRIGGER audit_auditevent_no_update")
        db.execute("UPDATE audit_auditevent SET actor_label = 'forged' WHERE action = 'test.after_purge'")
    result = _manage(env, "restore", str(backup_file), "--no-input", check=False)
    assert result.returncode != 0
    assert "Audit chain broken at event id=" in result.stderr
    assert "action=test.after_purge" in result.stderr


def _pg_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            # Table names come from the database's own catalogue, not from input.
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608  # nosec B608
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.mark.postgres_only
@pytest.mark.skipif(not ON_POSTGRES, reason="postgres_only: pg_dump/pg_restore round trip (SQLite is tested above)")
@pytest.mark.django_db(transaction=True)
def test_postgresql_backup_and_restore_round_trip(cast, tmp_path):
    for i in range(6):
        audit_record(action="test.before_purge", actor=cast.leader, data={"i": i})
    audit_purge(before=timezone.now() + datetime.timedelta(seconds=1), actor=cast.admin_person, reason="Retention")
    for i in range(4):
        audit_record(action="test.after_purge", actor=cast.leader, obj=cast.leader, data={"i": i})
    before = _pg_counts()
    assert before["audit_auditevent"] == 5 and before["audit_auditpurge"] == 1

    backup_file = tmp_path / "backup.pgdump"
    call_command("backup", out=str(backup_file))
    assert stat.S_IMODE(backup_file.stat().st_mode) == 0o600

    audit_record(action="test.after_backup")
    cast.leader.name = "Changed After Backup"
    cast.leader.save()
    assert _pg_counts() != before

    call_command("restore", str(backup_file), interactive=False)

    assert _pg_counts() == before
    assert audit_verify() is None
    call_command("audit_verify")
    cast.leader.refresh_from_db()
    assert cast.leader.name == "Live Leder"
    # Triggers came back with the tables, and new events continue the restored chain.
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.update(action="rewritten")
    audit_record(action="test.after_restore")
    assert audit_verify() is None


@pytest.mark.postgres_only
@pytest.mark.skipif(not ON_POSTGRES, reason="postgres_only: needs a PostgreSQL database")
@pytest.mark.django_db
def test_restore_refuses_a_backup_of_the_other_kind(tmp_path):
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).close()
    other.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    with pytest.raises(CommandError, match="is a sqlite backup; this database is postgresql"):
        call_command("restore", str(other), interactive=False)
