"""`python -m bench` — the benchmark of docs/performance.md (what `make bench` runs).

python -m bench run [--scales small,medium] [--dbs sqlite,postgres] [--load-scale medium|none]
python -m bench report            # the table from bench/out/results-*.json
python -m bench measure --db postgres --scale small   # one database, one scale (a child process)
python -m bench load --scale medium                   # the locust load test alone
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time

from bench import env

REPEAT = {"small": 30, "medium": 20, "full": 15}


def machine() -> dict:
    cpu = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kb = int(f.readline().split()[1])
    pg = subprocess.run(
        ["psql", f"{env.PG_HOST}/postgres", "-tAc", "SHOW server_version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    import sqlite3

    return {
        "nproc": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "cpu": cpu,
        "python": platform.python_version(),
        "postgresql": pg,
        "sqlite": sqlite3.sqlite_version,
    }


def _use_settings(db: str, scale: str) -> None:
    """`measure` and `load` run in the production-like settings `run` gives its children; called
    directly (as docs/performance.md shows), they set those settings themselves."""
    for key in ("DEBUG", "RESULTATAVTALER_TESTING"):
        os.environ.pop(key, None)
    os.environ.update(env.process_env(db, scale))
    if env.ROOT.as_posix() not in sys.path:
        sys.path.insert(0, env.ROOT.as_posix())


def cmd_measure(args) -> None:
    import django

    _use_settings(args.db, args.scale)
    django.setup()
    from django.db import connection

    from bench import pages

    env.log(f"[{args.db}/{args.scale}] pages")
    result = {
        "db": args.db,
        "scale": args.scale,
        "persons": env.SCALES[args.scale],
        "at": time.strftime("%Y-%m-%d %H:%M"),
        "vendor": connection.vendor,
        "conn_max_age": env.conn_max_age() if connection.vendor == "postgresql" else None,
        "prepared_statements": os.environ.get("DATABASE_PREPARED_STATEMENTS", "") in ("1", "true", "on"),
        # Other work on the machine skews every figure: the load average says how much there was.
        "loadavg_before": [round(x, 2) for x in os.getloadavg()],
        "pages": pages.measure_pages(REPEAT[args.scale]),
    }
    if not args.no_import:
        env.log(f"[{args.db}/{args.scale}] import of 20,000 persons")
        result["import"] = pages.measure_import()
        env.log(f"  {result['import']}")
    if not args.no_pdf:
        env.log(f"[{args.db}/{args.scale}] PDF")
        result["pdf"] = pages.measure_pdf()
        env.log(f"  {result['pdf']}")
    result["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    path = env.OUT / f"results-{args.db}-{args.scale}.json"
    path.write_text(json.dumps(result, indent=1, ensure_ascii=False))


def cmd_run(args) -> None:
    from bench.prepare import prepare

    env.OUT.mkdir(exist_ok=True)
    (env.OUT / "machine.json").write_text(json.dumps(machine(), indent=1))
    scales = [s for s in args.scales.split(",") if s]
    dbs = [d for d in args.dbs.split(",") if d]
    for scale in scales:
        for db in dbs:
            prepare(db, scale)
            # The import and the PDF do not depend on the data set's size: measured at small scale.
            extra = [] if scale == "small" else ["--no-import", "--no-pdf"]
            env.run(["-m", "bench", "measure", "--db", db, "--scale", scale, *extra], db, scale)
    if args.load_scale != "none":
        prepare("postgres", args.load_scale)
        env.run(
            ["-m", "bench", "load", "--scale", args.load_scale, "--seconds", str(args.load_seconds)],
            "postgres",
            args.load_scale,
        )
    cmd_report(args)


def cmd_load(args) -> None:
    _use_settings("postgres", args.scale)
    from bench import load

    load.main(scale=args.scale, seconds=args.seconds)


def cmd_report(args) -> None:
    from bench import report

    print(report.render())


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("run")
    p.add_argument("--scales", default="small,medium")
    p.add_argument("--dbs", default="sqlite,postgres")
    p.add_argument("--load-scale", default="medium")
    p.add_argument("--load-seconds", type=int, default=45)
    p.set_defaults(fn=cmd_run)
    p = sub.add_parser("measure")
    p.add_argument("--db", required=True, choices=env.DATABASES)
    p.add_argument("--scale", required=True, choices=list(env.SCALES))
    p.add_argument("--no-import", action="store_true")
    p.add_argument("--no-pdf", action="store_true")
    p.set_defaults(fn=cmd_measure)
    p = sub.add_parser("load")
    p.add_argument("--scale", default="medium", choices=list(env.SCALES))
    p.add_argument("--seconds", type=int, default=45)
    p.set_defaults(fn=cmd_load)
    p = sub.add_parser("report")
    p.set_defaults(fn=cmd_report)
    args = parser.parse_args()
    args.fn(args)


if __name__ == "__main__":
    sys.path.insert(0, str(env.ROOT))
    main()
