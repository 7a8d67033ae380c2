"""Create, migrate and fill one benchmark database (once per generator version and scale)."""

from __future__ import annotations

import json
import subprocess
import time

from bench import env


def prepare(db: str, scale: str, *, force: bool = False) -> dict:
    path = env.marker_path(db, scale)
    if not force and env.is_ready(db, scale):
        return json.loads(path.read_text())
    env.OUT.mkdir(exist_ok=True)
    env.log(f"[{db}/{scale}] creating the database with {env.SCALES[scale]:,} persons")
    if db == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            (env.OUT / f"ra_bench_{scale}.sqlite3{suffix}").unlink(missing_ok=True)
    else:
        name = f"ra_bench_{scale}"
        for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
            subprocess.run(["psql", f"{env.PG_HOST}/postgres", "-qc", sql], check=True, capture_output=True)
    path.unlink(missing_ok=True)
    t0 = time.perf_counter()
    env.run(["manage.py", "migrate", "--no-input", "-v", "0"], db, scale)
    migrated = time.perf_counter() - t0
    t1 = time.perf_counter()
    out = env.run(
        ["manage.py", "generate_scale", "--persons", str(env.SCALES[scale]), "--seed", str(env.SEED)],
        db,
        scale,
        capture_output=True,
        text=True,
    ).stdout
    generated = time.perf_counter() - t1
    # Fresh statistics, as autovacuum would give a production database after a while.
    if db == "postgres":
        subprocess.run(["psql", f"{env.PG_HOST}/ra_bench_{scale}", "-qc", "VACUUM ANALYZE"], check=True)
    else:
        env.run(
            ["manage.py", "shell", "-c", "from django.db import connection; connection.cursor().execute('ANALYZE')"],
            db,
            scale,
        )
    marker = {
        "want": env.wanted_marker(scale),
        "migrate_seconds": round(migrated, 1),
        "generate_seconds": round(generated, 1),
        "generate_output": out.splitlines()[-25:],
    }
    path.write_text(json.dumps(marker, indent=1, ensure_ascii=False))
    env.log(f"[{db}/{scale}] generated in {generated:.0f} s")
    return marker
