"""`samverkan load structure FILE.yaml`: create or update the structure from a file.
`samverkan load population FILE [--date YYYY-MM-DD]`: official population figures from SCB."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samverkan.structure.loader import LoadError, load_structure
from samverkan.structure.population_files import FileRefused, match_rows, read_population_file
from samverkan.structure.services import PopulationConflict, population_load

SOURCE = "cli:load"


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--date: {value!r} is not a date (write YYYY-MM-DD, e.g. 2018-11-01)") from exc


class Command(BaseCommand):
    help = (
        "Load data from a file. `load structure FILE.yaml` loads principals, bodies and members; "
        "`load population FILE` loads official population figures (SCB's PxWeb CSV or JSON-stat2, or code,name,population)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True, parser_class=type(parser), metavar="WHAT")
        called = getattr(parser, "called_from_command_line", None)
        structure = sub.add_parser(
            "structure", help="a structure file (see docs/structure-file.md)", called_from_command_line=called
        )
        structure.add_argument("file", help="the YAML file")
        structure.add_argument("--dry-run", action="store_true", help="show what would change, and change nothing")
        population = sub.add_parser(
            "population",
            help="official population figures (see docs/population.md)",
            called_from_command_line=called,
        )
        population.add_argument("file", help="SCB's PxWeb CSV export, PxWebApi 2.0 JSON-stat2, or code,name,population")
        population.add_argument(
            "--date", type=_date, help="the figures' reference date, when the file does not say it (YYYY-MM-DD)"
        )
        population.add_argument("--source", default="", help="where the figures come from (default: from the file)")
        population.add_argument("--dry-run", action="store_true", help="show what would change, and change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["what"] == "population":
            self._population(options)
            return
        path = options["file"]
        try:
            report = load_structure(path, dry_run=options["dry_run"])
        except LoadError as exc:
            for problem in exc.problems:
                self.stderr.write(f"{path}:{problem.line}: {problem.message}")
            raise CommandError(f"{path}: refused, nothing was changed ({len(exc.problems)} problem(s)).") from exc
        for line in report.lines:
            self.stdout.write(line)
        if options["dry_run"]:
            self.stdout.write("(dry run: nothing was saved)")
        self.stdout.write(report.summary)

    def _population(self, options: dict[str, Any]) -> None:
        path = options["file"]
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: the file cannot be read: {exc.strerror}") from exc
        try:
            parsed = read_population_file(data, filename=path, date=options["date"])
        except FileRefused as exc:
            for problem in exc.problems:
                self.stderr.write(f"{path}:{problem.line}: {problem.message}")
            raise CommandError(f"{path}: refused, nothing was changed ({len(exc.problems)} problem(s)).") from exc
        matched = match_rows(parsed.rows)
        for warning in matched.warnings:
            self.stderr.write(f"{path}:{warning.line}: warning: {warning.message}")
        try:
            load = population_load(
                actor=None,
                figures=matched.figures,
                population_source=options["source"] or parsed.source,
                source=SOURCE,
                dry_run=options["dry_run"],
            )
        except PopulationConflict as exc:
            for figure, held in exc.load.conflicting:
                self.stderr.write(
                    f"{path}:{figure.line}: {figure.principal.name} ({figure.principal.scb_code}) has "
                    f"{_n(held.inhabitants)} inhabitants on {held.reference_date} (source: {held.source or '–'}, "
                    f"loaded {held.created_at:%Y-%m-%d}); the file says {_n(figure.inhabitants)}"
                )
            raise CommandError(
                f"{path}: refused, nothing was changed ({len(exc.load.conflicting)} figure(s) differ from those held; "
                "a recorded figure is never overwritten)."
            ) from exc
        for figure in load.created:
            self.stdout.write(
                f"created {figure.principal.key} ({figure.principal.scb_code}) {figure.reference_date}: "
                f"{_n(figure.inhabitants)}"
            )
        if options["dry_run"]:
            self.stdout.write("(dry run: nothing was saved)")
        dates = sorted({row.reference_date for row in parsed.rows})
        self.stdout.write(
            f"{parsed.format}, {', '.join(d.isoformat() for d in dates)}: created {len(load.created)}, "
            f"unchanged {len(load.unchanged)}, conflicting 0; {len(matched.unmatched)} row(s) name no principal here"
        )


def _n(value: int) -> str:
    """1 709 814: grouped in threes, as Swedish figures are written."""
    return f"{value:,}".replace(",", " ")
