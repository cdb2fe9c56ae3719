"""Goals and decision points kept on the staff screens: the steering body's secretary adds,
traces, edits and removes them through the web; each change is audited; the public project
page lists the goals with their traces both ways ("P2 bidrar till E1, E5", "E1 nås genom P2")."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from samverkan.core.models import AuditEvent
from samverkan.followup import services
from samverkan.followup.models import DecisionPoint, Goal, Project
from tests.referrals.factories import sent_recommendation
from tests.support import Personas, queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(personas: Personas) -> Project:
    return Project.objects.create(key="vasterbotten", name="Implementering av samverkansstruktur", body=personas.body)


def goal_post(code: str, text: str, level: str = "effect", traces: tuple[Goal, ...] = (), **extra: Any) -> dict:
    return {
        "level": level,
        "code": code,
        "text": text,
        "reference_value": extra.get("reference_value", ""),
        "target": extra.get("target", ""),
        "period": extra.get("period", ""),
        "owner": extra.get("owner", ""),
        "position": extra.get("position", ""),
        "contributes_to": [g.pk for g in traces],
        "version": extra.get("version", ""),
    }


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html.replace("<br>", " "))).strip()


def row(page: Any, code: str) -> str:
    """The text of the goal row `code` on the project page."""
    html = page.content.decode()
    return text_of(html.split(f'<th scope="row">{code}</th>', 1)[1].split("</tr>", 1)[0])


def audits(target: Any) -> list[tuple[str, str, dict]]:
    return [
        (a.action, a.actor_label, a.changes)
        for a in AuditEvent.objects.filter(target_id=str(target.pk), target_repr=str(target)).order_by("id")
    ]


def test_the_secretary_adds_goals_with_traces_and_the_page_shows_them_both_ways(
    personas: Personas, project: Project, login: Callable[[str], Client]
) -> None:
    client = login("secretary")
    add = reverse("followup:goal_add", kwargs={"key": project.key})
    response = client.post(
        add,
        goal_post(
            "E1",
            "En större kontinuitet i samverkan",
            reference_value="En känsla av otydlighet och omstarter",
            target="Minst 75 % av 60 intervjuade personer anser att kontinuiteten är tillfredsställande",
            period="2018–2019",
            owner="Projektledaren",
        ),
    )
    e1 = Goal.objects.get(project=project, code="E1")
    assert response.status_code == 302
    assert response["Location"] == "/projekt/vasterbotten/#mal-e1"
    client.post(add, goal_post("E5", "Stärkta relationer"))
    e5 = Goal.objects.get(code="E5")
    response = client.post(add, goal_post("P2", "Lokala överenskommelser", level="project", traces=(e1, e5)))
    assert response.status_code == 302
    p2 = Goal.objects.get(code="P2")
    assert list(p2.contributes_to.order_by("code").values_list("code", flat=True)) == ["E1", "E5"]
    client.post(add, goal_post("P4", "Nuvarande organisation förberedd att upplösas", level="project", traces=(e1,)))

    with translation.override("sv"):
        page = Client().get(project.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="sv")
    assert row(page, "E1") == (
        "En större kontinuitet i samverkan En känsla av otydlighet och omstarter "
        "Minst 75 % av 60 intervjuade personer anser att kontinuiteten är tillfredsställande "
        "2018–2019 Projektledaren Nås genom P2, P4"
    )
    assert row(page, "E5").endswith("Nås genom P2")
    assert row(page, "P2") == "Lokala överenskommelser – – – Bidrar till E1, E5"
    assert row(page, "P4").endswith("Bidrar till E1")
    html = page.content.decode()
    assert html.index("<h3>Effektmål</h3>") < html.index('id="mal-e1"') < html.index("<h3>Projektmål</h3>")
    assert '<a href="#mal-e1">E1</a>' in html  # the trace links to the goal's row

    # Each goal's creation is audited with the secretary's name, and the traces too.
    assert audits(p2)[0][:2] == ("create", personas.secretary.username)
    assert audits(p2)[1] == (
        "update",
        personas.secretary.username,
        {"contributes_to": [[], [str(e1), str(e5)]]},
    )


def test_a_duplicate_code_is_refused_with_a_clear_message_and_nothing_saved(
    project: Project, login: Callable[[str], Client]
) -> None:
    services.goal_create(actor=None, project=project, code="E1", text="Kontinuitet")
    client = login("secretary")
    with translation.override("sv"):
        response = client.post(
            reverse("followup:goal_add", kwargs={"key": project.key}),
            goal_post("E1", "En annan"),
            HTTP_ACCEPT_LANGUAGE="sv",
        )
    assert response.status_code == 200
    assert "Projektet har redan ett mål med den koden." in response.content.decode()
    assert list(Goal.objects.values_list("text", flat=True)) == ["Kontinuitet"]


def test_a_goal_cannot_contribute_to_itself_or_to_another_projects_goal(personas: Personas, project: Project) -> None:
    other = Project.objects.create(key="annat", name="Annat projekt", body=personas.body)
    foreign = services.goal_create(actor=None, project=other, code="E1", text="Annat mål")
    goal = services.goal_create(actor=None, project=project, code="P1", text="Överenskommelse", level="project")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.goal_update(actor=None, goal=goal, contributes_to=[foreign])
    with pytest.raises(ValidationError):
        services.goal_update(actor=None, goal=goal, contributes_to=[goal])
    assert list(goal.contributes_to.all()) == []


def test_the_edit_form_offers_only_the_projects_other_goals(
    personas: Personas, project: Project, login: Callable[[str], Client]
) -> None:
    other = Project.objects.create(key="annat", name="Annat projekt", body=personas.body)
    services.goal_create(actor=None, project=other, code="X9", text="Annat projekts mål")
    e1 = services.goal_create(actor=None, project=project, code="E1", text="Kontinuitet")
    p1 = services.goal_create(actor=None, project=project, code="P1", text="Överenskommelse", level="project")
    page = login("secretary").get(reverse("followup:goal_edit", kwargs={"key": project.key, "pk": p1.pk}))
    html = page.content.decode()
    offered = re.findall(r'name="contributes_to" value="(\d+)"', html)
    assert offered == [str(e1.pk)]
    # A goal of another project is not found through this project's address.
    other_goal = Goal.objects.get(code="X9")
    url = reverse("followup:goal_edit", kwargs={"key": project.key, "pk": other_goal.pk})
    assert login("administrator").get(url).status_code == 404


def test_an_edit_is_audited_and_a_stale_form_is_refused(
    personas: Personas, project: Project, login: Callable[[str], Client]
) -> None:
    e1 = services.goal_create(actor=None, project=project, code="E1", text="Kontinuitet", target="75 %")
    client = login("secretary")
    url = reverse("followup:goal_edit", kwargs={"key": project.key, "pk": e1.pk})
    form = client.get(url).content.decode()
    version = re.search(r'name="version" value="([^"]*)"', form)
    assert version is not None
    response = client.post(url, goal_post("E1", "Kontinuitet", target="80 %", version=version.group(1)))
    assert response.status_code == 302
    e1.refresh_from_db()
    assert e1.target == "80 %"
    assert audits(e1)[-1] == ("update", personas.secretary.username, {"target": ["75 %", "80 %"]})
    # The same (now old) form sent again changes nothing.
    response = client.post(url, goal_post("E1", "Kontinuitet", target="90 %", version=version.group(1)))
    assert response.status_code == 200
    e1.refresh_from_db()
    assert e1.target == "80 %"


def test_removing_a_goal_is_audited_and_removes_its_traces(
    personas: Personas, project: Project, login: Callable[[str], Client]
) -> None:
    e1 = services.goal_create(actor=None, project=project, code="E1", text="Kontinuitet")
    p4 = services.goal_create(actor=None, project=project, code="P4", text="Förberedd", contributes_to=[e1])
    client = login("secretary")
    url = reverse("followup:goal_delete", kwargs={"key": project.key, "pk": e1.pk})
    assert "Kontinuitet" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert list(Goal.objects.values_list("code", flat=True)) == ["P4"]
    assert list(p4.contributes_to.all()) == []
    event = AuditEvent.objects.filter(action="delete").get()
    assert (event.actor_label, event.target_repr) == (personas.secretary.username, str(e1))


def test_the_secretary_of_another_body_may_not_edit_this_project(
    personas: Personas, project: Project, login: Callable[[str], Client]
) -> None:
    client = login("other_secretary")
    assert (
        client.post(reverse("followup:goal_add", kwargs={"key": project.key}), goal_post("E1", "X")).status_code == 403
    )
    assert not Goal.objects.exists()
    # ... and may create a project for their own body, not for this one.
    create = reverse("followup:project_create")
    response = client.post(create, {"key": "eget", "name": "Eget projekt", "body": personas.body.pk})
    assert response.status_code == 200
    assert not Project.objects.filter(key="eget").exists()
    response = client.post(create, {"key": "eget", "name": "Eget projekt", "body": personas.other_body.pk})
    assert response.status_code == 302
    created = Project.objects.get(key="eget")
    assert created.body == personas.other_body
    assert audits(created)[0][:2] == ("create", personas.other_secretary.username)


def test_decision_points_are_kept_on_staff_screens(
    personas: Personas, project: Project, login: Callable[[str], Client]
) -> None:
    rec = sent_recommendation(body=personas.body, principals=[personas.principal], title="Projektdirektivet")
    client = login("secretary")
    add = reverse("followup:point_add", kwargs={"key": project.key})
    assert f'value="{rec.pk}"' in client.get(add).content.decode()
    fields = {"planned": "Hösten 2018", "requirement": "Alla huvudmän", "reached_on": "", "position": "", "version": ""}
    response = client.post(add, {"code": "BP1", "title": "Fastställa direktivet", "recommendation": rec.pk, **fields})
    assert response.status_code == 302
    response = client.post(add, {"code": "BP3", "title": "Tredje", "recommendation": "", **fields})
    bp1, bp3 = DecisionPoint.objects.order_by("position")
    assert (bp1.code, bp1.recommendation, bp3.code, bp3.recommendation) == ("BP1", rec, "BP3", None)
    assert audits(bp3)[0][:2] == ("create", personas.secretary.username)

    edit = reverse("followup:point_edit", kwargs={"key": project.key, "pk": bp3.pk})
    response = client.post(
        edit,
        {"code": "BP3", "title": "Tredje", "recommendation": "", **fields, "reached_on": "2019-05-02", "version": "1"},
    )
    assert response.status_code == 302
    bp3.refresh_from_db()
    assert str(bp3.reached_on) == "2019-05-02"
    assert audits(bp3)[-1] == ("update", personas.secretary.username, {"reached_on": [None, "2019-05-02"]})

    # A duplicate code is refused.
    response = client.post(add, {"code": "BP3", "title": "Igen", "recommendation": "", **fields})
    assert response.status_code == 200
    assert DecisionPoint.objects.count() == 2

    delete = reverse("followup:point_delete", kwargs={"key": project.key, "pk": bp3.pk})
    assert client.post(delete).status_code == 302
    assert list(DecisionPoint.objects.values_list("code", flat=True)) == ["BP1"]
    assert AuditEvent.objects.filter(action="delete", target_repr=str(bp3)).count() == 1


def test_the_project_is_linked_from_the_navigation_and_the_steering_bodys_page(
    personas: Personas, project: Project
) -> None:
    home = Client().get("/").content.decode()
    assert f'href="{reverse("followup:project_list")}"' in home
    body_page = Client().get(personas.body.get_absolute_url()).content.decode()
    assert f'<a href="{project.get_absolute_url()}">{project.name}</a>' in body_page


def queries(client: Client, url: str) -> tuple[int, str]:
    count, _sql, response = queries_for(client, url)
    return count, response.content.decode()


def test_the_project_page_queries_do_not_grow_with_goals_and_traces(
    personas: Personas, project: Project, login: Callable[[str], Client]
) -> None:
    counter = iter(range(1, 1000))

    def grow(n: int) -> None:
        for _ in range(n):
            i = next(counter)
            effect = services.goal_create(actor=None, project=project, code=f"E{i}", text=f"Effekt {i}")
            services.goal_create(
                actor=None, project=project, code=f"P{i}", text=f"Projekt {i}", level="project", contributes_to=[effect]
            )
            DecisionPoint.objects.create(project=project, code=f"BP{i}", title=f"Punkt {i}")

    url = project.get_absolute_url()
    for client in (Client(), login("secretary")):
        grow(3)
        client.get(url)
        count_n, html_n = queries(client, url)
        grow(3)
        count_2n, html_2n = queries(client, url)
        assert html_2n.count("Bidrar till") > html_n.count("Bidrar till")
        assert count_2n == count_n
