"""`{{ title|stated_role }}`: an attendance's title as the page shows it (a role word of an
imported attendee list, "övrig", in the interface's language; any other title as written).
`{{ a|attended }}`: how the person attended ("present", "replaced by …").
For the attendance of a meeting and of a minutes' snapshot alike (the latter are plain dicts)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from samverkan.meetings.models import STATED_ROLES, Attendance

register = template.Library()


@register.filter
def stated_role(title: str | None) -> str:
    title = title or ""
    stated = STATED_ROLES.get(title.strip().lower())
    return str(stated) if stated is not None else title


@register.filter
def attended(attendance: Any) -> str:
    """An attendance row (or its snapshot, a dict) as the roll call reads it; anything but
    present, notified or replaced reads "absent"."""
    status = attendance.get("status") if isinstance(attendance, dict) else attendance.status
    if status == Attendance.Status.PRESENT:
        return _("present")
    if status == Attendance.Status.NOTIFIED:
        return _("absence notified")
    if status == Attendance.Status.REPLACED:
        replaced_by = attendance.get("replaced_by", "") if isinstance(attendance, dict) else attendance.replaced_by
        return _("replaced by %(name)s") % {"name": replaced_by}
    return _("absent")
