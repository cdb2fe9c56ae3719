"""The CPU time of pages built from scratch, in one process (docs/benchmark.md, "Fifth round").

    DATABASE_URL=sqlite:////tmp/county.sqlite3 STATIC_ROOT=/tmp/static \\
        .venv/bin/python -m bench.inprocess --rounds 20 --pages inbox,recommendation,board

For a machine too busy for wrk's wall times: production settings with the page cache off, the
test client, the bench's users given the bench's roles (bench/personas.py) and logged in with
`force_login`, the pages picked by bench/probe.py. Each round requests the floor and every
page once, in turn; it prints per page the median CPU time of this process
(`time.process_time`, which includes SQLite's work but not a PostgreSQL server's), the median
wall time, the ratio to the floor's CPU time, the page's queries and its size. It writes to
the database the bench users and their roles, as `make bench` does, when a page for a
logged-in persona is measured: use a copy, never a database that matters (public pages alone
only read; with PGOPTIONS='-c default_transaction_read_only=on' PostgreSQL refuses any
write). STATIC_ROOT must hold the collected static files (`DJANGO_SETTINGS_MODULE=
bench.collectstatic_settings samverkan collectstatic`), as the production storage reads their
manifest.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from typing import Any

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "SAMVERKAN_ENV": "production",
    "DEBUG": "false",
    "ALLOWED_HOSTS": "127.0.0.1,testserver",
    "SECURE_SSL_REDIRECT": "false",
    "DB_CONN_MAX_AGE": "600",
    "LOG_LEVEL": "WARNING",
    "SAMVERKAN_BENCH_FLOOR": "true",
    "PAGE_CACHE_SECONDS": "0",
}
DEFAULT_PAGES = "inbox,recommendation,recommendation_status,board,board_secretary,project"


def _roles() -> dict[str, Any]:
    """The bench users with this run's roles, as bench.personas.sessions() gives them."""
    from bench import personas, probe
    from samverkan.meetings.models import Meeting
    from samverkan.referrals.models import Recommendation
    from samverkan.structure.models import Body, Principal

    secretary = personas.user("secretary")
    registrar = personas.user("registrar")
    Body.secretaries.through.objects.filter(user=secretary).delete()
    Principal.registrars.through.objects.filter(user=registrar).delete()
    Meeting.objects.select_related("body").get(pk=probe._managed_meeting()).body.secretaries.add(secretary)
    rec_pk = int(probe._recommendation()[0].strip("/").split("/")[-1])
    Recommendation.objects.get(pk=rec_pk).body.secretaries.add(secretary)
    principal, _n = personas.registrar_principal()
    principal.registrars.add(registrar)
    return {"secretary": secretary, "registrar": registrar}


def set_up(prog: str, rounds: int, argv: list[str] | None) -> argparse.Namespace:
    """The command's arguments (--rounds, --pages), and Django set up with the production
    settings above (what bench.inprocess and bench.split share)."""
    parser = argparse.ArgumentParser(prog=prog)
    parser.add_argument("--rounds", type=int, default=rounds)
    parser.add_argument("--pages", default=DEFAULT_PAGES)
    args = parser.parse_args(argv)
    for name, value in PRODUCTION.items():
        os.environ.setdefault(name, value)
    os.environ.setdefault("SECRET_KEY", os.urandom(32).hex())
    import django

    django.setup()
    return args


def main(argv: list[str] | None = None) -> int:
    args = set_up("python -m bench.inprocess", 20, argv)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench import probe

    clients = {"anonymous": Client(HTTP_HOST="127.0.0.1")}
    names = [n for n in args.pages.split(",") if n]
    # Only pages for a logged-in persona need the bench users (written to the database): public
    # pages alone only read, so they can be measured on a database that must not change.
    for persona, user in (_roles() if any(n in probe.LOGGED_IN for n in names) else {}).items():
        clients[persona] = Client(HTTP_HOST="127.0.0.1")
        clients[persona].force_login(user)
    pages = [("floor", *probe._floor(), "anonymous")]
    for name in names:
        path, note = probe.PICKERS[name]()
        pages.append((name, path, note, probe.LOGGED_IN.get(name, "anonymous")))
    queries, sizes = {}, {}
    for name, path, _note, persona in pages:
        clients[persona].get(path)  # fills the per-process caches
        with CaptureQueriesContext(connection) as captured:
            response = clients[persona].get(path)
        if response.status_code != 200:
            raise SystemExit(f"{name} {path}: HTTP {response.status_code}")
        queries[name] = len(captured.captured_queries)
        sizes[name] = len(response.content) / 1024
    cpu: dict[str, list[float]] = {name: [] for name, *_rest in pages}
    wall: dict[str, list[float]] = {name: [] for name, *_rest in pages}
    for _round in range(args.rounds):
        for name, path, _note, persona in pages:
            c0, w0 = time.process_time(), time.perf_counter()
            clients[persona].get(path)
            cpu[name].append((time.process_time() - c0) * 1000)
            wall[name].append((time.perf_counter() - w0) * 1000)
    floor = statistics.median(cpu["floor"])
    print(f"{connection.vendor}, {args.rounds} rounds; the floor's CPU time {floor:.2f} ms")
    print(f"{'page':24} {'as':10} {'cpu ms':>8} {'wall ms':>8} {'x floor':>8} {'queries':>7} {'KB':>6}  url")
    for name, path, note, persona in pages:
        c, w = statistics.median(cpu[name]), statistics.median(wall[name])
        print(
            f"{name:24} {persona:10} {c:8.2f} {w:8.2f} {c / floor:8.1f} {queries[name]:7d} {sizes[name]:6.1f}"
            f"  {path}  [{note}]"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
