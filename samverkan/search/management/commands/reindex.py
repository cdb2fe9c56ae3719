"""`samverkan reindex`: rebuild the whole search index from the data, with a count per kind."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from samverkan.core import pagecache
from samverkan.search.index import rebuild, registry


class Command(BaseCommand):
    help = "Rebuild the search index from the data (all kinds, or those named)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("kinds", nargs="*", help=f"kinds to rebuild (default all): {', '.join(registry.kinds)}")

    def handle(self, *args: Any, **options: Any) -> None:
        unknown = sorted(set(options["kinds"]) - set(registry.kinds))
        if unknown:
            raise CommandError(f"Unknown kinds: {', '.join(unknown)}. Known: {', '.join(registry.kinds)}.")
        counts = rebuild(options["kinds"] or None)
        pagecache.bump()  # the search pages may show other results now
        width = max(len(key) for key in counts) if counts else 0
        for key, count in counts.items():
            self.stdout.write(f"{key:<{width}}  {count}")
        self.stdout.write(self.style.SUCCESS(f"Indexed {sum(counts.values())} entries."))
