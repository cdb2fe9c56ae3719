"""The personal answer link (`referrals:answer_link`): every way it can be unusable gives the
bad-link page with 403 and the reason, for GET and POST alike, and records nothing."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverkan.core.models import AuditEvent
from samverkan.referrals import links, services
from samverkan.referrals.models import Recipient, Recommendation, Response
from tests.referrals.factories import principals_with_registrars, sent_recommendation

pytestmark = pytest.mark.django_db

MESSAGES = {
    "forged": "The link is incomplete or has been changed.",
    "revoked": "The link has been replaced by a newer one, or withdrawn by the secretary.",
    "expired": "The link has expired: the time for answering through it is over.",
    "withdrawn": "The recommendation has been withdrawn; no answer is needed.",
}


@pytest.fixture
def client() -> Client:
    visitor = Client()
    visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # compare with the source strings
    return visitor


@pytest.fixture
def recipient() -> Recipient:
    recommendation = sent_recommendation(principals=principals_with_registrars(2))
    return recommendation.recipients.order_by("pk").first()


def url(token: str) -> str:
    return reverse("referrals:answer_link", kwargs={"token": token})


def answer_data() -> dict[str, str]:
    return {
        "submission": "6f1c1f5e-3a4b-4c6d-8e9f-0a1b2c3d4e5f",
        "answer": "approved",
        "decided_on": timezone.localdate().isoformat(),
        "decided_by": "council",
        "paragraph": "§ 7",
    }


def assert_refused(client: Client, token: str, reason: str) -> None:
    responses = Response.objects.count()
    audits = AuditEvent.objects.count()
    for method in ("get", "post"):
        page = client.get(url(token)) if method == "get" else client.post(url(token), answer_data())
        assert page.status_code == 403, method
        assert page.templates[0].name == "referrals/bad_link.html"
        text = page.content.decode()
        assert MESSAGES[reason] in text, method
        for other, message in MESSAGES.items():
            if other != reason:
                assert message not in text
        assert "Nothing has been recorded." in text
        assert 'name="answer"' not in text  # no answer form
    assert Response.objects.count() == responses
    assert AuditEvent.objects.count() == audits
    with pytest.raises(links.BadLink) as bad:
        links.read(token)
    assert bad.value.reason == reason


def test_a_good_link_opens_the_form_and_records_through_the_link(client, recipient):
    token = links.token_for(recipient)
    assert client.get(url(token)).status_code == 200
    done = client.post(url(token), answer_data())
    assert done.status_code == 302
    assert done["Location"] == url(token)
    response = Response.objects.get()
    assert (response.recipient, response.answer, response.via, response.paragraph) == (
        recipient,
        "approved",
        "link",
        "§ 7",
    )
    assert response.answered_by is None


# --- Forged ----------------------------------------------------------------------------------


def test_tampered_signature_is_forged(client, recipient):
    token = links.token_for(recipient)
    value, signature = token.rsplit(":", 1)
    changed = "A" if signature[-1] != "A" else "B"
    assert_refused(client, f"{value}:{signature[:-1]}{changed}", "forged")


def test_tampered_payload_is_forged(client, recipient):
    other = Recipient.objects.exclude(pk=recipient.pk).get()
    value, signature = links.token_for(recipient).rsplit(":", 1)
    other_value, _other_signature = links.token_for(other).rsplit(":", 1)
    assert other_value != value
    assert_refused(client, f"{other_value}:{signature}", "forged")


@pytest.mark.parametrize("token", ["abc", "not-a-token", "x:y:z", ".eJyrVspSslIqSizJL8ktBgAe", "::"])
def test_random_strings_are_forged(client, recipient, token):
    assert_refused(client, token, "forged")


def test_a_token_signed_with_another_salt_is_forged(client, recipient):
    token = signing.Signer(salt="samverkan.accounts.invite").sign_object(
        {"r": recipient.pk, "v": recipient.link_version}, compress=True
    )
    assert_refused(client, token, "forged")


@pytest.mark.parametrize("payload", [["r", "v"], {"r": "ett", "v": 1}, {"v": 1}, {"r": 999_999, "v": 1}])
def test_a_correctly_signed_token_of_the_wrong_shape_or_recipient_is_forged(client, recipient, payload):
    token = signing.Signer(salt=links.SALT).sign_object(payload, compress=True)
    assert_refused(client, token, "forged")


def test_a_link_to_a_draft_does_not_work(client, recipient):
    Recommendation.objects.filter(pk=recipient.recommendation_id).update(status="draft")
    assert_refused(client, links.token_for(recipient), "forged")


# --- Revoked and re-issued -------------------------------------------------------------------


def test_a_revoked_link_is_refused(client, recipient):
    token = links.token_for(recipient)
    services.link_revoke(actor=None, recipient=recipient)
    assert_refused(client, token, "revoked")
    # Revoking is for this recipient alone.
    other = Recipient.objects.exclude(pk=recipient.pk).get()
    assert client.get(url(links.token_for(other))).status_code == 200


def test_a_reissued_link_replaces_the_old_one_and_is_emailed(client, recipient):
    old = links.token_for(recipient)
    mail.outbox.clear()
    services.link_reissue(actor=None, recipient=recipient)
    recipient.refresh_from_db()
    new = links.token_for(recipient)
    assert new != old
    assert_refused(client, old, "revoked")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == list(recipient.principal.registrars.values_list("email", flat=True))
    assert settings.SITE_URL + url(new) in mail.outbox[0].body
    assert old not in mail.outbox[0].body
    assert client.get(url(new)).status_code == 200
    assert client.post(url(new), answer_data()).status_code == 302
    assert Response.objects.filter(recipient=recipient).count() == 1


def test_reissue_after_revoke_works_again(client, recipient):
    services.link_revoke(actor=None, recipient=recipient)
    services.link_reissue(actor=None, recipient=recipient)
    recipient.refresh_from_db()
    assert client.get(url(links.token_for(recipient))).status_code == 200


# --- Expired ---------------------------------------------------------------------------------


def test_a_link_works_through_the_last_day_of_grace_and_expires_after(client, recipient):
    today = timezone.localdate()
    grace = recipient.recommendation.grace_days
    # The last day: deadline + grace == today; the answer is late but accepted.
    Recommendation.objects.filter(pk=recipient.recommendation_id).update(
        deadline=today - datetime.timedelta(days=grace)
    )
    assert client.get(url(links.token_for(recipient))).status_code == 200
    assert client.post(url(links.token_for(recipient)), answer_data()).status_code == 302
    assert Response.objects.get(recipient=recipient).late is True
    # One day later it has expired.
    Recommendation.objects.filter(pk=recipient.recommendation_id).update(
        deadline=today - datetime.timedelta(days=grace + 1)
    )
    assert_refused(client, links.token_for(recipient), "expired")


def test_a_zero_grace_link_expires_the_day_after_the_deadline(client, recipient):
    Recommendation.objects.filter(pk=recipient.recommendation_id).update(
        grace_days=0, deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert_refused(client, links.token_for(recipient), "expired")


# --- Withdrawn -------------------------------------------------------------------------------


def test_a_link_to_a_withdrawn_recommendation_is_refused(client, recipient):
    token = links.token_for(recipient)
    services.recommendation_withdraw(actor=None, recommendation=recipient.recommendation)
    assert_refused(client, token, "withdrawn")


def test_withdrawn_is_told_before_revoked_or_expired(client, recipient):
    token = links.token_for(recipient)
    services.link_revoke(actor=None, recipient=recipient)
    services.recommendation_withdraw(actor=None, recommendation=recipient.recommendation)
    assert_refused(client, token, "withdrawn")


def test_a_link_revoked_while_the_answer_was_on_its_way_records_nothing(db: None) -> None:
    """The link was read (version 1), then the secretary revoked it, then the answer arrived."""
    from django.core.exceptions import ValidationError

    from samverkan.referrals import services
    from samverkan.referrals.models import Recipient, Response
    from tests.referrals.factories import principals_with_registrars, sent_recommendation

    recommendation = sent_recommendation(principals=principals_with_registrars(1))
    recipient = Recipient.objects.get(recommendation=recommendation)
    seen = recipient.link_version
    services.link_revoke(actor=None, recipient=recipient)
    with pytest.raises(ValidationError) as refused:
        services.response_record(
            actor=None, recipient=recipient, answer="approved", via="link", link_version=seen, source="test"
        )
    assert refused.value.code == "revoked"
    assert Response.objects.count() == 0
