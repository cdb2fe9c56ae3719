"""The report-back on the agenda in the interface's language: its title and text are stored in
Swedish with the agenda (the documents and the secretary's editing keep them as written); the
pages show the labels the system wrote in English for an English visitor, and the
recommendation's title, the figures and any line a person wrote as stored."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from samverkan.meetings import report_backs
from samverkan.meetings import services as meeting_services
from samverkan.referrals import services, tasks
from tests.factories import UserFactory
from tests.referrals import test_reminders
from tests.referrals.factories import principals_with_registrars, sent_recommendation
from tests.referrals.test_reminders import move, recipients
from tests.support import logged_in

pytestmark = pytest.mark.django_db

body, meetings = test_reminders.body, test_reminders.meetings  # the fixtures

SWEDISH_LABELS = [
    "Återrapportering",
    "skickades till",
    "Bifall",
    "Avslag",
    "Har inte svarat",
    "Utfall enligt",
    "Remissvar",
]


def page(url: str, language: str, client: Client | None = None) -> str:
    client = client or Client()
    client.cookies["django_language"] = language
    return client.get(url).content.decode()


def test_the_report_back_reads_in_english_with_the_recommendation_as_written(body, meetings):
    adopted = sent_recommendation(
        body=body, principals=principals_with_registrars(2), title="Gemensam hjälpmedelsnämnd"
    )
    for recipient in recipients(adopted):
        services.response_record(actor=None, recipient=recipient, answer="approved", via="link")
    consultation = sent_recommendation(
        body=body, principals=principals_with_registrars(2), title="Remiss om äldreomsorgen", kind="consultation"
    )
    first, _second = recipients(consultation)
    services.response_record(actor=None, recipient=first, answer="written", text="Inga synpunkter.", via="link")
    move(consultation, deadline=timezone.localdate() - datetime.timedelta(days=1))
    tasks.due_work.enqueue()
    adopted.refresh_from_db()
    item = adopted.report_back.item
    # Stored as the agenda is written: in Swedish (unchanged).
    assert item.title == "Återrapportering: Gemensam hjälpmedelsnämnd"
    assert item.proposal.endswith("Bifall: 2. Avslag: 0. Har inte svarat: 0.\nUtfall enligt beslutsregeln: antagen.")
    deadline = f"{adopted.deadline:%Y-%m-%d}"

    url = meetings["next"].get_absolute_url()
    english = page(url, "en")
    assert "Report-back: Gemensam hjälpmedelsnämnd" in english
    assert (
        f"The recommendation “Gemensam hjälpmedelsnämnd” was sent to 2 principals with answers due by {deadline}."
        in english
    )
    assert "Approved: 2. Rejected: 0. Not answered: 0." in english
    assert "Outcome under the adoption rule: adopted." in english
    assert "Report-back: Remiss om äldreomsorgen" in english
    assert "Answers to the consultation have come from 1 of 2." in english
    for label in SWEDISH_LABELS:
        assert label not in english, label
    # The secretary's agenda shows the title the same way.
    secretary = UserFactory(username="bg-secretary")
    body.secretaries.add(secretary)
    agenda = page(reverse("meetings:agenda", kwargs={"pk": meetings["next"].pk}), "en", logged_in(secretary))
    assert "Report-back: Gemensam hjälpmedelsnämnd" in agenda

    # In Swedish the page shows exactly what is stored.
    swedish = page(url, "sv")
    assert "Återrapportering: Gemensam hjälpmedelsnämnd" in swedish
    assert "Utfall enligt beslutsregeln: antagen." in swedish
    assert "Remissvar har kommit från 1 av 2." in swedish


def test_a_line_the_secretary_wrote_stays_as_written(body, meetings):
    rec = sent_recommendation(body=body, principals=principals_with_registrars(1), title="Avtal om hjälpmedel")
    services.response_record(actor=None, recipient=recipients(rec)[0], answer="rejected", via="link")
    rec.refresh_from_db()
    item = rec.report_back.item
    text = item.proposal + "\nOrdföranden kommenterade utfallet."
    meeting_services.item_update(actor=None, item=item, version=item.version, proposal=text)

    english = page(meetings["next"].get_absolute_url(), "en")

    assert "Outcome under the adoption rule: not adopted." in english
    assert "Ordföranden kommenterade utfallet." in english


@pytest.mark.parametrize(
    "status_line",
    [
        report_backs.outcome_line(report_backs.OUTCOME_ADOPTED),
        report_backs.outcome_line(report_backs.OUTCOME_NOT_ADOPTED),
        report_backs.outcome_line(report_backs.OUTCOME_ANSWERED),
        report_backs.outcome_line(report_backs.OUTCOME_UNDECIDED),
        report_backs.outcome_line(report_backs.outcome_adopted_for(3)),
        report_backs.count_line(3, 1, 2),
        report_backs.answered_line(2, 5),
        report_backs.sent_line("Avtal ”A”", 5, datetime.date(2026, 12, 1)),
    ],
)
def test_every_line_the_system_writes_reads_back_the_same_in_swedish_and_translated_in_english(status_line):
    title = report_backs.title("Avtal")
    with translation.override("sv"):
        assert report_backs.shown_text(status_line, title) == status_line
        assert report_backs.shown_title(title) == title
    with translation.override("en"):
        english = report_backs.shown_text(status_line, title)
    assert english != status_line
    assert not any(label in english for label in [*SWEDISH_LABELS, "antagen", "avgjord", "huvudmän"]), english
    # Another item's text is never rewritten.
    with translation.override("en"):
        assert report_backs.shown_text(status_line, "Budget 2027") == status_line
