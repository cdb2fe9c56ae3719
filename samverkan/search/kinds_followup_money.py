"""The searchable kinds of follow-up (projects' goals, surveys, indicators, and the yearly goal
fulfilment) and of money (allocations, fee schedules, budgets, funds).

Visibility as their public pages decide it: a project's goals, surveys and indicators are
public (the project pages are); a survey's entry holds its questions and whom it asked, never
an answer; a goal fulfilment report only once published; an allocation, fee, budget or fund
only when marked public. Amounts are not indexed as words: what is found is the record by its
title, description, decision and the names of its lines, and its page says the figures."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.finance.models import Allocation, Budget, BudgetLine, FeePayer, FeeSchedule, Fund
from samverkan.followup.models import (
    Goal,
    GoalReport,
    Indicator,
    IndicatorValue,
    Project,
    Question,
    ReportSection,
    Survey,
)
from samverkan.search.index import Document, Kind, Target, depends, depends_m2m, register, registry

GOAL = "followup.goal"
SURVEY = "followup.survey"
INDICATOR = "followup.indicator"
GOAL_REPORT = "followup.report"
ALLOCATION = "finance.allocation"
FEE = "finance.fee"
BUDGET = "finance.budget"
FUND = "finance.fund"


def _join(*parts: str) -> str:
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def _day(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(moment).date() if moment is not None else None


# --- Follow-up -------------------------------------------------------------------------------


def build_goal(goal: Goal) -> Document:
    project = goal.project
    return Document(
        title=f"{goal.code} {goal.text}"[:300],
        text=_join(goal.get_level_display(), goal.reference_value, goal.target, goal.owner, project.name),
        url=f"{project.get_absolute_url()}#{goal.anchor()}",
        public=True,
        body_id=project.body_id,
    )


def build_survey(survey: Survey) -> Document:
    return Document(
        title=survey.title,
        text=_join(survey.asked, survey.period, survey.description, "\n".join(q.text for q in survey.questions.all())),
        url=survey.get_absolute_url(),
        public=True,
        body_id=survey.project.body_id,
    )


def build_indicator(indicator: Indicator) -> Document:
    comments = "\n".join(v.comment for v in indicator.values.all() if v.comment)
    return Document(
        title=indicator.name,
        text=_join(indicator.unit, indicator.data_source, indicator.project.name, comments),
        url=indicator.get_absolute_url(),
        public=True,
        body_id=indicator.project.body_id,
    )


def build_goal_report(report: GoalReport) -> Document:
    sections = "\n\n".join(f"{s.heading}\n{s.text}" for s in report.sections.all())
    return Document(
        title=report.title if report.principal is None else f"{report.principal.name}: {report.title}",
        text=_join(report.introduction, sections),
        url=report.get_absolute_url(),
        public=report.public,
        date=_day(report.published_at),
        body_id=report.body_id,
        principal_ids=[report.principal_id] if report.principal_id else [],
    )


def _goals_of_project(project: Project) -> list[Target]:
    goals = [(GOAL, pk) for pk in Goal.objects.filter(project_id=project.pk).values_list("pk", flat=True)]
    surveys = [(SURVEY, pk) for pk in Survey.objects.filter(project_id=project.pk).values_list("pk", flat=True)]
    indicators = [
        (INDICATOR, pk) for pk in Indicator.objects.filter(project_id=project.pk).values_list("pk", flat=True)
    ]
    return goals + surveys + indicators


# --- Money -----------------------------------------------------------------------------------


def build_allocation(allocation: Allocation) -> Document:
    return Document(
        title=allocation.title,
        text=_join(allocation.description, allocation.decision, str(allocation.year)),
        url=allocation.get_absolute_url(),
        public=allocation.public,
        date=datetime.date(allocation.year, 1, 1),
        body_id=allocation.body_id,
        principal_ids=[p.pk for p in allocation.principals.all()],
    )


def build_fee(fee: FeeSchedule) -> Document:
    payers = [p.principal_id for p in fee.payers.all()]
    return Document(
        title=fee.title,
        text=_join(fee.description, fee.decision, str(fee.year), "\n".join(p.principal.name for p in fee.payers.all())),
        url=fee.get_absolute_url(),
        public=fee.public,
        date=datetime.date(fee.year, 1, 1),
        body_id=fee.body_id,
        principal_ids=payers,
    )


def build_budget(budget: Budget) -> Document:
    lines = "\n".join(
        " ".join(part for part in (line.code, line.heading, line.name, line.note) if part)
        for line in budget.lines.all()
    )
    return Document(
        title=budget.title,
        text=_join(budget.get_status_display(), budget.adopted_by, budget.note, lines),
        url=budget.get_absolute_url(),
        public=budget.public,
        date=datetime.date(budget.year, 1, 1),
        body_id=budget.body_id,
        principal_ids=[budget.organisation_id] if budget.organisation_id else [],
    )


def build_fund(fund: Fund) -> Document:
    return Document(
        title=fund.title,
        text=fund.description,
        url=fund.get_absolute_url(),
        public=fund.public,
        body_id=fund.body_id,
        principal_ids=[fund.organisation_id] if fund.organisation_id else [],
    )


def register_followup_and_money() -> None:
    if GOAL in registry.kinds:
        return
    register(
        Kind(
            key=GOAL,
            type="goal",
            label=_("Goal"),
            model=Goal,
            queryset=lambda: Goal.objects.select_related("project"),
            build=build_goal,
        )
    )
    register(
        Kind(
            key=SURVEY,
            type="survey",
            label=_("Survey"),
            model=Survey,
            queryset=lambda: Survey.objects.select_related("project").prefetch_related("questions"),
            build=build_survey,
        )
    )
    register(
        Kind(
            key=INDICATOR,
            type="indicator",
            label=_("Indicator"),
            model=Indicator,
            queryset=lambda: Indicator.objects.select_related("project").prefetch_related("values"),
            build=build_indicator,
        )
    )
    register(
        Kind(
            key=GOAL_REPORT,
            type="goal_report",
            label=_("Goal fulfilment"),
            model=GoalReport,
            queryset=lambda: GoalReport.objects.select_related("principal").prefetch_related("sections"),
            build=build_goal_report,
        )
    )
    register(
        Kind(
            key=ALLOCATION,
            type="money",
            label=_("Money"),
            model=Allocation,
            queryset=lambda: Allocation.objects.prefetch_related("principals"),
            build=build_allocation,
        )
    )
    register(
        Kind(
            key=FEE,
            type="money",
            label=_("Money"),
            model=FeeSchedule,
            queryset=lambda: FeeSchedule.objects.prefetch_related("payers__principal"),
            build=build_fee,
        )
    )
    register(
        Kind(
            key=BUDGET,
            type="money",
            label=_("Money"),
            model=Budget,
            queryset=lambda: Budget.objects.prefetch_related("lines"),
            build=build_budget,
        )
    )
    register(
        Kind(
            key=FUND,
            type="money",
            label=_("Money"),
            model=Fund,
            queryset=lambda: Fund.objects.all(),
            build=build_fund,
        )
    )
    depends(Project, _goals_of_project)
    depends(Question, lambda question: [(SURVEY, question.survey_id)])
    depends(IndicatorValue, lambda value: [(INDICATOR, value.indicator_id)])
    depends(ReportSection, lambda section: [(GOAL_REPORT, section.report_id)])
    depends_m2m(
        Allocation.principals.through,
        lambda instance, reverse, pk_set: (
            [(ALLOCATION, pk) for pk in pk_set or []] if reverse else [(ALLOCATION, instance.pk)]
        ),
    )
    depends(FeePayer, lambda payer: [(FEE, payer.fee_id)])
    depends(BudgetLine, lambda line: [(BUDGET, line.budget_id)])
