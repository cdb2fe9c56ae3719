"""Alerts before an agreement ends or is followed up (issue 16, point 4): the responsible body's
secretaries and the agreement's subscribers are mailed at the lead times the agreement sets,
each alert once however often the worker runs, read from a real SMTP server; the clock is
moved by running the alerts on the days that matter."""

from __future__ import annotations

import datetime
import email
import email.policy
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from samverkan.agreements import services
from samverkan.agreements.models import Agreement, months_before
from samverkan.subscriptions import alerts
from samverkan.subscriptions.models import AgreementAlert, Subscription
from tests.meetings.test_notice_email import Store, smtp_server  # noqa: F401  (a fixture)
from tests.support import Personas

pytestmark = pytest.mark.django_db

SUBSCRIBER = "sara.prenumerant@example.test"
END = datetime.date(2027, 8, 31)


def agreement(personas: Personas, **fields: Any) -> Agreement:
    values: dict[str, Any] = {
        "title": "Samverkansavtal om hjälpmedel",
        "kind": "accord",
        "status": "adopted",
        "body": personas.body,
        "public": True,
        "valid_from": datetime.date(2023, 1, 1),
        "valid_until": END,
    }
    values.update(fields)
    return services.agreement_create(actor=personas.secretary, key="hjalpmedel", source="test", **values)


def subscribe(target: Agreement, address: str = SUBSCRIBER) -> Subscription:
    now = timezone.now()
    return Subscription.objects.create(
        email=address, topic="agreement", agreement=target, frequency="daily", confirmed_at=now, sent_until=now
    )


@pytest.fixture
def smtp(smtp_server: tuple[Store, int]) -> Iterator[Callable[[], list[tuple[list[str], Any]]]]:  # noqa: F811
    """Mail goes to a real SMTP server; the fixture reads what it received so far (and forgets it)."""
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

        def received() -> list[tuple[list[str], Any]]:
            got = [(r[1], email.message_from_bytes(r[2], policy=email.policy.default)) for r in store.received]
            store.received.clear()
            return sorted(got, key=lambda m: m[0])

        yield received


def subject(message: Any) -> str:
    return str(message["Subject"]).strip()


def text(message: Any) -> str:
    return str(message.get_body(preferencelist=("plain",)).get_content())


def test_six_and_three_months_before_the_end_each_once(personas: Personas, smtp: Callable[[], Any]) -> None:
    target = agreement(personas)
    subscribe(target)
    six, three = months_before(END, 6), months_before(END, 3)
    assert (six, three) == (datetime.date(2027, 2, 28), datetime.date(2027, 5, 31))

    assert alerts.due(six - datetime.timedelta(days=1)) == {"alerts": 0, "mails": 0}
    assert smtp() == []

    assert alerts.due(six) == {"alerts": 1, "mails": 2}
    (subscriber, subscriber_mail), (secretary, secretary_mail) = smtp()  # by address
    assert secretary == [personas.secretary.email] and subscriber == [SUBSCRIBER]
    assert subject(secretary_mail) == "”Samverkansavtal om hjälpmedel” upphör den 31 augusti 2027"
    body = text(secretary_mail)
    assert "Avtalet ”Samverkansavtal om hjälpmedel” upphör att gälla den 31 augusti 2027." in body
    assert "Det är om 184 dagar." in body
    assert "som sekreterare för Testorganet" in body
    assert "http://127.0.0.1:8000/avtal/hjalpmedel/" in body
    assert "List-Unsubscribe" not in secretary_mail
    # The subscriber's mail has the one-click unsubscribe and names no one else.
    assert str(subscriber_mail["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
    assert "sekreterare" not in text(subscriber_mail)
    assert personas.secretary.email not in subscriber_mail.as_string()

    # Re-runs (the worker every minute, a second worker) send nothing more.
    for day in (six, six, six + datetime.timedelta(days=1), three - datetime.timedelta(days=1)):
        assert alerts.due(day) == {"alerts": 0, "mails": 0}
    assert smtp() == []

    assert alerts.due(three) == {"alerts": 1, "mails": 2}
    mails = smtp()
    assert [subject(m) for _to, m in mails] == ["”Samverkansavtal om hjälpmedel” upphör den 31 augusti 2027"] * 2
    assert alerts.due(three) == {"alerts": 0, "mails": 0}
    assert alerts.due(END) == {"alerts": 0, "mails": 0}
    assert smtp() == []
    assert list(AgreementAlert.objects.values_list("occasion", "on", "months", "mailed", "recipients")) == [
        ("end", END, 6, True, 2),
        ("end", END, 3, True, 2),
    ]


def test_registered_late_one_mail_says_it_and_an_extension_is_alerted_again(
    personas: Personas, smtp: Callable[[], Any]
) -> None:
    target = agreement(personas)
    day = months_before(END, 2)  # both lead times have passed
    assert alerts.due(day) == {"alerts": 1, "mails": 1}
    ((_to, message),) = smtp()
    # Both lead times have passed: the subject names the date, not a lead time that is no longer
    # true ("upphör om 3 månader" when it was two).
    assert subject(message) == "”Samverkansavtal om hjälpmedel” upphör den 31 augusti 2027"
    assert "Det är om 62 dagar." in text(message)
    assert alerts.due(day) == {"alerts": 0, "mails": 0}
    assert list(AgreementAlert.objects.values_list("months", "mailed")) == [(6, False), (3, True)]

    # Extended by two years: the new end is alerted in its time, once.
    services.agreement_extend(
        actor=personas.secretary,
        agreement=target,
        version=target.version,
        until=datetime.date(2029, 8, 31),
        until_replaced=True,
    )
    assert alerts.due(day) == {"alerts": 0, "mails": 0}
    assert alerts.due(datetime.date(2029, 2, 28)) == {"alerts": 1, "mails": 1}
    ((_to, message),) = smtp()
    assert "Det gäller tills ett nytt avtal finns, längst till det datumet." in text(message)


def test_the_follow_up_date_is_alerted_too(personas: Personas, smtp: Callable[[], Any]) -> None:
    agreement(personas, valid_until=None, follow_up_on=datetime.date(2026, 12, 15), alert_months="1")
    assert alerts.due(datetime.date(2026, 11, 15)) == {"alerts": 1, "mails": 1}
    ((_to, message),) = smtp()
    assert subject(message) == "”Samverkansavtal om hjälpmedel” ska följas upp den 15 december 2026"
    assert "ska följas upp den 15 december 2026." in text(message)


def test_what_is_not_alerted(personas: Personas, smtp: Callable[[], Any]) -> None:
    """No lead times, a terminated agreement, a draft: nothing. A non-public agreement: its
    secretaries only, never its (earlier) subscribers."""
    quiet = agreement(personas, alert_months="")
    subscribe(quiet)
    services.agreement_create(
        actor=personas.secretary,
        key="avslutat",
        title="Avslutat",
        status="terminated",
        body=personas.body,
        valid_until=END,
        source="test",
    )
    services.agreement_create(
        actor=personas.secretary,
        key="utkast",
        title="Utkast",
        status="draft",
        body=personas.body,
        valid_until=END,
        source="test",
    )
    secret = services.agreement_create(
        actor=personas.secretary,
        key="internt",
        title="Internt avtal",
        status="adopted",
        body=personas.body,
        valid_until=END,
        public=False,
        source="test",
    )
    subscribe(secret)
    assert alerts.due(months_before(END, 6)) == {"alerts": 1, "mails": 1}
    ((to, message),) = smtp()
    assert to == [personas.secretary.email]
    assert "Internt avtal" in subject(message)


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_them(personas: Personas, smtp: Callable[[], Any]) -> None:
    """As in production: the worker's clock (settings.SAMVERKAN_PERIODIC_TASKS) enqueues the
    alerts in the database queue and the worker runs them; a second run sends nothing."""
    today = timezone.localdate()
    agreement(personas, valid_until=today + datetime.timedelta(days=80))
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        call_command("worker", batch=True, startup_delay=False, reload=False, verbosity=0)
        mails = [m for m in smtp() if "upphör den" in subject(m[1])]
        assert [to for to, _m in mails] == [[personas.secretary.email]]
        call_command("worker", batch=True, startup_delay=False, reload=False, verbosity=0)
        assert [m for m in smtp() if "upphör" in subject(m[1])] == []


def test_the_secretary_sets_the_lead_times(personas: Personas, login: Callable[[str], Client]) -> None:
    target = agreement(personas)
    assert target.alert_lead_months == [6, 3]
    client = login("secretary")
    form = {
        "version": target.version,
        "title": target.title,
        "kind": "accord",
        "status": "adopted",
        "body": personas.body.pk,
        "valid_from": "2023-01-01",
        "valid_until": "2027-08-31",
        "public": "on",
    }
    page = client.post(f"/avtal/{target.key}/andra/", form | {"alert_months": "sex"}, HTTP_ACCEPT_LANGUAGE="sv")
    assert page.status_code == 200
    assert "Skriv hela månader från 1 till 99" in page.content.decode()
    done = client.post(f"/avtal/{target.key}/andra/", form | {"alert_months": "12, 1"})
    assert done.status_code == 302
    assert Agreement.objects.get(pk=target.pk).alert_lead_months == [12, 1]
    page = client.get(target.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "får e-post 12, 1 månader innan avtalet upphör" in page
    # The next alerts are on the page; the public sees none of it.
    assert "Nästa: " in page
    assert "Påminnelser via e-post" not in Client().get(target.get_absolute_url()).content.decode()
    mail.outbox.clear()


def test_the_agreement_page_lists_the_alerts_sent_for_its_editors(
    personas: Personas, login: Callable[[str], Client], smtp: Callable[[], Any]
) -> None:
    target = agreement(personas)
    alerts.due(months_before(END, 2))  # both lead times passed: one mail for both
    smtp()
    page = login("secretary").get(target.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    table = page.split("<caption>Skickade påminnelser</caption>")[1].split("</table>")[0]
    assert table.count("<tr>") == 3  # the head and two rows
    assert "31 augusti 2027" in table and "avtalet upphör" in table
    assert "6 (i samma brev som den kortare)" in table
    for who in ("anonymous", "member", "other_secretary"):
        assert "Skickade påminnelser" not in login(who).get(target.get_absolute_url()).content.decode(), who
