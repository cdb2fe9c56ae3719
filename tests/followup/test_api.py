"""The projects API (/api/v1/projects): each project with its decision points, in order, and
whether each is reached. A point tied to a public recommendation is reached when that
recommendation is adopted; a draft or a non-public recommendation is never named (its id is
null) and its outcome never used, so such a point is reached only by its recorded date."""

from __future__ import annotations

import datetime
import itertools
import re
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from samverkan.followup.models import DecisionPoint, Project
from samverkan.referrals import services
from samverkan.referrals.models import Recipient, Recommendation
from samverkan.structure.models import Principal
from tests.factories import BodyFactory
from tests.meetings.factories import frozen_at, local
from tests.referrals.factories import principals_with_registrars, sent_recommendation
from tests.support import get_json

pytestmark = pytest.mark.django_db

D = datetime.date
SITE = settings.SITE_URL
NOT_FOUND = {"detail": "Not Found"}


def approve_all(rec: Recommendation, principals: list[Principal]) -> None:
    with frozen_at(local(2025, 3, 10, 9)):
        for principal in principals:
            services.response_record(
                actor=None,
                recipient=Recipient.objects.get(recommendation=rec, principal=principal),
                answer="approved",
                via="link",
                source="test",
            )


def send(principals: list[Principal], **fields: Any) -> Recommendation:
    with frozen_at(local(2025, 3, 3, 9)):
        return sent_recommendation(principals=principals, deadline=D(2025, 4, 30), **fields)


@pytest.fixture
def world() -> dict[str, Any]:
    with frozen_at(local(2025, 3, 3, 9)):
        principals = principals_with_registrars(2, year=2025)
    body = BodyFactory(key="vardsamverkan", name="Vårdsamverkan")
    adopted = send(principals, title="Gemensam vårdplanering")
    approve_all(adopted, principals)
    pending = send(principals, title="Gemensamt journalsystem")
    hidden = send(principals, title="Intern rekommendation", public=False)
    approve_all(hidden, principals)  # adopted, but not public
    with frozen_at(local(2025, 3, 3, 9)):
        draft = services.recommendation_create(
            actor=None, body=body, principals=principals, title="Utkast", question="?", deadline=D(2025, 4, 30)
        )
    project = Project.objects.create(
        key="digitala-hjalpmedel", name="Digitala hjälpmedel", description="Ett gemensamt projekt.", body=body
    )
    points = [
        ("BP1", "Start", "Hösten 2024", "", None, D(2024, 10, 1)),
        ("BP2", "Avtal", "Våren 2025", "Alla huvudmän bifaller", adopted, None),
        ("BP3", "Journal", "Hösten 2025", "Alla huvudmän bifaller", pending, None),
        ("BP4", "Internt", "", "", hidden, None),
        ("BP5", "Utkast", "", "", draft, None),
        ("BP6", "Avslut", "2026", "Styrgruppen beslutar", None, None),
    ]
    for position, (code, title, planned, requirement, rec, reached_on) in enumerate(points):
        # Saved in reverse so that the order comes from `position`, not from the ids.
        DecisionPoint.objects.create(
            project=project,
            code=code,
            title=title,
            planned=planned,
            requirement=requirement,
            recommendation=rec,
            reached_on=reached_on,
            position=len(points) - position,
        )
    bare = Project.objects.create(key="arkiv", name="Arkivsamverkan")
    return {"project": project, "bare": bare, "adopted": adopted, "pending": pending, "hidden": hidden, "draft": draft}


def expected_project(world: dict[str, Any]) -> dict[str, Any]:
    def point(code: str, title: str, planned: str, requirement: str, rec: int | None, reached: bool) -> dict:
        return {
            "code": code,
            "title": title,
            "planned": planned,
            "requirement": requirement,
            "recommendation_id": rec,
            "reached": reached,
        }

    return {
        "key": "digitala-hjalpmedel",
        "name": "Digitala hjälpmedel",
        "description": "Ett gemensamt projekt.",
        "body": {"key": "vardsamverkan", "name": "Vårdsamverkan"},
        "url": f"{SITE}/projekt/digitala-hjalpmedel/",
        # Positions were given in reverse: BP6 comes first.
        "decision_points": [
            point("BP6", "Avslut", "2026", "Styrgruppen beslutar", None, False),
            point("BP5", "Utkast", "", "", None, False),
            point("BP4", "Internt", "", "", None, False),
            point("BP3", "Journal", "Hösten 2025", "Alla huvudmän bifaller", world["pending"].pk, False),
            point("BP2", "Avtal", "Våren 2025", "Alla huvudmän bifaller", world["adopted"].pk, True),
            point("BP1", "Start", "Hösten 2024", "", None, True),
        ],
    }


BARE = {
    "key": "arkiv",
    "name": "Arkivsamverkan",
    "description": "",
    "body": None,
    "url": f"{SITE}/projekt/arkiv/",
    "decision_points": [],
}


def test_the_project_list(world: dict[str, Any]) -> None:
    assert get_json("/api/v1/projects") == [BARE, expected_project(world)]


def test_a_project(world: dict[str, Any]) -> None:
    assert get_json("/api/v1/projects/digitala-hjalpmedel") == expected_project(world)
    assert get_json("/api/v1/projects/arkiv") == BARE


def test_an_unknown_project_answers_404(world: dict[str, Any]) -> None:
    assert get_json("/api/v1/projects/finns-inte", status=404) == NOT_FOUND


def test_a_draft_or_non_public_recommendation_is_never_named(world: dict[str, Any]) -> None:
    ids = {p["recommendation_id"] for p in get_json("/api/v1/projects/digitala-hjalpmedel")["decision_points"]}
    assert world["hidden"].pk not in ids
    assert world["draft"].pk not in ids
    assert ids == {None, world["adopted"].pk, world["pending"].pk}


def test_a_point_is_reached_once_its_recommendation_is_adopted(world: dict[str, Any]) -> None:
    principals = [r.principal for r in world["pending"].recipients.select_related("principal")]
    approve_all(world["pending"], principals)
    points = get_json("/api/v1/projects/digitala-hjalpmedel")["decision_points"]
    assert [(p["code"], p["reached"]) for p in points] == [
        ("BP6", False),
        ("BP5", False),
        ("BP4", False),
        ("BP3", True),
        ("BP2", True),
        ("BP1", True),
    ]


def test_the_projects_are_in_the_sitemap(world: dict[str, Any]) -> None:
    content = Client().get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>http://testserver(.*?)</loc>", content)
    assert "/projekt/" in locations
    assert "/projekt/digitala-hjalpmedel/" in locations
    assert "/projekt/arkiv/" in locations


# --- Query counts --------------------------------------------------------------------------

_numbers = itertools.count(1)


def grow(n: int, principals: list[Principal]) -> None:
    """n projects, each with a point on an adopted recommendation (population rule), one on a
    pending one, one on a non-public one and one without."""
    for _ in range(n):
        number = next(_numbers)
        project = Project.objects.create(key=f"projekt-{number}", name=f"Projekt {number}", body=BodyFactory())
        adopted = send(principals, rule=Recommendation.Rule.POPULATION_SHARE, rule_share=50)
        approve_all(adopted, principals)
        for code, rec in [
            ("BP1", adopted),
            ("BP2", send(principals)),
            ("BP3", send(principals, public=False)),
            ("BP4", None),
        ]:
            DecisionPoint.objects.create(project=project, code=code, title=code, recommendation=rec)


def measure(url: str) -> tuple[int, list[str], Any]:
    client = Client()
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries], response.json()


def test_the_project_list_and_a_project_read_in_constant_queries() -> None:
    with frozen_at(local(2025, 3, 3, 9)):
        principals = principals_with_registrars(2, year=2025)
    grow(3, principals)
    count_n, sql_n, data_n = measure("/api/v1/projects")
    grow(3, principals)
    count_2n, sql_2n, data_2n = measure("/api/v1/projects")
    assert (len(data_n), len(data_2n)) == (3, 6)
    assert {tuple(p["reached"] for p in project["decision_points"]) for project in data_2n} == {
        (True, False, False, False)
    }
    assert count_2n == count_n, "\n".join(["N:", *sql_n, "2N:", *sql_2n])

    project = Project.objects.create(key="stort", name="Stort")
    first = send(principals, rule=Recommendation.Rule.POPULATION_SHARE, rule_share=50)
    DecisionPoint.objects.create(project=project, code="BP1", title="BP1", recommendation=first)
    count_one, sql_one, _data = measure("/api/v1/projects/stort")
    for number, point in enumerate(DecisionPoint.objects.exclude(project=project)[:8], start=2):
        DecisionPoint.objects.create(project=project, code=f"BP{number}", title="", recommendation=point.recommendation)
    count_many, sql_many, data = measure("/api/v1/projects/stort")
    assert len(data["decision_points"]) == 9
    assert count_many == count_one, "\n".join(["1:", *sql_one, "9:", *sql_many])
