"""The load test: gunicorn + PostgreSQL on loopback, locust (its own virtualenv, bench/.venv,
from requirements/bench.txt) running a mixed scenario of the roles at 20 and 100 users.

Runs inside a Django process of one scale (python -m bench load): picks the people, gives
them accounts and logged-in sessions (written straight to the session store, as a login
would), writes bench/out/load-personas.json for bench/locustfile.py, starts gunicorn on
127.0.0.1 (its workers sharing a Redis cache when one answers, as several app processes do in
production), runs locust headless for a bounded time per user count, stops gunicorn (the process
it started, by pid) and records requests/s, p95 and failures in bench/out/load-<scale>-*.json.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import time
import urllib.request

from bench import env

PORT = int(os.environ.get("BENCH_PORT", "8765"))
PER_ROLE = 60
USERS = (20, 100)


def _session_for(person) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from bench.pages import _account

    user = _account(person)
    s = SessionStore()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = "resultatavtaler.accounts.backends.PersonModelBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s.create()
    return s.session_key


def write_personas() -> list[dict]:
    from django.db import transaction

    from resultatavtaler.agreements.models import Agreement
    from resultatavtaler.feedback.models import LeaderProfile
    from resultatavtaler.organisations.constants import GrantedRole
    from resultatavtaler.organisations.models import Person, RoleGrant

    current = Agreement.objects.filter(period__state="open").select_related("leader", "superior", "unit")

    # Spread over the organisations: every n-th row in a stable order. The ids first: a stepped
    # slice of the queryset itself would build every row up to the last one it keeps (at full
    # scale some 20,000 agreements with their people and units, most of the set-up's time).
    def spread(qs, n=PER_ROLE):
        ids = list(qs.values_list("pk", flat=True))
        step = max(1, len(ids) // n)
        chosen = ids[: step * n : step]
        rows = qs.in_bulk(chosen)
        return [rows[pk] for pk in chosen if pk in rows]

    out = []
    with transaction.atomic():
        for a in spread(current.filter(state="signed").order_by("pk")):
            out.append(
                {"role": "leader", "session": _session_for(a.leader), "urls": [f"/avtaler/{a.pk}/", "/avtaler/", "/"]}
            )
        for a in spread(current.filter(state="in_review").order_by("pk")):
            out.append(
                {
                    "role": "superior",
                    "session": _session_for(a.superior),
                    "urls": [f"/avtaler/{a.pk}/gjennomgang/", "/avtaler/til-godkjenning/", "/"],
                }
            )
        for a in spread(current.filter(state="signed", unit__depth__gte=2).order_by("pk")):
            employee = Person.objects.filter(unit=a.unit).exclude(pk=a.leader_id).order_by("pk").first()
            if employee is not None:
                out.append(
                    {"role": "employee", "session": _session_for(employee), "urls": ["/avtaler/min-enhet/", "/"]}
                )
        for p in spread(LeaderProfile.objects.select_related("leader").order_by("pk")):
            out.append(
                {
                    "role": "profile",
                    "session": _session_for(p.leader),
                    "urls": [f"/360/runde/{p.round_id}/profil/", "/360/"],
                }
            )
        grants = RoleGrant.objects.filter(role=GrantedRole.PROCESS_OWNER, unit=None).select_related("person")
        for g in spread(grants.order_by("pk"), 20):
            out.append(
                {
                    "role": "process_owner",
                    "session": _session_for(g.person),
                    "urls": ["/oversikt/", "/oversikt/?sort=state", "/avtaler/sammenheng/"],
                }
            )
    (env.OUT / "load-personas.json").write_text(json.dumps(out))
    return out


BENCH_REDIS_URL = "redis://127.0.0.1:6379/13"


def shared_cache_url() -> str | None:
    """The cache the gunicorn workers share, as an installation with several app processes runs
    (DESIGN.md §7, docs/operations.md): BENCH_CACHE_URL when set; else Redis on 127.0.0.1:6379
    (its database 13, emptied first, so every run starts cold) when it answers; else None, and
    each worker keeps its own cache in memory (the product's default)."""
    if os.environ.get("BENCH_CACHE_URL"):
        return os.environ["BENCH_CACHE_URL"]
    try:
        import redis

        client = redis.Redis.from_url(BENCH_REDIS_URL, socket_connect_timeout=2)
        client.flushdb()
    except Exception as error:  # noqa: BLE001 - no Redis here: say so and measure without it
        env.log(f"[load] no Redis at {BENCH_REDIS_URL} ({error.__class__.__name__}): a cache per worker")
        return None
    return BENCH_REDIS_URL


def _wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()  # noqa: S310 - loopback only
            return
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer on {url}")


def _stats(prefix: str) -> dict:
    with open(f"{prefix}_stats.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    agg = next(r for r in rows if r["Name"] == "Aggregated")
    per_page = {
        r["Name"]: {
            "n": int(r["Request Count"]),
            "median_ms": float(r["Median Response Time"]),
            "p95_ms": float(r["95%"]),
        }
        for r in rows
        if r["Name"] != "Aggregated"
    }
    return {
        "requests": int(agg["Request Count"]),
        "failures": int(agg["Failure Count"]),
        "rps": round(float(agg["Requests/s"]), 1),
        "median_ms": float(agg["Median Response Time"]),
        "p95_ms": float(agg["95%"]),
        "pages": per_page,
    }


def main(*, scale: str, seconds: int = 45) -> None:
    import django

    if not (env.BENCH_DIR / ".venv" / "bin" / "locust").exists():
        # `make bench` builds it; called alone, say how rather than fail on a missing file.
        raise SystemExit("The load test needs locust in bench/.venv: run `make bench/.venv/.installed` first.")
    django.setup()
    personas = write_personas()
    env.log(f"[load/{scale}] {len(personas)} personas; gunicorn on 127.0.0.1:{PORT}")
    workers = 2 * (os.cpu_count() or 1) + 1
    cache_url = shared_cache_url()
    if cache_url:
        os.environ["CACHE_URL"] = cache_url
    else:
        os.environ.pop("CACHE_URL", None)
    gunicorn = subprocess.Popen(
        [
            str(env.ROOT / ".venv" / "bin" / "gunicorn"),
            "config.wsgi:application",
            "-b",
            f"127.0.0.1:{PORT}",
            "-w",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=env.ROOT,
        env=os.environ.copy(),
    )
    result = {
        "scale": scale,
        "seconds": seconds,
        "gunicorn_workers": workers,
        "think_time_s": [1, 3],
        "conn_max_age": env.conn_max_age(),
        # DATABASE_PREPARED_STATEMENTS=1: server-side binding, statements prepared per connection.
        "prepared_statements": os.environ.get("DATABASE_PREPARED_STATEMENTS", "0") in ("1", "true", "True", "on"),
        "shared_cache": "redis" if cache_url else None,
        "loadavg_before": [round(x, 2) for x in os.getloadavg()],
        "runs": {},
    }
    variant = (
        f"conn{result['conn_max_age']}"
        + ("-prepared" if result["prepared_statements"] else "")
        + ("" if cache_url else "-localcache")
    )
    try:
        _wait_for(f"http://127.0.0.1:{PORT}/tilgjengelighet/")
        for users in USERS:
            prefix = str(env.OUT / f"load-{scale}-{users}-{variant}")
            env.log(f"[load/{scale}] {users} users for {seconds} s")
            subprocess.run(
                [
                    str(env.BENCH_DIR / ".venv" / "bin" / "locust"),
                    "-f",
                    str(env.BENCH_DIR / "locustfile.py"),
                    "--headless",
                    "-u",
                    str(users),
                    "-r",
                    str(max(5, users // 5)),
                    "-t",
                    f"{seconds}s",
                    "--host",
                    f"http://127.0.0.1:{PORT}",
                    "--csv",
                    prefix,
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                    "--stop-timeout",
                    "5",
                ],
                cwd=env.ROOT,
                check=False,
                timeout=seconds + 60,
                env={**os.environ, "BENCH_PERSONAS": str(env.OUT / "load-personas.json")},
            )
            result["runs"][str(users)] = _stats(prefix)
            env.log(
                f"  {users} users: {result['runs'][str(users)]['rps']} req/s, "
                f"p95 {result['runs'][str(users)]['p95_ms']} ms, {result['runs'][str(users)]['failures']} failures"
            )
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        try:
            gunicorn.wait(timeout=30)
        except subprocess.TimeoutExpired:
            gunicorn.kill()
    result["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    suffix = f"-{variant}" if variant != "conn0" else ""
    (env.OUT / f"load-{scale}{suffix}.json").write_text(json.dumps(result, indent=1))
