"""`samverkan restore SRC_DIR [--force]`: put back a backup made by `samverkan backup`.

Refuses a directory without a manifest, a backup of another database vendor, a dump whose
sha256 differs from the manifest's, and a database that already holds data unless --force is
given. SQLite is restored with the online backup API into the configured database, PostgreSQL
with `pg_restore --clean --if-exists --no-owner --single-transaction` (all or nothing). Papers
copied by the backup go back into the filesystem storage. Stop the application and the workers
first; run `samverkan migrate` afterwards if the code is newer than the backup.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from samverkan.core import pagecache
from samverkan.core.management.commands.backup import (
    DUMPS,
    FORMAT,
    KEY_MODELS,
    MANIFEST,
    MEDIA,
    copy_tree,
    counts,
    filesystem_root,
    pg_arguments,
    pg_binary,
    run,
    sha256_of,
    vendor,
)


def holds_data() -> bool:
    """True when any key table exists and has a row (an empty or freshly migrated database, or
    one emptied with flush, holds none)."""
    existing = set(connection.introspection.table_names())
    for label in KEY_MODELS:
        model = apps.get_model(label)
        if model._meta.db_table in existing and model.objects.exists():
            return True
    return False


class Command(BaseCommand):
    help = "Restore a backup made by `samverkan backup` into the configured database and file storage."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("source", metavar="SRC_DIR", help="a directory written by samverkan backup")
        parser.add_argument("--force", action="store_true", help="overwrite a database that already holds data")

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["source"])
        try:
            manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise CommandError(f"{source} has no {MANIFEST}: not a backup, or an unfinished one.") from exc
        except json.JSONDecodeError as exc:
            raise CommandError(f"{source / MANIFEST} is not valid JSON: {exc}") from exc
        if manifest.get("format") != FORMAT:
            raise CommandError(f"Unknown backup format {manifest.get('format')!r} (this version reads {FORMAT}).")

        kind = vendor()
        if manifest.get("vendor") != kind:
            raise CommandError(
                f"The backup is of a {manifest.get('vendor')} database and this one is {kind}: refused. "
                "Restore it into a database of the same kind."
            )
        dump = source / DUMPS[kind]
        if not dump.is_file():
            raise CommandError(f"{dump} is missing.")
        if sha256_of(dump) != manifest["database"]["sha256"]:
            raise CommandError(f"{dump} does not match the manifest's sha256: the backup is damaged. Refused.")
        if holds_data() and not options["force"]:
            raise CommandError("The database already holds data: refused. Give --force to replace it with the backup.")

        if kind == "sqlite":
            connection.ensure_connection()
            if connection.in_atomic_block:
                raise CommandError("Cannot restore inside a transaction.")
            backup = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
            try:
                backup.backup(connection.connection)  # the online backup API, into the live database
            finally:
                backup.close()
        else:
            pg_args, env = pg_arguments()
            connection.close()  # no session of ours holds a lock while the tables are replaced
            run(
                [
                    pg_binary("pg_restore"),
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    "--exit-on-error",
                    *pg_args,
                    str(dump),
                ],
                env,
            )
        ContentType.objects.clear_cache()  # ids cached before the restore may differ

        files = manifest.get("files", {})
        root = filesystem_root()
        if files.get("copied"):
            if root is None:
                self.stdout.write(
                    self.style.WARNING(
                        "Files: the backup holds papers but the storage is not the filesystem; "
                        f"copy {source / MEDIA} into the bucket yourself."
                    )
                )
            else:
                copied, size = copy_tree(source / MEDIA, root) if (source / MEDIA).exists() else (0, 0)
                self.stdout.write(f"Files: {copied} ({size} bytes) -> {root}")
        else:
            self.stdout.write(
                f"Files: none in the backup (they were in {files.get('storage', 'another storage')}; "
                "restore them from the bucket's versions if needed)."
            )

        pagecache.bump()  # pages cached before the restore are stale (see pagecache.bump)
        now = counts()
        expected = manifest.get("counts", {})
        differ = {label: (expected.get(label), n) for label, n in now.items() if expected.get(label) != n}
        if differ:
            raise CommandError(f"The restored database does not hold what the manifest counted: {differ}")
        executor = MigrationExecutor(connection)
        behind = executor.migration_plan(executor.loader.graph.leaf_nodes())
        self.stdout.write(", ".join(f"{label} {n}" for label, n in now.items()))
        if behind:
            self.stdout.write(
                f"The code has {len(behind)} migration(s) newer than the backup: run `samverkan migrate`."
            )
        self.stdout.write(self.style.SUCCESS(f"Restored the backup of {manifest.get('created_at')} from {source}"))
