"""`make bench`: the real server in production settings, loaded by wrk from a separate process,
on SQLite and PostgreSQL with the generated data; each page against the floor of the same
database and run. See docs/benchmark.md.

    python -m bench.run [--scale county|national] [--seed N] [--db sqlite,postgresql]
                        [--duration 10s] [--pages body,search,...] [--regenerate]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import databases, processes, server, wrk
from bench.probe import PAGE_NAMES

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
VENDORS = ("sqlite", "postgresql")
VENDOR_LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
CACHE_MODES = ("on", "off")
CACHE_LABELS = {"on": "public page cache on (production default)", "off": "built from scratch (PAGE_CACHE_SECONDS=0)"}
MIN_REQUESTS = 10


def seconds(text: str) -> float:
    """'10s', '1m', '90' (seconds) -> seconds."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(f"not a duration: {text!r} (e.g. 10s, 1m)")
    factor = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, None: 1}[match.group(2)]
    return float(match.group(1)) * factor


def what_data(args: argparse.Namespace) -> str:
    return f"{args.scale} data, seed {args.seed}" if args.data == "generate" else f"{args.data} data"


def env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


@dataclass
class Outcome:
    db: str
    name: str
    url: str
    note: str = ""
    queries: int | None = None
    result: wrk.Result | None = None
    error: str = ""
    duration_s: float = 0.0
    cache: str = "on"
    persona: str = "anonymous"
    session: str = field(default="", repr=False)  # a logged-in persona's session key (bench/personas.py)
    session_cookie: str = "sessionid"

    @property
    def headers(self) -> dict[str, str]:
        return {"Cookie": f"{self.session_cookie}={self.session}"} if self.session else {}


@dataclass
class Run:
    args: argparse.Namespace
    outcomes: list[Outcome] = field(default_factory=list)
    databases: dict[str, dict[str, Any]] = field(default_factory=dict)
    missing: list[dict[str, str]] = field(default_factory=list)


def say(text: str) -> None:
    print(text, flush=True)


def shout(text: str) -> None:
    print(f"\n*** {text}\n", file=sys.stderr, flush=True)


def production_env(database: databases.Database, static_root: Path, secret: str) -> dict[str, str]:
    """The server's environment: production settings, nothing weakened; only what a real
    deployment passes too, for 127.0.0.1 over plain HTTP."""
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SAMVERKAN_ENV": "production",
            "DEBUG": "false",
            "SECRET_KEY": secret,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": database.url,
            "DB_CONN_MAX_AGE": "600",
            "STATIC_ROOT": str(static_root),
            "LOG_LEVEL": "WARNING",
            "SAMVERKAN_BENCH_FLOOR": "true",
        }
    )
    return env


def collectstatic(env: dict[str, str]) -> None:
    """Into the temporary STATIC_ROOT, uncompressed (see bench/collectstatic_settings.py)."""
    env = {**env, "DJANGO_SETTINGS_MODULE": "bench.collectstatic_settings"}
    databases.manage(["collectstatic", "--no-input", "--verbosity=0"], env, quiet=True)


def probe_pages(env: dict[str, str], names: list[str]) -> dict[str, Any]:
    """Picks the pages and counts their queries, with the page cache off: the count is what a
    page costs when it is rendered, not what a cache hit costs."""
    out = subprocess.run(  # noqa: S603 - our interpreter and module
        [sys.executable, "-m", "bench.probe", "pages", "--pages", ",".join(names)],
        env={**env, "PAGE_CACHE_SECONDS": "0"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"counting the queries failed:\n{out.stdout}{out.stderr}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def load_page(outcome: Outcome, srv: server.Server, args: argparse.Namespace, env: dict[str, str]) -> None:
    """Checks the page answers 2xx, warms it up under the same load, then measures it. A page so
    slow that fewer than MIN_REQUESTS would complete in the duration is loaded longer, up to
    --max-duration."""
    url = srv.base_url + outcome.url
    clock = time.monotonic()
    status, _body = server.get(url, headers=outcome.headers)
    single_s = time.monotonic() - clock
    if not 200 <= status < 300:
        raise wrk.LoadError(f"HTTP {status} (a benchmarked page must answer 2xx)")
    load = wrk.Load(threads=args.threads, connections=args.connections)
    # How long MIN_REQUESTS take under this load: from the warm-up's throughput, or (when it
    # completed none, or there is none) from the first request, a cold one.
    needed = single_s * MIN_REQUESTS * max(1, args.connections / args.workers)
    if args.warmup > 0:
        warm = wrk.run(url, args.warmup, load, env=env, warmup=True, headers=outcome.headers)
        server.wait_idle(srv)
        if warm.requests > 0:
            needed = MIN_REQUESTS / warm.rps
    outcome.duration_s = min(max(args.duration, needed), max(args.duration, args.max_duration))
    if outcome.duration_s > args.duration:
        say(
            f"[{outcome.db}] {outcome.name}: slow (first request {single_s:.1f} s); loading it for {outcome.duration_s:.0f} s"
        )
    try:
        outcome.result = wrk.run(url, outcome.duration_s, load, env=env, headers=outcome.headers)
    except wrk.LoadError as exc:
        if "no request" in str(exc):
            raise wrk.LoadError(
                f"no request completed in {outcome.duration_s:.0f} s under load (one alone took {single_s:.1f} s)"
            ) from exc
        raise
    finally:
        server.wait_idle(srv)


def bench_database(run: Run, vendor: str, database: databases.Database, static_root: Path, workdir: Path) -> None:
    """Picks the pages once, then serves them twice: with the public page cache on (the
    production default; the public pages) and off (every page built, and the logged-in screens,
    which the cache never answers), each pass against its own floor."""
    args = run.args
    env = production_env(database, static_root, secrets.token_urlsafe(50))
    names = ["floor", *[n for n in args.pages if n != "floor"]]
    say(f"[{vendor}] picking the pages, logging in, counting their queries (Django test client, own process)")
    probed = probe_pages(env, names)
    for skipped in probed.get("skipped", []):
        say(f"[{vendor}] {skipped['name']}: skipped ({skipped['reason']})")
    for missing in probed["missing"]:
        run.missing.append({"db": vendor, **missing})
        shout(f"[{vendor}] {missing['name']}: not in the data ({missing['reason']}); not measured")
    for cache in args.caches:
        outcomes = []
        for page in probed["pages"]:
            if cache == "on" and page["persona"] != "anonymous" and "off" in args.caches:
                continue  # the cache never answers a logged-in request: measured once, in the "off" pass
            outcome = Outcome(
                vendor,
                page["name"],
                page["path"],
                page["note"],
                page["queries"],
                cache=cache,
                persona=page["persona"],
                session=page.get("session", ""),
                session_cookie=probed.get("session_cookie", "sessionid"),
            )
            if not 200 <= page["status"] < 300:
                outcome.error = f"HTTP {page['status']} from the test client"
            outcomes.append(outcome)
        run.outcomes.extend(outcomes)
        if not outcomes or outcomes[0].name != "floor" or outcomes[0].error:
            for outcome in outcomes:
                outcome.error = outcome.error or "the floor could not be served, so nothing was measured"
            return
        serve(run, vendor, cache, outcomes, env, workdir)


def serve(run: Run, vendor: str, cache: str, outcomes: list[Outcome], env: dict[str, str], workdir: Path) -> None:
    args = run.args
    env = {k: v for k, v in env.items() if k != "PAGE_CACHE_SECONDS"}
    if cache == "off":
        env["PAGE_CACHE_SECONDS"] = "0"
    say(f"[{vendor}] starting gunicorn ({args.workers} sync workers, production settings, {CACHE_LABELS[cache]})")
    srv = server.start(
        env, workers=args.workers, log_path=workdir / f"gunicorn-{vendor}-{cache}.log", ready_path=outcomes[0].url
    )
    try:
        for outcome in outcomes:
            if outcome.error:
                shout(f"[{vendor}] {outcome.name} {outcome.url}: FAILED, {outcome.error}")
                continue
            try:
                load_page(outcome, srv, args, env)
            except (wrk.LoadError, OSError, ValueError) as exc:  # OSError: the server hung up or timed out
                outcome.error = f"{type(exc).__name__}: {exc}" if not isinstance(exc, wrk.LoadError) else str(exc)
                shout(f"[{vendor}] {outcome.name} {outcome.url}: FAILED, {exc}\n{srv.log_tail(20)}")
                continue
            assert outcome.result is not None
            r = outcome.result
            say(
                f"[{vendor} cache {cache}] {outcome.name:<22} p50 {r.p50_ms:8.2f} ms  p99 {r.p99_ms:8.2f} ms  "
                f"{r.rps:8.1f} req/s  {outcome.queries} queries  ({outcome.persona})"
            )
    finally:
        server.stop(srv)


# --- Output ---------------------------------------------------------------------------------


def floors_of(run: Run) -> dict[tuple[str, str], wrk.Result]:
    """(database, cache) -> the floor measured in that pass."""
    return {(o.db, o.cache): o.result for o in run.outcomes if o.name == "floor" and o.result is not None}


def ratio(result: wrk.Result, floor: wrk.Result | None) -> float | None:
    if floor is None or floor.p50_ms <= 0:
        return None
    return round(result.p50_ms / floor.p50_ms, 2)


def results_json(run: Run, started: datetime.datetime, elapsed_s: float) -> dict[str, Any]:
    args = run.args
    floors = floors_of(run)
    measured = [o for o in run.outcomes if o.result is not None]
    return {
        "floors": [
            {"db": db, "cache": cache, "p50_ms": r.p50_ms, "p99_ms": r.p99_ms, "rps": r.rps}
            for (db, cache), r in floors.items()
        ],
        "pages": [
            {
                "name": o.name,
                "db": o.db,
                "cache": o.cache,
                "persona": o.persona,
                "p50_ms": o.result.p50_ms,
                "p99_ms": o.result.p99_ms,
                "rps": o.result.rps,
                "queries": o.queries,
                "ratio_p50": ratio(o.result, floors.get((o.db, o.cache))),
            }
            for o in measured
            if o.name != "floor" and o.result is not None
        ],
        "run": {
            "scale": args.scale,
            "seed": args.seed,
            "data": args.data,
            "date": started.isoformat(timespec="seconds"),
            "elapsed_s": round(elapsed_s, 1),
            "machine": {
                "nproc": os.cpu_count(),
                "platform": platform.platform(),
                "python": platform.python_version(),
            },
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "wrk": {"threads": args.threads, "connections": args.connections},
            "server": {"program": "gunicorn", "workers": args.workers, "worker_class": "sync"},
            "databases": run.databases,
            "details": [
                {
                    "db": o.db,
                    "cache": o.cache,
                    "persona": o.persona,
                    "name": o.name,
                    "url": o.url,
                    "note": o.note,
                    "queries": o.queries,
                    **(
                        {}
                        if o.result is None
                        else {
                            "duration_s": o.result.duration_s,
                            "requests": o.result.requests,
                            "p90_ms": o.result.p90_ms,
                            "p95_ms": o.result.p95_ms,
                            "max_ms": o.result.max_ms,
                            "mean_ms": o.result.mean_ms,
                            "bytes_per_response": round(o.result.bytes / o.result.requests),
                        }
                    ),
                }
                for o in run.outcomes
            ],
            "failures": [
                {"db": o.db, "cache": o.cache, "name": o.name, "url": o.url, "error": o.error}
                for o in run.outcomes
                if o.error
            ],
            "missing": run.missing,
        },
    }


def table(run: Run) -> str:
    floors = floors_of(run)
    lines = []
    header = f"{'page':<22}{'as':<11}{'p50 ms':>10}{'p99 ms':>10}{'req/s':>10}{'queries':>9}{'x floor':>9}  url"
    for vendor in VENDORS:
        for cache in CACHE_MODES:
            rows = [o for o in run.outcomes if o.db == vendor and o.cache == cache]
            if rows:
                label = run.databases.get(vendor, {}).get("label", "")
                lines += ["", f"{VENDOR_LABELS[vendor]} ({label}), {CACHE_LABELS[cache]}", header, "-" * len(header)]
                lines += [_row(o, floors.get((vendor, cache))) for o in rows]
    return "\n".join(lines)


def _row(o: Outcome, floor: wrk.Result | None) -> str:
    queries = "" if o.queries is None or o.queries < 0 else str(o.queries)
    if o.result is None:
        return f"{o.name:<22}{o.persona:<11}{'FAILED':>10}{'':>10}{'':>10}{queries:>9}{'':>9}  {o.url}  ({o.error})"
    r = o.result
    x = ratio(r, floor)
    return (
        f"{o.name:<22}{o.persona:<11}{r.p50_ms:>10.2f}{r.p99_ms:>10.2f}{r.rps:>10.1f}{queries:>9}"
        f"{'' if x is None else f'{x:.2f}':>9}  {o.url}" + (f"  [{o.note}]" if o.note and o.name != "floor" else "")
    )


# --- Command line ---------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale", default=os.environ.get("BENCH_SCALE") or "county", choices=["tiny", "county", "national"]
    )
    parser.add_argument("--seed", type=int, default=int(os.environ.get("BENCH_SEED") or 1))
    parser.add_argument(
        "--db", default=os.environ.get("BENCH_DB") or "", help="sqlite,postgresql (default: both; national: postgresql)"
    )
    parser.add_argument(
        "--data",
        default=os.environ.get("BENCH_DATA") or "generate",
        choices=databases.DATA_SOURCES,
        help="generate (default): `samverkan generate`; demo or examples: small data for development",
    )
    parser.add_argument(
        "--regenerate",
        action="store_true",
        default=env_flag("BENCH_REGENERATE"),
        help="drop the data and generate it again",
    )
    parser.add_argument("--duration", type=seconds, default=seconds(os.environ.get("BENCH_DURATION") or "10s"))
    parser.add_argument(
        "--max-duration",
        type=seconds,
        default=seconds(os.environ.get("BENCH_MAX_DURATION") or "30s"),
        help=f"the longest a slow page is loaded, to complete {MIN_REQUESTS} requests",
    )
    parser.add_argument("--warmup", type=seconds, default=seconds(os.environ.get("BENCH_WARMUP") or "2s"))
    parser.add_argument("--pages", default=os.environ.get("BENCH_PAGES") or ",".join(PAGE_NAMES[1:]))
    parser.add_argument(
        "--cache",
        default=os.environ.get("BENCH_CACHE") or "on,off",
        help="on,off (default: both passes); the logged-in screens are measured in the off pass",
    )
    parser.add_argument("--threads", type=int, default=int(os.environ.get("BENCH_THREADS") or 2))
    parser.add_argument("--connections", type=int, default=int(os.environ.get("BENCH_CONNECTIONS") or 4))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--sqlite-dir", type=Path, default=Path(os.environ.get("BENCH_SQLITE_DIR") or ROOT / "data" / "bench")
    )
    parser.add_argument("--pg-server", default=os.environ.get("BENCH_PG_SERVER") or databases.DEFAULT_PG_SERVER)
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.json")
    args = parser.parse_args(argv)
    vendors = [v for v in args.db.split(",") if v] or (["postgresql"] if args.scale == "national" else list(VENDORS))
    if set(vendors) - set(VENDORS):
        parser.error(f"--db takes sqlite and/or postgresql, not {args.db!r}")
    if args.scale == "national" and "sqlite" in vendors:
        parser.error("the national scale runs on PostgreSQL only")
    args.vendors = vendors
    args.pages = [p for p in args.pages.split(",") if p]
    args.caches = [c for c in CACHE_MODES if c in args.cache.split(",")]
    if not args.caches or set(args.cache.split(",")) - set(CACHE_MODES):
        parser.error(f"--cache takes on and/or off, not {args.cache!r}")
    unknown = sorted(set(args.pages) - set(PAGE_NAMES))
    if unknown:
        parser.error(f"unknown page(s): {', '.join(unknown)}; the pages are {', '.join(PAGE_NAMES)}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if wrk.available() is None:
        shout("wrk is not installed: apt-get install wrk")
        return 2
    run = Run(args)
    started = datetime.datetime.now().astimezone()
    clock = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="samverkan-bench-"))
    try:
        with processes.cleanup_on_exit():
            chosen: dict[str, databases.Database] = {}
            for vendor in args.vendors:
                database = (
                    databases.sqlite_database(args.scale, args.seed, args.data, args.sqlite_dir)
                    if vendor == "sqlite"
                    else databases.postgresql_database(args.scale, args.seed, args.data, args.pg_server)
                )
                state = databases.prepare(
                    database,
                    scale=args.scale,
                    seed=args.seed,
                    data=args.data,
                    regenerate=args.regenerate,
                    server=args.pg_server,
                    say=say,
                )
                chosen[vendor] = database
                run.databases[vendor] = {"label": database.label, "counts": state.get("counts")}
            static_root = workdir / "static"
            say(f"collecting static files into {static_root}")
            collectstatic(production_env(next(iter(chosen.values())), static_root, secrets.token_urlsafe(50)))
            for vendor, database in chosen.items():
                bench_database(run, vendor, database, static_root, workdir)
    except KeyboardInterrupt:
        shout("interrupted; every process the benchmark started has been stopped")
        return 130
    except processes.Terminated as exc:
        shout(f"terminated ({exc}); every process the benchmark started has been stopped")
        return 143
    except (databases.PrepareError, server.ServerError, RuntimeError) as exc:
        shout(f"the benchmark failed: {exc}")
        return 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    data = results_json(run, started, time.monotonic() - clock)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    say(table(run))
    say(
        f"\n{what_data(args)}; {args.duration:g} s per page after a "
        f"{args.warmup:g} s warm-up; wrk -t{args.threads} -c{args.connections}; nproc {os.cpu_count()}"
    )
    say(f"written to {args.output}")
    failures = data["run"]["failures"]
    if failures or run.missing:
        shout(f"{len(failures)} page(s) FAILED and {len(run.missing)} could not be picked from the data; see above")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
