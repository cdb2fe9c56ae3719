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


def list_state(title: str) -> str:
    """The state the register's list shows beside the agreement (in Swedish)."""
    page = Client().get("/avtal/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    row = page.split(f">{title}</a>")[1].split("</tr>")[0]
    return row.split('class="agreement-state')[1].split(">", 1)[1].split("</span>")[0]


def test_the_list_says_not_adopted_as_the_page_does(personas: Personas) -> None:
    agreement_through(personas, "all", {personas.principal: "approved", personas.other_principal: "rejected"})
    assert list_state("Samverkansavtal digitala hjälpmedel") == "inte antaget av huvudmännen"


def test_the_list_says_for_how_many_principals_it_is_in_force(personas: Personas) -> None:
    agreement_through(personas, "approvers", {personas.principal: "approved"})
    assert list_state("Samverkansavtal digitala hjälpmedel") == "gäller för 1 huvudman"


def test_the_list_says_awaiting_while_undecided_and_filters_by_it(personas: Personas) -> None:
    agreement_through(personas, "all", {personas.principal: "approved"})
    assert list_state("Samverkansavtal digitala hjälpmedel") == "väntar på huvudmännens beslut"
    in_force = Client().get("/avtal/?state=in_force", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Samverkansavtal digitala hjälpmedel" not in in_force
    pending = Client().get("/avtal/?state=pending", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Samverkansavtal digitala hjälpmedel" in pending


def test_the_list_reads_the_outcomes_in_as_many_queries_with_twice_the_agreements(personas: Personas) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n: int, offset: int) -> None:
        for i in range(offset, offset + n):
            recommendation = sent_recommendation(
                body=personas.body, principals=[personas.principal, personas.other_principal], rule="approvers"
            )
            recipient = Recipient.objects.get(recommendation=recommendation, principal=personas.principal)
            referral_services.response_record(actor=None, recipient=recipient, answer="approved", via="link")
            services.agreement_create(
                actor=personas.secretary,
                key=f"avtal-{i}",
                title=f"Avtal {i}",
                kind="accord",
                status="adopted",
                body=personas.body,
                public=True,
                parties=[personas.principal],
                recommendation=recommendation,
                source="test",
            )

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert Client().get("/avtal/").status_code == 200
        return len(queries)

    add(2, 0)
    before = count()
    add(4, 2)
    assert count() == before
    assert list_state("Avtal 5") == "gäller för 1 huvudman"
