"""`samverkan backup DEST_DIR`: a consistent copy of the database and the stored papers.

SQLite is copied with the sqlite3 online backup API (consistent while the app runs), PostgreSQL
with `pg_dump -Fc`. Papers of a filesystem storage are copied into DEST_DIR/media; papers in an
S3-compatible bucket are not copied (the bucket's versioning and replication are their backup).
A manifest (manifest.json) is written last, so a directory without one is an unfinished backup:
the time, the database vendor, the migrations applied, counts of the key tables and the sha256
of the dump. `samverkan restore DEST_DIR` puts it back.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import django
from django.apps import apps
from django.core.files.storage import FileSystemStorage, storages
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

MANIFEST = "manifest.json"
MEDIA = "media"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
FORMAT = 1
# The tables whose rows are counted in the manifest, checked after a restore, and that make a
# database "not empty" (a restore over them needs --force).
KEY_MODELS = (
    "accounts.User",
    "structure.Principal",
    "structure.Body",
    "structure.Person",
    "meetings.Meeting",
    "meetings.AgendaItem",
    "meetings.Attachment",
    "referrals.Recommendation",
    "referrals.Response",
)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def counts() -> dict[str, int]:
    """Rows of the key tables that exist (a database not yet migrated has none of them)."""
    existing = set(connection.introspection.table_names())
    models = [apps.get_model(label) for label in KEY_MODELS]
    return {m._meta.label: m.objects.count() for m in models if m._meta.db_table in existing}


def migration_state() -> dict[str, list[str]]:
    """The migrations applied to this database, per app (from django_migrations)."""
    from django.db.migrations.recorder import MigrationRecorder

    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def vendor() -> str:
    if connection.vendor not in DUMPS:
        raise CommandError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def filesystem_root() -> Path | None:
    """Where the default storage keeps its files, or None when it is not the filesystem."""
    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        return Path(storage.location)
    return None


def storage_name() -> str:
    kind = type(storages["default"])
    return f"{kind.__module__}.{kind.__qualname__}"


def pg_binary(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise CommandError(
            f"{name} was not found on PATH. Install the PostgreSQL client programs of the server's "
            "major version (on Debian: apt-get install postgresql-client-15) or add them to PATH."
        )
    return found


def pg_arguments() -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for pg_dump and pg_restore (the password goes in
    the environment, never on the command line)."""
    db = connection.settings_dict
    args = ["--dbname", str(db["NAME"])]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    sslmode = (db.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return args, env


def run(argv: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)  # noqa: S603 - fixed programs
    if done.returncode != 0:
        raise CommandError(f"{Path(argv[0]).name} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")


def copy_tree(source: Path, target: Path) -> tuple[int, int]:
    """Copy every file under `source` into `target` (keeping the layout); (files, bytes)."""
    files = size = 0
    for folder, _dirs, names in os.walk(source):
        for name in names:
            src = Path(folder) / name
            dst = target / src.relative_to(source)
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
            files += 1
            size += src.stat().st_size
    return files, size


class Command(BaseCommand):
    help = "Back up the database and the stored papers into DEST_DIR (which must be new or empty)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("dest", metavar="DEST_DIR", help="a new or empty directory")

    def handle(self, *args: Any, **options: Any) -> None:
        kind = vendor()
        dest = Path(options["dest"])
        if dest.exists() and any(dest.iterdir()):
            raise CommandError(f"{dest} is not empty: give a new or empty directory for each backup.")
        dest.mkdir(parents=True, exist_ok=True)
        started = timezone.now()

        dump = dest / DUMPS[kind]
        if kind == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(dump)
            try:
                connection.connection.backup(target)  # the online backup API: a consistent copy
            finally:
                target.close()
        else:
            pg_args, env = pg_arguments()
            run([pg_binary("pg_dump"), "--format=custom", "--file", str(dump), *pg_args], env)

        root = filesystem_root()
        if root is not None:
            files, size = copy_tree(root, dest / MEDIA) if root.exists() else (0, 0)
            file_note = {"copied": True, "storage": storage_name(), "files": files, "bytes": size}
        else:
            file_note = {"copied": False, "storage": storage_name()}

        manifest: dict[str, Any] = {
            "format": FORMAT,
            "created_at": started.isoformat(),
            "vendor": kind,
            "database": {"file": dump.name, "sha256": sha256_of(dump), "bytes": dump.stat().st_size},
            "django": django.get_version(),
            "migrations": migration_state(),
            "counts": counts(),
            "files": file_note,
        }
        # Written last: a directory without a manifest is an unfinished backup.
        (dest / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

        self.stdout.write(
            f"Database ({kind}) -> {dump} ({dump.stat().st_size} bytes, sha256 {manifest['database']['sha256'][:12]}…)"
        )
        if file_note["copied"]:
            self.stdout.write(f"Files: {file_note['files']} ({file_note['bytes']} bytes) from {root} -> {dest / MEDIA}")
        else:
            self.stdout.write(
                f"Files: not copied: they are in {storage_name()}; the bucket's own versioning and "
                "replication are their backup."
            )
        self.stdout.write(", ".join(f"{label} {n}" for label, n in manifest["counts"].items()))
        self.stdout.write(self.style.SUCCESS(f"Backup written to {dest}"))
