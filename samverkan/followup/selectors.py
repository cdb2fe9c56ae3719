"""Reads for follow-up: a project's decision points with whether each is reached."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from samverkan.followup.models import DecisionPoint, Project
from samverkan.referrals import outcome as outcomes
from samverkan.referrals import selectors as referral_selectors
from samverkan.referrals.models import Recipient, Recommendation


@dataclass(frozen=True)
class PointStatus:
    point: DecisionPoint
    reached: bool
    outcome: outcomes.Outcome | None


def point_status(point: DecisionPoint, recipients: list[Recipient] | None = None) -> PointStatus:
    """Reached when its recommendation is adopted (for all, or under its rule); a decision
    point without a recommendation is reached when its date is recorded. A recommendation that
    is not public is followed only by the recorded date."""
    recommendation = point.recommendation
    if recommendation is None or recommendation.status == Recommendation.Status.DRAFT:
        return PointStatus(point, point.reached_on is not None, None)
    if recipients is None:
        recipients = list(recommendation.recipients.select_related("current_response"))
    result = referral_selectors.outcome_for(recommendation, recipients)
    return PointStatus(point, bool(result and result.status == outcomes.ADOPTED), result)


def project_page(key: str) -> tuple[Project, list[PointStatus]]:
    project = Project.objects.select_related("body").get(key=key)
    points = list(
        DecisionPoint.objects.filter(project=project)
        .select_related("recommendation")
        .prefetch_related(
            Prefetch(
                "recommendation__recipients",
                queryset=Recipient.objects.select_related("current_response"),
                to_attr="loaded_recipients",
            )
        )
    )
    return project, [
        point_status(p, getattr(p.recommendation, "loaded_recipients", None) if p.recommendation else None)
        for p in points
    ]
