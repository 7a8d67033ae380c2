"""CACHE_URL=redis://… (README, DESIGN.md §7: Redis is the shared cache of several app
processes) works with what `make install` installs: what one process puts in the cache, another
reads. Each process reads the settings afresh with only the given environment; the Redis server
is the real one on 127.0.0.1:6379 (TEST_REDIS_URL to use another)."""

import os
import socket
import subprocess
import sys
import uuid
from urllib.parse import urlsplit

import pytest
from django.conf import settings

BASE_DIR = str(settings.BASE_DIR)
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


def _redis_reachable() -> bool:
    parts = urlsplit(REDIS_URL)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture(scope="module", autouse=True)
def redis_server():
    if not _redis_reachable():
        if os.environ.get("CI"):
            pytest.fail(f"No Redis server at {REDIS_URL}; CI runs on a machine with one.")
        pytest.skip(f"no Redis server at {REDIS_URL}")


def in_process(code: str, **environment) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST", "CACHE_"))}
    env.update(PYTHONPATH=BASE_DIR, RESULTATAVTALER_TESTING="1", DJANGO_SETTINGS_MODULE="config.settings")
    env.update(environment)
    program = f"import django; django.setup(); from django.core.cache import caches; cache = caches['default']; {code}"
    result = subprocess.run(
        [sys.executable, "-c", program], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_a_value_one_process_caches_is_read_by_another():
    key = f"shared-cache-test-{uuid.uuid4().hex}"
    backend = in_process("print(type(cache).__module__)", CACHE_URL=REDIS_URL)
    assert backend == "django.core.cache.backends.redis"
    in_process(f"cache.set({key!r}, 'Til behandling – æøå', 60)", CACHE_URL=REDIS_URL)
    try:
        assert in_process(f"print(cache.get({key!r}))", CACHE_URL=REDIS_URL) == "Til behandling – æøå"
        # Without CACHE_URL each process has its own memory: the other process sees nothing.
        assert in_process(f"print(cache.get({key!r}))") == "None"
    finally:
        in_process(f"cache.delete({key!r})", CACHE_URL=REDIS_URL)
