"""Every write to follow-up: one transaction, validated, audited (services own writes)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.core.audit import audit_record, create_instance, set_many, update_instance
from samverkan.core.editing import lock_at_version, update_at_version, version_raise
from samverkan.core.models import AuditEvent
from samverkan.followup.indicator_files import Row
from samverkan.followup.models import (
    AnswerCount,
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

PROJECT_FIELDS = ("name", "description", "body", "kind", "organisation")
GOAL_FIELDS = ("level", "code", "text", "reference_value", "target", "target_share", "period", "owner", "position")
POINT_FIELDS = ("code", "title", "planned", "requirement", "recommendation", "reached_on", "position")


def _raised(current: Any, changes: dict[str, tuple[Any, Any]]) -> dict[str, tuple[Any, Any]]:
    """After an edit: when something changed, every form opened before it is stale."""
    if changes:
        version_raise(current)
    return changes


def _place_last(fields: dict[str, Any], rows: Any) -> None:
    """A new row given no position goes after the `rows` there are."""
    if fields.get("position") is None:
        fields["position"] = (rows.count() + 1) * 10


def _only(fields: dict[str, Any], allowed: Iterable[str]) -> dict[str, Any]:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    return fields


@transaction.atomic
def project_create(*, actor: Any, key: str, name: str, source: str = "web", **fields: Any) -> Project:
    return create_instance(
        Project, {"key": key, "name": name, **_only(fields, PROJECT_FIELDS)}, actor=actor, source=source
    )


@transaction.atomic
def project_update(
    *, actor: Any, project: Project, version: int | None = None, source: str = "web", **fields: Any
) -> dict[str, tuple[Any, Any]]:
    return update_at_version(project, version, _only(fields, PROJECT_FIELDS), actor=actor, source=source)


def _check_traces(goal: Goal, targets: list[Goal]) -> None:
    for target in targets:
        if target.pk == goal.pk:
            raise ValidationError({"contributes_to": _("A goal cannot contribute to itself.")}, code="self")
        if target.project_id != goal.project_id:
            raise ValidationError(
                {"contributes_to": _("A goal can contribute only to goals of the same project.")}, code="project"
            )


@transaction.atomic
def goal_create(
    *,
    actor: Any,
    project: Project,
    code: str,
    text: str,
    contributes_to: Iterable[Goal] = (),
    source: str = "web",
    **fields: Any,
) -> Goal:
    _place_last(fields, project.goals)
    goal = create_instance(
        Goal, {"project": project, "code": code, "text": text, **_only(fields, GOAL_FIELDS)}, actor=actor, source=source
    )
    targets = list(contributes_to)
    _check_traces(goal, targets)
    set_many(goal, "contributes_to", targets, actor=actor, source=source)
    return goal


@transaction.atomic
def goal_update(
    *,
    actor: Any,
    goal: Goal,
    version: int | None = None,
    contributes_to: Iterable[Goal] | None = None,
    source: str = "web",
    **fields: Any,
) -> dict[str, tuple[Any, Any]]:
    current = lock_at_version(goal, version)
    changes = update_instance(current, _only(fields, GOAL_FIELDS), actor=actor, source=source)
    if contributes_to is not None:
        targets = list(contributes_to)
        _check_traces(current, targets)
        changes.update(set_many(current, "contributes_to", targets, actor=actor, source=source))
    return _raised(current, changes)


@transaction.atomic
def goal_delete(*, actor: Any, goal: Goal, source: str = "web") -> None:
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        target=goal,
        changes={"project": (goal.project, None), "text": (goal.text, None)},
        source=source,
    )
    goal.delete()


@transaction.atomic
def decision_point_create(
    *, actor: Any, project: Project, code: str, title: str, source: str = "web", **fields: Any
) -> DecisionPoint:
    _place_last(fields, project.decision_points)
    return create_instance(
        DecisionPoint,
        {"project": project, "code": code, "title": title, **_only(fields, POINT_FIELDS)},
        actor=actor,
        source=source,
    )


@transaction.atomic
def decision_point_update(
    *, actor: Any, point: DecisionPoint, version: int | None = None, source: str = "web", **fields: Any
) -> dict[str, tuple[Any, Any]]:
    return update_at_version(point, version, _only(fields, POINT_FIELDS), actor=actor, source=source)


@transaction.atomic
def decision_point_delete(*, actor: Any, point: DecisionPoint, source: str = "web") -> None:
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        target=point,
        changes={"project": (point.project, None), "title": (point.title, None)},
        source=source,
    )
    point.delete()


# --- Surveys ---------------------------------------------------------------------------------

SURVEY_FIELDS = ("title", "asked", "invited", "period", "description")
QUESTION_FIELDS = ("text", "goal", "position")


@transaction.atomic
def survey_create(*, actor: Any, project: Project, title: str, source: str = "web", **fields: Any) -> Survey:
    return create_instance(
        Survey, {"project": project, "title": title, **_only(fields, SURVEY_FIELDS)}, actor=actor, source=source
    )


@transaction.atomic
def survey_update(
    *, actor: Any, survey: Survey, version: int | None = None, source: str = "web", **fields: Any
) -> dict[str, tuple[Any, Any]]:
    current = lock_at_version(survey, version)
    changes = update_instance(current, _only(fields, SURVEY_FIELDS), actor=actor, source=source)
    if "invited" in changes:
        _check_totals(current)
    return _raised(current, changes)


def _check_goal(question: Question, survey: Survey) -> None:
    if question.goal is not None and question.goal.project_id != survey.project_id:
        raise ValidationError(
            {"goal": _("A question can measure only a goal of the survey's project.")}, code="project"
        )


@transaction.atomic
def question_create(*, actor: Any, survey: Survey, text: str, source: str = "web", **fields: Any) -> Question:
    _place_last(fields, survey.questions)
    question = create_instance(
        Question, {"survey": survey, "text": text, **_only(fields, QUESTION_FIELDS)}, actor=actor, source=source
    )
    _check_goal(question, survey)
    return question


@transaction.atomic
def question_update(
    *, actor: Any, question: Question, version: int | None = None, source: str = "web", **fields: Any
) -> dict[str, tuple[Any, Any]]:
    current = lock_at_version(question, version)
    changes = update_instance(current, _only(fields, QUESTION_FIELDS), actor=actor, source=source)
    _check_goal(current, current.survey)
    return _raised(current, changes)


def _check_totals(survey: Survey) -> None:
    """No question may have more answers than the survey asked people."""
    for question in survey.questions.annotate(total=Sum("counts__answered")):
        if (question.total or 0) > survey.invited:
            raise ValidationError(
                _("The question “%(question)s” would have %(total)s answers, but the survey asked %(invited)s people.")
                % {"question": question.text[:80], "total": question.total, "invited": survey.invited},
                code="too_many",
            )


@transaction.atomic
def answers_record(
    *,
    actor: Any,
    survey: Survey,
    counts: dict[Question, tuple[int, int]],
    demo: bool = False,
    source: str = "web",
) -> int:
    """Add answers to the survey's questions: {question: (answered, answered yes)}. All or
    nothing: a count of yes above the count of answers, a question of another survey, or more
    answers in all than people asked, refuses the whole entry. Returns the answers added."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    user = actor if getattr(actor, "is_authenticated", False) else None
    added = 0
    recorded: dict[str, tuple[Any, Any]] = {}
    for question, (answered, agreed) in counts.items():
        if question.survey_id != survey.pk:
            raise ValidationError(_("The question does not belong to this survey."), code="survey")
        if answered < 0 or agreed < 0 or agreed > answered:
            raise ValidationError(
                _("“%(question)s”: the yes answers (%(agreed)s) cannot be more than the answers (%(answered)s).")
                % {"question": question.text[:80], "agreed": agreed, "answered": answered},
                code="agreed",
            )
        if not answered:
            continue
        AnswerCount.objects.create(question=question, answered=answered, agreed=agreed, demo=demo, recorded_by=user)
        recorded[f"{question.position}. {question.text[:60]}"] = (None, f"{agreed}/{answered}")
        added += answered
    _check_totals(survey)
    if recorded:
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, target=survey, changes=recorded, source=source)
    return added


# --- Indicators ------------------------------------------------------------------------------

INDICATOR_FIELDS = (
    "name",
    "goal",
    "agreement",
    "unit",
    "direction",
    "target",
    "data_source",
    "kolada_kpi",
    "kolada_municipality",
)


def _check_indicator(indicator: Indicator) -> None:
    if indicator.goal is not None and indicator.goal.project_id != indicator.project_id:
        raise ValidationError({"goal": _("An indicator can measure only a goal of its project.")}, code="project")


@transaction.atomic
def indicator_create(*, actor: Any, project: Project, name: str, source: str = "web", **fields: Any) -> Indicator:
    values = _only(fields, INDICATOR_FIELDS)
    indicator = create_instance(Indicator, {"project": project, "name": name, **values}, actor=actor, source=source)
    _check_indicator(indicator)
    return indicator


@transaction.atomic
def indicator_update(
    *, actor: Any, indicator: Indicator, version: int | None = None, source: str = "web", **fields: Any
) -> dict[str, tuple[Any, Any]]:
    values = _only(fields, INDICATOR_FIELDS)
    current = lock_at_version(indicator, version)
    changes = update_instance(current, values, actor=actor, source=source)
    _check_indicator(current)
    return _raised(current, changes)


@transaction.atomic
def indicator_values_set(*, actor: Any, indicator: Indicator, rows: list[Row], source: str = "web") -> dict[str, int]:
    """Record the values of `rows` (a period's value replaces the one recorded, audited); all or
    none. Returns the numbers added, changed and unchanged."""
    report = {"added": 0, "changed": 0, "unchanged": 0}
    existing = {v.period: v for v in IndicatorValue.objects.select_for_update().filter(indicator=indicator)}
    for row in rows:
        fields = {"value": row.value, "source": row.source, "comment": row.comment}
        found = existing.get(row.period)
        if found is None:
            create_instance(
                IndicatorValue, {"indicator": indicator, "period": row.period, **fields}, actor=actor, source=source
            )
            report["added"] += 1
        elif update_instance(found, fields, actor=actor, source=source):
            report["changed"] += 1
        else:
            report["unchanged"] += 1
    return report


@transaction.atomic
def indicator_value_delete(*, actor: Any, value: IndicatorValue, source: str = "web") -> None:
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        target=value,
        changes={"value": (value.value, None)},
        source=source,
    )
    value.delete()


# --- Risks -----------------------------------------------------------------------------------

RISK_FIELDS = ("title", "description", "likelihood", "consequence", "owner", "mitigation", "status", "position")
ASSESSED = ("likelihood", "consequence", "status")


def _assess(risk: Risk, assessed_on: datetime.date | None, note: str) -> RiskAssessment:
    return RiskAssessment.objects.create(
        risk=risk,
        assessed_on=assessed_on or timezone.localdate(),
        likelihood=risk.likelihood,
        consequence=risk.consequence,
        status=risk.status,
        note=note,
    )


@transaction.atomic
def risk_create(
    *,
    actor: Any,
    project: Project,
    title: str,
    assessed_on: datetime.date | None = None,
    note: str = "",
    source: str = "web",
    **fields: Any,
) -> Risk:
    """A new risk with its first assessment (its likelihood, consequence and status from
    `assessed_on`, today if not given)."""
    _place_last(fields, project.risks)
    risk = create_instance(
        Risk, {"project": project, "title": title, **_only(fields, RISK_FIELDS)}, actor=actor, source=source
    )
    _assess(risk, assessed_on, note)
    return risk


@transaction.atomic
def risk_update(
    *,
    actor: Any,
    risk: Risk,
    version: int | None = None,
    assessed_on: datetime.date | None = None,
    note: str = "",
    source: str = "web",
    **fields: Any,
) -> dict[str, tuple[Any, Any]]:
    """Change a risk (audited); a changed likelihood, consequence or status also adds an
    assessment from `assessed_on` (today if not given), which keeps the status over time."""
    current = lock_at_version(risk, version)
    if fields.get("position", 0) is None:
        fields.pop("position")
    changes = update_instance(current, _only(fields, RISK_FIELDS), actor=actor, source=source)
    if any(name in changes for name in ASSESSED):
        latest = current.assessments.order_by("-assessed_on", "-id").first()
        if assessed_on and latest and assessed_on < latest.assessed_on:
            raise ValidationError(
                {
                    "assessed_on": _("The risk was last assessed on %(date)s; a new assessment cannot be older.")
                    % {"date": latest.assessed_on.isoformat()}
                },
                code="older",
            )
        _assess(current, assessed_on, note)
    return _raised(current, changes)


@transaction.atomic
def risk_delete(*, actor: Any, risk: Risk, source: str = "web") -> None:
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        target=risk,
        changes={"project": (risk.project, None), "title": (risk.title, None)},
        source=source,
    )
    risk.delete()


# --- Goal fulfilment reports -----------------------------------------------------------------

REPORT_FIELDS = ("title", "principal", "introduction")
SECTION_FIELDS = ("heading", "text", "position")


def _only_draft(report: GoalReport) -> None:
    if report.status != GoalReport.Status.DRAFT:
        raise ValidationError(
            _("The report is %(status)s: only a draft can be changed.") % {"status": report.get_status_display()},
            code="not_draft",
        )


@transaction.atomic
def report_create(*, actor: Any, body: Any, year: int, title: str, source: str = "web", **fields: Any) -> GoalReport:
    if GoalReport.objects.filter(body=body, year=year).exists():
        raise ValidationError(
            {"year": _("The body already has a goal fulfilment report for %(year)s.") % {"year": year}}, code="unique"
        )
    return create_instance(
        GoalReport,
        {"body": body, "year": year, "title": title, **_only(fields, REPORT_FIELDS)},
        actor=actor,
        source=source,
    )


@transaction.atomic
def report_update(
    *, actor: Any, report: GoalReport, version: int | None = None, source: str = "web", **fields: Any
) -> dict[str, tuple[Any, Any]]:
    current = lock_at_version(report, version)
    _only_draft(current)
    return _raised(current, update_instance(current, _only(fields, REPORT_FIELDS), actor=actor, source=source))


@transaction.atomic
def report_approve(*, actor: Any, report: GoalReport, approval: str = "", source: str = "web") -> GoalReport:
    """Drafted -> approved (by the decision `approval`, e.g. "§ 12"): the text is then fixed."""
    current = GoalReport.objects.select_for_update().get(pk=report.pk)
    _only_draft(current)
    if not current.sections.exists():
        raise ValidationError(_("Write at least one area before the report is approved."), code="empty")
    update_instance(
        current,
        {"status": GoalReport.Status.APPROVED, "approval": approval.strip(), "approved_at": timezone.now()},
        actor=actor,
        source=source,
    )
    version_raise(current)  # a report form opened before is stale
    return current


@transaction.atomic
def report_reopen(*, actor: Any, report: GoalReport, source: str = "web") -> GoalReport:
    """Approved -> back to a draft, to be changed and approved again. A published report stays."""
    current = GoalReport.objects.select_for_update().get(pk=report.pk)
    if current.status != GoalReport.Status.APPROVED:
        raise ValidationError(_("Only an approved report that is not published can be returned to a draft."))
    update_instance(
        current,
        {"status": GoalReport.Status.DRAFT, "approval": "", "approved_at": None},
        actor=actor,
        source=source,
    )
    version_raise(current)  # a report form opened before is stale
    return current


@transaction.atomic
def report_publish(*, actor: Any, report: GoalReport, source: str = "web") -> GoalReport:
    """Approved -> published: from now on public, on the page and as PDF."""
    current = GoalReport.objects.select_for_update().get(pk=report.pk)
    if current.status != GoalReport.Status.APPROVED:
        raise ValidationError(_("Only an approved report can be published."), code="not_approved")
    update_instance(
        current, {"status": GoalReport.Status.PUBLISHED, "published_at": timezone.now()}, actor=actor, source=source
    )
    version_raise(current)  # a report form opened before is stale
    return current


@transaction.atomic
def section_create(
    *, actor: Any, report: GoalReport, heading: str, text: str, source: str = "web", **fields: Any
) -> ReportSection:
    _only_draft(GoalReport.objects.select_for_update().get(pk=report.pk))
    _place_last(fields, report.sections)
    return create_instance(
        ReportSection,
        {"report": report, "heading": heading, "text": text, **_only(fields, SECTION_FIELDS)},
        actor=actor,
        source=source,
    )


@transaction.atomic
def section_update(
    *, actor: Any, section: ReportSection, version: int | None = None, source: str = "web", **fields: Any
) -> dict[str, tuple[Any, Any]]:
    current = lock_at_version(section, version)
    _only_draft(GoalReport.objects.select_for_update().get(pk=current.report_id))
    if fields.get("position", 0) is None:
        fields.pop("position")
    return _raised(current, update_instance(current, _only(fields, SECTION_FIELDS), actor=actor, source=source))


@transaction.atomic
def section_delete(*, actor: Any, section: ReportSection, source: str = "web") -> None:
    _only_draft(GoalReport.objects.select_for_update().get(pk=section.report_id))
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        target=section,
        changes={"report": (section.report, None), "text": (section.text, None)},
        source=source,
    )
    section.delete()
