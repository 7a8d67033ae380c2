"""`manage.py backup --out FILE`: a consistent copy of the whole database, while it runs.

SQLite: the online backup API (a page-by-page copy under SQLite's own locking).
PostgreSQL: `pg_dump --format=custom` (one snapshot; restore with `manage.py restore`).
The file holds personal data: it is created readable by its owner only.
"""

import os
import sqlite3
import subprocess  # pg_dump with an argument list, never a shell
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from ._dbtools import database_settings, pg_env, pg_tool, sqlite_path


class Command(BaseCommand):
    help = "Write a backup of the database to a file (SQLite file copy or pg_dump custom format)."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="File to write (replaced if it exists).")

    def handle(self, *args, out, **options):
        database = DEFAULT_DB_ALIAS
        from django.db import connections

        database_settings(database)
        vendor = connections[database].vendor
        target = Path(out).resolve()
        partial = target.with_name(target.name + ".partial")
        partial.unlink(missing_ok=True)
        # Owner-only from the first byte.
        os.close(os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600))
        try:
            if vendor == "sqlite":
                self._sqlite(database, partial)
            else:
                self._postgresql(database, partial)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(self.style.SUCCESS(f"Backup written to {target} ({target.stat().st_size} bytes)."))

    def _sqlite(self, database, partial: Path):
        source = sqlite3.connect(sqlite_path(database))
        destination = sqlite3.connect(partial)
        try:
            source.backup(destination)
        finally:
            destination.close()
            source.close()

    def _postgresql(self, database, partial: Path):
        pg_dump = pg_tool("pg_dump", database)
        result = subprocess.run(  # noqa: S603 - a fixed argument list
            [pg_dump, "--format=custom", "--no-password", f"--file={partial}"],
            env=pg_env(database),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
