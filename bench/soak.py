"""`make soak`: a bounded soak of the real server under mixed load (issue 19, point 3).

    python -m bench.soak [--seconds 600] [--scale county] [--clients 4]

On PostgreSQL with the county's generated data (the benchmark's database, prepared as `make
bench` prepares it), it runs gunicorn in production settings with two sync workers (two
application processes) and `samverkan worker` (the task queue), and for the given time (10
minutes; `SOAK_SECONDS` or `--seconds` for less) sends a mix from `--clients` concurrent clients:

- public pages (the benchmark's, with the production page cache on), anonymous;
- the secretary's and the registrar's screens, logged in (sessions from allauth's log-in with the
  password and the second factor, as `make bench` makes them, see bench/personas.py);
- answers: the registrar opens an open recommendation's answer form and posts an answer (CSRF
  token from the form, a new submission id each time);
- imports: the secretary uploads a small text document on the import page; the worker extracts
  it and proposes records.

It reports the requests and errors per kind, p50/p95/p99 and the maximum latency, the resident
memory (RSS) of every process (gunicorn's master and workers, the task worker) at the start (after
a warm-up) and at the end, and how many uploaded documents the worker processed. Any error (an
answer of 4xx/5xx other than the expected redirects, a broken connection) fails it (exit 1).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import shutil
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from bench import databases, processes, server
from bench.probe import PAGE_NAMES
from bench.run import ROOT, collectstatic, probe_pages, production_env, say, shout

RESULTS = ROOT / "bench" / "results"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ANSWER_LINK = re.compile(r'href="(/rekommendationer/svar/\d+/)"')
RADIO = re.compile(r'<input type="(?:radio|hidden)" name="answer" value="([^"]+)"')
MIX = (("public", 55), ("logged_in", 30), ("answer", 10), ("import", 5))


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)

    def fail(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def rss_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


class Client:
    """One keep-alive HTTP connection with its own cookies (a session for a logged-in persona)."""

    def __init__(self, base: str, cookie: str = "") -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.cookies: dict[str, str] = {}
        if cookie:
            name, _, value = cookie.partition("=")
            self.cookies[name] = value
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, str, dict[str, str]]:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers["Referer"] = f"http://{self.host}:{self.port}{path}"
            headers["Origin"] = f"http://{self.host}:{self.port}"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
            raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data.decode("utf-8", errors="replace"), dict(response.getheaders())


class Load:
    def __init__(self, base: str, pages: list[dict[str, Any]], cookie_name: str, stats: Stats, seed: int) -> None:
        self.base = base
        self.public = [p["path"] for p in pages if p["persona"] == "anonymous" and p["name"] != "floor"]
        self.logged_in = [(p["path"], p["persona"], p["session"]) for p in pages if p["persona"] != "anonymous"]
        self.sessions = {p["persona"]: f"{cookie_name}={p['session']}" for p in pages if p["session"]}
        self.stats = stats
        self.rng = random.Random(seed)  # noqa: S311 - a load mix, not a secret
        self.uploads = 0
        self.answers = 0

    def timed(self, kind: str, client: Client, method: str, path: str, **kw: Any) -> tuple[int, str, dict[str, str]]:
        clock = time.monotonic()
        try:
            status, text, headers = client.request(method, path, **kw)
        except (OSError, http.client.HTTPException) as exc:
            self.stats.fail(f"{kind} {method} {path}: {type(exc).__name__}: {exc}")
            return 0, "", {}
        self.stats.add(kind, time.monotonic() - clock)
        ok = 200 <= status < 300 or (method == "POST" and status in (302, 303))
        if not ok:
            refused = re.findall(r'class="errorlist[^"]*"[^>]*>\s*<li>([^<]+)', text)[:3]
            self.stats.fail(f"{kind} {method} {path}: HTTP {status}" + (f" {refused}" if refused else ""))
        return status, text, headers

    def run(self, deadline: float, number: int) -> None:
        rng = random.Random(f"{number}")  # noqa: S311
        anonymous = Client(self.base)
        personas = {name: Client(self.base, cookie) for name, cookie in self.sessions.items()}
        kinds = [k for k, _ in MIX]
        weights = [w for _, w in MIX]
        while time.monotonic() < deadline:
            kind = rng.choices(kinds, weights)[0]
            if kind == "public" and self.public:
                self.timed("public", anonymous, "GET", rng.choice(self.public))
            elif kind == "logged_in" and self.logged_in:
                path, persona, _session = rng.choice(self.logged_in)
                self.timed(f"logged_in:{persona}", personas[persona], "GET", path)
            elif kind == "answer" and "registrar" in personas:
                self.answer(personas["registrar"], rng)
            elif kind == "import" and "secretary" in personas:
                self.upload(personas["secretary"], number)

    def answer(self, client: Client, rng: random.Random) -> None:
        status, inbox, _ = self.timed("logged_in:registrar", client, "GET", "/rekommendationer/att-besvara/")
        links = ANSWER_LINK.findall(inbox)
        if status != 200 or not links:
            return
        path = rng.choice(links)
        status, form, _ = self.timed("answer_form", client, "GET", path)
        token, choices = CSRF.search(form), RADIO.findall(form)
        if status != 200:
            return
        if token is None or not choices:
            self.stats.fail(f"answer form {path}: no form (CSRF token {token is not None}, choices {choices})")
            return
        answer = rng.choice(choices)
        data = {
            "csrfmiddlewaretoken": token.group(1),
            "submission": str(uuid.uuid4()),
            "answer": answer,
            "condition": "Under förutsättning att finansieringen är klar." if "condition" in answer else "",
            "text": "Kommunstyrelsen har behandlat rekommendationen.",
            "decided_on": "2026-11-20",
            "decided_by": "executive",
            "decided_by_name": "Kommunstyrelsen",
            "paragraph": f"§ {rng.randint(1, 300)}",
        }
        status, text, _headers = self.timed(
            "answer_post",
            client,
            "POST",
            path,
            body=urlencode(data).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        if status == 200 and "errorlist" in text:
            self.stats.fail(
                f"answer {path}: the form was refused: {re.findall(r'errorlist[^>]*><li>([^<]+)', text)[:3]}"
            )
        elif status in (302, 303):
            self.answers += 1

    def upload(self, client: Client, number: int) -> None:
        status, page, _ = self.timed("logged_in:secretary", client, "GET", "/import/")
        token = CSRF.search(page)
        if status != 200 or token is None:
            self.stats.fail("import page: no CSRF token")
            return
        self.uploads += 1
        text = (
            f"Minnesanteckningar {number}-{self.uploads}-{secrets.token_hex(4)}\n\n"
            "Datum: 2026-11-20\nPlats: Regionens hus\n\n§ 1 Mötets öppnande\n§ 2 Information om samverkan\n"
        )
        boundary = uuid.uuid4().hex
        body = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token.group(1)}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="documents"; filename="soak-{number}-{self.uploads}.txt"\r\n'
            f"Content-Type: text/plain\r\n\r\n{text}\r\n--{boundary}--\r\n"
        ).encode()
        self.timed(
            "import_post",
            client,
            "POST",
            "/import/",
            body=body,
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )


class Mail:
    """A real SMTP server on 127.0.0.1 that keeps count of what it receives (notices the
    answers and imports send), so sending mail is part of the soak instead of failing."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.received = 0
        self.port = server.free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        self.received += 1
        return "250 OK"


def memory(srv: server.Server, worker: Any) -> dict[str, int | None]:
    found: dict[str, int | None] = {"gunicorn master": rss_kb(srv.proc.pid)}
    for n, pid in enumerate(children(srv.proc.pid), start=1):
        found[f"gunicorn worker {n} (pid {pid})"] = rss_kb(pid)
    found[f"task worker (pid {worker.pid})"] = rss_kb(worker.pid)
    return found


def sample_memory(
    srv: server.Server, worker: Any, started: float, deadline: float, every: float, into: list[dict[str, Any]]
) -> None:
    """Every `every` seconds of the soak, the RSS of every process (does it level off?)."""
    while True:
        now = time.monotonic()
        if now >= deadline:
            return
        into.append({"t": round(now - started), "rss_kb": memory(srv, worker)})
        time.sleep(min(every, max(deadline - now, 0.1)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("SOAK_SECONDS") or 600))
    parser.add_argument("--warmup", type=float, default=float(os.environ.get("SOAK_WARMUP") or 20))
    parser.add_argument("--scale", default=os.environ.get("SOAK_SCALE") or "county", choices=["tiny", "county"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--clients", type=int, default=int(os.environ.get("SOAK_CLIENTS") or 4))
    parser.add_argument("--pg-server", default=os.environ.get("BENCH_PG_SERVER") or databases.DEFAULT_PG_SERVER)
    parser.add_argument("--sample", type=float, default=float(os.environ.get("SOAK_SAMPLE") or 30))
    parser.add_argument("--output", type=Path, default=RESULTS / "soak.json")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="samverkan-soak-"))
    stats = Stats()
    try:
        with processes.cleanup_on_exit():
            database = databases.postgresql_database(args.scale, args.seed, "generate", args.pg_server)
            databases.prepare(
                database,
                scale=args.scale,
                seed=args.seed,
                data="generate",
                regenerate=False,
                server=args.pg_server,
                say=say,
            )
            env = production_env(database, workdir / "static", secrets.token_urlsafe(50))
            mail = Mail()
            mail.controller.start()
            env.update({"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(mail.port), "EMAIL_USE_TLS": "false"})
            say("collecting static files")
            collectstatic(env)
            say("picking the pages and logging in (bench/personas.py)")
            probed = probe_pages(env, PAGE_NAMES)
            pages = [p for p in probed["pages"] if 200 <= p["status"] < 300]
            worker = processes.start(
                [str(Path(sys.executable).parent / "samverkan"), "worker"],
                env={**env, "SAMVERKAN_BENCH_FLOOR": "false"},  # the floor's bench/ is not on its path
                cwd=ROOT,
                log=(workdir / "worker.log").open("ab"),
            )
            floor = next(p["path"] for p in pages if p["name"] == "floor")
            srv = server.start(env, workers=2, log_path=workdir / "gunicorn.log", ready_path=floor)
            load = Load(srv.base_url, pages, probed.get("session_cookie", "sessionid"), stats, args.seed)
            say(f"warming up for {args.warmup:g} s")
            warm = time.monotonic() + args.warmup
            threads = [threading.Thread(target=load.run, args=(warm, n), daemon=True) for n in range(args.clients)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            warm_errors = list(stats.errors)
            stats.latencies.clear()
            stats.errors.clear()
            before = memory(srv, worker)
            uploads_before = load.uploads
            say(
                f"soaking for {args.seconds:g} s with {args.clients} clients ({', '.join(f'{k} {w}%' for k, w in MIX)})"
            )
            started = time.monotonic()
            deadline = started + args.seconds
            threads = [
                threading.Thread(target=load.run, args=(deadline, 100 + n), daemon=True) for n in range(args.clients)
            ]
            samples: list[dict[str, Any]] = []
            sampler = threading.Thread(
                target=sample_memory, args=(srv, worker, started, deadline, args.sample, samples), daemon=True
            )
            for t in [*threads, sampler]:
                t.start()
            for t in [*threads, sampler]:
                t.join()
            elapsed = time.monotonic() - started
            time.sleep(5)  # the worker finishes the last uploads
            after = memory(srv, worker)
            if srv.proc.poll() is not None or worker.poll() is not None:
                stats.fail("a process died during the soak")
            worker_log = (workdir / "worker.log").read_text(errors="replace")
            server_log = srv.log_tail(40)
            server.stop(srv)
            processes.stop(worker)
            processed = documents_processed(env, uploads=load.uploads)
            mail.controller.stop()
    except KeyboardInterrupt:
        shout("interrupted; every process the soak started has been stopped")
        return 130
    except (databases.PrepareError, server.ServerError, RuntimeError) as exc:
        shout(f"the soak failed: {exc}")
        return 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    all_latencies = [x for values in stats.latencies.values() for x in values]
    result = {
        "seconds": round(elapsed, 1),
        "clients": args.clients,
        "scale": args.scale,
        "database": "postgresql",
        "requests": len(all_latencies),
        "rps": round(len(all_latencies) / elapsed, 1) if elapsed else 0,
        "errors": len(stats.errors),
        "error_samples": stats.errors[:20],
        "warmup_errors": warm_errors[:20],
        "p50_ms": round(percentile(all_latencies, 0.5) * 1000, 1),
        "p95_ms": round(percentile(all_latencies, 0.95) * 1000, 1),
        "p99_ms": round(percentile(all_latencies, 0.99) * 1000, 1),
        "max_ms": round(max(all_latencies, default=0) * 1000, 1),
        "kinds": {
            kind: {
                "requests": len(values),
                "p50_ms": round(percentile(values, 0.5) * 1000, 1),
                "p99_ms": round(percentile(values, 0.99) * 1000, 1),
            }
            for kind, values in sorted(stats.latencies.items())
        },
        "rss_kb": {"start": before, "end": after},
        "rss_samples": samples,
        "answers_posted": load.answers,
        "uploads": load.uploads - uploads_before,
        "uploads_processed_by_the_worker": processed,
        "mails_received": mail.received,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    say(report(result))
    say(f"written to {args.output}")
    if stats.errors or warm_errors:
        shout(
            f"{len(stats.errors)} error(s) in the soak, {len(warm_errors)} in the warm-up; e.g. "
            + "; ".join((stats.errors or warm_errors)[:5])
            + f"\n{server_log}\n{worker_log[-2000:]}"
        )
        return 1
    return 0


def documents_processed(env: dict[str, str], *, uploads: int) -> dict[str, int]:
    import subprocess

    code = (
        "import django, json; django.setup();"
        "from samverkan.importer.models import ImportedDocument as D;"
        "qs = D.objects.filter(original_name__startswith='soak-');"
        "print(json.dumps({'uploaded': qs.count(), 'pending': qs.filter(status='pending').count()}))"
    )
    out = subprocess.run(  # noqa: S603 - our interpreter
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    try:
        found: dict[str, int] = json.loads(out.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {"uploaded": -1, "pending": -1}
    return found


def report(r: dict[str, Any]) -> str:
    lines = [
        "",
        f"Soak: {r['seconds']:g} s, {r['clients']} clients, PostgreSQL ({r['scale']} data), gunicorn 2 sync workers + task worker",
        f"requests {r['requests']} ({r['rps']} req/s), errors {r['errors']}, "
        f"p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms, p99 {r['p99_ms']} ms, max {r['max_ms']} ms",
        f"answers posted {r['answers_posted']}, documents uploaded {r['uploads']} "
        f"(in the database: {r['uploads_processed_by_the_worker']}), mails received {r['mails_received']}",
        "",
        f"{'kind':<24}{'requests':>10}{'p50 ms':>10}{'p99 ms':>10}",
    ]
    lines += [f"{k:<24}{v['requests']:>10}{v['p50_ms']:>10}{v['p99_ms']:>10}" for k, v in r["kinds"].items()]
    lines += ["", f"{'process':<36}{'RSS start MB':>14}{'RSS end MB':>12}"]
    start, end = r["rss_kb"]["start"], r["rss_kb"]["end"]
    for name in start:
        a, b = start.get(name), end.get(name)
        lines.append(f"{name:<36}{(a or 0) / 1024:>14.1f}{(b or 0) / 1024 if b is not None else float('nan'):>12.1f}")
    samples = r.get("rss_samples") or []
    if samples:
        lines += ["", "RSS MB over the soak (seconds: " + " ".join(f"{s['t']:>6}" for s in samples) + ")"]
        for name in start:
            values = [s["rss_kb"].get(name) for s in samples]
            lines.append(f"{name:<36}" + " ".join(f"{(v or 0) / 1024:>6.1f}" for v in values))
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
