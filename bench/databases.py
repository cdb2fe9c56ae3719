"""The benchmark's databases: an SQLite file and a PostgreSQL database per scale and seed, filled
once by `samverkan generate` and reused on later runs (generation takes minutes).

A database is ready when the generator has recorded a finished `Dataset` row for the scale and
seed. Preparing runs `migrate` (always: it is quick when nothing is new, and a new migration must
reach a reused database) and then `generate` when the data is not ready. `--data demo` and
`--data examples` fill it with the demo or the example structure files instead (development,
and the harness's own test, before the generator exists or when it is too slow).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import LiteralString

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG_SERVER = "postgres://postgres@127.0.0.1:5432"
BENCH_DB_PREFIX = "samverkan_bench_"
DATA_SOURCES = ("generate", "demo", "examples")
EXAMPLES = [ROOT / "examples" / "vastra-gotaland.yaml", ROOT / "examples" / "vasterbotten.yaml"]


class PrepareError(RuntimeError):
    pass


@dataclass(frozen=True)
class Database:
    vendor: str  # "sqlite" or "postgresql"
    url: str
    label: str  # the file or the database name, for messages


def dataset_name(scale: str, seed: int, data: str) -> str:
    return f"{scale}-seed{seed}" if data == "generate" else data


def sqlite_database(scale: str, seed: int, data: str, directory: Path) -> Database:
    path = directory / f"{dataset_name(scale, seed, data)}.sqlite3"
    return Database("sqlite", f"sqlite:///{path}", str(path))


def postgresql_database(scale: str, seed: int, data: str, server: str) -> Database:
    suffix = scale if data == "generate" and seed == 1 else dataset_name(scale, seed, data)
    name = BENCH_DB_PREFIX + re.sub(r"[^a-z0-9_]", "_", suffix.lower())
    return Database("postgresql", f"{server.rstrip('/')}/{name}", name)


def python_env(base: dict[str, str], database: Database) -> dict[str, str]:
    """Development settings against the benchmark's database: what migrate and generate need."""
    env = dict(base)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SAMVERKAN_ENV": "development",
            "DATABASE_URL": database.url,
            "TASKS_BACKEND": "immediate",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LOG_LEVEL": "WARNING",
        }
    )
    env.pop("DEBUG", None)
    return env


def manage(args: list[str], env: dict[str, str], *, quiet: bool = False) -> str:
    """Runs a management command, its output passed through unless `quiet`; fails loudly."""
    cmd = [sys.executable, str(ROOT / "manage.py"), *args]
    if quiet:
        captured = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
        if captured.returncode != 0:
            raise PrepareError(f"`samverkan {' '.join(args)}` failed:\n{captured.stdout}{captured.stderr}")
        return captured.stdout
    shown = subprocess.run(cmd, env=env, cwd=ROOT, check=False)  # noqa: S603
    if shown.returncode != 0:
        raise PrepareError(f"`samverkan {' '.join(args)}` failed (exit {shown.returncode}).")
    return ""


def _pg_admin(server: str, statement: LiteralString, name: str) -> None:
    """Runs `statement` with `{}` replaced by the database's name, quoted as an identifier."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(f"{server.rstrip('/')}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL(statement).format(sql.Identifier(name)))


def _pg_exists(server: str, name: str) -> bool:
    import psycopg

    with psycopg.connect(f"{server.rstrip('/')}/postgres", autocommit=True) as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return row is not None


def ensure_exists(database: Database, *, server: str, fresh: bool) -> None:
    """Creates the SQLite directory or the PostgreSQL database; with `fresh`, drops it first."""
    if database.vendor == "sqlite":
        path = Path(database.label)
        path.parent.mkdir(parents=True, exist_ok=True)
        if fresh:
            for extra in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{extra}").unlink(missing_ok=True)
        return
    name = database.label
    if not re.fullmatch(BENCH_DB_PREFIX + r"[a-z0-9_]+", name):  # never drop anything else
        raise PrepareError(f"refusing to manage the PostgreSQL database {name!r}")
    try:
        if fresh and _pg_exists(server, name):
            _pg_admin(server, "DROP DATABASE {} WITH (FORCE)", name)
        if not _pg_exists(server, name):
            _pg_admin(server, "CREATE DATABASE {}", name)
    except Exception as exc:  # psycopg's errors: the server is not there, or refuses
        raise PrepareError(f"PostgreSQL at {server}: {exc}") from exc


def status(env: dict[str, str], *, scale: str, seed: int, data: str) -> dict[str, object]:
    """The probe's view of the data (run in its own process, see bench/probe.py)."""
    out = subprocess.run(  # noqa: S603 - our interpreter and module
        [sys.executable, "-m", "bench.probe", "status", "--scale", scale, "--seed", str(seed), "--data", data],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise PrepareError(f"checking the data failed:\n{out.stdout}{out.stderr}")
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def prepare(
    database: Database,
    *,
    scale: str,
    seed: int,
    data: str,
    regenerate: bool,
    server: str,
    say: Callable[[str], None] = print,
) -> dict[str, object]:
    """Makes the database ready (see the module's docstring) and returns its status."""
    ensure_exists(database, server=server, fresh=regenerate)
    env = python_env(dict(os.environ), database)
    say(f"[{database.vendor}] {database.label}: migrate")
    manage(["migrate", "--no-input"], env, quiet=True)
    state = status(env, scale=scale, seed=seed, data=data)
    if state.get("ready"):
        say(f"[{database.vendor}] data ready ({state.get('summary')}); reused")
        return state
    what = f"generated data ({scale}, seed {seed})" if data == "generate" else f"the {data} data"
    say(f"[{database.vendor}] filling it with {what}; this takes a while")
    if data == "generate":
        if not state.get("generator"):
            raise PrepareError(
                "`samverkan generate` is not available in this tree yet; run with --data demo (or examples)"
            )
        replace = ["--replace"] if state.get("stale") else []
        if replace:
            say(f"[{database.vendor}] the data predates the money and follow-up records: generating it again")
        manage(["generate", "--scale", scale, "--seed", str(seed), *replace], env)
    elif data == "demo":
        manage(["demo"], env, quiet=True)
        manage(["reindex"], env, quiet=True)
    else:
        for path in EXAMPLES:
            manage(["load", "structure", str(path)], env, quiet=True)
        manage(["reindex"], env, quiet=True)
    state = status(env, scale=scale, seed=seed, data=data)
    if not state.get("ready"):
        raise PrepareError(f"the data is still not ready after filling it: {state}")
    say(f"[{database.vendor}] data ready ({state.get('summary')})")
    return state
