"""The notice by e-mail: one message per invited member, with the PDF, the invitation and a
personal absence link; once through Django's in-memory outbox, once through a real SMTP server."""

from __future__ import annotations

import datetime
import email
import email.policy
import re
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Any, cast
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import resolve
from django.utils import timezone
from icalendar import Calendar

from samverkan.core.models import AuditEvent
from samverkan.meetings import links, services
from samverkan.meetings.models import Meeting
from samverkan.meetings.notices import notice_send
from samverkan.structure.models import Body, Membership, Person
from tests.factories import BodyFactory, MembershipFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
START = datetime.datetime(timezone.localdate().year + 1, 3, 12, 13, 30, tzinfo=STOCKHOLM)
LINK = re.compile(re.escape(settings.SITE_URL) + r"(/\S+/)")


class Board:
    """A body with two members who have e-mail (one holds two seats), one without, and an
    official (officials are not called)."""

    def __init__(self) -> None:
        self.body = cast(Body, BodyFactory(name="Samrådsorgan Fyrbodal"))
        self.anna = cast(Person, PersonFactory(name="Anna Ordförande", email="anna@example.test"))
        self.bo = cast(Person, PersonFactory(name="Bo Ersättare", email="bo@example.test"))
        self.cecilia = cast(Person, PersonFactory(name="Cecilia Utanmejl", email=""))
        self.official = cast(Person, PersonFactory(name="Doris Tjänsteperson", email="doris@example.test"))
        MembershipFactory(body=self.body, person=self.anna, role=Membership.Role.CHAIR)
        MembershipFactory(body=self.body, person=self.anna, role=Membership.Role.MEMBER)
        MembershipFactory(body=self.body, person=self.bo, role=Membership.Role.SUBSTITUTE)
        MembershipFactory(body=self.body, person=self.cecilia, role=Membership.Role.MEMBER)
        MembershipFactory(body=self.body, person=self.official, role=Membership.Role.OFFICIAL)
        MembershipFactory(person=PersonFactory(email="annan@example.test"))  # another body
        self.secretary = UserFactory(username="sekreteraren")
        self.meeting: Meeting = services.meeting_plan(
            actor=self.secretary,
            body=self.body,
            start=START,
            end=START + datetime.timedelta(hours=2),
            location_name="Regionens hus",
            address="Storgatan 1, Vänersborg",
            room="Sal A",
        )
        services.item_add(actor=self.secretary, meeting=self.meeting, title="Budget för 2027", kind="decision")
        services.item_add(
            actor=self.secretary, meeting=self.meeting, title="Personalärende Hemligsson", confidential=True
        )


@pytest.fixture
def board() -> Board:
    return Board()


def absence_target(text: str) -> links.LinkTarget:
    paths = [path for path in LINK.findall(text) if "/forhinder/" in path]
    assert len(paths) == 1, text
    match = resolve(paths[0])
    assert match.view_name == "meetings:absence_link"
    return links.read_absence_token(match.kwargs["token"])


def test_one_message_per_member_with_pdf_invitation_and_absence_link(board: Board) -> None:
    result = notice_send(actor=board.secretary, meeting=board.meeting)

    assert result.sent == 2
    assert {p.pk for p in result.recipients} == {board.anna.pk, board.bo.pk}
    assert [p.pk for p in result.without_email] == [board.cecilia.pk]
    assert len(mail.outbox) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.test", "bo@example.test"]
    people = {board.anna.email: board.anna, board.bo.email: board.bo}
    iso_date = START.date().isoformat()

    for message in mail.outbox:
        assert isinstance(message, mail.EmailMultiAlternatives)
        assert len(message.to) == 1
        person = people[message.to[0]]
        assert message.from_email == settings.DEFAULT_FROM_EMAIL
        assert message.subject.startswith("Kallelse till sammanträde: Samrådsorgan Fyrbodal")
        assert "\n" not in message.subject
        text = str(message.body)
        html = str(message.alternatives[0][0])
        assert message.alternatives[0][1] == "text/html"
        for part in (text, html):
            assert "Kallelse till sammanträde" in part
            assert "Var god anmäl eventuellt förhinder" in part
            assert "Budget för 2027" in part
            assert "Mötet öppnas" in part
            assert "Hemligsson" not in part
            assert "Regionens hus, Storgatan 1, Vänersborg, Sal A" in part
            assert "kl. 13.30–15.30" in part
            assert f"12 mars {START.year}" in part
        assert person.name in text

        target = absence_target(text)
        assert (target.object_id, target.person_id) == (board.meeting.pk, person.pk)
        html_target = absence_target(html.replace('"', " "))
        assert (html_target.object_id, html_target.person_id) == (board.meeting.pk, person.pk)

        attachments = {a[0]: a for a in message.attachments}
        assert set(attachments) == {f"kallelse-{iso_date}.pdf", "inbjudan.ics"}
        _name, pdf, pdf_type = attachments[f"kallelse-{iso_date}.pdf"]
        assert pdf_type == "application/pdf"
        assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")
        _name, ics, ics_type = attachments["inbjudan.ics"]
        assert ics_type == "text/calendar; method=REQUEST"
        cal = Calendar.from_ical(ics)
        assert str(cal["METHOD"]) == "REQUEST"
        event = cal.walk("VEVENT")[0]
        assert str(event["UID"]) == f"{board.meeting.uid}@samverkan"
        assert str(event["ATTENDEE"]).lower() == f"mailto:{person.email}"

        # The rendered message carries the calendar part with its method.
        calendar_parts = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
        assert len(calendar_parts) == 1
        assert calendar_parts[0].get_param("method") == "REQUEST"
        assert calendar_parts[0].get_content_charset() == "utf-8"


def test_sending_records_when_in_the_audit_trail_without_raising_the_sequence(board: Board) -> None:
    before = timezone.now()

    notice_send(actor=board.secretary, meeting=board.meeting)

    meeting = Meeting.objects.get(pk=board.meeting.pk)
    assert meeting.notice_sent_at is not None and meeting.notice_sent_at >= before
    assert board.meeting.notice_sent_at == meeting.notice_sent_at
    assert meeting.sequence == 0
    event = AuditEvent.objects.filter(target_id=str(meeting.pk), changes__has_key="notice_sent_at").get()
    assert event.actor == board.secretary


def test_all_messages_go_over_one_connection(board: Board, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.mail.backends.locmem import EmailBackend

    opened: list[Any] = []
    original = EmailBackend.send_messages

    def spy(self: EmailBackend, messages: Any) -> int:
        opened.append((self, len(messages)))
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", spy)

    notice_send(actor=board.secretary, meeting=board.meeting)

    assert [count for _backend, count in opened] == [2]  # one backend, one call, both messages


@pytest.mark.parametrize("status", [Meeting.Status.CANCELLED, Meeting.Status.HELD])
def test_cancelled_or_held_meeting_refuses(board: Board, status: str) -> None:
    services.meeting_update(actor=board.secretary, meeting=board.meeting, status=status)
    board.meeting.refresh_from_db()

    with pytest.raises(ValidationError):
        notice_send(actor=board.secretary, meeting=board.meeting)

    assert mail.outbox == []
    board.meeting.refresh_from_db()
    assert board.meeting.notice_sent_at is None


def test_nobody_with_email_sends_nothing_and_records_nothing(board: Board) -> None:
    Person.objects.filter(pk__in=[board.anna.pk, board.bo.pk]).update(email="")

    result = notice_send(actor=board.secretary, meeting=board.meeting)

    assert result.sent == 0
    assert {p.pk for p in result.without_email} == {board.anna.pk, board.bo.pk, board.cecilia.pk}
    assert mail.outbox == []
    board.meeting.refresh_from_db()
    assert board.meeting.notice_sent_at is None


# --- A real SMTP server ----------------------------------------------------------------------


class Store:
    """aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.content)))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[tuple[Store, int]]:
    store = Store()
    port = free_port()
    controller = Controller(store, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield store, port
    finally:
        controller.stop()


def test_notice_is_delivered_by_a_real_smtp_server(board: Board, smtp_server: tuple[Store, int]) -> None:
    store, port = smtp_server
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_TIMEOUT=10,
    ):
        result = notice_send(actor=board.secretary, meeting=board.meeting)

    assert result.sent == 2
    assert mail.outbox == []  # really went over SMTP
    assert sorted(rcpt for _from, rcpts, _data in store.received for rcpt in rcpts) == [
        "anna@example.test",
        "bo@example.test",
    ]
    mail_from, _rcpts, data = next(r for r in store.received if r[1] == ["anna@example.test"])
    assert mail_from == parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    # Django folds a long encoded subject onto its own line; unfolded, it starts with a space.
    assert str(message["Subject"]).strip().startswith("Kallelse till sammanträde: Samrådsorgan Fyrbodal")
    assert str(message["To"]) == "anna@example.test"

    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content()
    assert "Var god anmäl eventuellt förhinder" in text
    target = absence_target(text)
    assert (target.object_id, target.person_id) == (board.meeting.pk, board.anna.pk)
    html = message.get_body(preferencelist=("html",))
    assert html is not None and "Budget för 2027" in html.get_content()

    parts = {part.get_filename(): part for part in message.iter_attachments()}
    pdf = parts[f"kallelse-{START.date().isoformat()}.pdf"]
    assert pdf.get_content_type() == "application/pdf"
    pdf_bytes = pdf.get_payload(decode=True)
    assert isinstance(pdf_bytes, bytes) and pdf_bytes.startswith(b"%PDF")

    ics = parts["inbjudan.ics"]
    assert ics.get_content_type() == "text/calendar"
    assert ics.get_param("method") == "REQUEST"
    cal = Calendar.from_ical(ics.get_content())
    assert str(cal["METHOD"]) == "REQUEST"
    event = cal.events[0]
    assert str(event["UID"]) == f"{board.meeting.uid}@samverkan"
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert event.start == START
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["ATTENDEE"]).lower() == "mailto:anna@example.test"
    assert "Hemligsson" not in ics.get_content()
