"""DATABASE_PREPARED_STATEMENTS switches PostgreSQL to server-side binding with prepared
statements (docs/performance.md); it is off by default and means nothing for SQLite.
Each case reads the settings in a fresh process with only the given environment."""

import json
import os
import subprocess
import sys

from django.conf import settings

BASE_DIR = str(settings.BASE_DIR)
PRINT_OPTIONS = "import json, config.settings as s; print(json.dumps(s.DATABASES['default'].get('OPTIONS', {})))"


def options(**environment) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST", "DATABASE_"))}
    env.update(PYTHONPATH=BASE_DIR, RESULTATAVTALER_TESTING="1", **environment)
    result = subprocess.run(
        [sys.executable, "-c", PRINT_OPTIONS], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


PG = "postgres://postgres@127.0.0.1:5432/unused"


def test_postgresql_binds_on_the_client_by_default():
    found = options(DATABASE_URL=PG)
    assert "server_side_binding" not in found
    assert "prepare_threshold" not in found


def test_the_switch_turns_on_server_side_binding_and_prepared_statements():
    found = options(DATABASE_URL=PG, DATABASE_PREPARED_STATEMENTS="1")
    assert found["server_side_binding"] is True
    assert found["prepare_threshold"] == 5


def test_the_switch_means_nothing_for_sqlite(tmp_path):
    found = options(DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}", DATABASE_PREPARED_STATEMENTS="1")
    assert "server_side_binding" not in found
