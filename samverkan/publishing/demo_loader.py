"""The demo's facts, read from the data files in examples/demo/ (one file per domain: meetings,
referrals, followup, agreements, finance). The modules demo_*.py hold only the logic that applies
them through the services; the meetings tests build their seed scenarios from the same files.

The files are plain YAML. Dates are written as YAML dates (2019-01-31); wall-clock times in
Sweden as text ("2018-12-17 17:30", read by `local_time`); money in kronor (the logic turns it
into öre); a text written as a list of parts is one text, the parts joined by a space (`text`),
so that a passage the seeds repeat is written once, as a YAML anchor."""

from __future__ import annotations

import copy
import datetime
import functools
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from django.conf import settings

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def demo_dir() -> Path:
    return Path(settings.BASE_DIR) / "examples" / "demo"


@functools.cache
def _read(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def demo_facts(name: str) -> dict[str, Any]:
    """The facts of examples/demo/<name>.yaml (a copy: the caller may change it)."""
    return copy.deepcopy(_read(demo_dir() / f"{name}.yaml"))


def local_time(value: str | datetime.date | datetime.datetime) -> datetime.datetime:
    """An aware wall-clock time in Sweden: "YYYY-MM-DD HH:MM", or a date (its midnight)."""
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=STOCKHOLM)
    if isinstance(value, datetime.date):
        return datetime.datetime(value.year, value.month, value.day, tzinfo=STOCKHOLM)
    return datetime.datetime.strptime(value, "%Y-%m-%d %H:%M").replace(tzinfo=STOCKHOLM)


def text(value: str | list[str] | None) -> str:
    """A text of the files: as written, or its parts joined by a space."""
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(value)
    return value
