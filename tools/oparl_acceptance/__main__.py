"""The OParl acceptance run: meine-stadt-transparent's own OParl importer reads Samverkan's
/oparl/v1/ and what it imported is compared with what the endpoint lists (docs/oparl.md).

    .venv/bin/python -m tools.oparl_acceptance [--keep] [--workdir DIR]   (or: make oparl-acceptance)

1. A venv of its own for meine-stadt-transparent (tools/oparl_acceptance/requirements.txt, every
   package pinned, installed with --no-deps) under .oparl-acceptance/venv (git-ignored), built
   once and rebuilt when the requirements change. It needs pdftotext (poppler-utils) and
   ImageMagick's MagickWand library, which its importer loads.
2. Beside it, Samverkan in a fresh SQLite database: migrate, the demo, and what `seed` adds (a
   public agenda item with a PDF, a confidential one with a PDF, a draft recommendation with a PDF),
   served by gunicorn on 127.0.0.1 with SITE_URL on that address.
3. The whole endpoint read here, list by list (every type's external list, page by page).
4. meine-stadt-transparent's `manage.py import <body url> --ags ... --skip-body-extra
   --skip-files` into its own SQLite database (Elasticsearch off, geocoding pointed at a closed
   local port), then `import_files --force-singlethread`, which downloads every file.
5. `mst_report.py` (in its venv) lists what it holds; compared per type by OParl id, the
   references between objects, the files' bytes and text, the meetings' days, and the absence of
   everything confidential or draft.

Exit status: 0 all checks held, 1 a check failed, 2 the run could not be carried out (a command
failed), 3 skipped: the venv could not be built (no network to PyPI) or a system library is
missing, said loudly on stderr."""

from __future__ import annotations

import argparse
import ctypes.util
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bench import processes, server

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
STATE = Path(os.environ.get("OPARL_ACCEPTANCE_DIR", ROOT / ".oparl-acceptance"))
VENV = STATE / "venv"
REQUIREMENTS = HERE / "requirements.txt"
MST_VERSION = "0.2.14"

SKIPPED, FAILED, BROKEN = 3, 1, 2

# The OParl types, the Body's property naming each external list.
LISTS = {
    "Body": None,
    "LegislativeTerm": "legislativeTermList",
    "Location": "locationList",
    "Organization": "organization",
    "Person": "person",
    "Membership": "membership",
    "Meeting": "meeting",
    "AgendaItem": "agendaItem",
    "Paper": "paper",
    "Consultation": "consultation",
    "File": "file",
}


class Skip(Exception):
    pass


class Broken(Exception):
    pass


def say(text: str) -> None:
    print(text, flush=True)


# --- meine-stadt-transparent's venv --------------------------------------------------------


def missing_system_parts() -> list[str]:
    missing = []
    if shutil.which("pdftotext") is None:
        missing.append("pdftotext (apt-get install poppler-utils)")
    if not (ctypes.util.find_library("MagickWand-6.Q16") or ctypes.util.find_library("MagickWand")):
        missing.append("ImageMagick's MagickWand library (apt-get install libmagickwand-6.q16-6)")
    return missing


def ensure_venv(log: Path) -> Path:
    """The venv's python, built (or rebuilt) when the pinned requirements changed."""
    python = VENV / "bin" / "python"
    stamp = VENV / ".requirements-sha256"
    wanted = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    if python.exists() and stamp.exists() and stamp.read_text().strip() == wanted:
        return python
    shutil.rmtree(VENV, ignore_errors=True)
    STATE.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with log.open("ab") as out:
        steps = [
            [sys.executable, "-m", "venv", str(VENV)],
            [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "-r", str(REQUIREMENTS)],
        ]
        for step in steps:
            if subprocess.run(step, stdout=out, stderr=subprocess.STDOUT, check=False).returncode != 0:  # noqa: S603
                shutil.rmtree(VENV, ignore_errors=True)
                raise Skip(
                    f"meine-stadt-transparent's venv could not be built (`{' '.join(step[-4:])}` failed; "
                    f"no network to PyPI?). Its output: {log}\n{tail(log)}"
                )
    stamp.write_text(wanted)
    say(f"   venv built in {time.monotonic() - started:.0f} s: {VENV}")
    return python


def tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


# --- running things ------------------------------------------------------------------------


def run(args: list[str], *, env: dict[str, str], log: Path, cwd: Path = ROOT) -> float:
    """Runs a command to its end, its output appended to `log`; returns the seconds it took."""
    started = time.monotonic()
    with log.open("ab") as out:
        out.write(f"\n$ {' '.join(args)}\n".encode())
        out.flush()
        code = subprocess.run(args, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, check=False).returncode  # noqa: S603
    if code != 0:
        raise Broken(f"`{' '.join(args)}` failed (exit {code}); the end of {log}:\n{tail(log)}")
    return time.monotonic() - started


def samverkan_env(workdir: Path, site_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "DATABASE_URL"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SAMVERKAN_ENV": "development",
            "SAMVERKAN_DATA_DIR": str(workdir / "samverkan"),
            "DATABASE_URL": f"sqlite:///{workdir / 'samverkan' / 'samverkan.sqlite3'}",
            "SITE_URL": site_url,
            "TASKS_BACKEND": "immediate",  # the seeded papers are read at once
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        }
    )
    return env


def mst_env(workdir: Path) -> dict[str, str]:
    """meine-stadt-transparent configured by its environment variables (it reads no .env then)."""
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SSL_CERT_FILE"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "meine_stadt_transparent.settings",
            "REAL_HOST": "localhost",
            "SECRET_KEY": "oparl-acceptance-run-only",
            "DATABASE_URL": f"sqlite:///{workdir / 'mst' / 'mst.sqlite3'}",
            "ELASTICSEARCH_ENABLED": "False",
            "NO_LOG_FILES": "True",
            "TIME_ZONE": "Europe/Stockholm",
            # Files are not copied to a Minio bucket; its file view would proxy them instead.
            "PROXY_ONLY_TEMPLATE": "http://127.0.0.1/{}",
            # Addresses found in files are geocoded: at a closed local port, refused at once.
            "NOMINATIM_URL": "http://127.0.0.1:9",
            "CUSTOM_IMPORT_HOOKS": "mst_hooks",
            "PYTHONPATH": str(HERE),
        }
    )
    return env


def mst_manage(python: Path, args: list[str], *, env: dict[str, str], log: Path) -> float:
    # --skip-checks: with PROXY_ONLY_TEMPLATE set its URL configuration names a path converter
    # it never registers, so Django's system checks (which load the URLs) fail; the importer
    # does not use the URLs.
    return run([str(python), "-m", "django", *args, "--skip-checks"], env=env, log=log, cwd=env_dir(env))


def env_dir(env: dict[str, str]) -> Path:
    return Path(env["DATABASE_URL"].removeprefix("sqlite:///")).parent


# --- reading our endpoint ------------------------------------------------------------------


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 - our own http://127.0.0.1 server
        return json.load(response)


def pages(url: str) -> Iterator[dict[str, Any]]:
    while url:
        page = get_json(url)
        yield page
        url = page.get("links", {}).get("next")


def read_endpoint(system_url: str) -> tuple[dict[str, dict[str, Any]], dict[str, set[str]], dict[str, Any]]:
    """Every type's external list, page by page: the public objects per type by id, the
    tombstones (`deleted: true`) per type, and the Body."""
    system = get_json(system_url)
    bodies = [obj for page in pages(system["body"]) for obj in page["data"]]
    if len(bodies) != 1:
        raise Broken(f"expected one Body, the endpoint lists {len(bodies)}")
    body = bodies[0]
    public: dict[str, dict[str, Any]] = {}
    deleted: dict[str, set[str]] = {}
    for type_name, key in LISTS.items():
        objects = bodies if key is None else [obj for page in pages(body[key]) for obj in page["data"]]
        public[type_name] = {obj["id"]: obj for obj in objects if not obj.get("deleted")}
        deleted[type_name] = {obj["id"] for obj in objects if obj.get("deleted")}
    return public, deleted, body


def refs(value: Any) -> list[str]:
    """The ids an OParl property names: a URL, an embedded object, or a list of either."""
    if value is None:
        return []
    if isinstance(value, list):
        return sorted(i for v in value for i in refs(v))
    if isinstance(value, dict):
        return [value["id"]]
    return [value]


# --- the comparison ------------------------------------------------------------------------


class Checks:
    def __init__(self) -> None:
        self.failures: list[str] = []
        self.passed = 0

    def check(self, ok: bool, what: str) -> None:
        if ok:
            self.passed += 1
        else:
            self.failures.append(what)
            say(f"   FAILED: {what}")


def compare(
    ours: dict[str, dict[str, Any]],
    tombstones: dict[str, set[str]],
    mst: dict[str, Any],
    seeded: dict[str, str],
    figures: dict[str, Any],
) -> Checks:
    checks = Checks()
    from tools.oparl_acceptance.seed import DRAFT_TITLE, PUBLIC_TITLE, SECRET_TITLE

    # Files named only by the vendor property samverkan:extract (a principal's extract of its
    # minutes) are not OParl references: no OParl client follows them.
    expected = {t: {i for i in objs if not (t == "File" and "/file/utdrag-" in i)} for t, objs in ours.items()}
    rows = []
    for type_name in LISTS:
        held = set(mst["objects"][type_name])
        missing, extra = expected[type_name] - held, held - expected[type_name]
        rows.append((type_name, len(ours[type_name]), len(tombstones[type_name]), len(held)))
        checks.check(not missing, f"{type_name}: {len(missing)} listed but not imported, e.g. {sorted(missing)[:3]}")
        checks.check(not extra, f"{type_name}: {len(extra)} imported but not listed, e.g. {sorted(extra)[:3]}")
        mismatched = []
        for ident, stored in mst["objects"][type_name].items():
            obj = ours[type_name].get(ident)
            if obj is None:
                continue
            for prop, ids in stored.items():
                if prop in obj and refs(obj[prop]) != ids:
                    mismatched.append(f"{ident} {prop}: ours {refs(obj[prop])}, imported {ids}")
        checks.check(not mismatched, f"{type_name}: references stored differently: {mismatched[:3]}")
    figures["types"] = rows

    # Nothing confidential or draft, neither as an object nor by its title.
    everything = {i for objs in mst["objects"].values() for i in objs} | {i for d in mst["deleted"].values() for i in d}
    for key in ("secret_item", "secret_file", "draft_paper", "draft_file"):
        checks.check(seeded[key] not in everything, f"{key} {seeded[key]} reached the importer")
        checks.check(
            seeded[key] not in {i for objs in ours.values() for i in objs}, f"{key} is listed as a public object"
        )
    names = "\n".join(mst["names"]) + "\n".join(f["text"] for f in mst["files"].values())
    checks.check(SECRET_TITLE not in names, "the confidential item's title reached the importer")
    checks.check(DRAFT_TITLE not in names, "the draft's title reached the importer")
    checks.check(seeded["draft_paper"] in tombstones["Paper"], "the draft is not a tombstone in the Paper list")
    checks.check(seeded["public_item"] in mst["objects"]["AgendaItem"], "the public agenda item was not imported")

    # Every file downloaded and read: its bytes, its type, its text.
    for ident, file in sorted(mst["files"].items()):
        ours_file = ours["File"].get(ident, {})
        checks.check(file["mime_type"] == ours_file.get("mimeType"), f"{ident}: type {file['mime_type']}")
        if "size" in ours_file:
            checks.check(
                file["filesize"] == ours_file["size"], f"{ident}: {file['filesize']} bytes, ours {ours_file['size']}"
            )
        checks.check(bool(file["filesize"]) and bool(file["page_count"]), f"{ident}: not downloaded or no pages")
        checks.check(bool(file["text"].strip()), f"{ident}: no text read from it")
    public_file = mst["files"].get(seeded["public_file"], {})
    checks.check(PUBLIC_TITLE in public_file.get("text", ""), "the public paper's text was not read")
    figures["files"] = {
        i: f"{f['mime_type']}, {f['filesize']} bytes, {f['page_count']} page(s)"
        for i, f in sorted(mst["files"].items())
    }

    # Meetings: the start kept, or the day of samverkan:date where the time is not decided.
    undecided = 0
    for ident, meeting in mst["meetings"].items():
        obj = ours["Meeting"][ident]
        if "start" in obj:
            same = meeting["start"][:19] == _utc(obj["start"])[:19]
            checks.check(same, f"{ident}: start {meeting['start']}, ours {obj['start']}")
        else:
            undecided += 1
            checks.check(
                _local_day(meeting["start"]) == obj["samverkan:date"], f"{ident}: day {meeting['start']}, ours {obj}"
            )
        checks.check(meeting["cancelled"] == obj["cancelled"], f"{ident}: cancelled differs")
    figures["meetings without a decided time (start from samverkan:date)"] = undecided
    return checks


def _utc(stamp: str) -> str:
    import datetime

    return datetime.datetime.fromisoformat(stamp).astimezone(datetime.UTC).isoformat()


def _local_day(stamp: str) -> str:
    import datetime
    import zoneinfo

    return datetime.datetime.fromisoformat(stamp).astimezone(zoneinfo.ZoneInfo("Europe/Stockholm")).date().isoformat()


# --- the run -------------------------------------------------------------------------------


def prepare_samverkan(env: dict[str, str], log: Path) -> tuple[dict[str, str], dict[str, float]]:
    took = {}
    samverkan = [sys.executable, str(ROOT / "manage.py")]
    took["Samverkan: migrate"] = run([*samverkan, "migrate", "--no-input"], env=env, log=log)
    took["Samverkan: demo"] = run([*samverkan, "demo"], env=env, log=log)
    seeded_out = Path(env["SAMVERKAN_DATA_DIR"]) / "seeded.json"
    seed_log = Path(env["SAMVERKAN_DATA_DIR"]) / "seed.out"
    took["Samverkan: seed"] = run([sys.executable, "-m", "tools.oparl_acceptance.seed"], env=env, log=seed_log)
    seeded = json.loads(seed_log.read_text().strip().splitlines()[-1])
    seeded_out.write_text(json.dumps(seeded, indent=1))
    return seeded, took


def prepare_mst(env: dict[str, str], log: Path) -> tuple[Path, dict[str, float]]:
    took = {}
    started = time.monotonic()
    python = ensure_venv(log)
    took["meine-stadt-transparent: venv"] = time.monotonic() - started
    took["meine-stadt-transparent: migrate"] = mst_manage(python, ["migrate", "--no-input"], env=env, log=log)
    return python, took


def serve(env: dict[str, str], port: int, log_path: Path, timeout: float = 90) -> server.Server:
    """gunicorn on `port` (the one SITE_URL names, so the ids are addresses that answer), as the
    benchmark runs it, once /oparl/v1/ answers."""
    args = [sys.executable, "-m", "gunicorn", "config.wsgi:application", f"--bind=127.0.0.1:{port}", "--workers=2"]
    with log_path.open("ab") as log:
        srv = server.Server(processes.start(args, env=env, cwd=ROOT, log=log), f"http://127.0.0.1:{port}", log_path)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if srv.proc.poll() is not None:
            raise Broken(f"gunicorn exited with {srv.proc.returncode}:\n{srv.log_tail()}")
        try:
            if server.get(srv.base_url + "/oparl/v1/", timeout=10)[0] == 200:
                return srv
        except OSError:
            pass
        time.sleep(0.3)
    server.stop(srv)
    raise Broken(f"gunicorn did not answer within {timeout:.0f} s:\n{srv.log_tail()}")


def acceptance(workdir: Path) -> int:
    missing = missing_system_parts()
    if missing:
        raise Skip("meine-stadt-transparent's importer needs " + " and ".join(missing))
    (workdir / "samverkan").mkdir(parents=True)
    (workdir / "mst").mkdir(parents=True)
    port = server.free_port()
    base = f"http://127.0.0.1:{port}"
    env = samverkan_env(workdir, base)
    menv = mst_env(workdir)
    took: dict[str, float] = {}
    started = time.monotonic()

    say(f"== Samverkan's demo and meine-stadt-transparent {MST_VERSION}'s venv, side by side (logs in {workdir})")
    with ThreadPoolExecutor(max_workers=2) as pool:
        ours_job = pool.submit(prepare_samverkan, env, workdir / "samverkan.log")
        mst_job = pool.submit(prepare_mst, menv, workdir / "mst.log")
        seeded, t1 = ours_job.result()
        python, t2 = mst_job.result()
    took |= t1 | t2

    say(f"== serving {base}/oparl/v1/ (gunicorn)")
    srv = serve(env, port, workdir / "gunicorn.log")
    try:
        t = time.monotonic()
        ours, tombstones, body = read_endpoint(f"{base}/oparl/v1/")
        took["reading the endpoint here"] = time.monotonic() - t
        say(f"== meine-stadt-transparent imports {body['id']}")
        took["meine-stadt-transparent: import"] = mst_manage(
            python,
            # --ags: its German municipality key, else looked up on Wikidata; --skip-body-extra:
            # no outline and streets from OpenStreetMap; the files in the next step.
            ["import", body["id"], "--ags", "00000000", "--skip-body-extra", "--skip-files"],
            env=menv,
            log=workdir / "mst-import.log",
        )
        say("== meine-stadt-transparent downloads the files")
        took["meine-stadt-transparent: import_files"] = mst_manage(
            python, ["import_files", "--force-singlethread"], env=menv, log=workdir / "mst-import.log"
        )
    finally:
        server.stop(srv)
    report_out = workdir / "mst-report.json"
    with report_out.open("wb") as out:
        code = subprocess.run(  # noqa: S603
            [str(python), str(HERE / "mst_report.py")], env=menv, cwd=env_dir(menv), stdout=out, check=False
        ).returncode
    if code != 0:
        raise Broken(f"mst_report.py failed (exit {code})")
    mst = json.loads(report_out.read_text())

    figures: dict[str, Any] = {}
    checks = compare(ours, tombstones, mst, seeded, figures)
    took["total"] = time.monotonic() - started

    say("\n   type             listed  tombstones  imported by meine-stadt-transparent")
    for type_name, listed, dead, held in figures["types"]:
        say(f"   {type_name:<16} {listed:>6}  {dead:>10}  {held:>8}")
    say("\n   files downloaded:")
    for ident, text in figures["files"].items():
        say(f"     {ident}: {text}")
    say(
        f"   meetings without a decided time (start from samverkan:date): {figures[next(k for k in figures if k.startswith('meetings'))]}"
    )
    say("\n   seconds: " + ", ".join(f"{k} {v:.0f}" for k, v in took.items()))
    (workdir / "figures.json").write_text(json.dumps({"figures": figures, "seconds": took}, indent=1))
    say(f"\noparl-acceptance: {checks.passed} passed, {len(checks.failures)} failed")
    return 0 if not checks.failures else FAILED


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.oparl_acceptance", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--workdir", type=Path, help="where the databases and logs go (default: a new temporary directory)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the work directory also when every check held")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="oparl-acceptance-"))
    if args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    code = BROKEN
    with processes.cleanup_on_exit():
        try:
            code = acceptance(workdir)
        except Skip as exc:
            print(f"!! oparl-acceptance SKIPPED: {exc}", file=sys.stderr, flush=True)
            code = SKIPPED
        except (Broken, server.ServerError) as exc:
            print(f"!! oparl-acceptance could not be carried out: {exc}", file=sys.stderr, flush=True)
            code = BROKEN
    if code == 0 and not args.keep and not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    else:
        say(f"   the databases and logs are kept in {workdir}")
    return code


if __name__ == "__main__":
    sys.exit(main())
