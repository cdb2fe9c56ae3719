"""The benchmark harness (bench/): its parts, and one short real run against a small SQLite
database (gunicorn in production settings, wrk for one second per page)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench import run as bench_run
from bench import wrk

ROOT = Path(__file__).resolve().parent.parent.parent


def wrk_line(**overrides: object) -> str:
    data: dict[str, object] = {
        "requests": 200,
        "duration_us": 2_000_000,
        "bytes": 400_000,
        "errors": {"connect": 0, "read": 0, "write": 0, "status": 0, "timeout": 0},
        "p50_us": 1500.0,
        "p90_us": 2500.0,
        "p95_us": 3000.0,
        "p99_us": 4000.0,
        "max_us": 9000.0,
        "mean_us": 1700.0,
    }
    data.update(overrides)
    return "Running 2s test @ http://127.0.0.1:1/\n" + wrk.MARKER + json.dumps(data) + "\n"


def test_wrks_figures_are_read_from_the_done_hook() -> None:
    result = wrk.parse(wrk_line())
    assert (result.requests, result.rps, result.p50_ms, result.p99_ms) == (200, 100.0, 1.5, 4.0)


@pytest.mark.parametrize("kind", ["status", "timeout", "connect", "read"])
def test_any_error_under_load_fails_the_page(kind: str) -> None:
    errors = {"connect": 0, "read": 0, "write": 0, "status": 0, "timeout": 0, kind: 3}
    with pytest.raises(wrk.LoadError, match=f"3 {kind}"):
        wrk.parse(wrk_line(errors=errors))


def test_no_figures_or_no_requests_fail_too() -> None:
    with pytest.raises(wrk.LoadError, match="no figures"):
        wrk.parse("unable to connect to 127.0.0.1:1 Connection refused\n")
    with pytest.raises(wrk.LoadError, match="no request"):
        wrk.parse(wrk_line(requests=0))


@pytest.mark.parametrize(("text", "expected"), [("10s", 10.0), ("1m", 60.0), ("5", 5.0), ("500ms", 0.5)])
def test_durations(text: str, expected: float) -> None:
    assert bench_run.seconds(text) == expected


def test_national_runs_on_postgresql_only() -> None:
    assert bench_run.parse_args(["--scale", "national"]).vendors == ["postgresql"]
    assert bench_run.parse_args([]).vendors == ["sqlite", "postgresql"]
    with pytest.raises(SystemExit):
        bench_run.parse_args(["--scale", "national", "--db", "sqlite"])


def test_the_json_has_one_floor_per_database_and_cache_pass_and_ratios_to_its_own_floor() -> None:
    run = bench_run.Run(bench_run.parse_args(["--duration", "1s"]))
    for db, cache, floor_us, page_us in [
        ("sqlite", "on", 1000.0, 3000.0),
        ("sqlite", "off", 1500.0, 6000.0),
        ("postgresql", "on", 2000.0, 3000.0),
    ]:
        run.outcomes.append(
            bench_run.Outcome(db, "floor", "/f/", queries=1, cache=cache, result=wrk.parse(wrk_line(p50_us=floor_us)))
        )
        run.outcomes.append(
            bench_run.Outcome(db, "body", "/b/", queries=7, cache=cache, result=wrk.parse(wrk_line(p50_us=page_us)))
        )
    run.outcomes.append(
        bench_run.Outcome(
            "sqlite", "inbox", "/i/", queries=3, cache="off", persona="registrar", result=wrk.parse(wrk_line())
        )
    )
    run.outcomes.append(bench_run.Outcome("postgresql", "board", "/t/", queries=3, error="HTTP 500"))
    data = bench_run.results_json(run, bench_run.datetime.datetime.now().astimezone(), 1.0)
    assert [(f["db"], f["cache"]) for f in data["floors"]] == [
        ("sqlite", "on"),
        ("sqlite", "off"),
        ("postgresql", "on"),
    ]
    assert [(p["db"], p["cache"], p["persona"], p["ratio_p50"]) for p in data["pages"]] == [
        ("sqlite", "on", "anonymous", 3.0),
        ("sqlite", "off", "anonymous", 4.0),
        ("postgresql", "on", "anonymous", 1.5),
        ("sqlite", "off", "registrar", 1.0),
    ]
    assert data["run"]["failures"] == [
        {"db": "postgresql", "cache": "on", "name": "board", "url": "/t/", "error": "HTTP 500"}
    ]
    text = bench_run.table(run)
    assert "FAILED" in text and "built from scratch" in text and "registrar" in text


def test_a_logged_in_page_is_loaded_with_its_session_cookie() -> None:
    outcome = bench_run.Outcome("sqlite", "inbox", "/i/", persona="registrar", session="abc", session_cookie="sid")
    assert outcome.headers == {"Cookie": "sid=abc"}
    assert bench_run.Outcome("sqlite", "body", "/b/").headers == {}


def test_cache_passes() -> None:
    assert bench_run.parse_args([]).caches == ["on", "off"]
    assert bench_run.parse_args(["--cache", "off"]).caches == ["off"]
    with pytest.raises(SystemExit):
        bench_run.parse_args(["--cache", "sometimes"])


FLOOR_KEYS = {"db", "cache", "p50_ms", "p99_ms", "rps"}
PAGE_KEYS = {"name", "db", "cache", "persona", "p50_ms", "p99_ms", "rps", "queries", "ratio_p50"}


@pytest.mark.skipif(
    shutil.which("wrk") is None, reason="wrk is not installed (apt-get install wrk): the harness needs it"
)
def test_a_short_real_run_writes_the_table_and_the_json(tmp_path: Path) -> None:
    """`samverkan generate --scale tiny` (about two seconds) into a fresh SQLite file; a public
    page with the cache on and off, and the registrar's inbox logged in (password and TOTP
    through allauth's forms)."""
    pages = "meeting,inbox"
    output = tmp_path / "latest.json"
    args = [
        "--scale=tiny",
        "--db=sqlite",
        f"--sqlite-dir={tmp_path}",
        f"--output={output}",
        f"--pages={pages}",
        "--duration=1s",
        "--warmup=0",
        "--connections=2",
    ]
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bench.run", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=240
    )
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(output.read_text())
    assert all(set(f) == FLOOR_KEYS for f in result["floors"])
    floors = {f["cache"]: f for f in result["floors"]}
    assert set(floors) == {"on", "off"}
    for floor in floors.values():
        assert floor["db"] == "sqlite" and floor["p50_ms"] > 0 and floor["rps"] > 0
    rows = [(p["name"], p["cache"], p["persona"]) for p in result["pages"]]
    assert rows == [("meeting", "on", "anonymous"), ("meeting", "off", "anonymous"), ("inbox", "off", "registrar")]
    for page in result["pages"]:
        assert set(page) == PAGE_KEYS
        assert page["db"] == "sqlite"
        assert page["queries"] >= 1
        assert page["ratio_p50"] == round(page["p50_ms"] / floors[page["cache"]]["p50_ms"], 2)
    inbox = next(d for d in result["run"]["details"] if d["name"] == "inbox")
    assert "awaiting" in inbox["note"] and inbox["bytes_per_response"] > 0
    assert result["run"]["machine"]["nproc"] >= 1
    assert result["run"]["failures"] == []
    assert result["run"]["scale"] == "tiny" and result["run"]["data"] == "generate"
    assert "x floor" in done.stdout and "/bench/golv/" in done.stdout and "registrar" in done.stdout
    assert "tiny data, seed 1" in done.stdout


def test_the_soak_reads_percentiles_and_reports_every_process() -> None:
    from bench import soak

    values = [i / 1000 for i in range(1, 101)]  # 1 .. 100 ms
    assert (soak.percentile(values, 0.5), soak.percentile(values, 0.99)) == (0.051, 0.099)
    assert soak.percentile([], 0.99) == 0.0
    result = {
        "seconds": 10.0,
        "clients": 4,
        "scale": "county",
        "requests": 100,
        "rps": 10.0,
        "errors": 0,
        "p50_ms": 5.0,
        "p95_ms": 9.0,
        "p99_ms": 12.0,
        "max_ms": 20.0,
        "answers_posted": 3,
        "uploads": 2,
        "uploads_processed_by_the_worker": {"uploaded": 2, "pending": 0},
        "mails_received": 1,
        "kinds": {"public": {"requests": 100, "p50_ms": 5.0, "p99_ms": 12.0}},
        "rss_kb": {"start": {"gunicorn master": 20480, "task worker": 10240}, "end": {"gunicorn master": 20480}},
    }
    text = soak.report(result)
    assert "errors 0" in text and "p99 12.0 ms" in text
    assert "gunicorn master" in text and "20.0" in text and "task worker" in text
    # The RSS over time, when sampled: a line per process, a column per sample.
    result["rss_samples"] = [
        {"t": 0, "rss_kb": {"gunicorn master": 20480, "task worker": 10240}},
        {"t": 30, "rss_kb": {"gunicorn master": 21504, "task worker": 10240}},
    ]
    lines = soak.report(result).splitlines()
    assert any(line.startswith("RSS MB over the soak") and "30" in line for line in lines)
    assert any(line.startswith("gunicorn master") and line.split()[-2:] == ["20.0", "21.0"] for line in lines)


def test_the_soaks_mail_sink_receives_what_django_sends() -> None:
    import smtplib

    from bench import soak

    mail = soak.Mail()
    mail.controller.start()
    try:
        with smtplib.SMTP("127.0.0.1", mail.port, timeout=10) as smtp:
            smtp.sendmail("a@example.org", ["b@example.org"], b"Subject: test\r\n\r\nhej\r\n")
    finally:
        mail.controller.stop()
    assert mail.received == 1
