"""Reads for follow-up: a project's goals with their traces, its decision points with whether
each is reached, by one rule (`point_status`) for the project page and the open-data API alike."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter
from typing import Any, TypeVar

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from samverkan.core.access import is_administrator
from samverkan.followup.models import (
    DecisionPoint,
    Goal,
    GoalReport,
    Indicator,
    IndicatorValue,
    Project,
    Question,
    ReportSection,
    Risk,
    RiskAssessment,
    Survey,
)
from samverkan.followup.permissions import may_edit_report
from samverkan.followup.status import NOT_MEASURED, NOT_REACHED, ON_TRACK, REACHED, STATUSES, Share, Status
from samverkan.referrals import outcome as outcomes
from samverkan.referrals import selectors as referral_selectors
from samverkan.referrals.models import Recommendation
from samverkan.structure.models import Body


@dataclass(frozen=True)
class PointStatus:
    point: DecisionPoint
    reached: bool
    outcome: outcomes.Outcome | None

    @property
    def followed(self) -> Recommendation | None:
        """The recommendation whose outcome decides the point, if it may be shown: public and sent."""
        recommendation = self.point.recommendation
        return recommendation if recommendation is not None and follows(recommendation) else None


def follows(recommendation: Recommendation | None) -> bool:
    """Whether a decision point follows its recommendation's outcome: only a public one
    (referrals' rule, public_recommendations(): sent, as in the open data; the project page is
    public, so a draft or a recommendation not marked public must not show through it)."""
    return recommendation is not None and referral_selectors.is_public(recommendation)


def point_status(point: DecisionPoint, result: outcomes.Outcome | None) -> PointStatus:
    """The one rule: a point that follows a (public, sent) recommendation is reached when it is
    adopted (for all, or under its rule: `result`, its outcome from
    referrals.selectors.outcomes_of); any other point when its date is recorded."""
    if point.recommendation is None or not follows(point.recommendation):
        return PointStatus(point, point.reached_on is not None, None)
    return PointStatus(point, bool(result and result.status == outcomes.ADOPTED), result)


def _statuses(points: list[DecisionPoint]) -> list[PointStatus]:
    """The points' statuses, the outcomes of the recommendations they follow read together
    (none read for a point that follows none): one query for the answers, one more for
    populations when one of them uses the population rule."""
    followed = {r.pk: r for r in (p.recommendation for p in points) if r is not None and follows(r)}
    found = referral_selectors.outcomes_of(followed.values())
    return [point_status(p, found.get(p.recommendation_id or 0)) for p in points]


def project_list() -> QuerySet[Project]:
    return Project.objects.select_related("body", "organisation")


_Part = TypeVar("_Part", Goal, DecisionPoint, Survey, Indicator, Risk)


def _of_project(queryset: QuerySet[_Part], project: Project, pk: int) -> _Part | None:
    """One part of a project already loaded (by its policy, permissions.PROJECT), or None: one
    query, the part carrying the project it was asked for."""
    found = queryset.filter(project=project, pk=pk).first()
    if found is not None:
        found.project = project
    return found


def goal_of(project: Project, pk: int) -> Goal | None:
    return _of_project(Goal.objects.all(), project, pk)


def point_of(project: Project, pk: int) -> DecisionPoint | None:
    return _of_project(DecisionPoint.objects.all(), project, pk)


def survey_of(project: Project, pk: int) -> Survey | None:
    return _of_project(Survey.objects.all(), project, pk)


def question_of(survey: Survey, pk: int) -> Question | None:
    return Question.objects.filter(survey=survey, pk=pk).first()


def surveys_of(project: Project) -> list[Survey]:
    return list(project.surveys.all())


def questions_of(survey: Survey) -> list[Question]:
    return list(survey.questions.all())


def risk_history(risk: Risk) -> list[RiskAssessment]:
    """A risk's assessments, oldest first (for its edit screen)."""
    return list(risk.assessments.order_by("assessed_on", "id"))


def indicator_of(project: Project, pk: int) -> Indicator | None:
    return _of_project(Indicator.objects.all(), project, pk)


def risk_of(project: Project, pk: int) -> Risk | None:
    return _of_project(Risk.objects.all(), project, pk)


def project_page(key: str) -> tuple[Project, list[PointStatus]]:
    """The project and its points, in a constant number of queries (project, points with their
    recommendations, the followed recommendations' answers, populations)."""
    project = Project.objects.select_related("body", "organisation").get(key=key)
    return project, _statuses(list(DecisionPoint.objects.filter(project=project).select_related("recommendation")))


@dataclass(frozen=True)
class Level:
    level: str
    label: str
    goals: list[Goal]


def goal_levels(project: Project) -> list[Level]:
    """The project's goals grouped by level (in the order of `Goal.Level`), in two queries: the
    goals, and the links between them. Each goal gets `contributes_to_goals` (the goals it
    contributes to) and `reached_through_goals` (those it is reached through), each in goal order,
    so that a page reads the traces of every goal without a query per goal."""
    goals = list(Goal.objects.filter(project=project))
    for goal in goals:
        goal.contributes_to_goals = []  # type: ignore[attr-defined]
        goal.reached_through_goals = []  # type: ignore[attr-defined]
    by_pk = {g.pk: g for g in goals}
    links = (
        Goal.contributes_to.through.objects.filter(Q(from_goal__project=project) | Q(to_goal__project=project))
        .select_related("from_goal", "to_goal")
        .order_by("pk")
        if goals
        else []
    )
    for link in links:
        source = by_pk.get(link.from_goal_id, link.from_goal)
        target = by_pk.get(link.to_goal_id, link.to_goal)
        if source.pk in by_pk:
            source.contributes_to_goals.append(target)  # type: ignore[attr-defined]
        if target.pk in by_pk:
            target.reached_through_goals.append(source)  # type: ignore[attr-defined]
    order = attrgetter("position", "code")
    for goal in goals:
        goal.contributes_to_goals.sort(key=order)  # type: ignore[attr-defined]
        goal.reached_through_goals.sort(key=order)  # type: ignore[attr-defined]
    return [
        Level(value, str(label), [g for g in goals if g.level == value])
        for value, label in Goal.Level.choices
        if any(g.level == value for g in goals)
    ]


# --- Surveys ---------------------------------------------------------------------------------

# Fewer answers than this are not shown on public pages: with a handful of answers, who said
# what could be guessed.
MIN_PUBLIC_ANSWERS = 5


def _counted(questions: QuerySet[Question]) -> QuerySet[Question]:
    return questions.annotate(
        agreed_sum=Coalesce(Sum("counts__agreed"), 0),
        answered_sum=Coalesce(Sum("counts__answered"), 0),
        demo_rows=Count("counts", filter=Q(counts__demo=True)),
    )


def _share(question: Question, target: Decimal | None) -> Share:
    return Share(
        agreed=question.agreed_sum,  # type: ignore[attr-defined]
        answered=question.answered_sum,  # type: ignore[attr-defined]
        invited=question.survey.invited,
        target=target,
        demo=bool(question.demo_rows),  # type: ignore[attr-defined]
    )


def goal_shares(project: Project | Iterable[Project]) -> dict[int, Share]:
    """Each goal measured by a survey question: its share of yes answers against its target
    share, from the question of the most recent survey (one query, for one project or several)."""
    shares: dict[int, Share] = {}
    where = Q(survey__project=project) if isinstance(project, Project) else Q(survey__project__in=list(project))
    # Summed per question and read as plain values of what a share needs: grouping the sums over
    # every column of the question, its survey and its goal (select_related) was most of the
    # goal report's database time (issue 19).
    rows = (
        Question.objects.filter(where, goal__isnull=False)
        .order_by("survey__created_at", "survey_id", "position")
        .values("pk")
        .annotate(
            agreed_sum=Coalesce(Sum("counts__agreed"), 0),
            answered_sum=Coalesce(Sum("counts__answered"), 0),
            demo_rows=Count("counts", filter=Q(counts__demo=True)),
        )
        .values_list("goal_id", "survey__invited", "goal__target_share", "agreed_sum", "answered_sum", "demo_rows")
    )
    for goal_id, invited, target, agreed, answered, demo_rows in rows:  # a later survey's question wins
        shares[goal_id] = Share(agreed=agreed, answered=answered, invited=invited, target=target, demo=bool(demo_rows))
    return shares


@dataclass(frozen=True)
class QuestionRow:
    question: Question
    share: Share


QUESTION_SHOWN = ("id", "survey_id", "text", "goal_id", "position")
GOAL_SHOWN = ("id", "code", "target_share")


def survey_page(key: str, pk: int) -> tuple[Survey, list[QuestionRow]]:
    """The survey and its questions in order, each with its share of yes answers. The questions
    are read with their sums as plain values of the columns the page shows (their goal's code
    and target share), each built as a question and goal with only those fields: grouping the
    sums over every column of the question, its goal and its survey (select_related) was half
    of the page. In order explicitly: a model's default ordering is not applied to a query that
    groups."""
    survey = Survey.objects.select_related("project__body").get(project__key=key, pk=pk)
    rows = []
    for values in (
        _counted(Question.objects.filter(survey=survey))
        .order_by("position", "id")
        .values_list(
            *QUESTION_SHOWN, *(f"goal__{name}" for name in GOAL_SHOWN), "agreed_sum", "answered_sum", "demo_rows"
        )
    ):
        question = Question.from_db(None, list(QUESTION_SHOWN), values[: len(QUESTION_SHOWN)])
        goal_values = values[len(QUESTION_SHOWN) : len(QUESTION_SHOWN) + len(GOAL_SHOWN)]
        goal = None if goal_values[0] is None else Goal.from_db(None, list(GOAL_SHOWN), goal_values)
        question.goal = goal
        question.survey = survey
        question.agreed_sum, question.answered_sum, question.demo_rows = values[-3:]  # type: ignore[attr-defined]
        rows.append(QuestionRow(question, _share(question, goal.target_share if goal else None)))
    return survey, rows


def survey_rows(surveys: list[Survey]) -> dict[int, list[QuestionRow]]:
    """The questions of the surveys with their shares, by survey id (one query)."""
    rows: dict[int, list[QuestionRow]] = {}
    questions = _counted(
        Question.objects.filter(survey__in=surveys)
        .select_related("goal", "survey")
        .order_by("survey_id", "position", "id")
    )
    for q in questions:
        rows.setdefault(q.survey_id, []).append(QuestionRow(q, _share(q, q.goal.target_share if q.goal else None)))
    return rows


def shown(share: Share, staff: bool) -> bool:
    """Whether a share may be shown: always to the project's editors, on public pages only from
    MIN_PUBLIC_ANSWERS answers."""
    return staff or share.answered == 0 or share.answered >= MIN_PUBLIC_ANSWERS


# --- Indicators ------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    values: list[IndicatorValue]
    status: Status | None

    @property
    def latest(self) -> IndicatorValue | None:
        return self.values[-1] if self.values else None


def indicator_status(indicator: Indicator, values: list[IndicatorValue]) -> Status | None:
    """Not measured without values; without a target, nothing to judge (None). Otherwise the
    latest value against the target: reached; on track when not yet reached but the latest
    value moved towards the target since the one before; else not reached."""
    if not values:
        return STATUSES[NOT_MEASURED]
    if indicator.target is None:
        return None
    increase = indicator.direction == Indicator.Direction.INCREASE
    latest = values[-1].value
    if (latest >= indicator.target) if increase else (latest <= indicator.target):
        return STATUSES[REACHED]
    if len(values) >= 2:
        previous = values[-2].value
        if (latest > previous) if increase else (latest < previous):
            return STATUSES[ON_TRACK]
    return STATUSES[NOT_REACHED]


def _rows(indicators: Iterable[Indicator]) -> list[IndicatorRow]:
    rows = []
    for indicator in indicators:
        values = sorted(indicator.values.all(), key=lambda v: v.period)
        rows.append(IndicatorRow(indicator, values, indicator_status(indicator, values)))
    return rows


def _columns(model: Any, prefix: str = "") -> list[str]:
    return [f"{prefix}{f.attname}" for f in model._meta.concrete_fields]


def project_indicators(project: Project, *, with_agreement: bool = False) -> list[IndicatorRow]:
    """The project's indicators with their values and status, in one query: the indicators
    joined (left outer) with their goal (and agreement) and their values, a row per value, read
    as plain rows. Each indicator (and its goal) is built once, not once per value as the ORM's
    select_related would (a model instance per value was a quarter of the project page)."""
    related: dict[str, Any] = {"goal": Goal}
    if with_agreement:
        related["agreement"] = Indicator._meta.get_field("agreement").related_model
    own = _columns(Indicator)
    parts = [(name, model, _columns(model)) for name, model in related.items()]
    measured = _columns(IndicatorValue)
    rows = (
        Indicator.objects.filter(project=project)
        .order_by("name", "pk", "values__period")
        .values_list(
            *own,
            *(f"{name}__{column}" for name, _model, columns in parts for column in columns),
            *(f"values__{column}" for column in measured),
        )
    )
    indicators: dict[int, Indicator] = {}
    values: dict[int, list[IndicatorValue]] = {}
    for row in rows:
        pk = row[0]
        indicator = indicators.get(pk)
        if indicator is None:
            indicator = indicators[pk] = Indicator.from_db(None, own, row[: len(own)])
            indicator.project = project
            at = len(own)
            for name, model, columns in parts:
                fields = row[at : at + len(columns)]
                setattr(indicator, name, None if fields[0] is None else model.from_db(None, columns, fields))
                at += len(columns)
            values[pk] = []
        if row[-len(measured)] is not None:  # the id of a value (the outer join gives None without)
            value = IndicatorValue.from_db(None, measured, row[-len(measured) :])
            value.indicator = indicator
            values[pk].append(value)
    return [IndicatorRow(i, values[pk], indicator_status(i, values[pk])) for pk, i in indicators.items()]


def indicator_page(key: str, pk: int) -> IndicatorRow:
    indicator = (
        Indicator.objects.select_related("project__body", "goal", "agreement")
        .prefetch_related("values")
        .get(project__key=key, pk=pk)
    )
    return _rows([indicator])[0]


def projects(key: str | None = None) -> list[tuple[Project, list[PointStatus]]]:
    """Projects (all, or the one with `key`) by name, each with its decision points in order and
    whether each is reached, for the open-data API: three queries however many projects, points
    and recipients (projects, points with their recommendations, the followed recommendations'
    answers), plus one for populations when one of them uses the population rule. A draft or
    non-public recommendation is never followed, so its outcome is never read."""
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
    statuses = iter(_statuses([p for project in found for p in project.points]))
    return [(project, [next(statuses) for _p in project.points]) for project in found]


# --- Risks -----------------------------------------------------------------------------------


ASSESSMENT_FIELDS = ("id", "assessed_on", "likelihood", "consequence", "status", "note", "recorded_at")


def project_risks(project: Project) -> list[Risk]:
    """The project's risks in order, each with its assessments oldest first as `history`, in one
    query: the risks joined (left outer) with their assessments, a row per assessment."""
    rows = (
        Risk.objects.filter(project=project)
        .annotate(**{f"assessment_{name}": F(f"assessments__{name}") for name in ASSESSMENT_FIELDS})
        .order_by("position", "id", "assessments__assessed_on", "assessments__id")
    )
    risks: dict[int, Risk] = {}
    for row in rows:
        risk = risks.setdefault(row.pk, row)
        if risk is row:
            risk.history = []  # type: ignore[attr-defined]
        if row.assessment_id is not None:  # type: ignore[attr-defined]
            values = {name: getattr(row, f"assessment_{name}") for name in ASSESSMENT_FIELDS}
            risk.history.append(RiskAssessment(risk=risk, **values))  # type: ignore[attr-defined]
    return list(risks.values())


# --- Goal fulfilment reports -----------------------------------------------------------------


def report_page(body_key: str, year: int) -> GoalReport:
    return (
        GoalReport.objects.select_related("body", "principal")
        .prefetch_related(Prefetch("sections", queryset=ReportSection.objects.order_by("position", "id")))
        .get(body__key=body_key, year=year)
    )


def report_for(user: Any, body_key: str, year: int) -> tuple[GoalReport, bool] | None:
    """The report and whether the user may edit it; None for a report not yet published to
    anyone who may not edit it (a draft is never public, not even its existence)."""
    try:
        report = report_page(body_key, year)
    except GoalReport.DoesNotExist:
        return None
    staff = may_edit_report(user, report)
    if not report.public and not staff:
        return None
    return report, staff


def report_of(body: Body, year: int) -> GoalReport | None:
    """The body's report for the year (the body loaded by its policy, permissions.REPORT_BODY),
    for its editors' screens, or None."""
    report = GoalReport.objects.select_related("principal").filter(body=body, year=year).first()
    if report is not None:
        report.body = body
    return report


def report_bodies(report: GoalReport) -> QuerySet[Body]:
    """The bodies a report's form offers: its own (a report keeps its body)."""
    return Body.objects.filter(pk=report.body_id)


def section_of(body: Body, year: int, pk: int) -> ReportSection | None:
    section = ReportSection.objects.select_related("report").filter(report__body=body, report__year=year, pk=pk).first()
    if section is not None:
        section.report.body = body
    return section


@dataclass(frozen=True)
class GoalResult:
    goal: Goal
    share: Share | None  # None: no survey measures it; shown only when `share_shown`
    share_shown: bool
    status: Status | None  # None: measured, but no target to judge against


@dataclass(frozen=True)
class IndicatorResult:
    indicator: Indicator
    value: IndicatorValue | None  # the year's (latest) value, None when unknown
    status: Status | None


@dataclass(frozen=True)
class ProjectResult:
    project: Project
    goals: list[GoalResult]
    indicators: list[IndicatorResult]


def _year_of(period: str) -> str:
    return period[:4]


def report_results(report: GoalReport) -> list[ProjectResult]:
    """The goals and indicators of the projects the report's body steers (and of the goals of
    the organisation the report is for), with their status
    for the report's year, computed from the records (five queries however many projects):
    a goal by its survey share against its target share (not measured without answers; a
    public report never shows a share of fewer than MIN_PUBLIC_ANSWERS answers), an indicator
    by its values up to the year, and "not measured" when the year has no value."""
    year = str(report.year)
    whose = Q(body_id=report.body_id)
    if report.principal_id is not None:
        whose |= Q(organisation_id=report.principal_id)
    found = list(Project.objects.filter(whose).order_by("name", "pk"))
    goals = list(Goal.objects.filter(project__in=found).order_by("project_id", "position", "code"))
    shares = goal_shares(found)
    indicators = list(
        Indicator.objects.filter(project__in=found)
        .select_related("goal")
        .prefetch_related(Prefetch("values", queryset=IndicatorValue.objects.order_by("period")))
        .order_by("project_id", "name", "pk")
    )
    results = []
    for project in found:
        goal_rows = []
        for goal in goals:
            if goal.project_id != project.pk:
                continue
            share = shares.get(goal.pk)
            if share is None:
                goal_rows.append(GoalResult(goal, None, False, STATUSES[NOT_MEASURED]))
            elif shown(share, staff=False):
                goal_rows.append(GoalResult(goal, share, True, share.status))
            else:
                goal_rows.append(GoalResult(goal, share, False, STATUSES[NOT_MEASURED]))
        indicator_rows = []
        for indicator in indicators:
            if indicator.project_id != project.pk:
                continue
            values = [v for v in indicator.values.all() if _year_of(v.period) <= year]
            this_year = [v for v in values if _year_of(v.period) == year]
            if this_year:
                indicator_rows.append(IndicatorResult(indicator, this_year[-1], indicator_status(indicator, values)))
            else:
                indicator_rows.append(IndicatorResult(indicator, None, STATUSES[NOT_MEASURED]))
        results.append(ProjectResult(project, goal_rows, indicator_rows))
    return results


def reports_for(user: Any) -> list[GoalReport]:
    """The published reports, and the drafts and approved ones of the bodies the user runs
    (all of them for an administrator)."""
    query = GoalReport.objects.select_related("body", "principal")
    if is_administrator(user):
        return list(query)
    visible = Q(status=GoalReport.Status.PUBLISHED)
    if getattr(user, "is_authenticated", False):
        visible |= Q(body__secretaries=user)
    return list(query.filter(visible).distinct())
