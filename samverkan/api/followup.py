"""Projects and their decision points, each with whether it is reached (samverkan.followup's one
rule, `followup.selectors.point_status`): a point tied to a public recommendation is reached when
that recommendation is adopted, any other point when its date is recorded; a draft or
non-public recommendation is never named. Constant queries (see `followup.selectors.projects`)."""

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest
from ninja import Router, Schema

from samverkan.api.params import KeyPath, errors
from samverkan.api.referrals import BodyBrief
from samverkan.followup import selectors
from samverkan.followup.models import Project

router = Router(tags=["projects"])


class DecisionPointOut(Schema):
    code: str
    title: str
    planned: str
    requirement: str
    recommendation_id: int | None
    reached: bool


class ProjectOut(Schema):
    key: str
    name: str
    description: str
    body: BodyBrief | None
    url: str
    decision_points: list[DecisionPointOut]


def _project(project: Project, points: list[selectors.PointStatus]) -> dict[str, Any]:
    return {
        "key": project.key,
        "name": project.name,
        "description": project.description,
        "body": {"key": project.body.key, "name": project.body.name} if project.body else None,
        "url": settings.SITE_URL + project.get_absolute_url(),
        "decision_points": [
            {
                "code": s.point.code,
                "title": s.point.title,
                "planned": s.point.planned,
                "requirement": s.point.requirement,
                "recommendation_id": s.followed.pk if s.followed else None,
                "reached": s.reached,
            }
            for s in points
        ],
    }


@router.get("/projects", response=list[ProjectOut], url_name="project_list", openapi_extra=errors(invalid=False))
def project_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Every project with its decision points and whether each is reached."""
    return [_project(project, points) for project, points in selectors.projects()]


@router.get("/projects/{key}", response=ProjectOut, url_name="project_detail", openapi_extra=errors(not_found=True))
def project_detail(request: HttpRequest, key: KeyPath) -> dict[str, Any]:
    found = selectors.projects(key)
    if not found:
        raise Http404
    return _project(*found[0])
