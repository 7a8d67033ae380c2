"""`make security`'s dependency audit (.ci/pip_audit.py) reports honestly: a vulnerability fails
the build; an unreachable or ignorant advisory service is reported as NOT AUDITED, never as a
pass. pip-audit's answers are played by a small stand-in executable (the real service cannot be
made to report a vulnerability on demand)."""

import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

from django.conf import settings

SCRIPT = os.path.join(settings.BASE_DIR, ".ci", "pip_audit.py")


def _fake_pip_audit(tmp_path, *, strict_rc, strict_out="", strict_err="", json_out="", json_err="", json_rc=0):
    fake = tmp_path / "pip-audit"
    fake.write_text(
        textwrap.dedent(
            f"""\
            #!{sys.executable}
            import sys
            if "--strict" in sys.argv:
                sys.stdout.write({strict_out!r}); sys.stderr.write({strict_err!r}); sys.exit({strict_rc})
            sys.stdout.write({json_out!r}); sys.stderr.write({json_err!r}); sys.exit({json_rc})
            """
        )
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    return fake


def _run(fake):
    env = {**os.environ, "PIP_AUDIT": str(fake)}
    return subprocess.run([sys.executable, SCRIPT], env=env, capture_output=True, text=True, timeout=60)


def test_a_clean_strict_audit_passes(tmp_path):
    result = _run(_fake_pip_audit(tmp_path, strict_rc=0, strict_out="No known vulnerabilities found\n"))
    assert result.returncode == 0
    assert "AUDITED (strict)" in result.stdout


def test_a_known_vulnerability_fails(tmp_path):
    report = {
        "dependencies": [
            {"name": "django", "version": "5.2.0", "vulns": [{"id": "PYSEC-2099-1", "fix_versions": ["5.2.1"]}]},
            {"name": "ruff", "version": "0.1", "vulns": []},
        ]
    }
    result = _run(_fake_pip_audit(tmp_path, strict_rc=1, json_out=json.dumps(report), json_rc=1))
    assert result.returncode == 1
    assert "django 5.2.0: PYSEC-2099-1 (fixed in: 5.2.1)" in result.stdout
    assert "FAILED" in result.stdout


def test_an_unreachable_service_is_reported_as_not_audited(tmp_path):
    err = "requests.exceptions.ConnectionError: Max retries exceeded with url: /pypi/django/5.2/json\n"
    result = _run(_fake_pip_audit(tmp_path, strict_rc=1, strict_err=err, json_err=err, json_rc=1))
    assert result.returncode == 0
    assert result.stdout.strip() == "pip-audit: NOT AUDITED (advisory service unreachable)"


def test_packages_the_service_does_not_know_are_not_called_a_pass(tmp_path):
    report = {
        "dependencies": [
            {"name": "django", "skip_reason": "Dependency not found on PyPI and could not be audited: django (5.2)"},
            {"name": "ruff", "version": "0.1", "vulns": []},
        ]
    }
    result = _run(_fake_pip_audit(tmp_path, strict_rc=1, json_out=json.dumps(report)))
    assert result.returncode == 0
    assert "NOT AUDITED" in result.stdout and "django" in result.stdout
    assert "1 of 2 packages audited" in result.stdout
    assert "AUDITED (strict)" not in result.stdout


def test_an_unexplained_error_fails(tmp_path):
    result = _run(_fake_pip_audit(tmp_path, strict_rc=1, strict_err="Traceback: boom\n", json_rc=1))
    assert result.returncode == 1
    assert "FAILED" in result.stdout


def test_make_test_runs_the_security_checks_first():
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text(encoding="utf-8")
    assert "\nsecurity: " in makefile
    test_rule = next(line for line in makefile.splitlines() if line.startswith("test:"))
    assert "security" in test_rule.split(":", 1)[1]
