"""The signed links of the subscription mails: confirm (valid a week), unsubscribe (valid as
long as the subscription) and the page of one's subscriptions. They carry a subscription's
number, never the address, and cannot be forged without the SECRET_KEY (`core.links` kinds)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse

from samverkan.core import links

CONFIRM_DAYS = 7
# Dated: the tokens are those of django.core.signing.dumps, so the links already mailed work on.
CONFIRM = links.LinkKind("subscriptions.confirm", max_age=datetime.timedelta(days=CONFIRM_DAYS))
UNSUBSCRIBE = links.LinkKind("subscriptions.unsubscribe", dated=True)
MANAGE = links.LinkKind("subscriptions.manage", dated=True)

BadLink = links.BadLink


def _read(kind: links.LinkKind, token: str) -> int:
    value = kind.unsign(token)
    if not isinstance(value, int):
        raise BadLink("forged")
    return value


def confirm_token(pk: int) -> str:
    return CONFIRM.sign(pk)


def confirm_read(token: str) -> int:
    return _read(CONFIRM, token)


def unsubscribe_token(pk: int) -> str:
    return UNSUBSCRIBE.sign(pk)


def unsubscribe_read(token: str) -> int:
    return _read(UNSUBSCRIBE, token)


def manage_token(pk: int) -> str:
    return MANAGE.sign(pk)


def manage_read(token: str) -> int:
    return _read(MANAGE, token)


def confirm_url(pk: int) -> str:
    return settings.SITE_URL + reverse("subscriptions:confirm", kwargs={"token": confirm_token(pk)})


def unsubscribe_url(pk: int) -> str:
    return settings.SITE_URL + reverse("subscriptions:unsubscribe", kwargs={"token": unsubscribe_token(pk)})


def manage_url(pk: int) -> str:
    return settings.SITE_URL + reverse("subscriptions:manage", kwargs={"token": manage_token(pk)})
