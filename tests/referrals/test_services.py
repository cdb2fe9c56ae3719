"""The services of recommendations: creating, sending, answering, links, updating and
withdrawing, each with the audit row it must leave. E-mail goes to django.core.mail.outbox (the
test settings run tasks at once)."""

from __future__ import annotations

import datetime
import logging
import uuid

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from samverkan.core.models import AuditEvent
from samverkan.referrals import deadlines, links, services
from samverkan.referrals.models import Recipient, Recommendation, Reminder, Response
from samverkan.structure.models import Population
from tests.factories import BodyFactory, GroupingFactory, PrincipalFactory, UserFactory
from tests.referrals.factories import principals_with_registrars, sent_recommendation
from tests.support import pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are compared with the source strings; the site itself speaks Swedish."""
    with translation.override("en"):
        yield


TODAY = timezone.localdate


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def draft(principals, *, body=None, actor=None, **fields) -> Recommendation:
    fields.setdefault("title", "Gemensam riktlinje för hjälpmedel")
    fields.setdefault("question", "X kommun ställer sig bakom riktlinjen.")
    fields.setdefault("deadline", days(30))
    return services.recommendation_create(
        actor=actor, body=body or BodyFactory(), principals=principals, source="test", **fields
    )


def recipient_of(recommendation: Recommendation, principal) -> Recipient:
    return Recipient.objects.get(recommendation=recommendation, principal=principal)


def audit_actions(obj) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_type__model=obj._meta.model_name, target_id=str(obj.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def stored_files(path: str = "") -> list[str]:
    try:
        folders, files = default_storage.listdir(path)
    except FileNotFoundError:
        return []
    found = [f"{path}/{f}".lstrip("/") for f in files]
    for folder in folders:
        found += stored_files(f"{path}/{folder}".lstrip("/"))
    return found


# --- Creating --------------------------------------------------------------------------------


def test_create_expands_groupings_to_principals_once_each():
    a, b, c, d = (PrincipalFactory(name=f"Kommun {x}") for x in "ABCD")
    north = GroupingFactory(principals=[a, b])
    south = GroupingFactory(principals=[b, c])
    actor = UserFactory()
    recommendation = draft([a], groupings=[north, south], actor=actor)
    assert recommendation.status == Recommendation.Status.DRAFT
    assert list(recommendation.recipients.order_by("principal__name").values_list("principal__name", flat=True)) == [
        "Kommun A",
        "Kommun B",
        "Kommun C",
    ]
    assert not recommendation.recipients.filter(principal=d).exists()
    assert recommendation.created_by == actor
    assert recommendation.reminder_days == [14, 3]
    assert audit_actions(recommendation) == ["create", "update"]  # the row, then its recipients
    event = AuditEvent.objects.filter(target_id=str(recommendation.pk), action="update").get()
    assert event.changes["recipients"] == [[], ["Kommun A", "Kommun B", "Kommun C"]]
    assert event.actor == actor


def test_create_cleans_reminder_days_and_refuses_nonsense():
    principal = PrincipalFactory()
    assert draft([principal], reminder_days=["3", 14, 3]).reminder_days == [14, 3]
    with pytest.raises(ValidationError) as refused:
        draft([principal], reminder_days=[400])
    assert "reminder_days" in refused.value.message_dict
    with pytest.raises(ValidationError):
        draft([principal], reminder_days=["soon"])


def test_create_at_least_needs_a_count_and_nothing_is_saved():
    with pytest.raises(ValidationError):
        draft([PrincipalFactory()], rule="at_least")
    assert not Recommendation.objects.exists()


# --- Sending: refusals -----------------------------------------------------------------------


def assert_unsent(recommendation: Recommendation) -> None:
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.DRAFT
    assert recommendation.sent_at is None
    assert not AuditEvent.objects.filter(target_id=str(recommendation.pk), changes__has_key="status").exists()
    assert not recommendation.recipients.filter(invited_at__isnull=False).exists()
    assert mail.outbox == []


def test_send_refuses_without_recipients():
    recommendation = draft([])
    with pytest.raises(ValidationError) as refused:
        services.recommendation_send(actor=None, recommendation=recommendation)
    assert refused.value.code == "no_recipients"
    assert_unsent(recommendation)


def test_send_refuses_a_past_deadline_but_accepts_today():
    principals = principals_with_registrars(1)
    recommendation = draft(principals)
    Recommendation.objects.filter(pk=recommendation.pk).update(deadline=days(-1))
    with pytest.raises(ValidationError) as refused:
        services.recommendation_send(actor=None, recommendation=recommendation)
    assert refused.value.code == "deadline"
    assert "deadline has passed" in refused.value.messages[0]
    assert_unsent(recommendation)
    Recommendation.objects.filter(pk=recommendation.pk).update(deadline=days(0))
    services.recommendation_send(actor=None, recommendation=recommendation)
    recommendation.refresh_from_db()
    assert recommendation.status == Recommendation.Status.SENT


def test_send_refuses_at_least_more_than_the_recipients():
    principals = principals_with_registrars(2)
    recommendation = draft(principals, rule="at_least", rule_count=3)
    with pytest.raises(ValidationError) as refused:
        services.recommendation_send(actor=None, recommendation=recommendation)
    assert refused.value.message_dict == {"rule_count": ["3 approvals are needed but there are only 2 recipients."]}
    assert_unsent(recommendation)


def test_send_accepts_at_least_equal_to_the_recipients():
    principals = principals_with_registrars(2)
    recommendation = draft(principals, rule="at_least", rule_count=2)
    services.recommendation_send(actor=None, recommendation=recommendation)
    recommendation.refresh_from_db()
    assert recommendation.is_sent
    assert recommendation.population_year is None  # only the population rule fixes a year


def test_send_refuses_the_population_rule_when_a_recipient_lacks_the_deadline_years_figure():
    deadline = datetime.date(TODAY().year + 1, 1, 15)
    have = principals_with_registrars(1, year=deadline.year)
    lacking = principals_with_registrars(1, year=deadline.year - 1)  # only last year's figure
    lacking[0].name = "Saknarby kommun"
    lacking[0].save()
    recommendation = draft(have + lacking, deadline=deadline, rule="population_share", rule_share=50)
    with pytest.raises(ValidationError) as refused:
        services.recommendation_send(actor=None, recommendation=recommendation)
    assert refused.value.code == "population"
    message = refused.value.messages[0]
    assert f"{deadline.year} population" in message
    assert "Saknarby kommun" in message
    assert have[0].name not in message
    assert_unsent(recommendation)
    assert recommendation.population_year is None

    Population.objects.create(
        principal=lacking[0], year=deadline.year, reference_date=datetime.date(deadline.year, 12, 31), inhabitants=5_000
    )
    services.recommendation_send(actor=None, recommendation=recommendation)
    recommendation.refresh_from_db()
    assert recommendation.is_sent
    assert recommendation.population_year == deadline.year
    assert len(mail.outbox) == 2


def test_a_consultation_does_not_need_populations():
    principals = principals_with_registrars(1, population=None)
    recommendation = draft(principals, kind="consultation")
    services.recommendation_send(actor=None, recommendation=recommendation)
    recommendation.refresh_from_db()
    assert recommendation.is_sent


def test_send_twice_is_refused():
    recommendation = sent_recommendation(principals=principals_with_registrars(1))
    with pytest.raises(ValidationError) as refused:
        services.recommendation_send(actor=None, recommendation=recommendation)
    assert refused.value.code == "already_sent"
    assert len(mail.outbox) == 1


# --- Sending: the e-mails --------------------------------------------------------------------


def test_send_emails_each_principals_registrars_their_own_link():
    first, second = principals_with_registrars(2)
    extra = UserFactory(email="kansli@first.example")
    inactive = UserFactory(email="gammal@first.example", is_active=False)
    first.registrars.add(extra, inactive)
    actor = UserFactory()
    recommendation = sent_recommendation(
        principals=[first, second], actor=actor, title="Hjälpmedelsavtal 2027", deadline=days(21)
    )
    assert recommendation.status == Recommendation.Status.SENT
    assert recommendation.sent_at is not None
    assert len(mail.outbox) == 2
    by_to = {tuple(message.to): message for message in mail.outbox}
    assert set(by_to) == {
        tuple(sorted([f"registrator@{first.key}.example", "kansli@first.example"])),
        (f"registrator@{second.key}.example",),
    }
    for principal in (first, second):
        recipient = recipient_of(recommendation, principal)
        message = next(m for m in mail.outbox if f"registrator@{principal.key}.example" in m.to)
        assert "Hjälpmedelsavtal 2027" in message.subject
        assert days(21).isoformat() in message.subject
        assert links.url_for(recipient) in message.body
        assert principal.name in message.body
        assert links.read(links.token_for(recipient)).pk == recipient.pk
        assert recipient.invited_at is not None
        assert recipient.invited_to == ", ".join(message.to)
    # Each link is personal: the first one's link is not in the second one's e-mail.
    first_link = links.url_for(recipient_of(recommendation, first))
    assert first_link not in by_to[(f"registrator@{second.key}.example",)].body
    assert "gammal@first.example" not in " ".join(a for m in mail.outbox for a in m.to)


def test_a_principal_without_a_registrar_email_is_not_invited_and_is_reported(caplog, client):
    with_mail = principals_with_registrars(1)[0]
    without = PrincipalFactory(name="Tystby kommun")
    without.registrars.add(UserFactory(email=""))
    body = BodyFactory()
    secretary = UserFactory()
    body.secretaries.add(secretary)
    with caplog.at_level(logging.WARNING, logger="samverkan.referrals.mail"):
        recommendation = sent_recommendation(principals=[with_mail, without], body=body)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [f"registrator@{with_mail.key}.example"]
    silent = recipient_of(recommendation, without)
    assert silent.invited_at is None
    assert silent.invited_to == ""
    assert any("Tystby kommun" in record.getMessage() for record in caplog.records)
    client.force_login(secretary)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(recommendation.get_absolute_url())
    assert page.status_code == 200
    assert page.content.decode().count("No registrar with an e-mail address") == 1


def test_an_invitation_not_yet_mailed_is_shown_as_waiting_not_as_unreachable(client):
    """Right after sending, before the worker has mailed the invitations, a principal whose
    registrar has an address is waiting for its mail, not "without a registrar with an address"."""
    principal = principals_with_registrars(1)[0]
    body = BodyFactory()
    secretary = UserFactory()
    body.secretaries.add(secretary)
    recommendation = sent_recommendation(principals=[principal], body=body)
    Recipient.objects.filter(recommendation=recommendation).update(invited_at=None, invited_to="")
    client.force_login(secretary)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(recommendation.get_absolute_url()).content.decode()
    assert page.count("Invitation waiting in the mail queue") == 1
    assert "No registrar with an e-mail address" not in page


def test_send_with_notify_false_records_the_invitation_without_mail():
    principals = principals_with_registrars(2)
    recommendation = draft(principals)
    then = timezone.now() - datetime.timedelta(days=3)
    services.recommendation_send(actor=None, recommendation=recommendation, at=then, notify=False)
    assert mail.outbox == []
    assert set(recommendation.recipients.values_list("invited_at", flat=True)) == {then}


def test_send_and_create_are_audited():
    actor = UserFactory()
    recommendation = draft(principals_with_registrars(1), actor=actor)
    services.recommendation_send(actor=actor, recommendation=recommendation)
    send_event = AuditEvent.objects.filter(target_id=str(recommendation.pk), changes__has_key="status").get()
    assert send_event.action == AuditEvent.Action.UPDATE
    assert send_event.changes["status"] == ["draft", "sent"]
    assert send_event.actor == actor
    assert audit_actions(recommendation) == ["create", "update", "update"]


# --- Answers ---------------------------------------------------------------------------------


@pytest.fixture
def one() -> Recipient:
    recommendation = sent_recommendation(principals=principals_with_registrars(1))
    return recommendation.recipients.get()


@pytest.fixture
def consultation_recipient() -> Recipient:
    recommendation = sent_recommendation(principals=principals_with_registrars(1), kind="consultation")
    return recommendation.recipients.get()


def refused(recipient: Recipient, **kwargs) -> dict[str, list[str]]:
    kwargs.setdefault("via", "link")
    with pytest.raises(ValidationError) as error:
        services.response_record(actor=None, recipient=recipient, **kwargs)
    assert Response.objects.count() == 0
    recipient.refresh_from_db()
    assert recipient.current_response is None
    return error.value.message_dict


def test_approval_with_condition_needs_the_condition(one):
    assert refused(one, answer="approved_with_condition", condition="  ") == {
        "condition": ["Write the condition the approval is given under."]
    }
    done = services.response_record(
        actor=None, recipient=one, answer="approved_with_condition", condition=" om staten beslutar ", via="link"
    )
    assert done.response.condition == "om staten beslutar"
    assert done.response.approves


def test_a_condition_is_dropped_from_a_plain_approval(one):
    done = services.response_record(actor=None, recipient=one, answer="approved", condition="glömt", via="link")
    assert done.response.condition == ""


def test_consultation_needs_written_text(consultation_recipient):
    assert refused(consultation_recipient, answer="written", text="\n ") == {
        "text": ["Write the answer to the consultation."]
    }
    done = services.response_record(
        actor=None, recipient=consultation_recipient, answer="written", text="Vi tillstyrker.", via="link"
    )
    assert done.response.text == "Vi tillstyrker."


def test_wrong_answer_type_for_the_kind_is_refused(one, consultation_recipient):
    assert refused(consultation_recipient, answer="approved") == {"answer": ["Choose one of the answers offered."]}
    assert refused(one, answer="written", text="Ett yttrande") == {"answer": ["Choose one of the answers offered."]}
    assert refused(one, answer="maybe") == {"answer": ["Choose one of the answers offered."]}


def test_decided_on_may_be_today_but_not_in_the_future(one):
    assert refused(one, answer="approved", decided_on=days(1)) == {
        "decided_on": ["The decision date cannot be in the future."]
    }
    done = services.response_record(actor=None, recipient=one, answer="approved", decided_on=days(0), via="link")
    assert done.response.decided_on == days(0)


def test_an_unknown_deciding_body_is_refused(one):
    assert "decided_by" in refused(one, answer="approved", decided_by="parliament")


def test_a_changed_answer_adds_a_response_and_keeps_the_history(one):
    registrar = UserFactory()
    first = services.response_record(
        actor=registrar, recipient=one, answer="rejected", decided_on=days(-10), paragraph="§ 4", via="login"
    )
    second = services.response_record(
        actor=registrar, recipient=one, answer="approved", decided_on=days(-1), paragraph="§ 9", via="login"
    )
    assert first.created and second.created
    assert first.response.pk != second.response.pk
    one.refresh_from_db()
    assert one.current_response == second.response
    history = list(one.responses.order_by("answered_at", "pk").values_list("answer", "paragraph"))
    assert history == [("rejected", "§ 4"), ("approved", "§ 9")]
    assert second.response.answered_by == registrar
    event = AuditEvent.objects.filter(target_type__model="response", target_id=str(second.response.pk)).get()
    assert event.action == "create"
    assert event.changes["answer"] == ["rejected", "approved"]
    assert event.changes["paragraph"] == [None, "§ 9"]
    assert event.actor == registrar


def test_the_same_submission_twice_records_once(one):
    key = uuid.uuid4()
    first = services.response_record(actor=None, recipient=one, answer="approved", submission=key, via="link")
    again = services.response_record(actor=None, recipient=one, answer="rejected", submission=key, via="link")
    assert first.created is True
    assert again.created is False
    assert again.response.pk == first.response.pk
    assert again.response.answer == "approved"
    assert Response.objects.count() == 1
    assert AuditEvent.objects.filter(target_type__model="response").count() == 1


def test_an_identical_answer_with_a_new_key_records_nothing_and_a_changed_one_is_an_event(one):
    """The form sent again after the browser's Back button carries a fresh key: the same answer
    records nothing (no second "earlier answer" on the public page); a changed one is new."""
    answer = {"answer": "approved", "decided_on": days(-2), "decided_by": "council", "paragraph": "§ 12"}
    first = services.response_record(actor=None, recipient=one, submission=uuid.uuid4(), via="link", **answer)
    again = services.response_record(actor=None, recipient=one, submission=uuid.uuid4(), via="link", **answer)
    assert (first.created, again.created, again.response.pk) == (True, False, first.response.pk)
    assert Response.objects.count() == 1
    assert AuditEvent.objects.filter(target_type__model="response").count() == 1
    changed = services.response_record(
        actor=None, recipient=one, submission=uuid.uuid4(), via="link", **(answer | {"paragraph": "§ 13"})
    )
    assert changed.created is True
    assert list(one.responses.order_by("pk").values_list("paragraph", flat=True)) == ["§ 12", "§ 13"]


def test_an_identical_answer_counts_an_extract_only_when_one_is_sent(one):
    extract = pdf_bytes(title="Protokollsutdrag")
    answer = {"answer": "rejected", "decided_on": days(-1), "via": "link"}
    first = services.response_record(actor=None, recipient=one, extract=SimpleUploadedFile("kf.pdf", extract), **answer)
    # Sent again from the page Back returns to: the browser keeps no file.
    assert services.response_record(actor=None, recipient=one, **answer).created is False
    # The same file again records nothing either; another file is a new event.
    assert (
        services.response_record(
            actor=None, recipient=one, extract=SimpleUploadedFile("kf.pdf", extract), **answer
        ).created
        is False
    )
    other = services.response_record(
        actor=None,
        recipient=one,
        extract=SimpleUploadedFile("kf2.pdf", pdf_bytes(title="Protokollsutdrag") + b"\n%another"),
        **answer,
    )
    assert other.created is True
    assert other.response.pk != first.response.pk
    assert Response.objects.count() == 2


def test_a_submission_key_of_another_recipient_records_nothing_for_it():
    first, second = sent_recommendation(principals=principals_with_registrars(2)).recipients.all()
    key = uuid.uuid4()
    services.response_record(actor=None, recipient=first, answer="approved", submission=key, via="link")
    with pytest.raises(ValidationError) as error:
        services.response_record(actor=None, recipient=second, answer="rejected", submission=key, via="link")
    assert error.value.code == "submission"
    second.refresh_from_db()
    assert second.current_response is None
    assert Response.objects.count() == 1


def test_an_answer_on_the_deadline_is_on_time_and_after_it_is_accepted_and_late(one):
    Recommendation.objects.filter(pk=one.recommendation_id).update(deadline=days(0))
    on_time = services.response_record(actor=None, recipient=one, answer="approved", via="link")
    assert on_time.response.late is False
    Recommendation.objects.filter(pk=one.recommendation_id).update(deadline=days(-1))
    late = services.response_record(actor=None, recipient=one, answer="rejected", via="link")
    assert late.created
    assert late.response.late is True
    one.refresh_from_db()
    assert one.current_response == late.response
    event = AuditEvent.objects.filter(target_type__model="response", target_id=str(late.response.pk)).get()
    assert event.changes["late"] == [None, True]


def test_answers_are_refused_once_withdrawn(one):
    services.recommendation_withdraw(actor=None, recommendation=one.recommendation)
    with pytest.raises(ValidationError) as error:
        services.response_record(actor=None, recipient=one, answer="approved", via="login")
    assert error.value.code == "closed"
    assert Response.objects.count() == 0


# --- The extract -----------------------------------------------------------------------------


def test_a_real_pdf_extract_is_stored_with_its_checksum(one):
    import hashlib

    data = pdf_bytes(title="Protokollsutdrag")
    before = stored_files()
    done = services.response_record(
        actor=None,
        recipient=one,
        answer="approved",
        via="link",
        extract=SimpleUploadedFile("Protokollsutdrag § 12.pdf", data, content_type="application/pdf"),
    )
    response = Response.objects.get(pk=done.response.pk)
    assert response.extract_name == "Protokollsutdrag § 12.pdf"
    assert response.extract_sha256 == hashlib.sha256(data).hexdigest()
    assert response.extract.name.startswith(f"extracts/{TODAY():%Y}/")
    with response.extract.open("rb") as stored:
        assert stored.read() == data
    assert set(stored_files()) - set(before) == {response.extract.name}


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("utdrag.docx", b"PK\x03\x04 word document", "The file is not a PDF and cannot be read."),
        ("utdrag.pdf", b"", "The file is empty."),
    ],
    ids=["not-pdf", "empty"],
)
def test_a_bad_extract_is_refused_and_nothing_is_written(one, name, data, message):
    if data == "truncated":
        whole = pdf_bytes(title="Protokollsutdrag")
        data = whole[: len(whole) // 2]
    elif data == "encrypted":
        data = pdf_bytes(title="Protokollsutdrag", password="hemligt")
    before = stored_files()
    errors = refused(one, answer="approved", extract=SimpleUploadedFile(name, data, content_type="application/pdf"))
    assert errors == {"extract": [message]}
    assert stored_files() == before
    assert AuditEvent.objects.filter(target_type__model="response").count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4\nnot really a PDF\n", "The PDF is damaged or incomplete and cannot be read."),
        ("truncated", "The PDF is damaged or incomplete and cannot be read."),
        ("encrypted", "The PDF is protected by a password; save an unprotected copy and upload that."),
    ],
    ids=["garbage", "truncated", "encrypted"],
)
def test_an_answer_stands_when_the_worker_refuses_its_extract(one, data, message):
    """The answer is recorded at once; the extract, a PDF by its first bytes, is read by the worker
    (at once in the tests), refused with the reader's message in Swedish, and never served."""
    if data == "truncated":
        whole = pdf_bytes(title="Protokollsutdrag")
        data = whole[: len(whole) // 2]
    elif data == "encrypted":
        data = pdf_bytes(title="Protokollsutdrag", password="hemligt")
    recorded = services.response_record(
        actor=None,
        recipient=one,
        answer="approved",
        via="link",
        extract=SimpleUploadedFile("utdrag.pdf", data, content_type="application/pdf"),
    )
    response = Response.objects.get()
    one.refresh_from_db()
    assert recorded.created and one.current_response_id == response.pk
    with translation.override("sv"):
        reason = gettext(message)
    assert (response.answer, response.extract_reading, response.extract_refusal) == ("approved", "refused", reason)
    assert AuditEvent.objects.filter(target_type__model="response").count() == 1
    url = reverse("referrals:extract", kwargs={"pk": one.recommendation_id, "response_pk": response.pk})
    assert Client().get(url).status_code == 404


def test_a_too_large_extract_is_refused(one, monkeypatch):
    monkeypatch.setattr(services, "MAX_EXTRACT_BYTES", 100)
    errors = refused(
        one, answer="approved", extract=SimpleUploadedFile("utdrag.pdf", pdf_bytes(title="Protokollsutdrag"))
    )
    assert errors == {"extract": ["The file is too large (at most 0 MB)."]}


# --- Links: revoke and re-issue ---------------------------------------------------------------


def test_revoke_and_reissue_are_audited_and_change_the_link(one):
    actor = UserFactory()
    old_token = links.token_for(one)
    mail.outbox.clear()
    services.link_revoke(actor=actor, recipient=one)
    one.refresh_from_db()
    assert (one.link_version, one.link_revoked) == (2, True)
    with pytest.raises(links.BadLink) as bad:
        links.read(old_token)
    assert bad.value.reason == "revoked"
    assert mail.outbox == []

    services.link_reissue(actor=actor, recipient=one)
    one.refresh_from_db()
    assert (one.link_version, one.link_revoked) == (3, False)
    assert len(mail.outbox) == 1
    assert links.url_for(one) in mail.outbox[0].body
    assert links.read(links.token_for(one)).pk == one.pk
    assert one.invited_at is not None
    actions = AuditEvent.objects.filter(target_type__model="recipient", target_id=str(one.pk)).order_by("id")
    assert [(e.action, e.changes["link_version"], e.actor) for e in actions] == [
        ("revoke", [1, 2], actor),
        ("grant", [2, 3], actor),
    ]


def test_reissue_of_a_draft_is_refused():
    recommendation = draft(principals_with_registrars(1))
    with pytest.raises(ValidationError) as error:
        services.link_reissue(actor=None, recipient=recommendation.recipients.get())
    assert error.value.code == "not_sent"
    assert mail.outbox == []


# --- Updating --------------------------------------------------------------------------------


def test_a_draft_may_change_everything_and_its_version_goes_up():
    a, b, c = principals_with_registrars(3)
    recommendation = draft([a, b])
    services.recommendation_update(
        actor=None, recommendation=recommendation, version=1, principals=[b, c], question="Ny fråga", rule="approvers"
    )
    recommendation.refresh_from_db()
    assert recommendation.version == 2
    assert recommendation.question == "Ny fråga"
    assert set(recommendation.recipients.values_list("principal_id", flat=True)) == {b.pk, c.pk}


def test_a_stale_version_is_refused():
    recommendation = draft(principals_with_registrars(1))
    services.recommendation_update(actor=None, recommendation=recommendation, version=1, title="Ändrad")
    with pytest.raises(services.ConcurrentEdit):
        services.recommendation_update(actor=None, recommendation=recommendation, version=1, title="Min ändring")
    recommendation.refresh_from_db()
    assert recommendation.title == "Ändrad"


@pytest.mark.parametrize(
    "change",
    [{"question": "En annan fråga"}, {"rule": "approvers"}, {"title": "Ny titel"}, "recipients"],
    ids=["question", "rule", "title", "recipients"],
)
def test_after_sending_the_question_rule_and_recipients_cannot_change(change):
    a, b = principals_with_registrars(2)
    recommendation = sent_recommendation(principals=[a])
    before = audit_actions(recommendation)
    kwargs = {"principals": [a, b]} if change == "recipients" else dict(change)
    with pytest.raises(ValidationError) as error:
        services.recommendation_update(
            actor=None, recommendation=recommendation, version=recommendation.version, **kwargs
        )
    assert error.value.code == "sent"
    fresh = Recommendation.objects.get(pk=recommendation.pk)
    assert (fresh.question, fresh.rule, fresh.title, fresh.version) == (
        recommendation.question,
        recommendation.rule,
        recommendation.title,
        recommendation.version,
    )
    assert list(fresh.recipients.values_list("principal_id", flat=True)) == [a.pk]
    assert audit_actions(recommendation) == before


def test_after_sending_the_deadline_may_change():
    a = principals_with_registrars(1, year=days(30).year)[0]
    recommendation = sent_recommendation(principals=[a], deadline=days(30), rule="population_share", rule_share=50)
    year = recommendation.population_year
    assert year == recommendation.deadline.year
    new_deadline = datetime.date(recommendation.deadline.year + 1, 2, 1)
    changes = services.recommendation_update(
        actor=None,
        recommendation=recommendation,
        version=recommendation.version,
        principals=[a],  # unchanged recipients are fine
        deadline=new_deadline,
        question=recommendation.question,  # unchanged locked fields are fine
    )
    assert changes == {"deadline": (recommendation.deadline, new_deadline)}
    fresh = Recommendation.objects.get(pk=recommendation.pk)
    assert fresh.deadline == new_deadline
    assert fresh.version == recommendation.version + 1
    assert fresh.population_year == year  # fixed at sending
    assert audit_actions(recommendation)[-1] == "update"


# --- Withdrawing -----------------------------------------------------------------------------


def test_withdraw_makes_the_links_stop_working_and_is_audited():
    principals = principals_with_registrars(2)
    recommendation = sent_recommendation(principals=principals)
    tokens = [links.token_for(r) for r in recommendation.recipients.all()]
    actor = UserFactory()
    changes = services.recommendation_withdraw(actor=actor, recommendation=recommendation)
    assert changes == {"status": ("sent", "withdrawn")}
    for token in tokens:
        with pytest.raises(links.BadLink) as bad:
            links.read(token)
        assert bad.value.reason == "withdrawn"
    assert services.recommendation_withdraw(actor=actor, recommendation=recommendation) == {}
    last = AuditEvent.objects.filter(target_id=str(recommendation.pk), target_type__model="recommendation").latest("id")
    assert (last.action, last.changes, last.actor) == ("update", {"status": ["sent", "withdrawn"]}, actor)
    # Nothing more goes out for it.
    Recommendation.objects.filter(pk=recommendation.pk).update(deadline=days(3))
    assert deadlines.reminders_claim(days(0)) == []
    assert not Reminder.objects.exists()
