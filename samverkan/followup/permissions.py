"""Who may use the follow-up pages (see samverkan/core/access.py). The project pages are public;
a project, its goals and its decision points are edited by the secretaries of the project's
steering body and by administrators (every change audited)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import Http404

from samverkan.core.access import AUTHENTICATED, PUBLIC, Policy, is_administrator
from samverkan.followup.models import Project
from samverkan.structure.roles import is_secretary_of


def _project(kwargs: Mapping[str, Any]) -> Project:
    try:
        return Project.objects.select_related("body").get(key=kwargs["key"])
    except Project.DoesNotExist as exc:
        raise Http404 from exc


def may_edit(user: Any, project: Project) -> bool:
    """The steering body's secretaries, and administrators."""
    if is_administrator(user):
        return True
    return project.body is not None and is_secretary_of(user, project.body)


PROJECT_EDITOR = Policy(
    "project editor",
    lambda user, kw: user.is_authenticated and may_edit(user, _project(kw)),
    "The secretaries of the project's steering body, and administrators.",
)

URL_POLICIES = {
    "followup:project_list": PUBLIC,
    "followup:project_detail": PUBLIC,
    "followup:survey_detail": PUBLIC,
    "followup:indicator_detail": PUBLIC,
    # Any logged-in user reaches the form; it offers only the bodies the user is secretary of,
    # and refuses (403) someone who runs none.
    "followup:project_create": AUTHENTICATED,
    "followup:project_edit": PROJECT_EDITOR,
    "followup:goal_add": PROJECT_EDITOR,
    "followup:goal_edit": PROJECT_EDITOR,
    "followup:goal_delete": PROJECT_EDITOR,
    "followup:point_add": PROJECT_EDITOR,
    "followup:point_edit": PROJECT_EDITOR,
    "followup:point_delete": PROJECT_EDITOR,
    "followup:survey_add": PROJECT_EDITOR,
    "followup:survey_edit": PROJECT_EDITOR,
    "followup:question_add": PROJECT_EDITOR,
    "followup:question_edit": PROJECT_EDITOR,
    "followup:answers_add": PROJECT_EDITOR,
    "followup:indicator_add": PROJECT_EDITOR,
    "followup:indicator_edit": PROJECT_EDITOR,
    "followup:indicator_value_add": PROJECT_EDITOR,
    "followup:indicator_import": PROJECT_EDITOR,
    "followup:risk_add": PROJECT_EDITOR,
    "followup:risk_edit": PROJECT_EDITOR,
    "followup:risk_delete": PROJECT_EDITOR,
}
