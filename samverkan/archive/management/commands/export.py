"""`samverkan export archive --body KEY [--year YYYY] [--closed] OUT/`: the body's archive
packages (E-ARK SIP, one per year) written into OUT/ as zip files."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from samverkan.archive import collect, services
from samverkan.structure.models import Body


class Command(BaseCommand):
    help = "Export records for delivery: `export archive` writes a body's E-ARK archive packages."

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = parser.add_subparsers(dest="kind", required=True, metavar="archive")
        archive = kinds.add_parser("archive", help="a body's E-ARK SIP packages (one per year)")
        archive.add_argument("--body", required=True, help="the body's key, e.g. sro")
        archive.add_argument("--year", type=int, help="only this calendar year (default: every year with records)")
        archive.add_argument(
            "--closed",
            action="store_true",
            help="a closed package: includes confidential papers and non-public records, marked so",
        )
        archive.add_argument("--unpacked", action="store_true", help="also write each package as a folder")
        archive.add_argument("out", help="the folder to write into (created if missing)")

    def handle(self, *args: Any, **options: Any) -> None:
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
        body = Body.objects.filter(key=options["body"]).first()
        if body is None:
            raise CommandError(f"There is no body with the key {options['body']!r}.")
        years = [options["year"]] if options["year"] else collect.years_with_records(body)
        if not years:
            raise CommandError(f"{body.name} has no records to deliver.")
        out = Path(options["out"])
        if out.exists() and not out.is_dir():
            raise CommandError(f"{out} is not a folder.")
        out.mkdir(parents=True, exist_ok=True)
        failures = 0
        for year in years:
            try:
                export, package, target = services.archive_export_write(
                    actor=None,
                    body=body,
                    year=year,
                    closed=options["closed"],
                    folder=out,
                    unpacked=options["unpacked"],
                )
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            kind = "closed (with confidential papers)" if package.closed else "open"
            self.stdout.write(f"{target}: {package.documents} documents, {kind}, sha256 {export.sha256}")
            for path, check in package.failed_checks:
                failures += 1
                self.stderr.write(
                    self.style.ERROR(
                        f"  {path}: the {check.what}'s recorded SHA-256 {check.recorded} does not match "
                        f"{check.computed}; the package records the failed check"
                    )
                )
        if failures:
            raise CommandError(f"{failures} document(s) failed their fixity check (see above).")
