"""E-mail subscriptions: double opt-in by a signed link, news at once or as a daily digest sent
by the worker (each entry once), one-click unsubscribe (RFC 8058) in every mail, the page of
one's subscriptions, rate limits, no address shown, confidential items never mailed, a member's
one click, and the subscriber's data in the personal-data export and erasure."""

from __future__ import annotations

import datetime
import email
import email.policy
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone

from samverkan.meetings import services as meeting_services
from samverkan.meetings.models import AgendaItem, Meeting, Minutes
from samverkan.subscriptions import mail as subscription_mail
from samverkan.subscriptions.models import Mailing, Subscription
from tests.meetings.test_notice_email import Store, smtp_server  # noqa: F401  (a fixture)
from tests.support import Personas

pytestmark = pytest.mark.django_db

ADDRESS = "lisa.lasare@example.test"


def subscribe(client: Client, query: str, address: str = ADDRESS, frequency: str = "immediate") -> Any:
    return client.post(f"/prenumerera/?{query}", {"email": address, "frequency": frequency})


def link(message: Any, kind: str) -> str:
    found = re.search(rf"http://127\.0\.0\.1:8000(/prenumer[a-z]+/{kind}[^\s]*)", message.body)
    assert found, message.body
    return found.group(1)


def confirmed_subscription(personas: Personas, frequency: str = "immediate") -> Subscription:
    client = Client()
    assert subscribe(client, f"organ={personas.body.key}", frequency=frequency).status_code == 302
    (confirmation,) = mail.outbox
    client.post(link(confirmation, "bekrafta/"))
    mail.outbox.clear()
    return Subscription.objects.get()


def test_subscribe_confirm_receive_and_unsubscribe_with_one_click(personas: Personas) -> None:
    client = Client()
    page = client.get(f"/prenumerera/?organ={personas.body.key}")
    assert page.status_code == 200
    assert "Följ Testorganet via e-post" in page.content.decode()
    response = subscribe(client, f"organ={personas.body.key}")
    assert response.status_code == 302 and response["Location"] == "/prenumerera/skickat/"
    assert ADDRESS not in client.get("/prenumerera/skickat/").content.decode()

    (confirmation,) = mail.outbox
    assert confirmation.to == [ADDRESS]
    assert confirmation.subject == "Bekräfta din prenumeration: Testorganet"
    assert confirmation.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert confirmation.extra_headers["List-Unsubscribe"].startswith("<http://127.0.0.1:8000/prenumerationer/avsluta/")
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None

    # Nothing is sent before the address is confirmed.
    meeting_services.meeting_plan(actor=None, body=personas.body, start=timezone.now() + datetime.timedelta(days=9))
    mail.outbox.clear()
    assert subscription_mail.due() == {"mails": 0, "entries": 0}

    confirm = link(confirmation, "bekrafta/")
    assert "Bekräfta" in client.get(confirm).content.decode()
    Subscription.objects.get(confirmed_at__isnull=True)  # a GET (a mail scanner) confirms nothing
    assert "Prenumerationen är bekräftad" in client.post(confirm).content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None

    # A change to the body: the worker mails it, once.
    meeting = meeting_services.meeting_plan(
        actor=None, body=personas.body, start=timezone.now() + datetime.timedelta(days=20), location_name="Stadshuset"
    )
    assert subscription_mail.due() == {"mails": 1, "entries": 1}
    (news,) = mail.outbox
    assert news.subject == "Nytt om Testorganet"
    assert f"http://127.0.0.1:8000/moten/{meeting.pk}/" in news.body
    assert "Stadshuset" in news.body
    assert news.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert subscription_mail.due() == {"mails": 0, "entries": 0}
    assert list(Mailing.objects.values_list("kind", "entries")) == [("confirm", 0), ("digest", 1)]

    # RFC 8058: the mail program posts to the List-Unsubscribe address, with no session.
    unsubscribe = news.extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://127.0.0.1:8000")
    one_click = Client(enforce_csrf_checks=True).post(
        unsubscribe, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert one_click.status_code == 200
    assert Subscription.objects.count() == 0
    mail.outbox.clear()
    meeting_services.meeting_plan(actor=None, body=personas.body, start=timezone.now() + datetime.timedelta(days=30))
    assert subscription_mail.due() == {"mails": 0, "entries": 0}
    assert mail.outbox == []
    assert "redan avslutad" in Client().get(unsubscribe).content.decode()


def test_a_daily_digest_is_sent_once_a_day_from_the_hour(personas: Personas) -> None:
    confirmed_subscription(personas, frequency="daily")
    meeting_services.meeting_plan(actor=None, body=personas.body, start=timezone.now() + datetime.timedelta(days=9))
    meeting_services.meeting_plan(actor=None, body=personas.body, start=timezone.now() + datetime.timedelta(days=10))
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    early = tomorrow.replace(hour=5, minute=0)
    assert subscription_mail.due(early) == {"mails": 0, "entries": 0}
    morning = tomorrow.replace(hour=7, minute=30)
    assert subscription_mail.due(morning) == {"mails": 1, "entries": 2}
    later = meeting_services.meeting_plan(
        actor=None, body=personas.body, start=timezone.now() + datetime.timedelta(days=11)
    )
    Meeting.objects.filter(pk=later.pk).update(
        updated_at=morning + datetime.timedelta(hours=1)
    )  # planned after the digest
    assert subscription_mail.due(morning + datetime.timedelta(hours=3)) == {"mails": 0, "entries": 0}
    assert subscription_mail.due(morning + datetime.timedelta(days=1)) == {"mails": 1, "entries": 1}
    assert len(mail.outbox) == 2


def test_confidential_items_and_draft_minutes_are_never_mailed(personas: Personas) -> None:
    confirmed_subscription(personas)
    meeting = meeting_services.meeting_plan(
        actor=None, body=personas.body, start=timezone.now() - datetime.timedelta(days=1), with_procedural_items=False
    )
    AgendaItem.objects.create(meeting=meeting, position=1, title="Öppet beslut", decision="Bifall.", paragraph=1)
    AgendaItem.objects.create(
        meeting=meeting, position=2, title="Hemlig personalfråga", decision="Hemligt.", paragraph=2, confidential=True
    )
    Minutes.objects.create(meeting=meeting, status=Minutes.Status.AWAITING_ADJUSTMENT)
    subscription_mail.due()
    assert "Öppet beslut" not in mail.outbox[0].body  # the minutes are not published yet
    mail.outbox.clear()
    Minutes.objects.filter(meeting=meeting).update(status=Minutes.Status.ADJUSTED, published_at=timezone.now())
    subscription_mail.due()
    (news,) = mail.outbox
    assert "§ 1 Öppet beslut" in news.body
    assert "Hemlig" not in news.body


def test_the_page_of_ones_subscriptions(personas: Personas) -> None:
    subscription = confirmed_subscription(personas)
    client = Client()
    subscribe(client, f"huvudman={personas.principal.key}")
    subscribe(client, f"organ={personas.other_body.key}", address="someone.else@example.test")
    mail.outbox.clear()
    assert client.post("/prenumerationer/", {"email": ADDRESS}).status_code == 302
    (message,) = mail.outbox
    page = client.get(link(message, ""))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Testorganet" in html and "Testkommunen" in html and "Grannorganet" not in html
    assert ADDRESS not in html
    assert "inte än" in html  # the principal's subscription is not confirmed yet
    # An address without subscriptions gets no mail, and the same page.
    mail.outbox.clear()
    assert client.post("/prenumerationer/", {"email": "nobody@example.test"})["Location"] == "/prenumerera/skickat/"
    assert mail.outbox == []
    # Each row ends its own subscription.
    token = re.search(r'action="(/prenumerationer/avsluta/[^"]+)"', html)
    assert token
    client.post(token.group(1))
    assert (
        not Subscription.objects.filter(pk=subscription.pk).exists()
        or Subscription.objects.filter(email=ADDRESS).count() == 1
    )


def test_forged_expired_and_unknown_links_say_why(personas: Personas) -> None:
    client = Client()
    subscribe(client, f"organ={personas.body.key}")
    confirm = link(mail.outbox[0], "bekrafta/")
    forged = confirm[:-3] + "abc/"
    response = client.get(forged)
    assert response.status_code == 404 and "skadad" in response.content.decode()
    later = timezone.now() + datetime.timedelta(days=8)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("time.time", lambda: later.timestamp())
        expired = client.post(confirm)
    assert expired.status_code == 404 and "gått ut" in expired.content.decode()
    assert Subscription.objects.get().confirmed_at is None
    assert client.get("/prenumerera/?organ=finns-inte").status_code == 404
    assert client.get("/prenumerera/").status_code == 404


def test_what_the_public_cannot_see_cannot_be_followed(personas: Personas) -> None:
    from tests.support import referral_world

    world = referral_world(personas)
    assert Client().get(f"/prenumerera/?rekommendation={world.draft.pk}").status_code == 404
    assert Client().get(f"/prenumerera/?rekommendation={world.sent.pk}").status_code == 200


def test_rate_limits_per_address_and_per_client(personas: Personas) -> None:
    client = Client()
    bodies = [personas.body, personas.other_body]
    for i in range(5):
        assert subscribe(client, f"organ={bodies[i % 2].key}").status_code == 302
    refused = subscribe(client, f"organ={personas.body.key}")
    assert refused.status_code == 429
    assert "För många" in refused.content.decode()
    for i in range(15):
        assert subscribe(client, f"organ={personas.body.key}", address=f"person{i}@example.test").status_code == 302
    assert subscribe(client, f"organ={personas.body.key}", address="one.more@example.test").status_code == 429
    other_client = Client(REMOTE_ADDR="10.0.0.9")
    assert subscribe(other_client, f"organ={personas.body.key}", address="one.more@example.test").status_code == 302


def test_a_second_request_tells_nothing_and_adds_nothing(personas: Personas) -> None:
    confirmed_subscription(personas)
    response = subscribe(Client(), f"organ={personas.body.key}")
    assert response["Location"] == "/prenumerera/skickat/"
    assert Subscription.objects.count() == 1
    assert mail.outbox == []


def test_a_member_follows_their_bodies_with_one_click(personas: Personas, login: Callable[[str], Client]) -> None:
    personas.member.email = "maria@example.test"
    personas.member.save()
    client = login("member")
    assert "Följ mina organs sammanträden via e-post" in client.get("/konto/").content.decode()
    response = client.post("/prenumerera/mina-organ/")
    assert response.status_code == 302
    (subscription,) = Subscription.objects.all()
    assert (subscription.email, subscription.body, subscription.confirmed_at is not None) == (
        "maria@example.test",
        personas.body,
        True,
    )
    client.post("/prenumerera/mina-organ/")
    assert Subscription.objects.count() == 1
    assert Client().post("/prenumerera/mina-organ/").status_code == 302  # to the log-in page
    assert Subscription.objects.count() == 1


def test_subscriptions_are_in_the_personal_data_export_and_erasure(personas: Personas) -> None:
    from samverkan.privacy import selectors as privacy_selectors
    from samverkan.privacy.services import personal_data_erase

    personas.person.email = ADDRESS
    personas.person.save()
    confirmed_subscription(personas)
    subject = privacy_selectors.subject_for_person(personas.person.pk)
    assert subject is not None
    section = next(s for s in privacy_selectors.holdings(subject) if s.key == "subscriptions")
    assert [row["följer"] for row in section.rows] == ["Testorganet"]
    personal_data_erase(actor=personas.administrator, subject=subject)
    assert Subscription.objects.count() == 0


def test_the_mails_go_through_a_real_smtp_server(personas: Personas, smtp_server: tuple[Store, int]) -> None:  # noqa: F811
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
        subscribe(Client(), f"organ={personas.body.key}")
    (received,) = store.received
    message = email.message_from_bytes(received[2], policy=email.policy.default)
    assert received[1] == [ADDRESS]
    assert str(message["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
    assert str(message["List-Unsubscribe"]).strip().startswith("<http://127.0.0.1:8000/prenumerationer/avsluta/")
