"""Goals of an organisation, not only of a project (issue 15 point 1): the steering body's
secretary keeps an organisation's goals (at the levels it uses: strategic goals, action-plan
goals, ...) as a goal set of kind "an organisation's goals"; the organisation's page lists them
and its published goal fulfilment, and the organisation's yearly report counts them."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.followup import services
from samverkan.followup.models import Goal, Project
from tests.support import Personas

pytestmark = pytest.mark.django_db


def test_the_secretary_keeps_an_organisations_goals_and_its_page_lists_them(
    personas: Personas, login: Callable[[str], Client]
) -> None:
    client = login("secretary")
    create = reverse("followup:project_create")
    fields = {"key": "plan", "name": "Verksamhetsplan 2019", "body": personas.body.pk, "description": ""}
    # An organisation's goals name the organisation.
    response = client.post(create, {**fields, "kind": "plan", "organisation": ""})
    assert response.status_code == 200 and "organisation" in response.context["form"].errors
    assert not Project.objects.exists()
    response = client.post(create, {**fields, "kind": "plan", "organisation": personas.principal.pk})
    assert response.status_code == 302
    plan = Project.objects.get(key="plan")
    assert (plan.kind, plan.organisation) == ("plan", personas.principal)
    response = client.post(
        reverse("followup:goal_add", kwargs={"key": plan.key}),
        {"level": "strategic", "code": "S1", "text": "Jämlik vård", "contributes_to": [], "position": ""},
    )
    assert response.status_code == 302
    assert Goal.objects.get(project=plan).get_level_display() == "strategiskt mål"

    page = Client().get(plan.get_absolute_url()).content.decode()
    assert "Organisationens mål" in page and personas.principal.name in page
    assert "Strategiskt mål" in page and "Jämlik vård" in page
    principal_page = Client().get(personas.principal.get_absolute_url()).content.decode()
    assert "Mål och måluppfyllnad" in principal_page
    assert f'<a href="{plan.get_absolute_url()}">Verksamhetsplan 2019</a>' in principal_page


def test_the_organisations_goal_fulfilment_counts_its_goals(personas: Personas) -> None:
    plan = services.project_create(
        actor=None,
        key="plan",
        name="Verksamhetsplan",
        body=personas.other_body,
        kind="plan",
        organisation=personas.principal,
    )
    goal = services.goal_create(
        actor=None, project=plan, code="S1", text="Jämlik vård", level="strategic", target_share=Decimal(50)
    )
    survey = services.survey_create(actor=None, project=plan, title="Enkät", asked="Alla", invited=10)
    question = services.question_create(actor=None, survey=survey, text="Ja?", goal=goal)
    services.answers_record(actor=None, survey=survey, counts={question: (10, 6)})
    report = services.report_create(
        actor=None, body=personas.body, year=2019, title="Måluppfyllnad 2019", principal=personas.principal
    )
    services.section_create(actor=None, report=report, heading="Resurser", text="Text")
    services.report_approve(actor=None, report=report)
    services.report_publish(actor=None, report=report)
    page = Client().get(report.get_absolute_url()).content.decode()
    assert "Verksamhetsplan" in page and "6 av 10 = 60" in page and "Uppnådd" in page
    principal_page = Client().get(personas.principal.get_absolute_url()).content.decode()
    assert f'<a href="{report.get_absolute_url()}">Måluppfyllnad 2019</a>' in principal_page


def test_the_principals_page_queries_do_not_grow_with_goal_sets(personas: Personas) -> None:
    url = personas.principal.get_absolute_url()
    services.project_create(
        actor=None, key="plan-x", name="Plan x", body=personas.body, kind="plan", organisation=personas.principal
    )
    Client().get(url)
    with CaptureQueriesContext(connection) as first:
        Client().get(url)
    for i in range(3):
        services.project_create(
            actor=None,
            key=f"plan-{i}",
            name=f"Plan {i}",
            body=personas.body,
            kind="plan",
            organisation=personas.principal,
        )
    with CaptureQueriesContext(connection) as second:
        html = Client().get(url).content.decode()
    assert html.count("Plan ") >= 3
    assert len(second.captured_queries) == len(first.captured_queries)
