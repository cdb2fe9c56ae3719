"""`samverkan generate --scale county|national [--seed N] [--replace]`: fill the database with
deterministic synthetic data (docs/synthetic-data.md)."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone
from tqdm import tqdm

from samverkan.core import pagecache
from samverkan.meetings.models import Meeting
from samverkan.search.index import create_full_text_index, drop_full_text_index
from samverkan.structure.models import Body, Person, Principal
from samverkan.synthetic.generator import Generator, wipe
from samverkan.synthetic.models import Dataset
from samverkan.synthetic.scales import PUBLIC_SCALES, SCALES


class Command(BaseCommand):
    help = (
        "Fill an empty database with deterministic synthetic data: the structure, ten years of "
        "meetings with published minutes, papers, recommendations with answers, and the search index."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            required=True,
            choices=list(SCALES),
            metavar="{" + ",".join(PUBLIC_SCALES) + "}",
            help="county: 1 region, 49 municipalities, about 6,000 meetings; national: 21 regions, "
            "290 municipalities, about 200,000 meetings.",
        )
        parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same data (default 1)")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="wipe the synthetic data already there and generate again (never real data)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scale = SCALES[options["scale"]]
        seed: int = options["seed"]
        self._check(options["replace"])
        started = time.monotonic()
        if Dataset.objects.exists():
            self.stdout.write("Removing the synthetic data already there …")
            wipe()
        dataset = Dataset.objects.create(scale=scale.name, seed=seed, started_at=timezone.now())
        quiet = options["verbosity"] < 1

        def progress(iterable: Iterable[Any], **kwargs: Any) -> Iterable[Any]:
            return tqdm(iterable, disable=quiet, file=sys.stderr, **kwargs)

        def log(message: str) -> None:
            if not quiet:
                self.stdout.write(message)

        # A GIN index is faster made once after a large load than kept up to date during it.
        if scale.name == "national":
            drop_full_text_index()
        generator = Generator(scale=scale, seed=seed, progress=progress, log=log)
        counts = generator.run()
        # Always (IF NOT EXISTS): an interrupted run may have left the index dropped.
        made = time.monotonic()
        create_full_text_index()
        log(f"full-text index in place ({time.monotonic() - made:.1f} s)")
        # The planner's statistics: PostgreSQL's autovacuum would gather them later, SQLite never
        # (without them it sorts every public decision for the API's first page instead of
        # walking the meetings' start index). On PostgreSQL also VACUUM: a bulk-loaded table has no
        # visibility map until autovacuum runs (and a server may run without it), so every
        # index-only scan read the table too (the decisions count: 43,343 heap reads). VACUUM cannot
        # run inside a transaction (a test's), where ANALYZE alone does.
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        seconds = time.monotonic() - started
        Dataset.objects.filter(pk=dataset.pk).update(finished_at=timezone.now(), counts=counts, seconds=seconds)
        pagecache.bump()  # written in bulk, without signals: every cached public page is stale
        width = max(len(key) for key in counts)
        for key, count in counts.items():
            self.stdout.write(f"{key:<{width}}  {count:>10,}".replace(",", " "))
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated the {scale.name} data set (seed {seed}) on {connection.vendor} in {seconds:.1f} s."
            )
        )

    def _check(self, replace: bool) -> None:
        """Refuse, changing nothing, unless the database is empty or holds only synthetic data."""
        if not Dataset.objects.exists():
            found = {
                "principals": Principal.objects.count(),
                "bodies": Body.objects.count(),
                "people": Person.objects.count(),
                "meetings": Meeting.objects.count(),
            }
            held = [f"{n} {what}" for what, n in found.items() if n]
            if held:
                raise CommandError(
                    f"Refused: the database holds {', '.join(held)} and was not made by `samverkan generate` "
                    "(it has no synthetic Dataset record), so it may be real data. Nothing was changed. "
                    "Use an empty database (DATABASE_URL) for synthetic data."
                )
            return
        finished = Dataset.objects.filter(finished_at__isnull=False).first()
        if finished is not None and not replace:
            raise CommandError(
                f"Refused: the database already holds a synthetic data set ({finished}). Nothing was changed. "
                "Give --replace to wipe it and generate again."
            )
