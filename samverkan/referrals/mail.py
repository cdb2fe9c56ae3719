"""E-mail to the recipients' registrars: the invitation with the personal link, and reminders.

Each message is claimed in the database before it is sent (an invitation by setting
`invited_at` where it is empty, a reminder by its unique row), so that several workers never
send the same message twice; if the mail server refuses, the claim is undone and a later run
tries again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Exists, OuterRef, Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from samverkan.accounts.models import User
from samverkan.referrals import links
from samverkan.referrals.models import Recipient, Recommendation, Reminder

logger = logging.getLogger(__name__)


def _recipients(queryset: Iterable[Recipient]) -> list[Recipient]:
    return list(
        Recipient.objects.filter(pk__in=[r.pk for r in queryset])
        .select_related("recommendation__body", "principal")
        .prefetch_related(
            "recommendation__papers",
            Prefetch(
                "principal__registrars",
                queryset=User.objects.filter(is_active=True).exclude(email="").order_by("email"),
                to_attr="mail_registrars",
            ),
        )
    )


def addresses(recipient: Recipient) -> list[str]:
    return [user.email for user in getattr(recipient.principal, "mail_registrars", [])]


def addressees(recommendation: Recommendation) -> tuple[list[tuple[Recipient, list[str]]], list[tuple[Recipient, str]]]:
    """Who the invitations will reach (each recipient with its registrars' addresses) and who
    they will not, with the reason: what the secretary confirms before sending."""
    recipients = (
        Recipient.objects.filter(recommendation=recommendation)
        .select_related("principal")
        .prefetch_related(
            Prefetch("principal__registrars", queryset=User.objects.order_by("email"), to_attr="all_registrars")
        )
        .order_by("principal__name")
    )
    reached: list[tuple[Recipient, list[str]]] = []
    missed: list[tuple[Recipient, str]] = []
    for recipient in recipients:
        registrars = recipient.principal.all_registrars  # type: ignore[attr-defined]
        to = [user.email for user in registrars if user.is_active and user.email]
        if to:
            reached.append((recipient, to))
        elif not registrars:
            missed.append((recipient, gettext("the principal has no registrar")))
        else:
            missed.append(
                (recipient, gettext("no registrar of the principal has an open account with an e-mail address"))
            )
    return reached, missed


def _message(template: str, recipient: Recipient, to: list[str], **extra: object) -> EmailMessage:
    recommendation = recipient.recommendation
    context = {
        "recommendation": recommendation,
        "recipient": recipient,
        "principal": recipient.principal,
        "body": recommendation.body,
        "link": links.url_for(recipient),
        "papers": [
            (
                paper.title,
                settings.SITE_URL
                + reverse(
                    "referrals:answer_link_paper", kwargs={"token": links.token_for(recipient), "paper_pk": paper.pk}
                ),
            )
            for paper in recommendation.papers.all()
        ],
        "page": settings.SITE_URL + reverse("referrals:answer", kwargs={"pk": recipient.pk}),
        **extra,
    }
    with translation.override("sv"):
        subject = " ".join(render_to_string(f"referrals/email/{template}_subject.txt", context).split())
        body = render_to_string(f"referrals/email/{template}_body.txt", context)
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to)


def invitations_send(recommendation_id: int, recipient_ids: list[int] | None = None) -> int:
    """E-mail each recipient not yet invited; returns the number of messages sent."""
    recommendation = Recommendation.objects.get(pk=recommendation_id)
    if recommendation.status != Recommendation.Status.SENT:
        return 0
    waiting = Recipient.objects.filter(recommendation=recommendation, invited_at__isnull=True, link_revoked=False)
    if recipient_ids is not None:
        waiting = waiting.filter(pk__in=recipient_ids)
    sent = 0
    connection = get_connection()
    with connection:
        for recipient in _recipients(waiting):
            to = addresses(recipient)
            if not to:
                logger.warning("No registrar with an e-mail address for %s", recipient.principal)
                continue
            now = timezone.now()
            claimed = Recipient.objects.filter(
                pk=recipient.pk, invited_at__isnull=True, link_version=recipient.link_version, link_revoked=False
            ).update(invited_at=now, invited_to=", ".join(to))
            if not claimed:
                continue
            message = _message("invitation", recipient, to)
            message.connection = connection
            try:
                message.send()
            except Exception:
                Recipient.objects.filter(pk=recipient.pk, invited_at=now).update(invited_at=None, invited_to="")
                raise
            sent += 1
    return sent


def invitations_due() -> int:
    """Send the invitations still owed: those the mail server refused before, and those to
    principals that have got a registrar with an e-mail address since sending. Only while the
    links work; returns the number of messages sent."""
    today = timezone.localdate()
    reachable = User.objects.filter(registrar_of=OuterRef("principal"), is_active=True).exclude(email="")
    owed = (
        Recipient.objects.filter(
            recommendation__status=Recommendation.Status.SENT, invited_at__isnull=True, link_revoked=False
        )
        .filter(Exists(reachable))
        .select_related("recommendation")
    )
    by_recommendation: dict[int, list[int]] = {}
    for recipient in owed:
        if today <= recipient.recommendation.links_expire:
            by_recommendation.setdefault(recipient.recommendation_id, []).append(recipient.pk)
    return sum(invitations_send(rec_id, ids) for rec_id, ids in by_recommendation.items())


def reminders_send(reminder_ids: list[int]) -> int:
    """Send the claimed reminders not yet sent; returns the number sent.

    A claim whose recipient has answered, lost its link or whose recommendation was withdrawn
    since the claim is dropped. If the mail server refuses a message, that claim and the claims
    of this batch not yet tried are undone (a later run claims them again), so that none stays
    claimed and unsent for ever."""
    reminders = list(Reminder.objects.filter(pk__in=reminder_ids, sent_at__isnull=True).select_related("recipient"))
    by_recipient = {r.recipient_id: r for r in reminders}
    sent = 0
    connection = get_connection()
    with connection:
        waiting = _recipients([r.recipient for r in reminders])
        for index, recipient in enumerate(waiting):
            reminder = by_recipient[recipient.pk]
            to = addresses(recipient)
            if (
                not to
                or recipient.current_response_id is not None
                or recipient.link_revoked
                or recipient.recommendation.status != Recommendation.Status.SENT
            ):
                reminder.delete()  # nobody to remind, or answered (or closed) since the claim
                continue
            message = _message("reminder", recipient, to, days_before=reminder.days_before)
            message.connection = connection
            try:
                message.send()
            except Exception:
                untried = [by_recipient[r.pk].pk for r in waiting[index:]]
                Reminder.objects.filter(pk__in=untried, sent_at__isnull=True).delete()
                raise
            Reminder.objects.filter(pk=reminder.pk).update(sent_at=timezone.now(), sent_to=", ".join(to))
            sent += 1
    return sent
