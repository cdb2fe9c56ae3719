"""The notice (kallelse) by e-mail: one message per invited member, with the notice as PDF, a
calendar invitation and the member's personal link for reporting absence (förhinder)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _

from samverkan.meetings import calendar, links, services
from samverkan.meetings.models import AgendaItem, Meeting
from samverkan.structure.models import Person
from samverkan.structure.selectors import MailAddress, mail_address

logger = logging.getLogger(__name__)

CONFIDENTIAL_TITLE = "Ärende som omfattas av sekretess"


@dataclass(frozen=True)
class Addressee:
    """An invited person and where their notice goes (or why it cannot go)."""

    person: Person
    mail: MailAddress


@dataclass
class NoticeResult:
    """What `notice_send` did. `sent` is the number of messages sent, `recipients` the people
    they went to, and `without_email` the invited people who have no e-mail address and must be
    told some other way."""

    recipients: list[Person] = field(default_factory=list)
    without_email: list[Person] = field(default_factory=list)

    @property
    def sent(self) -> int:
        return len(self.recipients)


def _invitees(meeting: Meeting) -> list[Person]:
    """Everyone called to the meeting, once each (a person may hold two seats in a body)."""
    people: dict[int, Person] = {}
    for seat in services.invited_memberships(meeting):
        people.setdefault(seat.person_id, seat.person)
    return list(people.values())


def notice_addressees(meeting: Meeting) -> tuple[list[Addressee], list[Addressee]]:
    """Who the notice will reach (at their own address, or at their user account's) and who it
    will not, with the reason: what the secretary confirms before sending."""
    reached: list[Addressee] = []
    missed: list[Addressee] = []
    for person in _invitees(meeting):
        addressee = Addressee(person, mail_address(person))
        (reached if addressee.mail.address else missed).append(addressee)
    return reached, missed


def _agenda(meeting: Meeting) -> list[dict[str, Any]]:
    """The agenda for the e-mail, each item with links to its papers (never attached). E-mail is
    not a safe channel for confidential matters: such an item keeps its number but not its title,
    and its papers are only counted here; `_context` gives links to them (untitled) to those who
    may open them, a member who logs in, and to nobody else. Two queries."""
    items = AgendaItem.objects.filter(meeting=meeting).prefetch_related("attachments").order_by("position")
    agenda = []
    for item in items:
        papers = [
            {
                "title": paper.title,
                "url": settings.SITE_URL
                + reverse("meetings:attachment", kwargs={"pk": meeting.pk, "attachment_pk": paper.pk}),
            }
            for paper in item.attachments.all()
            if paper.is_read  # being read or refused: not served, so not linked (decision 0016)
        ]
        agenda.append(
            {
                "label": item.label,
                "title": CONFIDENTIAL_TITLE if item.confidential else item.title,
                "confidential": item.confidential,
                "papers": [] if item.confidential else papers,
                "secret_papers": papers if item.confidential else [],
            }
        )
    return agenda


def _agenda_for(agenda: list[dict[str, Any]], person: Person) -> list[dict[str, Any]]:
    """The agenda as this person's mail shows it: a confidential item's papers are linked, without
    their titles, only for a person who can log in (the page then lets a member of the body open
    them, meetings:attachment); the others are told the secretary hands them out."""
    may_open = person.user_id is not None
    return [
        {
            **item,
            "secret_links": [p["url"] for p in item["secret_papers"]] if may_open else [],
            "secret_withheld": bool(item["secret_papers"]) and not may_open,
        }
        for item in agenda
    ]


def _when(meeting: Meeting) -> dict[str, str]:
    start = timezone.localtime(meeting.start, calendar.STOCKHOLM)
    end = timezone.localtime(meeting.end, calendar.STOCKHOLM) if meeting.end else None
    with translation.override("sv"):
        date = dateformat.format(start, "l j F Y")
    time = f"kl. {start:%H.%M}"
    if end is not None:
        time += f"–{end:%H.%M}" if end.date() == start.date() else f" till {dateformat.format(end, 'j/n')} {end:%H.%M}"
    return {"date": date, "time": time, "iso_date": start.date().isoformat()}


def _context(meeting: Meeting, person: Person, agenda: list[dict[str, Any]], when: dict[str, str]) -> dict[str, Any]:
    place = ", ".join(part for part in (meeting.location_name, meeting.address, meeting.room) if part)
    items = _agenda_for(agenda, person)
    return {
        "meeting": meeting,
        "body_name": meeting.body.name,
        "person": person,
        "date": when["date"],
        "time": when["time"],
        "place": place,
        "online_url": meeting.online_url,
        "agenda": items,
        # The line about papers speaks of links only where the notice has some.
        "has_papers": any(item.get("papers") or item["secret_links"] for item in items),
        "absence_url": settings.SITE_URL + links.absence_url(meeting.pk, person.pk),
        "meeting_url": calendar.meeting_url(meeting),
    }


def notice_check(meeting: Meeting) -> None:
    """ValidationError if no notice can go: the meeting is cancelled, held or has begun."""
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("The meeting is cancelled; no notice can be sent."), code="cancelled")
    if not meeting.takes_a_notice:
        raise ValidationError(_("The meeting has already taken place."), code="too_late")


def notice_plan(meeting: Meeting) -> NoticeResult:
    """Whom the notice will reach and whom not, as `notice_send` will find them (checked first)."""
    notice_check(meeting)
    reached, missed = notice_addressees(meeting)
    return NoticeResult(recipients=[a.person for a in reached], without_email=[a.person for a in missed])


def notice_send(*, actor: Any, meeting: Meeting, source: str = "web") -> NoticeResult:
    """Send the notice to every invited member with an e-mail address (their own, or else their
    user account's: `notice_addressees`), all over one connection, then record `notice_sent_at`
    (audited, through `services.meeting_update`; the calendar SEQUENCE is not raised since
    nothing in the schedule changed).

    Each message has a text and an HTML body (time, place, agenda, the member's personal absence
    link), the notice PDF (``kallelse-<date>.pdf``) and a calendar invitation (``inbjudan.ics``,
    METHOD:REQUEST). Returns a `NoticeResult`: `sent` (the number of messages sent),
    `recipients` (the people they went to) and `without_email` (invited people without an
    address of their own or on their user account, who were skipped and logged, so the
    secretary can reach them otherwise). A person with two seats in the body gets one message;
    officials are not called.

    A cancelled meeting, or one that has been held or has begun, refuses with ValidationError.
    If the mail server fails, the error propagates and `notice_sent_at` is left unchanged.

    The worker's part: the page queues it (`notice_tasks.notice_enqueue`, `send_notice`).
    """
    notice_check(meeting)

    from samverkan.meetings.pdf import render_notice  # WeasyPrint is heavy: load it only when sending

    result = NoticeResult()
    reached, missed = notice_addressees(meeting)
    result.without_email = [a.person for a in missed]
    if result.without_email:
        logger.warning(
            "Notice for meeting %s: no e-mail address for %s",
            meeting.pk,
            ", ".join(p.name for p in result.without_email),
        )

    agenda = _agenda(meeting)
    when = _when(meeting)
    pdf = render_notice(meeting) if reached else b""
    messages = []
    connection = get_connection()
    with translation.override("sv"):
        for addressee in reached:
            person, address = addressee.person, addressee.mail.address
            context = _context(meeting, person, agenda, when)
            subject = " ".join(render_to_string("meetings/email/notice_subject.txt", context).split())
            message = EmailMultiAlternatives(
                subject=subject,
                body=render_to_string("meetings/email/notice_body.txt", context),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[address],
                connection=connection,
            )
            message.attach_alternative(render_to_string("meetings/email/notice_body.html", context), "text/html")
            message.attach(f"kallelse-{when['iso_date']}.pdf", pdf, "application/pdf")
            message.attach(
                "inbjudan.ics",
                calendar.invitation(meeting, address, person.name),
                "text/calendar; method=REQUEST",
            )
            messages.append((person, message))

    if messages:
        with connection:
            connection.send_messages([message for _person, message in messages])
        result.recipients = [person for person, _message in messages]
        now = timezone.now()
        services.meeting_update(actor=actor, meeting=meeting, notice_sent_at=now, source=source)
        meeting.notice_sent_at = now
    return result
