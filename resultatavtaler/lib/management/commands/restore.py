"""`manage.py restore FILE`: replace the whole database with a backup from `manage.py backup`.

SQLite: the online backup API, copied into the database file.
PostgreSQL: `pg_restore --clean --if-exists` in one transaction: every object in the backup is
dropped and re-created, or nothing changes. Restore into the same version of the application
(run `migrate` afterwards if the code is newer).

Afterwards the audit chain is verified; a broken chain makes the command fail, naming the
event, so a tampered or damaged backup does not pass unnoticed.
"""

import sqlite3
import subprocess  # pg_restore with an argument list, never a shell
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from ._dbtools import backup_kind, database_settings, pg_env, pg_tool, sqlite_path


class Command(BaseCommand):
    help = "Replace ALL data in the database with a backup written by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup file.")
        parser.add_argument(
            "--no-input", "--noinput", action="store_false", dest="interactive", help="Do not ask for confirmation."
        )

    def handle(self, *args, file, interactive, **options):
        database = DEFAULT_DB_ALIAS
        database_settings(database)
        connection = connections[database]
        source = Path(file).resolve()
        if not source.is_file():
            raise CommandError(f"No such file: {source}")
        kind = backup_kind(source)
        if kind != connection.vendor:
            raise CommandError(f"{source} is a {kind} backup; this database is {connection.vendor}.")
        name = connection.settings_dict["NAME"]
        if interactive:
            answer = input(f"This replaces ALL data in the database {name!r} with {source}. Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        if kind == "sqlite":
            self._sqlite(database, source)
        else:
            self._postgresql(database, source)
        self.stdout.write(self.style.SUCCESS(f"Restored {name!r} from {source}."))
        call_command("audit_verify", stdout=self.stdout, stderr=self.stderr)

    def _sqlite(self, database, source: Path):
        target = sqlite_path(database)
        connections[database].close()
        backup = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
        live = sqlite3.connect(target)
        try:
            backup.backup(live)
        finally:
            live.close()
            backup.close()

    def _postgresql(self, database, source: Path):
        pg_restore = pg_tool("pg_restore", database)
        name = connections[database].settings_dict["NAME"]
        # Our own connection must not hold locks on the tables pg_restore drops.
        connections[database].close()
        result = subprocess.run(  # noqa: S603 - a fixed argument list
            [
                pg_restore,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                "--no-password",
                f"--dbname={name}",
                str(source),
            ],
            env=pg_env(database),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise CommandError(f"pg_restore failed: {result.stderr.strip()}")
