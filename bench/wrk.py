"""Load from a separate process: wrk, with a Lua `done` hook that prints its exact figures as
JSON (bench/report.lua). Any error (a non-2xx/3xx answer, a time-out, a refused or broken
connection) fails the page instead of being measured."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import processes

LUA = Path(__file__).resolve().parent / "report.lua"
MARKER = "BENCH_WRK_JSON "


class LoadError(RuntimeError):
    pass


@dataclass(frozen=True)
class Load:
    threads: int = 2
    connections: int = 4
    timeout_s: int = 60


@dataclass(frozen=True)
class Result:
    requests: int
    duration_s: float
    rps: float
    p50_ms: float
    p90_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    mean_ms: float
    bytes: int


def available() -> str | None:
    return shutil.which("wrk")


def parse(output: str, *, allow_none: bool = False) -> Result:
    """The figures from wrk's output; LoadError when it had errors or did not report, or (unless
    `allow_none`, for a warm-up) when no request completed."""
    lines = [line for line in output.splitlines() if line.startswith(MARKER)]
    if not lines:
        raise LoadError(f"wrk printed no figures:\n{output}")
    data: dict[str, Any] = json.loads(lines[-1][len(MARKER) :])
    errors = {kind: n for kind, n in data["errors"].items() if n}
    if errors:
        detail = ", ".join(f"{n} {kind}" for kind, n in errors.items())
        raise LoadError(f"{detail} error(s) in {data['requests']} requests (status = a non-2xx/3xx answer)")
    if data["requests"] == 0 and not allow_none:
        raise LoadError("wrk completed no request")
    duration_s = data["duration_us"] / 1e6
    if data["requests"] == 0:
        return Result(0, round(duration_s, 3), 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0)
    return Result(
        requests=data["requests"],
        duration_s=round(duration_s, 3),
        rps=round(data["requests"] / duration_s, 1),
        p50_ms=round(data["p50_us"] / 1000, 2),
        p90_ms=round(data["p90_us"] / 1000, 2),
        p95_ms=round(data["p95_us"] / 1000, 2),
        p99_ms=round(data["p99_us"] / 1000, 2),
        max_ms=round(data["max_us"] / 1000, 2),
        mean_ms=round(data["mean_us"] / 1000, 2),
        bytes=data["bytes"],
    )


def run(
    url: str,
    duration_s: float,
    load: Load,
    *,
    env: dict[str, str],
    warmup: bool = False,
    headers: dict[str, str] | None = None,
) -> Result:
    wrk = available()
    if wrk is None:
        raise LoadError("wrk is not installed (apt-get install wrk)")
    args = [
        wrk,
        f"-t{load.threads}",
        f"-c{max(load.connections, load.threads)}",
        f"-d{max(1, round(duration_s))}s",
        f"--timeout={load.timeout_s}s",
        "--latency",
        *[arg for name, value in (headers or {}).items() for arg in ("-H", f"{name}: {value}")],
        "-s",
        str(LUA),
        url,
    ]
    proc = processes.start(args, env=env, cwd=LUA.parent)
    try:
        out, _ = proc.communicate(timeout=duration_s + load.timeout_s + 30)
    finally:
        processes.stop(proc)
    text = out.decode(errors="replace")
    if proc.returncode != 0:
        raise LoadError(f"wrk exited with {proc.returncode}:\n{text}")
    return parse(text, allow_none=warmup)
