"""The signed links of the subscription mails: confirm (valid a week), unsubscribe (valid as
long as the subscription) and the page of one's subscriptions. They carry a subscription's
number, never the address, and cannot be forged without the SECRET_KEY."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse

CONFIRM_DAYS = 7
_CONFIRM, _UNSUBSCRIBE, _MANAGE = "subscriptions.confirm", "subscriptions.unsubscribe", "subscriptions.manage"


class BadLink(Exception):
    """The link is forged, damaged or expired."""


def _read(token: str, salt: str, max_age: datetime.timedelta | None = None) -> int:
    try:
        value = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise BadLink("expired") from exc
    except signing.BadSignature as exc:
        raise BadLink("bad") from exc
    if not isinstance(value, int):
        raise BadLink("bad")
    return value


def confirm_token(pk: int) -> str:
    return signing.dumps(pk, salt=_CONFIRM)


def confirm_read(token: str) -> int:
    return _read(token, _CONFIRM, datetime.timedelta(days=CONFIRM_DAYS))


def unsubscribe_token(pk: int) -> str:
    return signing.dumps(pk, salt=_UNSUBSCRIBE)


def unsubscribe_read(token: str) -> int:
    return _read(token, _UNSUBSCRIBE)


def manage_token(pk: int) -> str:
    return signing.dumps(pk, salt=_MANAGE)


def manage_read(token: str) -> int:
    return _read(token, _MANAGE)


def confirm_url(pk: int) -> str:
    return settings.SITE_URL + reverse("subscriptions:confirm", kwargs={"token": confirm_token(pk)})


def unsubscribe_url(pk: int) -> str:
    return settings.SITE_URL + reverse("subscriptions:unsubscribe", kwargs={"token": unsubscribe_token(pk)})


def manage_url(pk: int) -> str:
    return settings.SITE_URL + reverse("subscriptions:manage", kwargs={"token": manage_token(pk)})
