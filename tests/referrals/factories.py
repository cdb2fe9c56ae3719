"""Factories for recommendations: a sent recommendation to a set of principals with registrars."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from django.utils import timezone

from samverkan.referrals import services
from samverkan.referrals.models import Recommendation
from samverkan.structure.models import Body, Population, Principal
from tests.factories import BodyFactory, PrincipalFactory, UserFactory


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    body = factory.SubFactory(BodyFactory)
    title = factory.Sequence(lambda n: f"Rekommendation {n}")
    question = "X kommun ställer sig bakom förslaget."
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


def principals_with_registrars(
    count: int, *, population: int | None = 10_000, year: int | None = None
) -> list[Principal]:
    """`count` municipalities, each with one registrar (with an e-mail address) and, unless
    `population` is None, a population figure for `year` (default: this year)."""
    year = year or timezone.localdate().year
    made = []
    for _ in range(count):
        principal = PrincipalFactory()
        registrar = UserFactory(email=f"registrator@{principal.key}.example")
        principal.registrars.add(registrar)
        if population is not None:
            Population.objects.create(
                principal=principal, year=year, reference_date=datetime.date(year, 12, 31), inhabitants=population
            )
        made.append(principal)
    return made


def sent_recommendation(
    *, body: Body | None = None, principals: list[Principal], actor: Any = None, **fields: Any
) -> Recommendation:
    fields.setdefault("title", "Samverkansavtal digitala hjälpmedel")
    fields.setdefault("question", "X kommun ställer sig bakom förslaget till samverkansavtal.")
    fields.setdefault("deadline", timezone.localdate() + datetime.timedelta(days=30))
    recommendation = services.recommendation_create(
        actor=actor, body=body or BodyFactory(), principals=principals, source="test", **fields
    )
    services.recommendation_send(actor=actor, recommendation=recommendation, source="test")
    recommendation.refresh_from_db()
    return recommendation
