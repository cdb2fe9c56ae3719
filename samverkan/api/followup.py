"""Projects and their decision points, goals, surveys and indicators, and the published yearly
goal fulfilment. Decision points:, each with whether it is reached (samverkan.followup's one
rule, `followup.selectors.point_status`): a point tied to a public recommendation is reached when
that recommendation is adopted, any other point when its date is recorded; a draft or
non-public recommendation is never named. Constant queries (see `followup.selectors.projects`).
A survey's counts of fewer than five answers are withheld (null), as on the public pages; a goal
fulfilment report exists here only once published."""

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from samverkan.agreements.models import Agreement
from samverkan.api.params import KeyPath, YearPath, errors
from samverkan.api.referrals import BodyBrief
from samverkan.followup import selectors
from samverkan.followup.models import GoalReport, Indicator, Project, Survey
from samverkan.followup.status import Share, Status

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


# --- Goals, surveys, indicators ----------------------------------------------------------------


class SurveyOutcomeOut(Schema):
    agreed: int | None
    answered: int | None
    invited: int
    share_percent: str | None
    withheld: bool
    demo: bool


class GoalOut(Schema):
    code: str
    level: str
    text: str
    reference_value: str
    target: str
    target_share_percent: str | None
    period: str
    owner: str
    contributes_to: list[str]
    reached_through: list[str]
    outcome: SurveyOutcomeOut | None
    status: str | None


class QuestionOut(Schema):
    text: str
    goal: str | None
    outcome: SurveyOutcomeOut


class SurveyOut(Schema):
    id: int
    title: str
    asked: str
    invited: int
    period: str
    description: str
    url: str
    questions: list[QuestionOut]


class IndicatorValueOut(Schema):
    period: str
    value: str
    source: str
    comment: str


class IndicatorOut(Schema):
    id: int
    name: str
    unit: str
    direction: str
    target: str | None
    goal: str | None
    agreement_key: str | None
    status: str | None
    url: str
    values: list[IndicatorValueOut]


def _outcome(share: Share | None) -> dict[str, Any] | None:
    if share is None:
        return None
    withheld = not selectors.shown(share, staff=False)
    value = share.value
    return {
        "agreed": None if withheld else share.agreed,
        "answered": None if withheld else share.answered,
        "invited": share.invited,
        "share_percent": None if withheld or value is None else str(value.quantize(Decimal("0.1"))),
        "withheld": withheld,
        "demo": share.demo,
    }


def _code(status: Status | None) -> str | None:
    return status.code if status is not None else None


def _found_project(key: str) -> Project:
    project = Project.objects.filter(key=key).first()
    if project is None:
        raise Http404
    return project


@router.get(
    "/projects/{key}/goals", response=list[GoalOut], url_name="project_goals", openapi_extra=errors(not_found=True)
)
def project_goals(request: HttpRequest, key: KeyPath) -> list[dict[str, Any]]:
    """The project's goals by level, each with its traces both ways (codes), its survey outcome
    and status (reached, not_reached, not_measured; null without a target share)."""
    project = _found_project(key)
    shares = selectors.goal_shares(project)
    goals = []
    for level in selectors.goal_levels(project):
        for goal in level.goals:
            share = shares.get(goal.pk)
            goals.append(
                {
                    "code": goal.code,
                    "level": goal.level,
                    "text": goal.text,
                    "reference_value": goal.reference_value,
                    "target": goal.target,
                    "target_share_percent": str(goal.target_share) if goal.target_share is not None else None,
                    "period": goal.period,
                    "owner": goal.owner,
                    "contributes_to": [g.code for g in goal.contributes_to_goals],  # type: ignore[attr-defined]
                    "reached_through": [g.code for g in goal.reached_through_goals],  # type: ignore[attr-defined]
                    "outcome": _outcome(share),
                    "status": _code(share.status) if share and selectors.shown(share, staff=False) else "not_measured",
                }
            )
    return goals


@router.get(
    "/projects/{key}/surveys",
    response=list[SurveyOut],
    url_name="project_surveys",
    openapi_extra=errors(not_found=True),
)
def project_surveys(request: HttpRequest, key: KeyPath) -> list[dict[str, Any]]:
    """The project's surveys: whom they asked, how many, and per question the count of yes
    answers of those who answered (withheld below five answers). Never who answered."""
    project = _found_project(key)
    surveys = list(Survey.objects.filter(project=project).select_related("project").order_by("title", "pk"))
    rows = selectors.survey_rows(surveys)
    return [
        {
            "id": survey.pk,
            "title": survey.title,
            "asked": survey.asked,
            "invited": survey.invited,
            "period": survey.period,
            "description": survey.description,
            "url": settings.SITE_URL + survey.get_absolute_url(),
            "questions": [
                {
                    "text": row.question.text,
                    "goal": row.question.goal.code if row.question.goal else None,
                    "outcome": _outcome(row.share),
                }
                for row in rows.get(survey.pk, [])
            ],
        }
        for survey in surveys
    ]


@router.get(
    "/projects/{key}/indicators",
    response=list[IndicatorOut],
    url_name="project_indicators",
    openapi_extra=errors(not_found=True),
)
def project_indicators(request: HttpRequest, key: KeyPath) -> list[dict[str, Any]]:
    """The project's indicators with every value (period, value as an exact decimal, source,
    comment) and the status of the latest against the target."""
    project = _found_project(key)
    return [
        {
            "id": row.indicator.pk,
            "name": row.indicator.name,
            "unit": row.indicator.unit,
            "direction": row.indicator.direction,
            "target": str(row.indicator.target) if row.indicator.target is not None else None,
            "goal": row.indicator.goal.code if row.indicator.goal else None,
            "agreement_key": _agreement_key(row.indicator),
            "status": _code(row.status),
            "url": settings.SITE_URL + row.indicator.get_absolute_url(),
            "values": [
                {"period": v.period, "value": str(v.value), "source": v.source, "comment": v.comment}
                for v in row.values
            ],
        }
        for row in selectors.project_indicators(project, with_agreement=True)
    ]


def _agreement_key(indicator: Indicator) -> str | None:
    agreement = indicator.agreement
    if agreement is None or not agreement.public or agreement.status == Agreement.Status.DRAFT:
        return None
    return agreement.key


# --- Goal fulfilment ---------------------------------------------------------------------------


class SectionOut(Schema):
    heading: str
    text: str


class ReportGoalOut(Schema):
    project_key: str
    code: str
    text: str
    outcome: SurveyOutcomeOut | None
    status: str | None


class ReportIndicatorOut(Schema):
    project_key: str
    name: str
    value: str | None
    period: str | None
    target: str | None
    status: str | None


class GoalReportBrief(Schema):
    body: BodyBrief
    organisation: str
    year: int
    title: str
    published: datetime.date | None
    url: str


class GoalReportOut(GoalReportBrief):
    introduction: str
    approval: str
    sections: list[SectionOut]
    goals: list[ReportGoalOut]
    indicators: list[ReportIndicatorOut]


def _brief(report: GoalReport) -> dict[str, Any]:
    return {
        "body": {"key": report.body.key, "name": report.body.name},
        "organisation": report.organisation_name,
        "year": report.year,
        "title": report.title,
        "published": timezone.localtime(report.published_at).date() if report.published_at else None,
        "url": settings.SITE_URL + report.get_absolute_url(),
    }


@router.get(
    "/goal-reports", response=list[GoalReportBrief], url_name="goal_report_list", openapi_extra=errors(invalid=False)
)
def goal_report_list(request: HttpRequest) -> list[dict[str, Any]]:
    """The published yearly goal fulfilment reports, newest year first."""
    reports = GoalReport.objects.filter(status=GoalReport.Status.PUBLISHED).select_related("body", "principal")
    return [_brief(report) for report in reports.order_by("-year", "title", "pk")]


@router.get(
    "/goal-reports/{body}/{year}",
    response=GoalReportOut,
    url_name="goal_report_detail",
    openapi_extra=errors(not_found=True),
)
def goal_report_detail(request: HttpRequest, body: KeyPath, year: YearPath) -> dict[str, Any]:
    """A published report: its narrative per area, and the status of each goal and indicator of
    the body's projects for the year, computed from the records (null where unknown)."""
    try:
        report = selectors.report_page(body, year)
    except GoalReport.DoesNotExist as exc:
        raise Http404 from exc
    if not report.public:
        raise Http404
    results = selectors.report_results(report)
    return {
        **_brief(report),
        "introduction": report.introduction,
        "approval": report.approval,
        "sections": [{"heading": s.heading, "text": s.text} for s in report.sections.all()],
        "goals": [
            {
                "project_key": r.project.key,
                "code": g.goal.code,
                "text": g.goal.text,
                "outcome": _outcome(g.share),
                "status": _code(g.status),
            }
            for r in results
            for g in r.goals
        ],
        "indicators": [
            {
                "project_key": r.project.key,
                "name": i.indicator.name,
                "value": str(i.value.value) if i.value else None,
                "period": i.value.period if i.value else None,
                "target": str(i.indicator.target) if i.indicator.target is not None else None,
                "status": _code(i.status),
            }
            for r in results
            for i in r.indicators
        ],
    }
