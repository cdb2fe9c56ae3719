"""`{{ title|stated_role }}`: an attendance's title as the page shows it (a role word of an
imported attendee list, "övrig", in the interface's language; any other title as written).
For the attendance of a meeting and of a minutes' snapshot alike (the latter are plain dicts)."""

from __future__ import annotations

from django import template

from samverkan.meetings.models import STATED_ROLES

register = template.Library()


@register.filter
def stated_role(title: str | None) -> str:
    title = title or ""
    stated = STATED_ROLES.get(title.strip().lower())
    return str(stated) if stated is not None else title
