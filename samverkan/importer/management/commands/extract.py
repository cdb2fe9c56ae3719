"""samverkan extract FILE: print the structure extracted from one document as JSON (no database writes)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samverkan.documents.reader import MAX_BYTES
from samverkan.importer.extract import DocumentError, extract, read_document


class Command(BaseCommand):
    help = "Read one document (PDF, DOCX, HTML or text) and print its meeting structure as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The document to read.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            with path.open("rb") as fh:
                data = fh.read(MAX_BYTES + 1)
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror or exc}", returncode=2) from exc
        try:
            document = read_document(data, path.name)
        except DocumentError as exc:
            raise CommandError(f"{path.name}: {exc.message}", returncode=2) from exc
        result = extract(document.text)
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
