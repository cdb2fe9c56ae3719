"""`samverkan load structure FILE.yaml`: create or update the structure from a file."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samverkan.structure.loader import LoadError, load_structure


class Command(BaseCommand):
    help = "Load data from a file. `load structure FILE.yaml` loads principals, bodies and members."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True, parser_class=type(parser), metavar="WHAT")
        structure = sub.add_parser(
            "structure",
            help="a structure file (see docs/structure-file.md)",
            called_from_command_line=getattr(parser, "called_from_command_line", None),
        )
        structure.add_argument("file", help="the YAML file")
        structure.add_argument("--dry-run", action="store_true", help="show what would change, and change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
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
