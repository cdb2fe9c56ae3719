"""Reads for the open-data API: public recommendations with their recipients and outcomes, each
in a constant number of queries however many rows there are (recipients in one query, populations in one, never a query per recommendation).
Where only outcomes are wanted (lists, decision points) the recipients are read as plain values."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from samverkan.referrals import outcome as outcomes
from samverkan.referrals.models import Recipient, Recommendation, Response
from samverkan.referrals.selectors import needs_population, public_recommendations
from samverkan.structure.models import Principal
from samverkan.structure.selectors import year_populations


def api_recommendations(
    *, body: str | None = None, status: str | None = None, kind: str | None = None, deadline_year: int | None = None
) -> QuerySet[Recommendation]:
    """The public recommendations (never a draft, never a non-public one), filtered, newest
    deadline first."""
    recs = public_recommendations().select_related("body")
    if body:
        recs = recs.filter(body__key=body)
    if status:
        recs = recs.filter(status=status)
    if kind:
        recs = recs.filter(kind=kind)
    if deadline_year:
        recs = recs.filter(deadline__year=deadline_year)
    return recs.order_by("-deadline", "-pk")


def api_recommendation(pk: int) -> Recommendation | None:
    return public_recommendations().select_related("body").filter(pk=pk).first()


@dataclass
class Loaded:
    """Recipients (by name of principal) and the outcome of each recommendation, by its id."""

    recipients: dict[int, list[Recipient]] = field(default_factory=dict)
    outcomes: dict[int, outcomes.Outcome | None] = field(default_factory=dict)


def population_year(recommendation: Recommendation) -> int:
    return recommendation.population_year or recommendation.deadline.year


def _populations(recs: list[Recommendation], principal_ids: Iterable[int]) -> dict[tuple[int, int], int]:
    """Inhabitants by (principal, year) for the recommendations under the population rule: one
    query, none when no recommendation uses that rule."""
    years = {population_year(r) for r in recs if needs_population(r)}
    if not years:
        return {}
    return year_populations(years, principal_ids)


def _outcome(
    rec: Recommendation, answers: list[tuple[int, str | None]], pops: dict[tuple[int, int], int]
) -> outcomes.Outcome | None:
    """The outcome from the (principal, current answer) of each recipient; None when a
    population figure the rule needs is missing."""
    year = population_year(rec)
    try:
        return outcomes.compute(
            rec,
            [answer for _pid, answer in answers],
            populations={pid: pops[(pid, year)] for pid, _answer in answers if (pid, year) in pops},
            principal_ids=[pid for pid, _answer in answers],
        )
    except ValueError:
        return None


def outcomes_of(recommendations: Iterable[Recommendation]) -> dict[int, outcomes.Outcome | None]:
    """Each recommendation's outcome under its rule, by its id: one query for the recipients'
    principals and current answers (plain values, no model instances: a page of 100
    recommendations to 50 principals is 5,000 rows), plus one for populations when a
    recommendation uses the population rule."""
    recs = list(recommendations)
    if not recs:
        return {}
    answers: dict[int, list[tuple[int, str | None]]] = {r.pk: [] for r in recs}
    for rec_id, pid, answer in (
        Recipient.objects.filter(recommendation__in=[r.pk for r in recs])
        .order_by()  # the outcome does not depend on the order; sorting by name would join principals
        .values_list("recommendation_id", "principal_id", "current_response__answer")
    ):
        answers[rec_id].append((pid, answer))
    pops = _populations(recs, (pid for rows in answers.values() for pid, _answer in rows))
    return {rec.pk: _outcome(rec, answers[rec.pk], pops) for rec in recs}


def load(recommendations: Iterable[Recommendation], *, history: bool = False) -> Loaded:
    """Every recipient of the recommendations with its principal and current answer (and, with
    `history`, all its answers newest first as `recipient.history`), and each recommendation's
    outcome under its rule: one query (two with history), plus one for populations when a
    recommendation uses the population rule. The outcome is None only when a population figure
    is missing. Where only the outcomes are wanted, `outcomes_of` is much cheaper."""
    recs = list(recommendations)
    result = Loaded(recipients={r.pk: [] for r in recs})
    if not recs:
        return result
    query = (
        Recipient.objects.filter(recommendation__in=[r.pk for r in recs])
        .select_related("principal", "current_response")
        .order_by("principal__name", "pk")
    )
    if history:
        query = query.prefetch_related(
            Prefetch("responses", queryset=Response.objects.order_by("-answered_at", "-pk"), to_attr="history")
        )
    by_rec: dict[int, list[Recipient]] = defaultdict(list)
    for recipient in query:
        by_rec[recipient.recommendation_id].append(recipient)
    result.recipients.update(by_rec)
    pops = _populations(recs, (rcp.principal_id for rows in result.recipients.values() for rcp in rows))
    for rec in recs:
        answers = [
            (r.principal_id, r.current_response.answer if r.current_response else None)
            for r in result.recipients[rec.pk]
        ]
        result.outcomes[rec.pk] = _outcome(rec, answers, pops)
    return result


def decisions_of(principal: Principal) -> list[Recipient]:
    """Where the principal stands on every public recommendation it was asked, newest deadline
    first (with the recommendation and its body)."""
    return list(
        Recipient.objects.filter(principal=principal, recommendation__in=public_recommendations())
        .select_related("recommendation__body", "current_response")
        .order_by("-recommendation__deadline", "-recommendation__pk")
    )
