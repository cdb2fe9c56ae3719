"""Reads for the open-data API: public recommendations with their recipients and outcomes, each
in a constant number of queries however many rows there are (recipients in one query, populations in one, never a query per recommendation).
Where only outcomes are wanted (lists, decision points), selectors.outcomes_of reads the answers
as plain values."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from samverkan.referrals import outcome as outcomes
from samverkan.referrals.models import Recipient, Recommendation, Response
from samverkan.referrals.selectors import answers_of, outcomes_of, public_recommendations
from samverkan.structure.models import Principal


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


def load(recommendations: Iterable[Recommendation], *, history: bool = False) -> Loaded:
    """Every recipient of the recommendations with its principal and current answer (and, with
    `history`, all its answers newest first as `recipient.history`), and each recommendation's
    outcome under its rule: one query (two with history), plus one for populations when a
    recommendation uses the population rule. The outcome is None only when a population figure
    is missing. Where only the outcomes are wanted, `selectors.outcomes_of` is much cheaper."""
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
    result.outcomes = outcomes_of(recs, {pk: answers_of(rows) for pk, rows in result.recipients.items()})
    return result


def decisions_of(principal: Principal) -> list[Recipient]:
    """Where the principal stands on every public recommendation it was asked, newest deadline
    first (with the recommendation and its body)."""
    return list(
        Recipient.objects.filter(principal=principal, recommendation__in=public_recommendations())
        .select_related("recommendation__body", "current_response")
        .order_by("-recommendation__deadline", "-recommendation__pk")
    )
