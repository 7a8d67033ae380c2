"""The benchmark's table (Markdown) from bench/out/*.json, as `make bench` prints it and
docs/performance.md quotes it."""

from __future__ import annotations

import json

from bench import env

PAGES = ("agreement", "review", "overview", "profile", "alignment", "unit")
SCALE_ORDER = list(env.SCALES)


def _load(pattern: str) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted(env.OUT.glob(pattern))]


def render() -> str:
    results = sorted(_load("results-*.json"), key=lambda r: (r["db"], SCALE_ORDER.index(r["scale"])))
    lines = []
    machine = env.OUT / "machine.json"
    if machine.exists():
        m = json.loads(machine.read_text())
        lines.append(
            f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory_gb']} GB, Python {m['python']}, "
            f"PostgreSQL {m['postgresql']}, SQLite {m['sqlite']}"
        )
        lines.append("")
    lines.append("| page | db | scale | median ms | p95 ms | CPU ms | queries | SQL floor ms | × floor | × small |")
    lines.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|")
    small = {(r["db"], k): r["pages"][k]["median_ms"] for r in results if r["scale"] == "small" for k in r["pages"]}
    for key in PAGES:
        for r in results:
            page = r["pages"].get(key)
            if page is None:
                continue
            base = small.get((r["db"], key))
            vs_small = f"{page['median_ms'] / base:.1f}" if base and r["scale"] != "small" else ""
            status = "" if page["status"] == 200 else f" (HTTP {page['status']})"
            lines.append(
                f"| {page['title']}{status} | {r['db']} | {r['scale']} ({r['persons']:,}) | {page['median_ms']:.1f} "
                f"| {page['p95_ms']:.1f} | {page.get('cpu_ms', 0):.1f} | {page['queries']} | {page['floor_ms']:.2f} "
                f"| {page['ratio']} | {vs_small} |"
            )
    settings = sorted(
        {
            f"{r['db']} {r['scale']}: conn_max_age={r.get('conn_max_age') or '0'}"
            + (", prepared statements" if r.get("prepared_statements") else "")
            + (f", load average {r['loadavg_before'][0]}" if r.get("loadavg_before") else "")
            for r in results
            if r["db"] == "postgres"
        }
    )
    if settings:
        lines += ["", "PostgreSQL settings and load per run: " + "; ".join(settings) + "."]
    imports = [r for r in results if "import" in r]
    if imports:
        lines += [
            "",
            "| HR import of 20,000 persons | db | first import s | same file again s | 1,000 changed s |",
            "|---|---|---:|---:|---:|",
        ]
        for r in imports:
            i = r["import"]
            lines.append(f"| real importer | {r['db']} | {i['first_s']} | {i['unchanged_s']} | {i['changed_1000_s']} |")
    pdfs = [r for r in results if "pdf" in r]
    if pdfs:
        lines += ["", "| PDF per agreement | db | median ms | bytes |", "|---|---|---:|---:|"]
        for r in pdfs:
            lines.append(
                f"| real renderer (WeasyPrint) | {r['db']} | {r['pdf']['median_ms']} | {r['pdf']['bytes']:,} |"
            )
    loads = _load("load-*.json")
    loads = [lo for lo in loads if "runs" in lo]
    if loads:
        lines += [
            "",
            "| load (gunicorn + PostgreSQL, loopback) | scale | users | requests | req/s | median ms "
            "| p95 ms | failures |",
            "|---|---|---:|---:|---:|---:|---:|---:|",
        ]
        for lo in loads:
            for users, run in lo["runs"].items():
                conn = lo.get("conn_max_age", "0")
                prepared = ", prepared statements" if lo.get("prepared_statements") else ""
                # Files from before the shared cache say nothing of it: a cache per worker.
                cache = "Redis cache" if lo.get("shared_cache") else "cache per worker"
                lines.append(
                    f"| mixed roles, {lo['gunicorn_workers']} workers, conn_max_age={conn}{prepared}, {cache}, "
                    f"{lo['seconds']} s "
                    f"| {lo['scale']} "
                    f"| {users} | {run['requests']} | {run['rps']} | {run['median_ms']:.0f} "
                    f"| {run['p95_ms']:.0f} | {run['failures']} |"
                )
    return "\n".join(lines)
