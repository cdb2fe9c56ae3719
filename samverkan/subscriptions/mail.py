"""The subscription mails: the request to confirm, and the news (at once or as a daily
digest), each with a signed one-click unsubscribe (List-Unsubscribe and List-Unsubscribe-Post,
RFC 8058) and the link to one's subscriptions.

A digest is claimed before it is sent (`sent_until` moved on only where it still holds the
value read, the day's digest by `last_digest_on`), so several workers never send the same news
twice; if the mail server refuses, the claim is undone and the next run tries again.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from samverkan.publishing import streams
from samverkan.publishing.streams import Entry
from samverkan.subscriptions import links
from samverkan.subscriptions.models import Mailing, Subscription

logger = logging.getLogger(__name__)


def entries_for(subscription: Subscription, since: datetime.datetime | None) -> list[Entry]:
    """What is new for the subscription since the moment (public entries only)."""
    topic = subscription.topic
    if topic == Subscription.Topic.BODY and subscription.body is not None:
        return streams.body_entries(subscription.body, since=since)
    if topic == Subscription.Topic.PRINCIPAL and subscription.principal is not None:
        return streams.principal_entries(subscription.principal, since=since)
    if topic == Subscription.Topic.RECOMMENDATION and subscription.recommendation is not None:
        return streams.recommendation_entries(recommendation=subscription.recommendation, since=since)
    if topic == Subscription.Topic.AGREEMENT and subscription.agreement_id is not None:
        return streams.agreement_entries(agreement_id=subscription.agreement_id, since=since)
    if topic == Subscription.Topic.SEARCH:
        return streams.search_entries(subscription.query, since=since)
    return []


def message(subscription: Subscription, template: str, **extra: Any) -> EmailMessage:
    unsubscribe = links.unsubscribe_url(subscription.pk)
    context = {
        "subscription": subscription,
        "label": subscription.subject_label,
        "page": settings.SITE_URL + subscription.subject_url(),
        "site": settings.SITE_URL,
        "unsubscribe": unsubscribe,
        "manage": links.manage_url(subscription.pk),
        **extra,
    }
    with translation.override("sv"):
        subject = " ".join(render_to_string(f"subscriptions/email/{template}_subject.txt", context).split())
        body = render_to_string(f"subscriptions/email/{template}_body.txt", context)
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscription.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def confirmation_send(pk: int) -> bool:
    """The request to confirm, to a subscription not yet confirmed."""
    subscription = Subscription.objects.filter(pk=pk, confirmed_at__isnull=True).first()
    if subscription is None:
        return False
    message(subscription, "confirm", confirm=links.confirm_url(subscription.pk), days=links.CONFIRM_DAYS).send()
    Mailing.objects.create(subscription=subscription, kind=Mailing.Kind.CONFIRM)
    return True


def digest_send(subscription: Subscription, now: datetime.datetime) -> int:
    """Mails what is new since `sent_until` (up to now), once; returns the number of entries."""
    since = subscription.sent_until
    claimed = Subscription.objects.filter(pk=subscription.pk, sent_until=since).update(sent_until=now)
    if not claimed:
        return 0  # another worker has it
    entries = [e for e in entries_for(subscription, since) if e.updated <= now]
    if not entries:
        return 0
    try:
        message(subscription, "digest", entries=entries).send()
    except Exception:
        Subscription.objects.filter(pk=subscription.pk, sent_until=now).update(sent_until=since)
        logger.exception("subscription %s: the news could not be sent; the next run tries again", subscription.pk)
        return 0
    Mailing.objects.create(subscription=subscription, kind=Mailing.Kind.DIGEST, entries=len(entries))
    return len(entries)


def due(now: datetime.datetime | None = None) -> dict[str, int]:
    """The news due: every confirmed subscription at once, the daily ones once a day from
    SUBSCRIPTION_DIGEST_HOUR (local time). Returns the mails and entries sent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    confirmed = Subscription.objects.filter(confirmed_at__isnull=False).select_related(
        "body", "principal", "recommendation", "agreement"
    )
    mails = entries = 0
    immediate = list(confirmed.filter(frequency=Subscription.Frequency.IMMEDIATE))
    daily: list[Subscription] = []
    if timezone.localtime(now).hour >= settings.SUBSCRIPTION_DIGEST_HOUR:
        for subscription in confirmed.filter(frequency=Subscription.Frequency.DAILY).filter(
            Q(last_digest_on__isnull=True) | Q(last_digest_on__lt=today)
        ):
            old = subscription.last_digest_on
            if Subscription.objects.filter(pk=subscription.pk, last_digest_on=old).update(last_digest_on=today):
                daily.append(subscription)
    for subscription in immediate + daily:
        sent = digest_send(subscription, now)
        mails += 1 if sent else 0
        entries += sent
    return {"mails": mails, "entries": entries}


def manage_link_send(pk: int) -> bool:
    """The link to the page of one's subscriptions, asked for on the site."""
    subscription = Subscription.objects.filter(pk=pk).first()
    if subscription is None:
        return False
    message(subscription, "manage").send()
    return True
