from __future__ import annotations

import datetime
from typing import Any

from django import template

register = template.Library()


@register.filter
def as_date(value: Any) -> Any:
    """An ISO date kept in an event's changes, as a date (so `|date` formats it the Swedish
    way); anything else as it is."""
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return value
