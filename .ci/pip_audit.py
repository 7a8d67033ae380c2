#!/usr/bin/env python3
"""`make security`'s dependency audit, reported honestly.

1. `pip-audit --strict` over the pinned requirements: exit 0 means every pinned package was
   checked against the advisory service and none has a known vulnerability.
2. If that fails, a second, non-strict run tells why:
   - a known vulnerability            -> listed, exit 1 (CI fails);
   - the advisory service unreachable -> "pip-audit: NOT AUDITED (advisory service unreachable)", exit 0;
   - packages the service has no record of (so they were not checked)
                                      -> "pip-audit: NOT AUDITED ..." naming them, exit 0 —
     never reported as a pass;
   - anything else                    -> pip-audit's own error, exit 1.
"""

import json
import os
import subprocess  # fixed argument lists, no shell
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# PIP_AUDIT: another pip-audit executable (the tests use it to play the advisory service's answers).
PIP_AUDIT = os.environ.get("PIP_AUDIT") or str(Path(sys.executable).with_name("pip-audit"))
REQUIREMENTS = ["-r", "requirements/base.txt", "-r", "requirements/dev.txt"]
# The files are fully pinned with hashes: no resolver run is needed (or wanted).
COMMON = ["--disable-pip", "--progress-spinner", "off", *REQUIREMENTS]
UNREACHABLE_HINTS = (
    "ConnectionError",
    "ConnectTimeout",
    "ReadTimeout",
    "Max retries exceeded",
    "Name or service not known",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "ProxyError",
    "SSLError",
    "timed out",
)


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([PIP_AUDIT, *args], cwd=ROOT, capture_output=True, text=True)  # noqa: S603


def main() -> int:
    strict = run("--strict", *COMMON)
    if strict.returncode == 0:
        print(strict.stdout.strip() or "pip-audit: no known vulnerabilities")
        print("pip-audit: AUDITED (strict) — no known vulnerabilities in the pinned requirements")
        return 0

    detail = run("--format", "json", *COMMON)
    try:
        report = json.loads(detail.stdout)
    except json.JSONDecodeError:
        output = strict.stderr + strict.stdout + detail.stderr
        if any(hint in output for hint in UNREACHABLE_HINTS):
            print("pip-audit: NOT AUDITED (advisory service unreachable)")
            return 0
        sys.stderr.write(output)
        print("pip-audit: FAILED (see the error above)")
        return 1

    dependencies = report.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    if vulnerable:
        for dep in vulnerable:
            for vuln in dep["vulns"]:
                fixes = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
                print(f"{dep['name']} {dep['version']}: {vuln['id']} (fixed in: {fixes})")
        print(f"pip-audit: FAILED — {len(vulnerable)} package(s) with known vulnerabilities")
        return 1
    if skipped:
        audited = len(dependencies) - len(skipped)
        names = ", ".join(d["name"] for d in skipped)
        if audited:
            print(f"pip-audit: {audited} of {len(dependencies)} packages audited, no known vulnerabilities among them")
        print(
            f"pip-audit: NOT AUDITED — the advisory service has no record of {len(skipped)} of "
            f"{len(dependencies)} pinned package versions, so they were not checked: {names}"
        )
        return 0
    sys.stderr.write(strict.stderr + strict.stdout)
    print("pip-audit: FAILED (strict run failed for a reason not understood; see above)")
    return 1


if __name__ == "__main__":
    sys.exit(main())
