"""E-mail to the adjusters: each gets their personal link to confirm the minutes. E-mail to a
body's secretaries when a member reports absence after the roll call recorded them present.

Sent by the task queue (`tasks.send_adjustment_links`) once the minutes are drawn up. Each
message is claimed in the database before it is sent (`link_sent_at` set where it is empty), so
that several workers never send it twice; if the mail server refuses, the claim is undone and
the error propagates."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from samverkan.meetings import links
from samverkan.meetings.absence_checks import recorded_present_before
from samverkan.meetings.models import Absence, Adjuster, Minutes
from samverkan.structure.selectors import mail_address

logger = logging.getLogger(__name__)


def adjustment_links_send(minutes_id: int) -> int:
    """Mail each adjuster who has not confirmed and not yet got the link; returns how many
    messages were sent. Adjusters without an address are logged and left for the secretary,
    whose page says so."""
    minutes = Minutes.objects.select_related("meeting__body").filter(pk=minutes_id).first()
    if minutes is None or minutes.status != Minutes.Status.AWAITING_ADJUSTMENT:
        return 0
    waiting = Adjuster.objects.filter(minutes=minutes, link_sent_at__isnull=True, confirmed_at__isnull=True)
    sent = 0
    connection = get_connection()
    with connection:
        for adjuster in waiting.select_related("person__user"):
            address = mail_address(adjuster.person).address
            if not address:
                logger.warning("Minutes %s: no e-mail address for the adjuster %s", minutes.pk, adjuster.person)
                continue
            now = timezone.now()
            if not Adjuster.objects.filter(pk=adjuster.pk, link_sent_at__isnull=True).update(
                link_sent_at=now, link_sent_to=address
            ):
                continue  # another worker took it
            context = {
                "minutes": minutes,
                "meeting": minutes.meeting,
                "person": adjuster.person,
                "link": settings.SITE_URL + links.adjuster_url(minutes, adjuster),
            }
            with translation.override("sv"):
                subject = " ".join(render_to_string("meetings/email/adjust_subject.txt", context).split())
                body = render_to_string("meetings/email/adjust_body.txt", context)
            message = EmailMessage(
                subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[address], connection=connection
            )
            try:
                message.send()
            except Exception:
                Adjuster.objects.filter(pk=adjuster.pk, link_sent_at=now).update(link_sent_at=None, link_sent_to="")
                raise
            sent += 1
    return sent


def absence_conflict_send(absence_id: int) -> int:
    """Tell each secretary of the meeting's body (with an address, account active) that a member
    reported absence after the roll call recorded them present; returns how many were mailed.
    Nothing when the absence is gone, the roll call no longer has them present before it, or the
    secretaries were already told of this report: the report is claimed (`conflict_mailed_at`)
    before the first message goes, so a retried or repeated task never mails twice. If the mail
    server refuses before any message went, the claim is undone and the error propagates (the
    retry sends them all); after one went, the claim stays (the pages show the conflict)."""
    absence = Absence.objects.select_related("meeting__body", "person").filter(pk=absence_id).first()
    if absence is None or absence.conflict_mailed_at is not None or not recorded_present_before(absence):
        return 0
    meeting = absence.meeting
    addresses = sorted(
        set(meeting.body.secretaries.filter(is_active=True).exclude(email="").values_list("email", flat=True))
    )
    if not addresses:
        logger.warning("Meeting %s: no secretary to tell of %s's absence", meeting.pk, absence.person)
        return 0
    context = {
        "meeting": meeting,
        "person": absence.person,
        "absence": absence,
        "link": settings.SITE_URL + reverse("meetings:roll_call", kwargs={"pk": meeting.pk}),
    }
    with translation.override("sv"):
        subject = " ".join(render_to_string("meetings/email/absence_conflict_subject.txt", context).split())
        body = render_to_string("meetings/email/absence_conflict_body.txt", context)
    now = timezone.now()
    if not Absence.objects.filter(pk=absence.pk, conflict_mailed_at__isnull=True).update(conflict_mailed_at=now):
        return 0  # another run took it
    sent = 0
    connection = get_connection()
    with connection:
        for address in addresses:
            try:
                EmailMessage(
                    subject=subject,
                    body=body,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[address],
                    connection=connection,
                ).send()
            except Exception:
                if not sent:
                    Absence.objects.filter(pk=absence.pk, conflict_mailed_at=now).update(conflict_mailed_at=None)
                raise
            sent += 1
    return sent
