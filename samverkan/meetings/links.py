"""Personal signed links: report absence from the notice, confirm the minutes as adjuster.

A link carries the meeting (or minutes) and the person, signed with the site's secret and a
purpose-specific salt, and expires. A forged or expired link is refused and records nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core import signing
from django.urls import reverse

ABSENCE_SALT = "samverkan.meetings.absence"
ADJUST_SALT = "samverkan.meetings.adjust"
ABSENCE_MAX_AGE = datetime.timedelta(days=120)
ADJUST_MAX_AGE = datetime.timedelta(days=60)


@dataclass(frozen=True)
class LinkTarget:
    object_id: int
    person_id: int


class BadLink(Exception):
    """The link is forged, damaged or expired."""


def _make(salt: str, object_id: int, person_id: int) -> str:
    return signing.TimestampSigner(salt=salt).sign_object({"o": object_id, "p": person_id}, compress=True)


def _read(salt: str, token: str, max_age: datetime.timedelta) -> LinkTarget:
    try:
        data = signing.TimestampSigner(salt=salt).unsign_object(token, max_age=max_age)
        return LinkTarget(object_id=int(data["o"]), person_id=int(data["p"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise BadLink(str(exc)) from exc


def absence_token(meeting_id: int, person_id: int) -> str:
    return _make(ABSENCE_SALT, meeting_id, person_id)


def read_absence_token(token: str) -> LinkTarget:
    return _read(ABSENCE_SALT, token, ABSENCE_MAX_AGE)


def absence_url(meeting_id: int, person_id: int) -> str:
    return reverse("meetings:absence_link", kwargs={"token": absence_token(meeting_id, person_id)})


def adjust_token(minutes_id: int, person_id: int) -> str:
    return _make(ADJUST_SALT, minutes_id, person_id)


def read_adjust_token(token: str) -> LinkTarget:
    return _read(ADJUST_SALT, token, ADJUST_MAX_AGE)


def adjust_url(minutes_id: int, person_id: int) -> str:
    return reverse("meetings:adjust_link", kwargs={"token": adjust_token(minutes_id, person_id)})
