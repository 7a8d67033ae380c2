"""Make the audit log append-only in the database itself (ASVS 5.0 V16.4: logs protected
from modification), not only by the absence of code that changes it.

- audit_auditevent: every UPDATE is refused; a DELETE only of events whose id is at most the
  highest `up_to_id` in audit_auditpurge (retention goes through `audit_purge`, which records
  its purge row first, in the same transaction, and is itself audited).
- audit_auditpurge: append-only; a purge row may not reach beyond the newest event, so it
  cannot authorise deleting events that do not exist yet.

PostgreSQL: plpgsql trigger functions raising SQLSTATE 23000 (Django: IntegrityError).
SQLite: triggers with RAISE(ABORT, ...) (also IntegrityError).

Not covered, by design: TRUNCATE and DROP (a database owner's operations; Django's `flush`
uses them on PostgreSQL — on SQLite the `flush` command in this app lifts the triggers for
the length of the flush). A later migration that makes SQLite rebuild audit_auditevent drops
its triggers with the old table: re-create them after such a migration
(test_append_only.py fails if they are missing).
"""

from django.db import migrations

PG_INSTALL = """
CREATE OR REPLACE FUNCTION audit_auditevent_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND OLD.id <= (SELECT COALESCE(MAX(up_to_id), 0) FROM audit_auditpurge) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit log is append-only: % of audit event % refused', TG_OP, OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
CREATE TRIGGER audit_auditevent_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_auditevent_guard();

CREATE OR REPLACE FUNCTION audit_auditpurge_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.up_to_id > (SELECT COALESCE(MAX(id), 0) FROM audit_auditevent) THEN
            RAISE EXCEPTION 'an audit purge may not reach beyond the newest audit event'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit purges are append-only: % refused', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
CREATE TRIGGER audit_auditpurge_append_only
    BEFORE INSERT OR UPDATE OR DELETE ON audit_auditpurge
    FOR EACH ROW EXECUTE FUNCTION audit_auditpurge_guard();
"""

PG_REMOVE = """
DROP TRIGGER IF EXISTS audit_auditpurge_append_only ON audit_auditpurge;
DROP FUNCTION IF EXISTS audit_auditpurge_guard();
DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_auditevent_guard();
"""

SQLITE_INSTALL = [
    """CREATE TRIGGER audit_auditevent_no_update BEFORE UPDATE ON audit_auditevent
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only: UPDATE of an audit event refused'); END""",
    """CREATE TRIGGER audit_auditevent_no_delete BEFORE DELETE ON audit_auditevent
    WHEN OLD.id > (SELECT COALESCE(MAX(up_to_id), 0) FROM audit_auditpurge)
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only: DELETE of an audit event refused'); END""",
    """CREATE TRIGGER audit_auditpurge_no_update BEFORE UPDATE ON audit_auditpurge
    BEGIN SELECT RAISE(ABORT, 'audit purges are append-only: UPDATE refused'); END""",
    """CREATE TRIGGER audit_auditpurge_no_delete BEFORE DELETE ON audit_auditpurge
    BEGIN SELECT RAISE(ABORT, 'audit purges are append-only: DELETE refused'); END""",
    """CREATE TRIGGER audit_auditpurge_not_beyond_newest BEFORE INSERT ON audit_auditpurge
    WHEN NEW.up_to_id > (SELECT COALESCE(MAX(id), 0) FROM audit_auditevent)
    BEGIN SELECT RAISE(ABORT, 'an audit purge may not reach beyond the newest audit event'); END""",
]

SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_auditpurge_not_beyond_newest",
    "DROP TRIGGER IF EXISTS audit_auditpurge_no_delete",
    "DROP TRIGGER IF EXISTS audit_auditpurge_no_update",
    "DROP TRIGGER IF EXISTS audit_auditevent_no_delete",
    "DROP TRIGGER IF EXISTS audit_auditevent_no_update",
]


def _run(schema_editor, *, postgresql, sqlite):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(postgresql, params=None)
    elif vendor == "sqlite":
        for statement in sqlite:
            schema_editor.execute(statement, params=None)
    else:
        raise NotImplementedError(f"append-only audit triggers are not written for {vendor}")


def install(apps, schema_editor):
    _run(schema_editor, postgresql=PG_INSTALL, sqlite=SQLITE_INSTALL)


def remove(apps, schema_editor):
    _run(schema_editor, postgresql=PG_REMOVE, sqlite=SQLITE_REMOVE)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_auditpurge"),
    ]

    operations = [
        migrations.RunPython(install, remove, elidable=False),
    ]
