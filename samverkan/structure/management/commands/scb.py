"""`samverkan scb population [--year YYYY ...] [--region CODE ...]`: ask SCB's PxWebApi 2.0 for
the population on 31 December (table TAB638, contents BE0101N1, as JSON-stat2) of the principals
that have a kommunkod or länskod, and load the answer exactly as `samverkan load population`
loads a saved file: matched by code, all or nothing, a figure held never overwritten.

Only where the machine has a network. `--answer FILE` reads an answer saved earlier instead of
asking (offline use, and the tests, which never touch the network); `--save FILE` keeps the
answer for the record. See docs/population.md."""

from __future__ import annotations

import datetime
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from samverkan.structure.models import Principal

API = "https://api.scb.se/OV0104/v2beta/api/v2"
TABLE = "TAB638"
CONTENTS = "BE0101N1"
MAX_BYTES = 20 * 1024 * 1024  # an answer for every municipality and fifty years is a few MB
TIMEOUT = 60


def scb_url(*, years: list[int], regions: list[str], api: str = API) -> str:
    """The PxWebApi 2.0 address of the population on 31 December of `years` in `regions`
    (kommunkod or länskod), as JSON-stat2. Sex, age and marital status are left out, so SCB
    answers with the totals (the loader refuses a table broken down by them)."""
    query = urllib.parse.urlencode(
        {
            "lang": "sv",
            "outputFormat": "json-stat2",
            "valueCodes[ContentsCode]": CONTENTS,
            "valueCodes[Tid]": ",".join(str(y) for y in sorted(set(years))),
            "valueCodes[Region]": ",".join(sorted(set(regions))),
        }
    )
    return f"{api.rstrip('/')}/tables/{TABLE}/data?{query}"


def _year(value: str) -> int:
    try:
        year = int(value)
    except ValueError as exc:
        raise CommandError(f"--year {value!r}: write a year such as 2021.") from exc
    if not 1968 <= year <= timezone.localdate().year:
        raise CommandError(f"--year {year}: SCB's table TAB638 has the years from 1968 to last year.")
    return year


def _region(value: str) -> str:
    if not (value.isdigit() and len(value) in (2, 4)):
        raise CommandError(f"--region {value!r}: a kommunkod has four digits (1480), a länskod two (14).")
    return value


class Command(BaseCommand):
    help = "Fetch official population figures from SCB (PxWebApi 2.0, table TAB638) and load them."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True, metavar="population")
        population = sub.add_parser(
            "population",
            help="the population on 31 December of the principals with a code",
            called_from_command_line=getattr(self, "_called_from_command_line", False),
        )
        population.add_argument(
            "--year", action="append", default=[], help="a year (31 December); repeat for several; default: last year"
        )
        population.add_argument(
            "--region",
            action="append",
            default=[],
            help="a kommunkod or länskod; repeat for several; default: every principal that has one",
        )
        population.add_argument("--answer", help="read this answer saved from SCB instead of asking SCB")
        population.add_argument("--save", help="also save SCB's answer to this file")
        population.add_argument("--dry-run", action="store_true", help="show what would change, and change nothing")
        population.add_argument("--api", default=API, help=f"PxWebApi 2.0's address (default {API})")

    def handle(self, *args: Any, **options: Any) -> None:
        years = [_year(y) for y in options["year"]] or [timezone.localdate().year - 1]
        regions = [_region(r) for r in options["region"]]
        if not regions:
            regions = sorted(set(Principal.objects.exclude(scb_code="").values_list("scb_code", flat=True)))
        if not regions:
            raise CommandError("No principal has a kommunkod or länskod: give them one, or name --region.")
        url = scb_url(years=years, regions=regions, api=options["api"])
        if options["answer"]:
            try:
                data = Path(options["answer"]).read_bytes()
            except OSError as exc:
                raise CommandError(f"Cannot read {options['answer']}: {exc.strerror}.") from exc
            self.stdout.write(f"Read {options['answer']} (instead of asking SCB: {url})")
        else:
            data = self._fetch(url)
        if options["save"]:
            Path(options["save"]).write_bytes(data)
            self.stdout.write(f"Saved SCB's answer to {options['save']}")
        with tempfile.TemporaryDirectory() as folder:
            stamp = datetime.date.today().isoformat()
            path = Path(folder) / f"scb-{TABLE}-{stamp}.json"
            path.write_bytes(data)
            extra = ["--dry-run"] if options["dry_run"] else []
            call_command("load", "population", str(path), *extra, stdout=self.stdout, stderr=self.stderr)

    def _fetch(self, url: str) -> bytes:
        self.stdout.write(f"Asking SCB: {url}")
        if urllib.parse.urlsplit(url).scheme not in ("https", "http"):
            raise CommandError(f"--api must be an https:// (or http://) address, not {url.split(':', 1)[0]}:.")
        headers = {"Accept": "application/json", "User-Agent": "Samverkan"}
        request = urllib.request.Request(url, headers=headers)  # noqa: S310 (scheme checked above)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 (https, or --api)
                data: bytes = response.read(MAX_BYTES + 1)
        except urllib.error.HTTPError as exc:
            raise CommandError(f"SCB answered {exc.code} {exc.reason} ({url}). Nothing was changed.") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise CommandError(
                f"SCB did not answer ({url}): {exc}. Nothing was changed. Where the machine has no network, "
                "open the address in a browser, save the answer and load it with "
                "`samverkan scb population --answer FILE` or `samverkan load population FILE`."
            ) from exc
        if len(data) > MAX_BYTES:
            raise CommandError(f"SCB's answer is larger than {MAX_BYTES // (1024 * 1024)} MB. Nothing was changed.")
        return data
