"""What follow-up adds to the structure's pages (registered in apps.py, see core/sections.py): on
a principal's page, the organisation's own goals and its published goal fulfilment reports."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from samverkan.core import sections
from samverkan.followup.models import GoalReport, Project


def principal_goals(request: HttpRequest | None, principal: Any) -> dict[str, Any]:
    """Two queries, however many goal sets and reports."""
    return {
        "goal_sets": list(Project.objects.filter(organisation=principal).order_by("name")),
        "reports": list(
            GoalReport.objects.filter(principal=principal, status=GoalReport.Status.PUBLISHED)
            .select_related("body")
            .order_by("-year")
        ),
    }


def register() -> None:
    sections.register("structure:principal_detail", "end", "followup/_principal_goals.html", principal_goals, order=20)
