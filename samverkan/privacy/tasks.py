"""Background work of the personal-data app (the tasks API, run by `samverkan worker`)."""

from __future__ import annotations

from typing import Any

from django_tasks import task


@task()
def thinning_due() -> dict[str, Any] | None:
    """Enqueued by the worker's clock every minute; thins once a day (the day's row claims it)."""
    from samverkan.privacy import thinning

    run = thinning.thin(source="worker")
    return None if run is None else run.removed
