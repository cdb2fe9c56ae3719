"""meine-stadt-transparent's import hooks (its setting CUSTOM_IMPORT_HOOKS) for reading Samverkan.

OParl 1.1 makes a Meeting's `start` optional, and Samverkan leaves it out while only the date of
a meeting is decided (its `keyword` then says "tid ej bestämd"); meine-stadt-transparent 0.2.14
stores every meeting with a start (a NOT NULL column) and stops the whole import at the first
meeting without one. This hook gives such a meeting the start of its day, taken from the vendor
property `samverkan:date` that every Samverkan meeting carries. A deployment of
meine-stadt-transparent that imports Samverkan needs it (PYTHONPATH and
CUSTOM_IMPORT_HOOKS=mst_hooks); see docs/oparl.md.

Runs inside meine-stadt-transparent's environment, never Samverkan's."""

from __future__ import annotations

import datetime
from typing import Any


def sanitize_meeting(meeting: Any) -> Any:
    if meeting.start is not None:
        return meeting
    from django.utils import timezone
    from importer.models import CachedObject

    cached = CachedObject.objects.filter(url=meeting.oparl_id).first()
    day = (cached.data if cached else {}).get("samverkan:date")
    if day:
        midnight = datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time())
        meeting.start = timezone.make_aware(midnight)
    return meeting
