"""Alerts before an agreement ends or reaches its follow-up date (issue 16, point 4).

Run by the worker's clock (`tasks.agreement_alerts_due`). For each adopted agreement in force
or not yet in force, and each of its dates (`valid_until`, `follow_up_on`), the lead times the
agreement sets (`alert_months`, e.g. six and three months) whose moment has come and that are
not yet in the log (`AgreementAlert`) are claimed in the log, then mailed: to the responsible
body's secretaries and, for a public agreement, to its confirmed subscribers, each by their own
mail (a subscriber's with the one-click unsubscribe). Lead times passed together (an agreement
registered three months before its end) give one mail. If no mail could be sent at all, the
claim is undone and the next run tries again.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from samverkan.agreements.models import Agreement, months_before, validity_state
from samverkan.subscriptions import mail
from samverkan.subscriptions.models import AgreementAlert, Subscription

logger = logging.getLogger(__name__)

LONGEST_LEAD = 99  # months (alert_months takes at most two digits)


@dataclass(frozen=True)
class Due:
    agreement: Agreement
    occasion: str
    on: datetime.date
    months: list[int]  # the lead times that have come and are not logged, longest first


def due_alerts(today: datetime.date) -> list[Due]:
    """The alerts whose moment has come on `today` and that have not been sent (three queries)."""
    horizon = months_before(today, -LONGEST_LEAD)
    window = Q(valid_until__gte=today, valid_until__lte=horizon) | Q(follow_up_on__gte=today, follow_up_on__lte=horizon)
    agreements = list(
        Agreement.objects.filter(window, status=Agreement.Status.ADOPTED)
        .exclude(alert_months="")
        .select_related("body", "replaced_by")
        .order_by("pk")
    )
    logged: dict[tuple[int, str, datetime.date], set[int]] = defaultdict(set)
    for agreement_id, occasion, alerted_on, months in AgreementAlert.objects.filter(
        agreement__in=[a.pk for a in agreements]
    ).values_list("agreement_id", "occasion", "on", "months"):
        logged[(agreement_id, occasion, alerted_on)].add(months)
    found = []
    for agreement in agreements:
        if validity_state(agreement, today) not in ("in_force", "upcoming"):
            continue
        for occasion, date in (
            (AgreementAlert.Occasion.END, agreement.valid_until),
            (AgreementAlert.Occasion.FOLLOW_UP, agreement.follow_up_on),
        ):
            if date is None or date < today:
                continue
            on = date
            come = [m for m in agreement.alert_lead_months if months_before(on, m) <= today]
            new = [m for m in come if m not in logged[(agreement.pk, occasion, on)]]
            if new:
                found.append(Due(agreement, str(occasion), on, new))
    return found


def _claim(due: Due) -> bool:
    """Writes the log rows (the shortest lead time is the one mailed); False if another run has."""
    try:
        with transaction.atomic():
            for months in due.months:
                AgreementAlert.objects.create(
                    agreement=due.agreement,
                    occasion=due.occasion,
                    on=due.on,
                    months=months,
                    mailed=months == min(due.months),
                )
    except IntegrityError:
        return False
    return True


def _context(due: Due, today: datetime.date) -> dict[str, Any]:
    agreement = due.agreement
    return {
        "agreement": agreement,
        "ends": due.occasion == AgreementAlert.Occasion.END,
        "on": due.on,
        "days": (due.on - today).days,
        "months": min(due.months),
        "page": settings.SITE_URL + agreement.get_absolute_url(),
        "body": agreement.body,
        "until_replaced": agreement.until_replaced,
    }


def _render(name: str, context: dict[str, Any]) -> tuple[str, str]:
    with translation.override("sv"):
        subject = " ".join(render_to_string(f"subscriptions/email/{name}_subject.txt", context).split())
        body = render_to_string(f"subscriptions/email/{name}_body.txt", context)
    return subject, body


def _recipients(due: Due) -> tuple[list[str], list[Subscription]]:
    """The responsible body's secretaries' addresses; the confirmed subscribers (a public
    agreement's only)."""
    agreement = due.agreement
    secretaries: list[str] = []
    if agreement.body is not None:
        secretaries = sorted(
            {e.strip().lower() for e in agreement.body.secretaries.exclude(email="").values_list("email", flat=True)}
        )
    subscribers: list[Subscription] = []
    if agreement.public:
        subscribers = list(
            Subscription.objects.filter(
                topic=Subscription.Topic.AGREEMENT, agreement=agreement, confirmed_at__isnull=False
            ).select_related("agreement")
        )
    return secretaries, subscribers


def alert_send(due: Due, today: datetime.date) -> int | None:
    """Claims the alert and mails it; returns the number of mails sent, None if another run had
    it or nothing could be sent (then the claim is undone)."""
    if not _claim(due):
        return None
    context = _context(due, today)
    secretaries, subscribers = _recipients(due)
    sent = 0
    subject, body = _render("agreement_alert", context | {"for_secretary": True})
    for address in secretaries:
        try:
            EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[address]).send()
            sent += 1
        except Exception:
            logger.exception("agreement %s: the alert could not be mailed to a secretary", due.agreement.pk)
    for subscription in subscribers:
        try:
            mail.message(subscription, "agreement_alert", **context, for_secretary=False).send()
            sent += 1
        except Exception:
            logger.exception(
                "agreement %s: the alert could not be mailed to subscription %s", due.agreement.pk, subscription.pk
            )
    if sent == 0 and (secretaries or subscribers):
        # Nothing went out (the mail server refused): the next run tries again.
        AgreementAlert.objects.filter(
            agreement=due.agreement, occasion=due.occasion, on=due.on, months__in=due.months
        ).delete()
        return None
    AgreementAlert.objects.filter(
        agreement=due.agreement, occasion=due.occasion, on=due.on, months=min(due.months)
    ).update(recipients=sent)
    return sent


def due(today: datetime.date | None = None) -> dict[str, int]:
    """Every alert due today (the site's local date), each once. Returns the alerts and mails."""
    today = today or timezone.localdate()
    alerts = mails = 0
    for found in due_alerts(today):
        sent = alert_send(found, today)
        if sent is not None:
            alerts += 1
            mails += sent
    return {"alerts": alerts, "mails": mails}
