"""`samverkan worker`: run the task queue (the database backend) and the clock.

The clock enqueues the periodic tasks named in settings.SAMVERKAN_PERIODIC_TASKS (reminders,
report-backs) every WORKER_CLOCK_SECONDS. Several workers may run on several machines: every
periodic task claims its work in the database, so nothing is done twice.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

from django.conf import settings
from django.db import close_old_connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django.utils.module_loading import import_string
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

logger = logging.getLogger("samverkan.worker")


def enqueue_periodic() -> int:
    """Enqueue each periodic task once; returns how many were enqueued."""
    count = 0
    for path in getattr(settings, "SAMVERKAN_PERIODIC_TASKS", []):
        import_string(path).enqueue()
        count += 1
    return count


class Clock(threading.Thread):
    def __init__(self, interval: float) -> None:
        super().__init__(name="samverkan-clock", daemon=True)
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                enqueue_periodic()
            except Exception:  # keep the clock going; the next tick retries
                logger.exception("Could not enqueue the periodic tasks")
            finally:
                close_old_connections()
            self.stopped.wait(self.interval)


class Command(DbWorkerCommand):
    help = "Run the background worker: the task queue and the clock for reminders and report-backs."

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("--no-clock", action="store_false", dest="clock", help="Do not enqueue the periodic tasks.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options.pop("clock", True):
            if options.get("batch"):
                enqueue_periodic()  # once, then work through the queue and exit
            elif not options.get("reload") or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                # With --reload, only the reloaded child runs the clock.
                Clock(float(getattr(settings, "WORKER_CLOCK_SECONDS", 60))).start()
        super().handle(*args, **options)
