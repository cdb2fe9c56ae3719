"""Who may use the follow-up pages (see samverkan/core/access.py). The project pages are public;
a project, its goals and its decision points are edited by the secretaries of the project's
steering body and by administrators (every change audited)."""

from __future__ import annotations

from typing import Any

from samverkan.core.access import AUTHENTICATED, PUBLIC, ObjectLoader, Policy, is_administrator
from samverkan.followup.models import GoalReport, Project
from samverkan.structure.models import Body
from samverkan.structure.roles import is_secretary_of

PROJECT = ObjectLoader(Project.objects.select_related("body"), field="key")  # <key>
REPORT_BODY = ObjectLoader(Body.objects.all(), field="key", kwarg="body")  # <body>: the body reporting


def may_edit(user: Any, project: Project) -> bool:
    """The steering body's secretaries, and administrators."""
    if is_administrator(user):
        return True
    return project.body is not None and is_secretary_of(user, project.body)


PROJECT_EDITOR = Policy(
    "project editor",
    lambda user, kw: user.is_authenticated and may_edit(user, PROJECT(kw)),
    "The secretaries of the project's steering body, and administrators.",
)


def may_edit_report(user: Any, report: GoalReport) -> bool:
    """The secretaries of the body that writes the report, and administrators."""
    return is_secretary_of(user, report.body)


REPORT_EDITOR = Policy(
    "goal fulfilment editor",
    lambda user, kw: user.is_authenticated and is_secretary_of(user, REPORT_BODY(kw)),
    "The secretaries of the body that writes the report, and administrators.",
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
    # Goal fulfilment: the list shows the published reports (and the drafts of the bodies the
    # user runs); a report and its PDF are public once published, otherwise its editors' only
    # (404 for everyone else, decided by the view).
    "followup:report_list": PUBLIC,
    "followup:report_detail": PUBLIC,
    "followup:report_pdf": PUBLIC,
    "followup:report_create": AUTHENTICATED,
    "followup:report_edit": REPORT_EDITOR,
    "followup:report_status": REPORT_EDITOR,
    "followup:section_add": REPORT_EDITOR,
    "followup:section_edit": REPORT_EDITOR,
    "followup:section_delete": REPORT_EDITOR,
}
