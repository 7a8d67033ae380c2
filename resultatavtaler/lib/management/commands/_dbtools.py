"""What `backup` and `restore` share: which database, how to reach it from the PostgreSQL
client tools, and how to tell a backup's kind from its first bytes."""

import os
import re
import shutil
import subprocess  # runs pg_dump/pg_restore with an argument list, never a shell
from pathlib import Path

from django.core.management.base import CommandError
from django.db import connections

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"


def database_settings(alias: str) -> dict:
    db = connections[alias].settings_dict
    vendor = connections[alias].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise CommandError(f"Backups are written for SQLite and PostgreSQL, not {vendor}.")
    return db


def sqlite_path(alias: str) -> Path:
    name = str(connections[alias].settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        raise CommandError("An in-memory SQLite database cannot be backed up or restored.")
    return Path(name)


def pg_env(alias: str) -> dict[str, str]:
    """The libpq environment for the client tools: the password never appears in a command
    line (visible to other users in `ps`)."""
    db = connections[alias].settings_dict
    env = dict(os.environ)
    pairs = {
        "PGHOST": db.get("HOST"),
        "PGPORT": db.get("PORT"),
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGDATABASE": db.get("NAME"),
        "PGSSLMODE": (db.get("OPTIONS") or {}).get("sslmode"),
    }
    for key, value in pairs.items():
        if value:
            env[key] = str(value)
    return env


def pg_tool(name: str, alias: str) -> str:
    """Path of pg_dump/pg_restore, checked against the server: a client older than the server
    cannot read its catalogue (pg_dump refuses), so say so plainly."""
    path = shutil.which(name)
    if path is None:
        raise CommandError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    out = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout  # noqa: S603
    match = re.search(r"(\d+)(?:\.(\d+))?", out)
    client_major = int(match.group(1)) if match else 0
    connection = connections[alias]
    connection.ensure_connection()
    server_major = connection.pg_version // 10000
    if client_major < server_major:
        raise CommandError(
            f"{name} is version {client_major} but the server is PostgreSQL {server_major}: "
            f"install the client tools of version {server_major} or newer."
        )
    return path


def backup_kind(path: Path) -> str:
    with path.open("rb") as f:
        head = f.read(16)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_CUSTOM_MAGIC):
        return "postgresql"
    raise CommandError(f"{path} is not a backup written by `manage.py backup`.")
