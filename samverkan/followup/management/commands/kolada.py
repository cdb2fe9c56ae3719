"""`samverkan kolada <indicator id> [--file kolada.json]`: read an indicator's values from
Kolada, the national key-figure database of municipalities and regions, for the indicator's key
figure and municipality. With --file, from JSON saved from Kolada's API (as tests do); without,
from the API itself (only where the machine has a network). All values or none are saved; a
period's value replaces the one recorded (audited, through `cli:kolada`)."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from samverkan.followup import services
from samverkan.followup.indicator_files import MAX_BYTES, FileProblem, read_kolada
from samverkan.followup.models import Indicator

API = "https://api.kolada.se/v2/data/kpi/{kpi}/municipality/{municipality}"


class Command(BaseCommand):
    help = "Read an indicator's values from Kolada (a saved JSON file, or the API when a network is there)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("indicator", type=int, help="the indicator's id (in its page's address)")
        parser.add_argument("--file", help="JSON saved from Kolada's API; without it the API is asked")

    def handle(self, *args: Any, **options: Any) -> None:
        indicator = Indicator.objects.filter(pk=options["indicator"]).first()
        if indicator is None:
            raise CommandError(f"No indicator {options['indicator']}.")
        if not (indicator.kolada_kpi and indicator.kolada_municipality):
            raise CommandError(f"“{indicator}” names no Kolada key figure and municipality.")
        if options["file"]:
            try:
                data = Path(options["file"]).read_bytes()
            except OSError as exc:
                raise CommandError(f"Cannot read {options['file']}: {exc.strerror}.") from exc
        else:
            url = API.format(kpi=indicator.kolada_kpi, municipality=indicator.kolada_municipality)
            try:
                with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (a fixed https address)
                    data = response.read(MAX_BYTES + 1)
            except (urllib.error.URLError, TimeoutError) as exc:
                raise CommandError(f"Kolada did not answer ({url}): {exc}. Save the JSON and use --file.") from exc
        try:
            rows = read_kolada(data, kpi=indicator.kolada_kpi, municipality=indicator.kolada_municipality)
        except FileProblem as exc:
            raise CommandError("Nothing was saved:\n" + "\n".join(exc.problems)) from exc
        report = services.indicator_values_set(actor=None, indicator=indicator, rows=rows, source="cli:kolada")
        self.stdout.write(
            f"{indicator}: {report['added']} added, {report['changed']} changed, {report['unchanged']} unchanged."
        )
