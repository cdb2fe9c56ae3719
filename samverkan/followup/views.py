"""Follow-up pages: the public project pages, and the staff screens where the steering body's
secretaries keep a project, its goals and its decision points (who may open which is declared
in permissions.py; every write goes through services.py and is audited)."""

from __future__ import annotations

from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from samverkan.core.editing import act, save_create, save_edit
from samverkan.finance.exports import pdf_response
from samverkan.followup import chart, indicator_files, selectors, services
from samverkan.followup.forms import (
    AnswerCountsForm,
    DecisionPointForm,
    GoalForm,
    GoalReportForm,
    IndicatorForm,
    IndicatorImportForm,
    IndicatorValueForm,
    OneRespondentForm,
    ProjectForm,
    QuestionForm,
    ReportApproveForm,
    ReportSectionForm,
    RiskForm,
    SurveyForm,
)
from samverkan.followup.models import (
    DecisionPoint,
    Goal,
    GoalReport,
    Indicator,
    Project,
    ReportSection,
    Risk,
    Survey,
)
from samverkan.followup.permissions import PROJECT, REPORT_BODY, may_edit
from samverkan.followup.status import number
from samverkan.structure.selectors import bodies_kept_by

T = TypeVar("T")


def _found(found: T | None) -> T:
    """What a selector found, or 404 when it found nothing the user may see."""
    if found is None:
        raise Http404
    return found


def project_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "followup/project_list.html",
        {
            "projects": selectors.project_list(),
            "may_create": request.user.is_authenticated and bodies_kept_by(request.user).exists(),
        },
    )


def project_detail(request: HttpRequest, key: str) -> HttpResponse:
    try:
        project, points = selectors.project_page(key)
    except Project.DoesNotExist as exc:
        raise Http404 from exc
    staff = may_edit(request.user, project)
    levels = selectors.goal_levels(project)
    shares = selectors.goal_shares(project)
    for level in levels:
        for goal in level.goals:
            goal.share = shares.get(goal.pk)  # type: ignore[attr-defined]
            goal.share_shown = goal.share is not None and selectors.shown(goal.share, staff)  # type: ignore[attr-defined]
    return render(
        request,
        "followup/project_detail.html",
        {
            "project": project,
            "points": points,
            "levels": levels,
            "surveys": selectors.surveys_of(project),
            "indicators": selectors.project_indicators(project),
            "risks": selectors.project_risks(project),
            "may_edit": staff,
            "min_public": selectors.MIN_PUBLIC_ANSWERS,
        },
    )


# --- Staff screens --------------------------------------------------------------------------


def project_create(request: HttpRequest) -> HttpResponse:
    bodies = bodies_kept_by(request.user)
    if not bodies.exists():
        raise PermissionDenied
    form = ProjectForm(request.POST or None, bodies=bodies)
    project = save_create(request, form, _("The project was created."), services.project_create)
    if project is not None:
        return redirect(project)
    return render(request, "followup/project_form.html", {"form": form, "project": None})


def project_edit(request: HttpRequest, key: str) -> HttpResponse:
    project = PROJECT.get(key)
    form = ProjectForm(request.POST or None, instance=project, bodies=bodies_kept_by(request.user, project.body))
    if save_edit(request, form, services.project_update, project=project):
        return redirect(project)
    return render(request, "followup/project_form.html", {"form": form, "project": project})


def _goal(key: str, pk: int) -> Goal:
    return _found(selectors.goal_of(PROJECT.get(key), pk))


def goal_add(request: HttpRequest, key: str) -> HttpResponse:
    project = PROJECT.get(key)
    form = GoalForm(request.POST or None, project=project)
    goal = save_create(request, form, _("The goal was added."), services.goal_create, project=project)
    if goal is not None:
        return redirect(f"{project.get_absolute_url()}#{goal.anchor()}")
    return render(request, "followup/goal_form.html", {"form": form, "project": project, "goal": None})


def goal_edit(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    goal = _goal(key, pk)
    form = GoalForm(request.POST or None, instance=goal, project=goal.project)
    if save_edit(request, form, services.goal_update, goal=goal):
        return redirect(f"{goal.project.get_absolute_url()}#{goal.anchor()}")
    return render(request, "followup/goal_form.html", {"form": form, "project": goal.project, "goal": goal})


def goal_delete(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    goal = _goal(key, pk)
    if request.method == "POST":
        act(request, _("The goal was removed."), services.goal_delete, goal=goal)
        return redirect(goal.project)
    return render(
        request,
        "followup/confirm_delete.html",
        {"project": goal.project, "what": _("the goal %(code)s") % {"code": goal.code}, "text": goal.text},
    )


def _point(key: str, pk: int) -> DecisionPoint:
    return _found(selectors.point_of(PROJECT.get(key), pk))


def point_add(request: HttpRequest, key: str) -> HttpResponse:
    project = PROJECT.get(key)
    form = DecisionPointForm(request.POST or None, project=project)
    if (
        save_create(request, form, _("The decision point was added."), services.decision_point_create, project=project)
        is not None
    ):
        return redirect(project)
    return render(request, "followup/point_form.html", {"form": form, "project": project, "point": None})


def point_edit(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    point = _point(key, pk)
    form = DecisionPointForm(request.POST or None, instance=point, project=point.project)
    if save_edit(request, form, services.decision_point_update, point=point):
        return redirect(point.project)
    return render(request, "followup/point_form.html", {"form": form, "project": point.project, "point": point})


def point_delete(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    point = _point(key, pk)
    if request.method == "POST":
        act(request, _("The decision point was removed."), services.decision_point_delete, point=point)
        return redirect(point.project)
    return render(
        request,
        "followup/confirm_delete.html",
        {
            "project": point.project,
            "what": _("the decision point %(code)s") % {"code": point.code},
            "text": point.title,
        },
    )


# --- Surveys ---------------------------------------------------------------------------------


def survey_detail(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    try:
        survey, rows = selectors.survey_page(key, pk)
    except Survey.DoesNotExist as exc:
        raise Http404 from exc
    staff = may_edit(request.user, survey.project)
    return render(
        request,
        "followup/survey_detail.html",
        {
            "survey": survey,
            "project": survey.project,
            "rows": [(row, selectors.shown(row.share, staff)) for row in rows],
            "demo": any(row.share.demo for row in rows),
            "may_edit": staff,
            "min_public": selectors.MIN_PUBLIC_ANSWERS,
        },
    )


def _survey(key: str, pk: int) -> Survey:
    return _found(selectors.survey_of(PROJECT.get(key), pk))


def survey_add(request: HttpRequest, key: str) -> HttpResponse:
    project = PROJECT.get(key)
    form = SurveyForm(request.POST or None)
    survey = save_create(
        request, form, _("The survey was added; add its questions."), services.survey_create, project=project
    )
    if survey is not None:
        return redirect(survey)
    return render(request, "followup/survey_form.html", {"form": form, "project": project, "survey": None})


def survey_edit(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    survey = _survey(key, pk)
    form = SurveyForm(request.POST or None, instance=survey)
    if save_edit(request, form, services.survey_update, survey=survey):
        return redirect(survey)
    return render(request, "followup/survey_form.html", {"form": form, "project": survey.project, "survey": survey})


def question_add(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    survey = _survey(key, pk)
    form = QuestionForm(request.POST or None, survey=survey)
    if save_create(request, form, _("The question was added."), services.question_create, survey=survey) is not None:
        return redirect(survey)
    return render(request, "followup/question_form.html", {"form": form, "survey": survey, "question": None})


def question_edit(request: HttpRequest, key: str, pk: int, question_pk: int) -> HttpResponse:
    survey = _survey(key, pk)
    question = _found(selectors.question_of(survey, question_pk))
    form = QuestionForm(request.POST or None, instance=question, survey=survey)
    if save_edit(request, form, services.question_update, question=question):
        return redirect(survey)
    return render(request, "followup/question_form.html", {"form": form, "survey": survey, "question": question})


def answers_add(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """Answers in aggregate (`?one` absent) or one respondent's answers (`?en=1`)."""
    survey = _survey(key, pk)
    questions = selectors.questions_of(survey)
    one = "en" in request.GET
    form_class = OneRespondentForm if one else AnswerCountsForm
    form = form_class(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.answers_record(actor=request.user, survey=survey, counts=form.counts())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if added:
                messages.success(request, _("The answers were recorded."))
            else:
                messages.info(request, _("No answers were entered."))
            return redirect(survey)
    return render(request, "followup/answers_form.html", {"form": form, "survey": survey, "one": one})


# --- Indicators ------------------------------------------------------------------------------


def indicator_detail(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    try:
        row = selectors.indicator_page(key, pk)
    except Indicator.DoesNotExist as exc:
        raise Http404 from exc
    indicator = row.indicator
    unit = f" {indicator.unit}" if indicator.unit else ""
    target_label = (
        _("Target %(target)s") % {"target": f"{number(indicator.target)}{unit}"} if indicator.target is not None else ""
    )
    if row.values:
        summary = _("%(count)s values from %(first)s to %(last)s; the latest is %(value)s.") % {
            "count": len(row.values),
            "first": row.values[0].period,
            "last": row.values[-1].period,
            "value": f"{number(row.values[-1].value)}{unit}",
        }
    else:
        summary = _("No values are recorded.")
    svg = chart.line_chart(
        [(v.period, v.value) for v in row.values],
        title=indicator.name,
        summary=f"{summary} {target_label}".strip(),
        target=indicator.target,
        target_label=target_label,
        ident=f"indicator-{indicator.pk}",
    )
    return render(
        request,
        "followup/indicator_detail.html",
        {
            "row": row,
            "indicator": indicator,
            "project": indicator.project,
            "chart": svg,
            "summary": summary,
            "may_edit": may_edit(request.user, indicator.project),
        },
    )


def _indicator(key: str, pk: int) -> Indicator:
    return _found(selectors.indicator_of(PROJECT.get(key), pk))


def indicator_add(request: HttpRequest, key: str) -> HttpResponse:
    project = PROJECT.get(key)
    form = IndicatorForm(request.POST or None, project=project)
    indicator = save_create(request, form, _("The indicator was added."), services.indicator_create, project=project)
    if indicator is not None:
        return redirect(indicator)
    return render(request, "followup/indicator_form.html", {"form": form, "project": project, "indicator": None})


def indicator_edit(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    indicator = _indicator(key, pk)
    form = IndicatorForm(request.POST or None, instance=indicator, project=indicator.project)
    if save_edit(request, form, services.indicator_update, indicator=indicator):
        return redirect(indicator)
    return render(
        request, "followup/indicator_form.html", {"form": form, "project": indicator.project, "indicator": indicator}
    )


def _report(request: HttpRequest, report: dict[str, int]) -> None:
    messages.success(
        request,
        _("%(added)s values added, %(changed)s changed, %(unchanged)s unchanged.") % report,
    )


def indicator_value_add(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    indicator = _indicator(key, pk)
    form = IndicatorValueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _report(request, services.indicator_values_set(actor=request.user, indicator=indicator, rows=[form.row()]))
        return redirect(indicator)
    return render(request, "followup/indicator_value_form.html", {"form": form, "indicator": indicator})


def indicator_import(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    indicator = _indicator(key, pk)
    form = IndicatorImportForm(request.POST or None, request.FILES or None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        try:
            if form.cleaned_data["kind"] == "kolada":
                rows = indicator_files.read_kolada(
                    data, kpi=indicator.kolada_kpi, municipality=indicator.kolada_municipality
                )
            else:
                rows = indicator_files.read_csv(data)
        except indicator_files.FileProblem as exc:
            for problem in exc.problems[:20]:
                form.add_error("file", problem)
        else:
            _report(
                request,
                services.indicator_values_set(
                    actor=request.user, indicator=indicator, rows=rows, source=f"web:{form.cleaned_data['kind']}"
                ),
            )
            return redirect(indicator)
    return render(request, "followup/indicator_import.html", {"form": form, "indicator": indicator})


# --- Risks -----------------------------------------------------------------------------------


def _risk(key: str, pk: int) -> Risk:
    return _found(selectors.risk_of(PROJECT.get(key), pk))


def risk_add(request: HttpRequest, key: str) -> HttpResponse:
    project = PROJECT.get(key)
    form = RiskForm(request.POST or None)
    risk = save_create(request, form, _("The risk was added."), services.risk_create, project=project)
    if risk is not None:
        return redirect(f"{project.get_absolute_url()}#{risk.anchor()}")
    return render(request, "followup/risk_form.html", {"form": form, "project": project, "risk": None})


def risk_edit(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    risk = _risk(key, pk)
    form = RiskForm(request.POST or None, instance=risk)
    if save_edit(request, form, services.risk_update, risk=risk):
        return redirect(f"{risk.project.get_absolute_url()}#{risk.anchor()}")
    history = selectors.risk_history(risk)
    return render(
        request, "followup/risk_form.html", {"form": form, "project": risk.project, "risk": risk, "history": history}
    )


def risk_delete(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    risk = _risk(key, pk)
    if request.method == "POST":
        act(request, _("The risk was removed."), services.risk_delete, risk=risk)
        return redirect(risk.project)
    return render(
        request,
        "followup/confirm_delete.html",
        {"project": risk.project, "what": _("the risk"), "text": risk.title},
    )


# --- Goal fulfilment reports -----------------------------------------------------------------


def _visible_report(request: HttpRequest, body: str, year: int) -> tuple[GoalReport, bool]:
    """The report and whether the user may edit it; 404 for a report not yet published to
    anyone who may not edit it (a draft is never public, not even its existence)."""
    return _found(selectors.report_for(request.user, body, year))


def report_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "followup/report_list.html",
        {
            "reports": selectors.reports_for(request.user),
            "may_create": request.user.is_authenticated and bodies_kept_by(request.user).exists(),
        },
    )


def report_detail(request: HttpRequest, body: str, year: int) -> HttpResponse:
    report, staff = _visible_report(request, body, year)
    return render(
        request,
        "followup/report_detail.html",
        {
            "report": report,
            "results": selectors.report_results(report),
            "may_edit": staff,
            "approve_form": ReportApproveForm() if staff and report.status == GoalReport.Status.DRAFT else None,
            "min_public": selectors.MIN_PUBLIC_ANSWERS,
        },
    )


def report_pdf(request: HttpRequest, body: str, year: int) -> HttpResponse:
    """The report as PDF, rendered as the other papers are; a report not yet published is marked
    as a draft on every page (only its editors reach it)."""
    report, _staff = _visible_report(request, body, year)
    context = {
        "title": report.title,
        "author": report.organisation_name,
        "head_left": report.organisation_name,
        "head_right": f"Måluppfyllnad {report.year}",
        "report": report,
        "results": selectors.report_results(report),
        "draft": not report.public,
        "draft_label": "UTKAST – ej publicerad",
        "min_public": selectors.MIN_PUBLIC_ANSWERS,
    }
    return pdf_response("followup/pdf/report.html", context, f"maluppfyllnad-{report.body.key}-{report.year}.pdf")


def report_create(request: HttpRequest) -> HttpResponse:
    bodies = bodies_kept_by(request.user)
    if not bodies.exists():
        raise PermissionDenied
    form = GoalReportForm(request.POST or None, bodies=bodies)
    report = save_create(
        request, form, _("The report was created as a draft; write its areas."), services.report_create
    )
    if report is not None:
        return redirect(report)
    return render(request, "followup/report_form.html", {"form": form, "report": None})


def _editable_report(body: str, year: int) -> GoalReport:
    return _found(selectors.report_of(REPORT_BODY.get(body), year))


def report_edit(request: HttpRequest, body: str, year: int) -> HttpResponse:
    report = _editable_report(body, year)
    form = GoalReportForm(
        request.POST or None,
        instance=report,
        bodies=selectors.report_bodies(report),
    )
    if save_edit(request, form, services.report_update, report=report):
        return redirect(report)
    return render(request, "followup/report_form.html", {"form": form, "report": report})


def report_status(request: HttpRequest, body: str, year: int) -> HttpResponse:
    """Approve a draft, return an approved report to a draft, or publish it (POST)."""
    report = _editable_report(body, year)
    if request.method != "POST":
        return redirect(report)
    action = request.POST.get("action")
    try:
        if action == "approve":
            approval = request.POST.get("approval", "").strip()
            if len(approval) > 200:
                raise ValidationError(_("Write the decision that approved it in at most 200 characters."))
            services.report_approve(actor=request.user, report=report, approval=approval)
            messages.success(request, _("The report was approved."))
        elif action == "reopen":
            services.report_reopen(actor=request.user, report=report)
            messages.success(request, _("The report is a draft again."))
        elif action == "publish":
            services.report_publish(actor=request.user, report=report)
            messages.success(request, _("The report was published."))
        else:
            messages.error(request, _("Nothing was changed."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(report)


def _section(body: str, year: int, pk: int) -> ReportSection:
    return _found(selectors.section_of(REPORT_BODY.get(body), year, pk))


def section_add(request: HttpRequest, body: str, year: int) -> HttpResponse:
    report = _editable_report(body, year)
    form = ReportSectionForm(request.POST or None)
    if save_create(request, form, _("The area was added."), services.section_create, report=report) is not None:
        return redirect(report)
    return render(request, "followup/section_form.html", {"form": form, "report": report, "section": None})


def section_edit(request: HttpRequest, body: str, year: int, pk: int) -> HttpResponse:
    section = _section(body, year, pk)
    form = ReportSectionForm(request.POST or None, instance=section)
    if save_edit(request, form, services.section_update, section=section):
        return redirect(section.report)
    return render(request, "followup/section_form.html", {"form": form, "report": section.report, "section": section})


def section_delete(request: HttpRequest, body: str, year: int, pk: int) -> HttpResponse:
    section = _section(body, year, pk)
    report = section.report
    if request.method == "POST":
        act(request, _("The area was removed."), services.section_delete, section=section)
        return redirect(report)
    return render(
        request,
        "followup/confirm_delete.html",
        {"project": report, "what": _("the area “%(heading)s”") % {"heading": section.heading}, "text": section.text},
    )
