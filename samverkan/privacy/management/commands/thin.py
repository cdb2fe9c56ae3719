"""`samverkan thin`: run today's thinning now (the worker does it once a day)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from samverkan.privacy import thinning


class Command(BaseCommand):
    help = "Thin (gallra) what need not be kept, by the retention settings; once a day."

    def handle(self, *args: Any, **options: Any) -> None:
        days = thinning.retention()
        self.stdout.write("Retention (days, 0 = kept): " + ", ".join(f"{k} {v}" for k, v in days.items()))
        run = thinning.thin(source="cli")
        if run is None:
            self.stdout.write("Thinning has already run today; nothing was done.")
            return
        self.stdout.write("Removed: " + ", ".join(f"{k} {v}" for k, v in run.removed.items()))
