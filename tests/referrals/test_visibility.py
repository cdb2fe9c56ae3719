"""What the public sees of the recommendations, as one rule: public_recommendations() (a query)
and is_public() (on a row already loaded, for the decision points and the search index) agree
on every combination of the fields they read."""

from __future__ import annotations

import itertools

import pytest
from django.utils import timezone

from samverkan.followup.selectors import follows
from samverkan.referrals.models import Recommendation
from samverkan.referrals.selectors import is_public, public_recommendations
from tests.referrals.factories import RecommendationFactory

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
