"""Where the benchmark's databases live and how a benchmark process is configured.

Every measurement runs in its own process with `DATABASE_URL` pointing at a database of one
scale: PostgreSQL databases `ra_bench_<scale>` on 127.0.0.1:5432 (user postgres), SQLite files
`bench/out/ra_bench_<scale>.sqlite3`. A marker file beside the results says which generator
version, number of persons and seed a database holds, so it is generated only once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
OUT = BENCH_DIR / "out"
PYTHON = str(ROOT / ".venv" / "bin" / "python")

SCALES = {"small": 2_000, "medium": 20_000, "full": 200_000}
DATABASES = ("sqlite", "postgres")
PG_HOST = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
SEED = 1


def database_url(db: str, scale: str) -> str:
    if db == "sqlite":
        return f"sqlite:///{OUT / f'ra_bench_{scale}.sqlite3'}"
    # Persistent connections, as production runs (docs/operations.md): conn_max_age=60 unless
    # BENCH_CONN_MAX_AGE says otherwise (0: a new connection for every request).
    return f"{PG_HOST}/ra_bench_{scale}?conn_max_age={conn_max_age()}"


def conn_max_age() -> str:
    return os.environ.get("BENCH_CONN_MAX_AGE", "60")


def process_env(db: str, scale: str) -> dict[str, str]:
    """Production-like settings (DEBUG off), loopback only, no HTTPS redirect."""
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "RESULTATAVTALER_TESTING")}
    env.update(
        {
            "DATABASE_URL": database_url(db, scale),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECRET_KEY": "bench-only-key-not-a-secret-0123456789abcdef",
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "SECURE_HSTS_SECONDS": "0",
            "LOG_LEVEL": "ERROR",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def marker_path(db: str, scale: str) -> Path:
    return OUT / f"ra_bench_{scale}-{db}.marker.json"


def wanted_marker(scale: str) -> dict:
    from bench.scale import GENERATOR_VERSION

    return {"generator": GENERATOR_VERSION, "persons": SCALES[scale], "seed": SEED}


def is_ready(db: str, scale: str) -> bool:
    path = marker_path(db, scale)
    if not path.exists():
        return False
    if db == "sqlite" and not (OUT / f"ra_bench_{scale}.sqlite3").exists():
        return False
    if db == "postgres":
        found = subprocess.run(
            ["psql", f"{PG_HOST}/postgres", "-tAc", f"SELECT 1 FROM pg_database WHERE datname = 'ra_bench_{scale}'"],  # noqa: S608
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        if found != "1":
            return False
    return json.loads(path.read_text()).get("want") == wanted_marker(scale)


def run(args: list[str], db: str, scale: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, *args], env=process_env(db, scale), cwd=ROOT, check=True, **kw)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)
