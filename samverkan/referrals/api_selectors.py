"""Reads for the open-data API: public recommendations with their recipients and outcomes, and
projects with their decision points, each in a constant number of queries however many rows
there are (recipients in one query, populations in one, never a query per recommendation)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from samverkan.followup.models import DecisionPoint, Project
from samverkan.referrals import outcome as outcomes
from samverkan.referrals.models import Recipient, Recommendation, Response
from samverkan.referrals.selectors import needs_population, public_recommendations
from samverkan.structure.models import Population, Principal


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


def load(recommendations: Iterable[Recommendation], *, history: bool = False) -> Loaded:
    """Every recipient of the recommendations with its principal and current answer (and, with
    `history`, all its answers newest first as `recipient.history`), and each recommendation's
    outcome under its rule: two queries (three with history), plus one for populations when a
    recommendation uses the population rule. The outcome is None only when a population figure
    is missing."""
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

    wanted = [r for r in recs if needs_population(r)]
    pops: dict[tuple[int, int], int] = {}
    if wanted:
        principal_ids = {rcp.principal_id for r in wanted for rcp in result.recipients[r.pk]}
        years = {population_year(r) for r in wanted}
        for pid, year, inhabitants in Population.objects.filter(
            year__in=years, principal_id__in=principal_ids
        ).values_list("principal_id", "year", "inhabitants"):
            pops[(pid, year)] = inhabitants

    for rec in recs:
        rows = result.recipients[rec.pk]
        year = population_year(rec)
        try:
            result.outcomes[rec.pk] = outcomes.compute(
                rec,
                [r.current_response.answer if r.current_response else None for r in rows],
                populations={
                    r.principal_id: pops[(r.principal_id, year)] for r in rows if (r.principal_id, year) in pops
                },
                principal_ids=[r.principal_id for r in rows],
            )
        except ValueError:
            result.outcomes[rec.pk] = None
    return result


def decisions_of(principal: Principal) -> list[Recipient]:
    """Where the principal stands on every public recommendation it was asked, newest deadline
    first (with the recommendation and its body)."""
    return list(
        Recipient.objects.filter(principal=principal, recommendation__in=public_recommendations())
        .select_related("recommendation__body", "current_response")
        .order_by("-recommendation__deadline", "-recommendation__pk")
    )


@dataclass(frozen=True)
class PointState:
    point: DecisionPoint
    public_recommendation: Recommendation | None
    reached: bool


def projects(key: str | None = None) -> list[tuple[Project, list[PointState]]]:
    """Projects (all, or the one with `key`) and their decision points in order, each with
    whether it is reached: a point tied to a public recommendation is reached when that
    recommendation is adopted; any other point when its date is recorded. A draft or non-public
    recommendation is never named and its outcome never used."""
    query = Project.objects.select_related("body").prefetch_related(
        Prefetch(
            "decision_points",
            queryset=DecisionPoint.objects.select_related("recommendation").order_by("position", "code"),
            to_attr="points",
        )
    )
    if key is not None:
        query = query.filter(key=key)
    found = list(query.order_by("name", "pk"))
    rec_ids = {p.recommendation_id for project in found for p in project.points if p.recommendation_id}
    public_ids = set(public_recommendations().filter(pk__in=rec_ids).values_list("pk", flat=True)) if rec_ids else set()
    public_recs = {
        p.recommendation_id: p.recommendation
        for project in found
        for p in project.points
        if p.recommendation_id in public_ids and p.recommendation is not None
    }
    loaded = load(public_recs.values())
    result: list[tuple[Project, list[PointState]]] = []
    for project in found:
        states = []
        for point in project.points:
            rec = public_recs.get(point.recommendation_id) if point.recommendation_id else None
            if rec is not None:
                result_of = loaded.outcomes.get(rec.pk)
                reached = bool(result_of and result_of.status == outcomes.ADOPTED)
            else:
                reached = point.reached_on is not None
            states.append(PointState(point=point, public_recommendation=rec, reached=reached))
        result.append((project, states))
    return result
