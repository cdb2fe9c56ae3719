"""The follow-up of the Västerbotten implementation project in the demo: the effect goals E1-E5
and project goals P1-P5 of seed 002's project directive ("2.1 Effektmål", "2.3 Projekt mål"),
word for word, with the traces the directive gives ("Spårbarhet till effektmål"), and an
invented survey of the 60 people the targets name, its answers marked as demo answers; and
VästKom's goal fulfilment 2019 (seed 003). The facts are in examples/demo/followup.yaml. The
project and its decision points are loaded with the recommendations (demo_referrals.py). Running
it again adds only what is missing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from samverkan.followup import services
from samverkan.followup.models import Goal, GoalReport, Project, Risk, Survey
from samverkan.publishing.demo_loader import demo_facts
from samverkan.publishing.demo_referrals import PROJECT_KEY
from samverkan.structure.models import Body, Principal

SOURCE = "cli:demo"

# The facts, as examples/demo/followup.yaml gives them.
FACTS = demo_facts("followup")


def _survey(actor: Any, project: Project, goals: dict[str, Goal]) -> list[str]:
    fields = dict(FACTS["survey"])
    questions = fields.pop("questions")
    if Survey.objects.filter(project=project, title=fields["title"]).exists():
        return [f"Survey ”{fields['title']}”: already there, left as it is."]
    survey = services.survey_create(actor=actor, project=project, source=SOURCE, **fields)
    counts = {}
    for row in questions:
        question = services.question_create(
            actor=actor, survey=survey, text=row["text"], goal=goals.get(row["goal"]), source=SOURCE
        )
        counts[question] = (row["answered"], row["agreed"])
    services.answers_record(actor=actor, survey=survey, counts=counts, demo=True, source=SOURCE)
    return [f"Survey ”{survey.title}”: {len(counts)} questions with demo answers."]


def _risks(actor: Any, project: Project) -> list[str]:
    risks = FACTS["risks"]
    have = set(Risk.objects.filter(project=project).values_list("title", flat=True))
    added = 0
    for risk in risks["list"]:
        if risk["title"] not in have:
            services.risk_create(
                actor=actor,
                project=project,
                title=risk["title"],
                description=risk["description"],
                assessed_on=risks["assessed_on"],
                note=risks["note"],
                source=SOURCE,
            )
            added += 1
    if not added:
        return [f"Project ”{project.name}”: risks already there, left as they are."]
    return [f"Project ”{project.name}”: {added} risks from the directive added."]


def load_demo_goal_report(*, actor: Any) -> list[str]:
    """VästKom's goal fulfilment 2019 (seed 003), written by its board, approved and published
    through the same services the staff screens use."""
    facts = FACTS["goal_report"]
    body = Body.objects.filter(key=facts["body"]).first()
    if body is None:
        return [f"The body {facts['body']} is missing: the goal fulfilment 2019 is skipped."]
    if GoalReport.objects.filter(body=body, year=facts["year"]).exists():
        return ["Goal fulfilment 2019 of VästKom: already there, left as it is."]
    with transaction.atomic():
        report = services.report_create(
            actor=actor,
            body=body,
            year=facts["year"],
            title=facts["title"],
            principal=Principal.objects.filter(key=facts["principal"]).first(),
            introduction=facts["introduction"],
            source=SOURCE,
        )
        for section in facts["sections"]:
            services.section_create(
                actor=actor, report=report, heading=section["heading"], text=section["text"], source=SOURCE
            )
        services.report_approve(actor=actor, report=report, source=SOURCE)
        services.report_publish(actor=actor, report=report, source=SOURCE)
    return [f"Goal fulfilment 2019 of VästKom: {len(facts['sections'])} areas from seed 003, published."]


def load_demo_followup(*, actor: Any) -> list[str]:
    report_lines = load_demo_goal_report(actor=actor)
    project = Project.objects.filter(key=PROJECT_KEY).first()
    if project is None:
        return [*report_lines, "The implementation project is missing: its goals are skipped."]
    with transaction.atomic():
        have = {g.code: g for g in Goal.objects.filter(project=project)}
        added = []
        for position, goal in enumerate(FACTS["effect_goals"], start=1):
            if goal["code"] not in have:
                have[goal["code"]] = services.goal_create(
                    actor=actor,
                    project=project,
                    level=Goal.Level.EFFECT,
                    code=goal["code"],
                    text=goal["text"],
                    reference_value=goal["reference"],
                    target=goal["target"],
                    target_share=Decimal(FACTS["target_share"]),
                    period=FACTS["period"],
                    position=position,
                    source=SOURCE,
                )
                added.append(goal["code"])
        for position, goal in enumerate(FACTS["project_goals"], start=11):
            if goal["code"] not in have:
                have[goal["code"]] = services.goal_create(
                    actor=actor,
                    project=project,
                    level=Goal.Level.PROJECT,
                    code=goal["code"],
                    text=goal["text"],
                    period=FACTS["period"],
                    position=position,
                    contributes_to=[have[c] for c in goal["traces"]],
                    source=SOURCE,
                )
                added.append(goal["code"])
        if added:
            lines = [f"Project ”{project.name}”: goals {', '.join(added)} added with the directive's traces."]
        else:
            lines = [f"Project ”{project.name}”: goals already there, left as they are."]
        lines += _survey(actor, project, have)
        lines += _risks(actor, project)
    return [*report_lines, *lines]
