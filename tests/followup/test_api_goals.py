"""The follow-up API beyond decision points: a project's goals with traces and survey outcome,
its surveys (counts only, fewer than five answers withheld), its indicators with their values,
and the published goal fulfilment reports (a draft or approved one does not exist here)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from samverkan.followup import services
from samverkan.followup.indicator_files import Row
from samverkan.followup.models import Project
from tests.support import Personas, get_json

pytestmark = pytest.mark.django_db
NOT_FOUND = {"detail": "Not Found"}


@pytest.fixture
def project(personas: Personas) -> Project:
    project = services.project_create(actor=None, key="vb", name="Implementering", body=personas.body)
    e1 = services.goal_create(
        actor=None, project=project, code="E1", text="Kontinuitet", target="Minst 75 %", target_share=Decimal(75)
    )
    e3 = services.goal_create(actor=None, project=project, code="E3", text="Möten", target_share=Decimal(75))
    services.goal_create(
        actor=None, project=project, code="P2", text="Överenskommelser", level="project", contributes_to=[e1]
    )
    survey = services.survey_create(actor=None, project=project, title="Intervjuer", asked="Alla", invited=60)
    q1 = services.question_create(actor=None, survey=survey, text="Kontinuitet?", goal=e1)
    q3 = services.question_create(actor=None, survey=survey, text="Möten?", goal=e3)
    services.answers_record(actor=None, survey=survey, counts={q1: (60, 45), q3: (3, 1)})
    indicator = services.indicator_create(
        actor=None, project=project, name="Andel nöjda", unit="%", target=Decimal(75), goal=e1
    )
    services.indicator_values_set(
        actor=None,
        indicator=indicator,
        rows=[Row("2018", Decimal("62.5"), "Enkät", ""), Row("2019", Decimal(75), "Enkät", "Efter")],
    )
    return project


def test_goals_with_traces_outcome_and_status(project: Project) -> None:
    goals = {g["code"]: g for g in get_json("/api/v1/projects/vb/goals")}
    assert list(goals) == ["E1", "E3", "P2"]
    assert goals["E1"]["reached_through"] == ["P2"] and goals["P2"]["contributes_to"] == ["E1"]
    assert goals["E1"]["outcome"] == {
        "agreed": 45,
        "answered": 60,
        "invited": 60,
        "share_percent": "75.0",
        "withheld": False,
        "demo": False,
    }
    assert goals["E1"]["status"] == "reached" and goals["E1"]["target_share_percent"] == "75.00"
    # Three answers: withheld, as on the public pages.
    assert goals["E3"]["outcome"]["withheld"] is True
    assert goals["E3"]["outcome"]["agreed"] is None and goals["E3"]["outcome"]["share_percent"] is None
    assert goals["E3"]["status"] == "not_measured"
    assert goals["P2"]["outcome"] is None


def test_surveys_give_counts_never_respondents(project: Project) -> None:
    (survey,) = get_json("/api/v1/projects/vb/surveys")
    assert (survey["title"], survey["invited"]) == ("Intervjuer", 60)
    assert [(q["text"], q["goal"], q["outcome"]["agreed"]) for q in survey["questions"]] == [
        ("Kontinuitet?", "E1", 45),
        ("Möten?", "E3", None),
    ]


def test_indicators_with_exact_values(project: Project) -> None:
    (indicator,) = get_json("/api/v1/projects/vb/indicators")
    assert (indicator["name"], indicator["goal"], indicator["target"], indicator["status"]) == (
        "Andel nöjda",
        "E1",
        "75.00",
        "reached",
    )
    assert [(v["period"], v["value"], v["comment"]) for v in indicator["values"]] == [
        ("2018", "62.50", ""),
        ("2019", "75.00", "Efter"),
    ]


def test_an_unknown_project_or_bad_key_answers_json(project: Project) -> None:
    for what in ("goals", "surveys", "indicators"):
        assert get_json(f"/api/v1/projects/nope/{what}", 404) == NOT_FOUND
        assert "detail" in get_json(f"/api/v1/projects/NOPE_/{what}", 422)


def test_only_published_goal_fulfilment_is_in_the_api(personas: Personas, project: Project) -> None:
    report = services.report_create(actor=None, body=personas.body, year=2019, title="Måluppfyllnad 2019")
    services.section_create(actor=None, report=report, heading="Resurser", text="Personalomsättning")
    url = f"/api/v1/goal-reports/{personas.body.key}/2019"
    assert get_json("/api/v1/goal-reports") == []
    assert get_json(url, 404) == NOT_FOUND
    services.report_approve(actor=None, report=report, approval="§ 12")
    assert get_json(url, 404) == NOT_FOUND
    services.report_publish(actor=None, report=report)
    (brief,) = get_json("/api/v1/goal-reports")
    assert (brief["title"], brief["year"], brief["body"]["key"]) == ("Måluppfyllnad 2019", 2019, personas.body.key)
    data = get_json(url)
    assert data["sections"] == [{"heading": "Resurser", "text": "Personalomsättning"}]
    assert data["approval"] == "§ 12"
    assert {(g["code"], g["status"]) for g in data["goals"]} == {
        ("E1", "reached"),
        ("E3", "not_measured"),
        ("P2", "not_measured"),
    }
    assert data["indicators"] == [
        {
            "project_key": "vb",
            "name": "Andel nöjda",
            "value": "75.00",
            "period": "2019",
            "target": "75.00",
            "status": "reached",
        }
    ]
    assert "detail" in get_json(f"/api/v1/goal-reports/{personas.body.key}/99999", 422)
    assert get_json(f"/api/v1/goal-reports/{personas.body.key}/2018", 404) == NOT_FOUND


def test_queries_do_not_grow_with_goals_surveys_and_indicators(project: Project) -> None:
    counter = iter(range(1000))

    def goal_counter() -> int:
        return next(counter)

    def grow(n: int) -> None:
        for i in range(n):
            goal = services.goal_create(actor=None, project=project, code=f"X{i}-{goal_counter()}", text="M")
            survey = services.survey_create(
                actor=None, project=project, title=f"Enkät {goal.code}", asked="A", invited=9
            )
            q = services.question_create(actor=None, survey=survey, text="Ja?", goal=goal)
            services.answers_record(actor=None, survey=survey, counts={q: (6, 3)})
            indicator = services.indicator_create(actor=None, project=project, name=f"I {goal.code}")
            services.indicator_values_set(actor=None, indicator=indicator, rows=[Row("2019", Decimal(1), "", "")])

    for what in ("goals", "surveys", "indicators"):
        url = f"/api/v1/projects/vb/{what}"
        Client().get(url)
        with CaptureQueriesContext(connection) as first:
            Client().get(url)
        grow(2)
        with CaptureQueriesContext(connection) as second:
            Client().get(url)
        assert len(second.captured_queries) == len(first.captured_queries), what


def test_no_two_api_schemas_share_a_name() -> None:
    """ninja names an OpenAPI component by its class name: two schemas of one name would make
    the document describe one answer with the other's fields (as OutcomeOut once did)."""
    import importlib
    import pkgutil

    import ninja

    import samverkan.api

    names: dict[str, str] = {}
    for module_info in pkgutil.walk_packages(samverkan.api.__path__, "samverkan.api."):
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, ninja.Schema) and value.__module__ == module.__name__:
                assert value.__name__ not in names, (value.__name__, names.get(value.__name__), module.__name__)
                names[value.__name__] = module.__name__
    assert "SurveyOutcomeOut" in names
