"""Mail reaches people, clicked through in chromium, with the mail read back from a local SMTP
server: the secretary sees whom the notice will reach and whom not before confirming, and every
member with an address (their own, or their user account's) gets it; the adjuster gets the
personal link by mail, opens it, sees the attendance and the items, and adjusts.

The journey works on a body of its own (records nobody else reads), so it runs in any order."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from email import message_from_bytes, policy
from typing import TYPE_CHECKING

import pytest

try:
    from playwright.sync_api import expect
except ImportError as exc:
    pytest.skip(
        f"chromium is not available: the playwright package cannot be imported ({exc})", allow_module_level=True
    )
from aiosmtpd.controller import Controller
from django.test import override_settings

from tests.e2e.conftest import SECRETARY
from tests.e2e.test_meeting_journeys import accessible, body_rows, button, heading, link, message
from tests.meetings.test_notice_email import Store, free_port

if TYPE_CHECKING:
    from playwright.sync_api import Page


@pytest.fixture
def smtp() -> Iterator[Store]:
    """A local SMTP server, and the site's mail sent to it."""
    store = Store()
    port = free_port()
    controller = Controller(store, hostname="127.0.0.1", port=port)
    controller.start()
    try:
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
            yield store
    finally:
        controller.stop()


def text_of(data: bytes) -> str:
    parsed = message_from_bytes(data, policy=policy.default)
    body = parsed.get_body(preferencelist=("plain",))  # type: ignore[attr-defined]
    return str(body.get_content())


def test_the_notice_and_the_adjustment_link_reach_their_people(browse_as: Callable[..., Page], smtp: Store) -> None:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from samverkan.meetings import services
    from samverkan.structure.models import Body, Membership, Person

    admin = get_user_model().objects.get(username="e2e-admin")
    body = Body.objects.create(key="e2e-postorganet", name="Postorganet")
    body.secretaries.add(get_user_model().objects.get(username=SECRETARY))
    anna = Person.objects.create(key="e2e-anna-post", name="Anna Post", email="anna.post@example.org")
    account = get_user_model().objects.create_user(username="e2e-ulf-post", email="ulf.konto@example.org")
    ulf = Person.objects.create(key="e2e-ulf-post", name="Ulf Post", user=account)
    nils = Person.objects.create(key="e2e-nils-post", name="Nils Utan")
    for person in (anna, ulf, nils):
        Membership.objects.create(body=body, person=person, role=Membership.Role.MEMBER)
    start = (timezone.localtime() + datetime.timedelta(days=50)).replace(hour=9, minute=0, second=0, microsecond=0)
    meeting = services.meeting_plan(actor=admin, body=body, start=start, location_name="Postkontoret")

    # The secretary sends the notice: first the list of who gets it and who does not.
    secretary = browse_as(SECRETARY, axe=True)
    secretary.goto(meeting.get_absolute_url())
    link(secretary, "Hantera sammanträdet").click()
    link(secretary, "Skicka kallelsen till ledamöterna").click()
    expect(heading(secretary)).to_contain_text("Skicka kallelsen: Postorganet")
    expect(secretary.get_by_role("heading", level=2).first).to_have_text("Den når 2 personer")
    tables = secretary.locator("main table")
    assert body_rows(tables.nth(0)) == [
        ["Anna Post", "anna.post@example.org"],
        ["Ulf Post", "ulf.konto@example.org (användarkontots adress)"],
    ]
    assert body_rows(tables.nth(1)) == [["Nils Utan", "Ingen e-postadress och inget användarkonto"]]
    accessible(secretary)
    assert smtp.received == []
    button(secretary, "Bekräfta och skicka").click()
    expect(message(secretary)).to_contain_text("Kallelsen skickas: 2 e-postmeddelanden.")
    assert sorted(rcpt for _from, rcpts, _data in smtp.received for rcpt in rcpts) == [
        "anna.post@example.org",
        "ulf.konto@example.org",
    ]

    # After the meeting: roll call and minutes; Ulf adjusts, and gets his link by mail.
    held = services.meeting_plan(
        actor=admin, body=body, start=timezone.now() - datetime.timedelta(hours=2), location_name="Postkontoret"
    )
    services.roll_call_prepare(actor=admin, meeting=held)
    smtp.received.clear()
    secretary.goto(held.get_absolute_url())
    link(secretary, "Hantera sammanträdet").click()
    link(secretary, "Protokoll").click()
    secretary.locator("#id_adjusters").get_by_label("Ulf Post", exact=True).check()
    button(secretary, "Upprätta och skicka för justering").click()
    expect(message(secretary)).to_contain_text("Protokollet är upprättat och skickat för justering.")
    expect(secretary.locator("main table").first).to_contain_text("Skickad till ulf.konto@example.org")
    accessible(secretary)
    [(_from, rcpts, data)] = smtp.received
    assert rcpts == ["ulf.konto@example.org"]
    [url] = re.findall(r"https?://\S+/justering/\S+/", text_of(data))

    adjuster = browse_as(None, axe=True)
    adjuster.goto(re.sub(r"^https?://[^/]+", "", url))
    expect(heading(adjuster)).to_have_text("Justera protokollet")
    expect(adjuster.locator("main")).to_contain_text("Justerare: Ulf Post.")
    attendance = body_rows(adjuster.locator("main table").first)
    assert [row[0].splitlines()[0] for row in attendance] == ["Anna Post", "Nils Utan", "Ulf Post"]
    expect(adjuster.locator("main")).to_contain_text("Mötet öppnas")
    accessible(adjuster)
    button(adjuster, "Jag bekräftar protokollet").click()
    expect(adjuster.get_by_role("status")).to_contain_text("Protokollet är justerat och publicerat.")
