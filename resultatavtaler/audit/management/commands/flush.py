"""`flush`, as Django's, but able to empty an SQLite database whose audit log is append-only.

On PostgreSQL Django flushes with TRUNCATE, which the row triggers do not see. On SQLite it
flushes with DELETE, which the triggers refuse; this command lifts the audit triggers for the
length of the flush, in the same transaction, and puts them back exactly as they were. Flushing
is an operator's (and the test runner's) wholesale wipe, not a way to edit the log.
"""

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections, transaction


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options.get("database", DEFAULT_DB_ALIAS)]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                    "AND tbl_name IN ('audit_auditevent', 'audit_auditpurge')"
                )
                triggers = cursor.fetchall()
                for name, _sql in triggers:
                    cursor.execute(f'DROP TRIGGER "{name}"')  # noqa: S608 - names read from sqlite_master
            result = super().handle(**options)
            with connection.cursor() as cursor:
                for _name, sql in triggers:
                    cursor.execute(sql)
        return result
