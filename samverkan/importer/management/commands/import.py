"""`samverkan import FILE... [--apply] [--body KEY]`: store each file with its text, extract its
structure and propose records; with --apply, apply the proposals at once (as imported records).

Each file is imported in its own transaction: a file that fails leaves nothing behind and does
not stop the others. A progress bar goes to stderr; a line per file and the totals to stdout.
Importing the same file again changes nothing and is reported as unchanged."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, no_translations
from django.utils import timezone
from tqdm import tqdm

from samverkan.importer import services
from samverkan.importer.models import ImportBatch
from samverkan.structure.models import Body

RESULTS = ("created", "updated", "unchanged", "proposed", "stored", "failed")


class Command(BaseCommand):
    help = "Import documents (PDF, DOCX, HTML, text): propose meetings from them, and with --apply create them."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--apply", action="store_true", help="apply the proposals at once")
        parser.add_argument("--body", metavar="KEY", help="the body the documents are from (instead of matching)")

    @no_translations  # the command line speaks English throughout, like the other commands
    def handle(self, *args: Any, **options: Any) -> None:
        body = None
        if options["body"]:
            body = Body.objects.filter(key=options["body"]).first()
            if body is None:
                raise CommandError(f"No body with the key {options['body']!r}.")
        paths = [Path(f) for f in options["files"]]
        batch = ImportBatch.objects.create(source=ImportBatch.Source.CLI, total=len(paths))
        totals: Counter[str] = Counter()
        entries = []
        lines = []
        progress = tqdm(paths, file=getattr(self.stderr, "_out", sys.stderr), unit="fil", desc="Import")
        for path in progress:
            progress.set_postfix_str(path.name[:30])
            report = self._one(path, batch=batch, apply=options["apply"], body=body)
            totals[report.result] += 1
            entries.append(
                {
                    "name": path.name,
                    "document": report.document.pk if report.document else None,
                    "outcome": report.result,
                    "message": report.message,
                }
            )
            lines.append(f"{path}: {report.result}" + (f" ({report.message})" if report.message else ""))
        progress.close()
        ImportBatch.objects.filter(pk=batch.pk).update(
            entries=entries,
            processed=len(paths),
            created=totals["created"],
            updated=totals["updated"],
            unchanged=totals["unchanged"],
            failed=totals["failed"],
            finished_at=timezone.now(),
        )
        for line in lines:
            self.stdout.write(line)
        self.stdout.write("Total: " + ", ".join(f"{totals[r]} {r}" for r in RESULTS) + f" ({len(paths)} files)")

    def _one(self, path: Path, *, batch: ImportBatch, apply: bool, body: Body | None) -> services.FileReport:
        try:
            size = path.stat().st_size
        except OSError as exc:
            return services.FileReport(path.name, "failed", exc.strerror or str(exc))
        error = services.size_error(size)
        if error:
            return services.FileReport(path.name, "failed", error)
        try:
            data = path.read_bytes()
        except OSError as exc:
            return services.FileReport(path.name, "failed", exc.strerror or str(exc))
        return services.import_file(
            data=data, filename=path.name, actor=None, batch=batch, apply=apply, body=body, source="cli:import"
        )
