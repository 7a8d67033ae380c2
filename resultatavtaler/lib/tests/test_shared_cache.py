"""CACHE_URL=redis://… (README, DESIGN.md §7: Redis is the shared cache of several app
processes) works with what `make install` installs: what one process puts in the cache, another
reads, and the sessions are read from it (config/settings.py). Each process reads the settings
afresh with only the given environment; the Redis server is the real one on 127.0.0.1:6379
(TEST_REDIS_URL to use another)."""

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


def test_sessions_are_read_from_a_shared_cache_and_from_the_database_otherwise():
    engine = "from django.conf import settings; print(settings.SESSION_ENGINE)"
    assert in_process(engine, CACHE_URL=REDIS_URL) == "resultatavtaler.lib.sessions.cached_db"
    # A cache in each process's memory could keep a session another process ended.
    assert in_process(engine) == "resultatavtaler.lib.sessions.db"


@pytest.fixture
def redis_sessions(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    settings.SESSION_ENGINE = "resultatavtaler.lib.sessions.cached_db"


def test_with_the_shared_cache_a_page_reads_no_session_row_and_a_logout_holds_everywhere(cast, redis_sessions):
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from resultatavtaler.lib.sessions.cached_db import SessionStore

    client = Client()
    client.force_login(cast.leader.user, backend="resultatavtaler.accounts.backends.PersonModelBackend")
    store = SessionStore(session_key=client.session.session_key)
    assert client.get("/").status_code == 200
    with CaptureQueriesContext(connection) as read:
        assert client.get("/").status_code == 200
    statements = [q["sql"] for q in read.captured_queries]
    assert statements and not any("django_session" in sql for sql in statements)
    # The session is in the database too: a cache that lost it (a restart) logs nobody out.
    assert cache.delete(store.cache_key)
    assert client.get("/").status_code == 200
    assert cache.get(store.cache_key) is not None  # and back in the cache
    # A logout in another process (another store over the same cache and database) ends it here.
    store.delete()
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
