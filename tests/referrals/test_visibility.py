"""What the public sees of the recommendations, as one rule: public_recommendations() (a query)
and is_public() (on a row already loaded, for the decision points and the search index) agree
on every combination of the fields they read."""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from samverkan.followup.selectors import follows
from samverkan.referrals.models import Recipient, Recommendation
from samverkan.referrals.selectors import (
    is_public,
    public_recommendations,
    recommendation_for,
    visible_recommendations,
)
from tests.referrals.factories import RecommendationFactory
from tests.support import Personas

pytestmark = pytest.mark.django_db


def test_is_public_says_what_public_recommendations_holds() -> None:
    made = [
        RecommendationFactory(public=public, status=status, sent_at=sent_at)
        for public, status, sent_at in itertools.product(
            (True, False), Recommendation.Status.values, (None, timezone.now())
        )
    ]
    held = set(public_recommendations().values_list("pk", flat=True))
    assert {r.pk for r in made if is_public(r)} == held
    assert {r.pk for r in made if follows(r)} == held  # a decision point follows only those
    # Not a rule that says yes or no to all: sent and withdrawn ones marked public are held.
    assert 0 < len(held) < len(made)
    assert {Recommendation.objects.get(pk=pk).status for pk in held} == {
        Recommendation.Status.SENT,
        Recommendation.Status.WITHDRAWN,
    }


def test_one_recommendation_is_found_for_whoever_may_see_it(personas: Personas) -> None:
    """recommendation_for (the recommendation's page, its papers and extracts) finds exactly
    what visible_recommendations holds for each user: it tells a public one from its row, and
    asks the rule for any other (drafts, ones not marked public, of their body or another,
    asked of the registrar's principal or not)."""
    made = []
    for body, public, status, sent_at, asked in itertools.product(
        (personas.body, personas.other_body),
        (True, False),
        Recommendation.Status.values,
        (None, timezone.now()),
        (True, False),
    ):
        rec = RecommendationFactory(body=body, public=public, status=status, sent_at=sent_at)
        if asked:
            Recipient.objects.create(recommendation=rec, principal=personas.principal)
        made.append(rec)
    users = [AnonymousUser(), *(personas.user(name) for name in ("outsider", "member", "secretary", "registrar"))]
    users.append(personas.administrator)
    for user in users:
        held = set(visible_recommendations(user).values_list("pk", flat=True))
        found = {r.pk for r in made if recommendation_for(user, r.pk) is not None}
        assert found == held, user
        assert 0 < len(held) <= len(made)
    assert recommendation_for(personas.administrator, max(r.pk for r in made) + 1) is None
