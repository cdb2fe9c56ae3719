"""Surveys: answers kept only as counts, recorded in aggregate or one respondent at a time; a
goal measured by a question computes its share with its n ("45 av 60 = 75 %") against its
target share; a broken entry saves nothing; few answers are never shown publicly."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.core.models import AuditEvent
from samverkan.followup import services
from samverkan.followup.models import AnswerCount, Goal, Project, Question, Survey
from tests.support import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(personas: Personas) -> Project:
    return Project.objects.create(key="vasterbotten", name="Implementering", body=personas.body)


@pytest.fixture
def e1(project: Project) -> Goal:
    return services.goal_create(
        actor=None, project=project, code="E1", text="En större kontinuitet i samverkan", target_share=Decimal(75)
    )


@pytest.fixture
def survey(project: Project) -> Survey:
    return services.survey_create(
        actor=None, project=project, title="Intervjuer 2019", asked="Personer i samverkansstrukturen", invited=60
    )


def text_of(html: str) -> str:
    html = html.replace("<br>", " ").replace("</td>", " </td>")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def row(html: str, start: str) -> str:
    """The text of the table row that begins with `start`."""
    return text_of(start + html.split(start, 1)[1].split("</tr>", 1)[0])


def test_aggregate_answers_give_e1_its_share_against_the_target(
    personas: Personas, project: Project, e1: Goal, survey: Survey, login: Callable[[str], Client]
) -> None:
    question = services.question_create(
        actor=None, survey=survey, text="Är kontinuiteten i samverkan tillfredsställande?", goal=e1
    )
    client = login("secretary")
    url = reverse("followup:answers_add", kwargs={"key": project.key, "pk": survey.pk})
    response = client.post(url, {f"answered_{question.pk}": "40", f"agreed_{question.pk}": "29"})
    assert response.status_code == 302
    page = Client().get(survey.get_absolute_url()).content.decode()
    assert row(page, '<th scope="row">Är kontinuiteten') == (
        "Är kontinuiteten i samverkan tillfredsställande? E1 (mål minst 75 %) 29 av 40 = 72,5 % ✗ Inte uppnådd"
    )
    # Twenty more answers, sixteen of them yes: 45 of 60 = 75 %, the target is reached.
    client.post(url, {f"answered_{question.pk}": "20", f"agreed_{question.pk}": "16"})
    page = Client().get(project.get_absolute_url()).content.decode()
    assert "45 av 60 = 75\u00a0%" in page  # a space that does not break before the per cent sign
    assert "Utfall: 45 av 60 = 75 % ✓ Uppnådd" in row(page, '<th scope="row">E1</th>')
    event = AuditEvent.objects.filter(target_repr=str(survey), action="update").order_by("id").last()
    assert event is not None and event.actor_label == personas.secretary.username
    assert list(event.changes.values()) == [[None, "16/20"]]


def test_one_respondent_at_a_time_adds_to_the_totals_and_keeps_no_identity(
    project: Project, e1: Goal, survey: Survey, login: Callable[[str], Client]
) -> None:
    q1 = services.question_create(actor=None, survey=survey, text="Kontinuitet?", goal=e1)
    q2 = services.question_create(actor=None, survey=survey, text="Relationer?")
    client = login("secretary")
    url = reverse("followup:answers_add", kwargs={"key": project.key, "pk": survey.pk}) + "?en=1"
    form = client.get(url).content.decode()
    assert f'name="q_{q1.pk}" value="yes"' in form
    client.post(url, {f"q_{q1.pk}": "yes", f"q_{q2.pk}": "no"})
    client.post(url, {f"q_{q1.pk}": "no", f"q_{q2.pk}": ""})
    counts = {
        q.text: (sum(c.answered for c in q.counts.all()), sum(c.agreed for c in q.counts.all())) for q in (q1, q2)
    }
    assert counts == {"Kontinuitet?": (2, 1), "Relationer?": (1, 0)}
    # The rows say nothing about who answered: only the counts and who typed them in.
    assert {f.name for f in AnswerCount._meta.get_fields()} == {
        "id",
        "question",
        "answered",
        "agreed",
        "demo",
        "recorded_at",
        "recorded_by",
    }


def test_a_broken_entry_saves_nothing_and_says_why(
    project: Project, e1: Goal, survey: Survey, login: Callable[[str], Client]
) -> None:
    q1 = services.question_create(actor=None, survey=survey, text="Kontinuitet?", goal=e1)
    q2 = services.question_create(actor=None, survey=survey, text="Relationer?")
    client = login("secretary")
    url = reverse("followup:answers_add", kwargs={"key": project.key, "pk": survey.pk})
    # More yes than answers for the second question: the first is not saved either.
    response = client.post(
        url, {f"answered_{q1.pk}": "10", f"agreed_{q1.pk}": "5", f"answered_{q2.pk}": "3", f"agreed_{q2.pk}": "4"}
    )
    assert response.status_code == 200
    assert "ja-svaren (4) kan inte vara fler än svaren (3)" in response.content.decode()
    # More answers than people asked.
    response = client.post(url, {f"answered_{q1.pk}": "61", f"agreed_{q1.pk}": "5"})
    assert response.status_code == 200
    assert "skulle få 61 svar, men enkäten frågade 60 personer" in response.content.decode()
    assert not AnswerCount.objects.exists()
    assert not AuditEvent.objects.filter(target_repr=str(survey), action="update").exists()


def test_few_answers_are_not_shown_publicly(
    project: Project, e1: Goal, survey: Survey, login: Callable[[str], Client]
) -> None:
    question = services.question_create(actor=None, survey=survey, text="Kontinuitet?", goal=e1)
    services.answers_record(actor=None, survey=survey, counts={question: (3, 2)})
    public = Client().get(survey.get_absolute_url()).content.decode()
    assert "2 av 3" not in public
    assert "Färre än 5 svar: visas inte" in public
    assert "2 av 3" not in Client().get(project.get_absolute_url()).content.decode()
    staff = login("secretary").get(survey.get_absolute_url()).content.decode()
    assert "2 av 3 = 66,7\u00a0%" in staff


def test_a_question_measures_only_a_goal_of_its_project(personas: Personas, survey: Survey) -> None:
    other = Project.objects.create(key="annat", name="Annat", body=personas.body)
    foreign = services.goal_create(actor=None, project=other, code="E1", text="Annat")
    with pytest.raises(ValidationError):
        services.question_create(actor=None, survey=survey, text="?", goal=foreign)
    assert not Question.objects.exists()


def test_without_answers_the_goal_is_not_measured(project: Project, e1: Goal, survey: Survey) -> None:
    services.question_create(actor=None, survey=survey, text="Kontinuitet?", goal=e1)
    page = Client().get(project.get_absolute_url()).content.decode()
    assert "? Ej mätt" in row(page, '<th scope="row">E1</th>')


def test_the_staff_screens_add_a_survey_and_its_questions(
    project: Project, e1: Goal, login: Callable[[str], Client]
) -> None:
    client = login("secretary")
    response = client.post(
        reverse("followup:survey_add", kwargs={"key": project.key}),
        {"title": "Intervjuer", "asked": "Personer i strukturen", "invited": "60", "period": "Hösten 2019"},
    )
    survey = Survey.objects.get()
    assert response["Location"] == survey.get_absolute_url()
    response = client.post(
        reverse("followup:question_add", kwargs={"key": project.key, "pk": survey.pk}),
        {"text": "Kontinuitet?", "goal": e1.pk, "position": ""},
    )
    assert response.status_code == 302
    assert Question.objects.get().goal == e1
    assert AuditEvent.objects.filter(target_repr=str(survey), action="create").count() == 1


def test_the_survey_page_queries_do_not_grow_with_questions_and_answers(
    project: Project, e1: Goal, survey: Survey
) -> None:
    def grow(n: int) -> None:
        for i in range(n):
            q = services.question_create(actor=None, survey=survey, text=f"Fråga {i}", goal=e1)
            services.answers_record(actor=None, survey=survey, counts={q: (6, 3)})
            services.answers_record(actor=None, survey=survey, counts={q: (6, 4)})

    def count(url: str) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            html = Client().get(url).content.decode()
        return len(ctx.captured_queries), html.count("av 12 =")

    for url in (survey.get_absolute_url(), project.get_absolute_url()):
        grow(2)
        Client().get(url)
        n_queries, n_rows = count(url)
        grow(2)
        queries_2n, rows_2n = count(url)
        assert queries_2n == n_queries
        if url == survey.get_absolute_url():
            assert rows_2n > n_rows


def test_the_survey_page_lists_the_questions_in_their_order(project: Project, e1: Goal, survey: Survey) -> None:
    """In the order of their positions, not of their creation: the page groups the answers'
    sums, and a model's default ordering is not applied to a query that groups."""
    first = services.question_create(actor=None, survey=survey, text="Skapad först", goal=e1)
    services.question_create(actor=None, survey=survey, text="Skapad sist")
    Question.objects.filter(pk=first.pk).update(position=99)
    services.answers_record(actor=None, survey=survey, counts={first: (6, 3)})
    html = Client().get(survey.get_absolute_url()).content.decode()
    assert html.index("Skapad sist") < html.index("Skapad först")
    assert "3 av 6 = 50 %" in text_of(html) and 'href="/projekt/vasterbotten/#mal-e1"' in html
