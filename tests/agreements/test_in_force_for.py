"""Every screen tells the truth (issue 12, point 6): an agreement the principals adopt through a
recommendation never says "in force" beside "Outcome: not adopted"; it says for whom it is."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from samverkan.agreements import services
from samverkan.referrals import services as referral_services
from samverkan.referrals.models import Recipient
from tests.referrals.factories import sent_recommendation
from tests.support import Personas

pytestmark = pytest.mark.django_db


def agreement_through(personas: Personas, rule: str, answers: dict[Any, str]) -> str:
    recommendation = sent_recommendation(
        body=personas.body, principals=[personas.principal, personas.other_principal], rule=rule
    )
    for principal, answer in answers.items():
        recipient = Recipient.objects.get(recommendation=recommendation, principal=principal)
        referral_services.response_record(actor=None, recipient=recipient, answer=answer, via="link")
    agreement = services.agreement_create(
        actor=personas.secretary,
        key=f"avtal-{rule}",
        title="Samverkansavtal digitala hjälpmedel",
        kind="accord",
        status="adopted",
        body=personas.body,
        public=True,
        parties=[personas.principal, personas.other_principal],
        recommendation=recommendation,
        source="test",
    )
    page = Client().get(agreement.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    return page.split('<p class="lead">')[1].split("</p>")[0]


def test_not_adopted_by_the_principals_is_not_in_force(personas: Personas) -> None:
    lead = agreement_through(personas, "all", {personas.principal: "approved", personas.other_principal: "rejected"})
    assert "inte antaget av huvudmännen" in lead
    assert "gäller" not in lead


def test_in_force_for_those_who_approved(personas: Personas) -> None:
    lead = agreement_through(personas, "approvers", {personas.principal: "approved"})
    assert "gäller för 1 huvudman" in lead


def test_awaiting_the_principals_while_the_rule_is_undecided(personas: Personas) -> None:
    lead = agreement_through(personas, "all", {personas.principal: "approved"})
    assert "väntar på huvudmännens beslut" in lead
    assert "gäller" not in lead
