"""The real server in production settings: gunicorn with sync workers, config.wsgi."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from bench import processes

ROOT = Path(__file__).resolve().parent.parent


class ServerError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def get(url: str, *, timeout: float = 120, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """One request, redirects not followed (a 3xx is an answer of its own, not the page)."""
    try:
        request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - the harness's own http://127.0.0.1 URLs
        with _opener.open(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    base_url: str
    log_path: Path

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def start(env: dict[str, str], *, workers: int, log_path: Path, ready_path: str, timeout: float = 90) -> Server:
    """Starts gunicorn on a free port and waits until `ready_path` answers 200."""
    port = free_port()
    log: IO[bytes] = log_path.open("ab")
    args = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--worker-class=sync",
        "--timeout=120",
        "--graceful-timeout=5",
        "--log-level=warning",
        "--error-logfile=-",
    ]
    proc = processes.start(args, env=env, cwd=ROOT, log=log)
    log.close()
    server = Server(proc, f"http://127.0.0.1:{port}", log_path)
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServerError(f"gunicorn exited with {proc.returncode}:\n{server.log_tail()}")
        try:
            status, _ = get(server.base_url + ready_path, timeout=10)
        except OSError as exc:
            last = str(exc)
        else:
            if status == 200:
                return server
            last = f"HTTP {status}"
        time.sleep(0.3)
    processes.stop(proc)
    raise ServerError(f"gunicorn did not answer {ready_path} within {timeout:.0f} s ({last}):\n{server.log_tail()}")


def stop(server: Server) -> None:
    processes.stop(server.proc)


def _cpu_ticks(pid: int) -> int | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[11]) + int(fields[12])  # utime + stime


def _workers(master: int) -> list[int]:
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return []
    return [int(pid) for pid in children]


def wait_idle(server: Server, *, quiet_s: float = 0.5, timeout: float = 180) -> None:
    """Waits until gunicorn's workers use no CPU for `quiet_s`: wrk stops at its deadline, but
    the workers finish the requests it left in flight, which would slow the next page's
    measurement. (Linux /proc; elsewhere it waits `quiet_s`.)"""
    deadline = time.monotonic() + timeout
    before: list[int | None] | None = None
    while time.monotonic() < deadline:
        now = [_cpu_ticks(pid) for pid in _workers(server.proc.pid)]
        if before is not None and (not now or now == before):
            return
        before = now
        time.sleep(quiet_s)
