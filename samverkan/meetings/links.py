"""Personal signed links (`core.links` kinds): report absence from the notice, confirm the
minutes as adjuster.

A link carries the meeting (or minutes), the person and the link's version, and expires. A
forged or expired link is refused and records nothing; so is a revoked one: an absence link once
the meeting is cancelled, an adjustment link once the person is no longer an adjuster of the
minutes or the minutes were reopened (drawing them up again sends new links: `Minutes.links_version`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import reverse

from samverkan.core import links
from samverkan.meetings.models import Adjuster, Meeting, Minutes
from samverkan.structure.models import Person

ABSENCE_SALT = "samverkan.meetings.absence"
ADJUST_SALT = "samverkan.meetings.adjust"
ABSENCE_MAX_AGE = datetime.timedelta(days=120)
ADJUST_MAX_AGE = datetime.timedelta(days=60)
ABSENCE = links.LinkKind(ABSENCE_SALT, max_age=ABSENCE_MAX_AGE)
ADJUST = links.LinkKind(ADJUST_SALT, max_age=ADJUST_MAX_AGE)

BadLink = links.BadLink


@dataclass(frozen=True)
class LinkTarget:
    object_id: int
    person_id: int
    version: int = 1


def _read(kind: links.LinkKind, token: str) -> LinkTarget:
    (object_id, person_id), version = kind.read(token, "o", "p")
    return LinkTarget(object_id=object_id, person_id=person_id, version=version)


def absence_token(meeting_id: int, person_id: int) -> str:
    return ABSENCE.make(o=meeting_id, p=person_id)


def read_absence_token(token: str) -> LinkTarget:
    return _read(ABSENCE, token)


def absence_url(meeting_id: int, person_id: int) -> str:
    return reverse("meetings:absence_link", kwargs={"token": absence_token(meeting_id, person_id)})


def adjust_token(minutes_id: int, person_id: int, version: int = 1) -> str:
    return ADJUST.make(o=minutes_id, p=person_id, version=version)


def read_adjust_token(token: str) -> LinkTarget:
    return _read(ADJUST, token)


def adjust_url(minutes_id: int, person_id: int, version: int = 1) -> str:
    return reverse("meetings:adjust_link", kwargs={"token": adjust_token(minutes_id, person_id, version)})


def adjuster_url(minutes: Minutes, adjuster: Adjuster) -> str:
    return adjust_url(minutes.pk, adjuster.person_id, minutes.links_version)


def absence_read(token: str) -> tuple[Meeting, Person]:
    """The meeting and the person of a working absence link, or BadLink."""
    target = read_absence_token(token)
    meeting = Meeting.objects.select_related("body").filter(pk=target.object_id).first()
    person = Person.objects.filter(pk=target.person_id).first()
    if meeting is None or person is None:
        raise BadLink("forged")
    if meeting.status == Meeting.Status.CANCELLED:
        raise BadLink("revoked")
    return meeting, person


def adjust_read(token: str) -> tuple[Minutes, Person]:
    """The minutes and the adjuster of a working adjustment link, or BadLink."""
    target = read_adjust_token(token)
    minutes = Minutes.objects.select_related("meeting__body").filter(pk=target.object_id).first()
    if minutes is None:
        raise BadLink("forged")
    adjuster = Adjuster.objects.select_related("person").filter(minutes=minutes, person_id=target.person_id).first()
    if adjuster is None:
        raise BadLink("revoked")
    links.check_version(target.version, minutes.links_version)
    return minutes, adjuster.person
