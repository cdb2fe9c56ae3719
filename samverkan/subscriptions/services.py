"""Every write to subscriptions: requested (rate-limited, the confirmation mailed by the worker
after the commit), confirmed, cancelled, a member's bodies subscribed, an address erased.
Audited without the address: the audit trail names a subscription by its number and topic."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.core.audit import audit_record
from samverkan.core.models import AuditEvent
from samverkan.subscriptions.models import SubscribeAttempt, Subscription

WINDOW = datetime.timedelta(hours=1)


class RateLimited(Exception):
    """Too many requests from this address or this client within the hour."""


def _hash(value: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()


def normalised(email: str) -> str:
    email = email.strip().lower()
    validate_email(email)
    return email


def rate_check(*, email: str, client: str) -> None:
    """Counts this request; refuses it when the address or the client has made too many
    within the hour (settings SUBSCRIPTION_LIMIT_PER_ADDRESS, SUBSCRIPTION_LIMIT_PER_CLIENT)."""
    since = timezone.now() - WINDOW
    address, who = _hash(email), _hash(client)
    recent = SubscribeAttempt.objects.filter(at__gte=since)
    if (
        recent.filter(address_hash=address).count() >= settings.SUBSCRIPTION_LIMIT_PER_ADDRESS
        or recent.filter(client_hash=who).count() >= settings.SUBSCRIPTION_LIMIT_PER_CLIENT
    ):
        raise RateLimited
    SubscribeAttempt.objects.create(address_hash=address, client_hash=who)


def _target(topic: str, subject: Any, query: str) -> dict[str, Any]:
    fields: dict[str, Any] = {"topic": topic, "query": ""}
    if topic == Subscription.Topic.SEARCH:
        fields["query"] = query
    else:
        fields[topic] = subject
    return fields


def _audit(subscription: Subscription, action: str, source: str, actor: Any = None, **changes: Any) -> None:
    audit_record(actor=actor, action=action, target=subscription, changes=changes or None, source=source)


@transaction.atomic
def subscription_request(
    *,
    email: str,
    client: str,
    topic: str,
    frequency: str,
    subject: Any = None,
    query: str = "",
    source: str = "web",
) -> Subscription | None:
    """Asks to subscribe: a new subscription, unconfirmed, whose confirmation the worker mails.
    An address that already follows the same thing gets no second subscription: an
    unconfirmed one is sent its confirmation again, a confirmed one nothing (the page says
    the same in every case, so that it tells no one whether an address subscribes)."""
    from samverkan.subscriptions import tasks

    email = normalised(email)
    rate_check(email=email, client=client)
    target = _target(topic, subject, query)
    if frequency not in Subscription.Frequency.values:
        raise ValidationError({"frequency": _("Choose how often.")})
    subscription = Subscription.objects.filter(email=email, **target).first()
    if subscription is not None and subscription.confirmed_at is not None:
        return None
    if subscription is None:
        subscription = Subscription(email=email, frequency=frequency, **target)
        subscription.full_clean()
        subscription.save()
        _audit(subscription, AuditEvent.Action.CREATE, source, topic=(None, topic), frequency=(None, frequency))
    tasks.send_confirmation.enqueue(subscription.pk)  # in the transaction: nothing is sent if it rolls back
    return subscription


@transaction.atomic
def subscription_confirm(*, subscription: Subscription, source: str = "web") -> bool:
    """Confirms (once): from now on its news is mailed. False if it was already confirmed."""
    now = timezone.now()
    done = Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(
        confirmed_at=now, sent_until=now, updated_at=now
    )
    if done:
        _audit(subscription, AuditEvent.Action.UPDATE, source, confirmed_at=(None, now))
    return bool(done)


@transaction.atomic
def subscription_cancel(*, subscription: Subscription, source: str = "web") -> None:
    """Ends a subscription: it and its log are deleted."""
    _audit(subscription, AuditEvent.Action.DELETE, source)
    subscription.delete()


@transaction.atomic
def member_subscribe(*, actor: Any, bodies: list[Any], source: str = "web") -> list[Subscription]:
    """A logged-in member follows their bodies at once, by the account's address (already
    known, so no confirmation is asked); bodies already followed are left as they are."""
    email = normalised(actor.email)
    now = timezone.now()
    made = []
    for body in bodies:
        if Subscription.objects.filter(email=email, topic=Subscription.Topic.BODY, body=body).exists():
            continue
        subscription = Subscription(
            email=email,
            topic=Subscription.Topic.BODY,
            body=body,
            frequency=Subscription.Frequency.DAILY,
            confirmed_at=now,
            sent_until=now,
        )
        subscription.full_clean()
        subscription.save()
        _audit(subscription, AuditEvent.Action.CREATE, source, actor=actor, topic=(None, "body"))
        made.append(subscription)
    return made


@transaction.atomic
def address_erase(*, email: str, actor: Any = None, source: str = "web") -> int:
    """Erases every subscription of an address, with its log and rate-limit counts (GDPR art. 17)."""
    email = email.strip().lower()
    subscriptions = list(Subscription.objects.filter(email=email))
    for subscription in subscriptions:
        _audit(subscription, AuditEvent.Action.DELETE, source, actor=actor)
        subscription.delete()
    SubscribeAttempt.objects.filter(address_hash=_hash(email)).delete()
    return len(subscriptions)
