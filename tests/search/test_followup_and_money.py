"""Search finds follow-up (goals, surveys, indicators, published goal fulfilment) and money
(allocations, fee schedules, budgets by their lines, funds), as the site indexes them on commit;
what is not public (a draft report, money not marked public) is never found by the public, and
a survey's entry never holds an answer."""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from samverkan.finance.models import Allocation, Budget, BudgetLine, FeeSchedule, Fund
from samverkan.followup import services
from samverkan.followup.indicator_files import Row
from samverkan.search.models import SearchEntry
from tests.support import Personas

pytestmark = pytest.mark.django_db


def titles(q: str, client: Client | None = None, **params: Any) -> list[str]:
    html = (client or Client()).get("/sok/", {"q": q, **params}).content.decode()
    return re.findall(r'<li class="search-result">\s*<h3><a href="[^"]*">([^<]*)</a>', html)


def api_titles(q: str, **params: Any) -> list[str]:
    response = Client().get("/api/v1/search", {"q": q, **params})
    assert response.status_code == 200, response.content
    return [hit["title"] for hit in json.loads(response.content)["items"]]


@pytest.fixture
def followup(personas: Personas, django_capture_on_commit_callbacks: Any) -> dict[str, Any]:
    with django_capture_on_commit_callbacks(execute=True):
        project = services.project_create(actor=None, key="vb", name="Implementering", body=personas.body)
        goal = services.goal_create(
            actor=None, project=project, code="E1", text="En större kontinuitet i samverkan", target="Minst 75 %"
        )
        survey = services.survey_create(
            actor=None, project=project, title="Intervjuer i samverkansstrukturen", asked="Alla", invited=60
        )
        question = services.question_create(
            actor=None, survey=survey, text="Anser du att mötesstrukturen är tillfredsställande?", goal=goal
        )
        services.answers_record(actor=None, survey=survey, counts={question: (60, 45)})
        indicator = services.indicator_create(actor=None, project=project, name="Väntetid till ungdomsmottagning")
        services.indicator_values_set(
            actor=None, indicator=indicator, rows=[Row("2019", Decimal(12), "Kolada", "Efter omorganisationen")]
        )
        report = services.report_create(actor=None, body=personas.body, year=2019, title="Måluppfyllnad 2019")
        services.section_create(actor=None, report=report, heading="Resurser", text="Personalomsättning på eSamordnare")
    return {"project": project, "goal": goal, "survey": survey, "indicator": indicator, "report": report}


def test_goals_surveys_and_indicators_are_found(followup: dict[str, Any]) -> None:
    assert titles("kontinuitet") == ["E1 En större kontinuitet i samverkan"]
    assert titles("mötesstrukturen") == ["Intervjuer i samverkansstrukturen"]
    assert titles("omorganisationen") == ["Väntetid till ungdomsmottagning"]
    assert api_titles("kontinuitet", type="goal") == ["E1 En större kontinuitet i samverkan"]
    assert api_titles("kontinuitet", type="survey") == []
    # Only counts are kept, and no count is indexed.
    entry = SearchEntry.objects.get(source="followup.survey")
    assert "45" not in entry.text and "60" not in entry.text


def test_a_goal_fulfilment_report_is_found_only_once_published(
    personas: Personas, followup: dict[str, Any], django_capture_on_commit_callbacks: Any, login: Any
) -> None:
    assert titles("personalomsättning") == []
    assert api_titles("personalomsättning") == []
    with django_capture_on_commit_callbacks(execute=True):
        services.report_approve(actor=None, report=followup["report"])
    assert titles("personalomsättning") == []
    with django_capture_on_commit_callbacks(execute=True):
        services.report_publish(actor=None, report=followup["report"])
    assert titles("personalomsättning") == ["Måluppfyllnad 2019"]
    assert api_titles("personalomsättning", type="goal_report") == ["Måluppfyllnad 2019"]


def test_money_records_are_found_and_hidden_ones_are_not(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        Allocation.objects.create(
            key="ungdomsmottagningar",
            title="Statliga medel till ungdomsmottagningarna",
            description="Cirka 25 000 000 kr fördelas mellan huvudmännen",
            year=2022,
            amount=2_500_000_000,
            population_date=datetime.date(2021, 12, 31),
            decision="SRO 2022-04-28, punkt 7",
        )
        FeeSchedule.objects.create(
            key="it-6-kronan",
            title="IT-fonden 6-kronan 2019",
            year=2019,
            rate=600,
            population_date=datetime.date(2018, 11, 1),
            decision="Styrelsen 2018-12-17 § 4",
        )
        budget = Budget.objects.create(key="budget-2019", title="Budget 2019", year=2019)
        BudgetLine.objects.create(budget=budget, position=1, code="115", name="Kvinnofridsatsning")
        Fund.objects.create(key="it-fonden", title="IT-fonden", description="Fonden för e-hälsa och välfärdsteknik")
        Fund.objects.create(key="hemlig", title="Hemlig fond", description="välfärdsteknik i smyg", public=False)
    assert titles("ungdomsmottagningarna") == ["Statliga medel till ungdomsmottagningarna"]
    assert titles("6-kronan") == ["IT-fonden 6-kronan 2019"]
    assert titles("kvinnofridsatsning") == ["Budget 2019"]
    assert titles("välfärdsteknik") == ["IT-fonden"]
    assert api_titles("välfärdsteknik", type="money") == ["IT-fonden"]
    # A budget line added later is found through its budget.
    with django_capture_on_commit_callbacks(execute=True):
        BudgetLine.objects.create(budget=budget, position=2, code="116", name="Processledare välfärd")
    assert titles("processledare") == ["Budget 2019"]
    # Marked not public: no longer found.
    with django_capture_on_commit_callbacks(execute=True):
        Budget.objects.filter(pk=budget.pk).update(public=False)
        Budget.objects.get(pk=budget.pk).save()
    assert titles("kvinnofridsatsning") == []
