"""Production settings (DEBUG off): Django's deployment checklist passes, HTTPS is enforced with
HSTS, cookies are Secure, and a missing SECRET_KEY stops the start (ASVS 5.0 V13.4, V12.1).

Each case runs manage.py in a fresh process with the environment production would have,
without the test run's defaults."""

import json
import os
import secrets
import subprocess
import sys
import textwrap

from django.conf import settings

BASE_DIR = str(settings.BASE_DIR)


def _production_env(tmp_path, **overrides) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "RESULTATAVTALER_", "PYTEST"))}
    for name in ("DEBUG", "SECRET_KEY", "SECRET_KEY_FILE", "DATABASE_URL", "ALLOWED_HOSTS", "SECURE_HSTS_SECONDS"):
        env.pop(name, None)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        PYTHONPATH=BASE_DIR,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),  # 86 random characters
        ALLOWED_HOSTS="resultatavtaler.example.no",
        DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    )
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def _run(args, env):
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], _production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_would_catch_a_weakened_setting(tmp_path):
    """The check above is not vacuous: switching HSTS off makes it fail."""
    env = _production_env(tmp_path, SECURE_HSTS_SECONDS="0")
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = _production_env(tmp_path)
    del env["SECRET_KEY"]
    result = _run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_reads_the_secret_key_from_a_file(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text(secrets.token_urlsafe(64) + "\n")
    env = _production_env(tmp_path)
    del env["SECRET_KEY"]
    env["SECRET_KEY_FILE"] = str(key_file)
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr


PROBE = textwrap.dedent(
    """
    import json
    import django
    django.setup()
    from django.test import Client
    c = Client()
    host = {"host": "resultatavtaler.example.no"}
    plain = c.get("/konto/logg-inn/", headers=host)
    secure = c.get("/konto/logg-inn/", secure=True, headers=host)
    cookie = secure.cookies.get("__Host-csrftoken")
    print(json.dumps({
        "plain_status": plain.status_code,
        "plain_location": plain.get("Location"),
        "status": secure.status_code,
        "hsts": secure.get("Strict-Transport-Security"),
        "nosniff": secure.get("X-Content-Type-Options"),
        "referrer": secure.get("Referrer-Policy"),
        "csp": secure.get("Content-Security-Policy"),
        "csrf_cookie_secure": bool(cookie and cookie["secure"]),
        "csrf_cookie_path": cookie["path"] if cookie else None,
        "csrf_cookie_domain": cookie["domain"] if cookie else None,
    }))
    """
)


def test_production_redirects_to_https_and_sends_hsts(tmp_path):
    result = _run(["-c", PROBE], _production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["plain_status"] == 301
    assert seen["plain_location"] == "https://resultatavtaler.example.no/konto/logg-inn/"
    assert seen["status"] == 200
    assert seen["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert seen["nosniff"] == "nosniff"
    assert seen["referrer"] == "same-origin"
    assert "default-src 'self'" in seen["csp"]
    # "__Host-" cookies: Secure, for this host only (no Domain), for the whole site.
    assert seen["csrf_cookie_secure"] is True
    assert seen["csrf_cookie_path"] == "/" and not seen["csrf_cookie_domain"]
