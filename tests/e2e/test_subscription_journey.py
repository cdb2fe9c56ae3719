"""A member of the public follows SRO by e-mail in a real browser, with the mail read from a
real (local) SMTP server: subscribe, confirm from the mail's link, a meeting planned for SRO
brings the news, and the mail's one-click link ends it; the next change brings nothing. The
subscription pages pass axe (WCAG 2.1 AA)."""

from __future__ import annotations

import datetime
import email
import email.policy
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from django.test import override_settings
from django.utils import timezone

try:
    from playwright.sync_api import expect
except ImportError as exc:
    pytest.skip(
        f"chromium is not available: the playwright package cannot be imported ({exc})", allow_module_level=True
    )

from tests.e2e.test_accessibility import assert_no_violations, run_axe
from tests.meetings.test_notice_email import Store, free_port

if TYPE_CHECKING:
    from playwright.sync_api import Page

ADDRESS = "journalist@example.test"


@pytest.fixture
def smtp() -> Iterator[Store]:
    from aiosmtpd.controller import Controller

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


def messages_to(store: Store, address: str) -> list[Any]:
    return [
        email.message_from_bytes(data, policy=email.policy.default)
        for _f, rcpts, data in store.received
        if address in rcpts
    ]


def text_of(message: Any) -> str:
    return str(message.get_body(preferencelist=("plain",)).get_content())


def on_site(url: str, site: str) -> str:
    """The mails' links are on SITE_URL; the browser opens the same path on the live server."""
    path = re.sub(r"^https?://[^/]+", "", url)
    return site + path


def test_follow_a_body_by_email_and_stop_with_one_click(axe_page: Page, site: str, smtp: Store) -> None:
    from samverkan.meetings import services as meeting_services
    from samverkan.structure.models import Body
    from samverkan.subscriptions import mail as subscription_mail
    from samverkan.subscriptions.models import Subscription

    page = axe_page
    Subscription.objects.filter(email=ADDRESS).delete()
    page.goto("/organ/sro/")
    page.get_by_role("link", name="Följ via e-post").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("via e-post")
    assert_no_violations(run_axe(page))
    page.get_by_label("Din e-postadress").fill(ADDRESS)
    page.get_by_label("Genast").check()
    page.get_by_role("button", name="Prenumerera").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Titta i din e-post")
    assert ADDRESS not in page.content()

    (confirmation,) = messages_to(smtp, ADDRESS)
    assert str(confirmation["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
    confirm = re.search(r"https?://\S+/prenumerera/bekrafta/\S+", text_of(confirmation))
    assert confirm
    page.goto(on_site(confirm.group(0), site))
    assert_no_violations(run_axe(page))
    page.get_by_role("button", name="Bekräfta prenumerationen").click()
    expect(page.get_by_role("status")).to_have_text("Prenumerationen är bekräftad.")

    sro = Body.objects.get(key="sro")
    meeting = meeting_services.meeting_plan(
        actor=None, body=sro, start=timezone.now() + datetime.timedelta(days=40), location_name="Regionens hus"
    )
    subscription_mail.due()
    news = messages_to(smtp, ADDRESS)[1]
    assert str(news["Subject"]).strip().startswith("Nytt om")
    assert f"/moten/{meeting.pk}/" in text_of(news)
    unsubscribe = str(news["List-Unsubscribe"]).strip("<> ")
    page.goto(on_site(unsubscribe, site))
    assert_no_violations(run_axe(page))
    page.get_by_role("button", name="Avsluta prenumerationen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Prenumerationen är avslutad")

    meeting_services.meeting_plan(actor=None, body=sro, start=timezone.now() + datetime.timedelta(days=50))
    subscription_mail.due()
    assert len(messages_to(smtp, ADDRESS)) == 2
    assert not Subscription.objects.filter(email=ADDRESS).exists()
