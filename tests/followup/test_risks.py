"""Risks of a project kept on the staff screens: the steering body's secretary adds and edits
them through the web; likelihood and consequence are shown as words on the public project page;
a changed assessment is kept with its date (status over time); every change is audited and a
stale form never overwrites a newer save."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samverkan.core.models import AuditEvent
from samverkan.followup import services
from samverkan.followup.models import Project, Risk
from tests.support import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(personas: Personas) -> Project:
    return Project.objects.create(key="vasterbotten", name="Implementering av samverkansstruktur", body=personas.body)


def risk_post(title: str, **extra: Any) -> dict[str, Any]:
    return {
        "title": title,
        "description": extra.get("description", ""),
        "likelihood": extra.get("likelihood", ""),
        "consequence": extra.get("consequence", ""),
        "status": extra.get("status", "open"),
        "owner": extra.get("owner", ""),
        "mitigation": extra.get("mitigation", ""),
        "position": extra.get("position", ""),
        "assessed_on": extra.get("assessed_on", ""),
        "note": extra.get("note", ""),
        "version": extra.get("version", ""),
    }


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def risk_row(html: str, risk: Risk) -> str:
    return text_of(html.split(f'id="{risk.anchor()}"', 1)[1].split("</tr>", 1)[0])


def audits(target: Any) -> list[tuple[str, str, dict]]:
    return [
        (a.action, a.actor_label, a.changes)
        for a in AuditEvent.objects.filter(target_id=str(target.pk), target_repr=str(target)).order_by("id")
    ]


def test_the_secretary_adds_a_risk_and_the_public_page_shows_it_in_words(
    personas: Personas, project: Project, login: Callable[[str], Client]
) -> None:
    client = login("secretary")
    add = reverse("followup:risk_add", kwargs={"key": project.key})
    form = client.get(add)
    assert form.status_code == 200
    # The same field is called the same in the form and in the table ("Ansvarig", never "Ägare").
    assert '<label for="id_owner">Ansvarig:</label>' in form.content.decode()
    response = client.post(
        add,
        risk_post(
            "Tidsbrist hos medverkande i projektet",
            description="Kontaktpersoner kan inte avsätta tid",
            likelihood="2",
            consequence="3",
            owner="Projektledaren",
            mitigation="Förankra tiden hos cheferna",
            assessed_on="2018-09-27",
        ),
    )
    assert response.status_code == 302
    risk = Risk.objects.get(project=project)
    assert (risk.likelihood, risk.consequence, risk.status) == (2, 3, "open")
    assert audits(risk)[0][:2] == ("create", personas.secretary.username)
    assert [(a.assessed_on, a.status) for a in risk.assessments.all()] == [(datetime.date(2018, 9, 27), "open")]

    page = Client().get(project.get_absolute_url())
    row = risk_row(page.content.decode(), risk)
    assert "Tidsbrist hos medverkande i projektet" in row
    assert "Kontaktpersoner kan inte avsätta tid" in row
    # Likelihood and consequence as text, not as a colour; Swedish first.
    assert "Medel" in row and "Hög" in row
    assert "Projektledaren" in row and "Förankra tiden hos cheferna" in row
    assert '<th scope="col">Ansvarig</th>' in page.content.decode() and "Ägare" not in page.content.decode()
    assert "Öppen" in row and "sedan 27 september 2018" in row
    # The public sees no edit link.
    assert reverse("followup:risk_edit", kwargs={"key": project.key, "pk": risk.pk}) not in page.content.decode()


def test_a_risk_not_assessed_says_so(project: Project) -> None:
    risk = services.risk_create(actor=None, project=project, title="Otillräcklig information")
    row = risk_row(Client().get(project.get_absolute_url()).content.decode(), risk)
    assert row.count("Ej bedömd") == 2


def test_a_changed_assessment_is_kept_over_time_and_audited(
    personas: Personas, project: Project, login: Callable[[str], Client]
) -> None:
    risk = services.risk_create(
        actor=None, project=project, title="Bristande delaktighet", likelihood=2, assessed_on=datetime.date(2018, 9, 27)
    )
    client = login("secretary")
    url = reverse("followup:risk_edit", kwargs={"key": project.key, "pk": risk.pk})
    version = re.search(r'name="version" value="([^"]*)"', client.get(url).content.decode())
    assert version is not None
    response = client.post(
        url,
        risk_post(
            "Bristande delaktighet",
            likelihood="3",
            consequence="3",
            status="mitigating",
            assessed_on="2019-03-01",
            note="Två kommuner har inte utsett kontaktperson",
            version=version.group(1),
        ),
    )
    assert response.status_code == 302
    risk.refresh_from_db()
    assert (risk.likelihood, risk.consequence, risk.status) == (3, 3, "mitigating")
    assert audits(risk)[-1] == (
        "update",
        personas.secretary.username,
        {"likelihood": [2, 3], "consequence": [None, 3], "status": ["open", "mitigating"]},
    )
    history = [(a.assessed_on.isoformat(), a.status, a.likelihood) for a in risk.assessments.order_by("id")]
    assert history == [("2018-09-27", "open", 2), ("2019-03-01", "mitigating", 3)]
    row = risk_row(Client().get(project.get_absolute_url()).content.decode(), risk)
    assert "Status över tid" in row
    assert "27 september 2018: öppen" in row and "1 mars 2019: hanteras" in row
    assert "Två kommuner har inte utsett kontaktperson" in row

    # Changing only the owner adds no assessment.
    version = re.search(r'name="version" value="([^"]*)"', client.get(url).content.decode())
    assert version is not None
    fields = risk_post(
        "Bristande delaktighet", likelihood="3", consequence="3", status="mitigating", owner="Styrgruppen"
    )
    client.post(url, {**fields, "version": version.group(1)})
    assert risk.assessments.count() == 2

    # The same (now old) form sent again changes nothing.
    response = client.post(url, {**fields, "owner": "Någon annan", "version": version.group(1)})
    assert response.status_code == 200
    risk.refresh_from_db()
    assert risk.owner == "Styrgruppen"


def test_bad_input_is_refused_with_a_message_and_nothing_changes(
    project: Project, login: Callable[[str], Client]
) -> None:
    risk = services.risk_create(actor=None, project=project, title="Risk", assessed_on=datetime.date(2019, 3, 1))
    client = login("secretary")
    url = reverse("followup:risk_edit", kwargs={"key": project.key, "pk": risk.pk})
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    for bad in (
        {"likelihood": "7"},
        {"assessed_on": "not a date"},
        {"assessed_on": tomorrow},
        {"status": "closed", "assessed_on": "2019-01-01"},  # older than the last assessment
        {"title": ""},
    ):
        response = client.post(url, {**risk_post("Risk"), **bad})
        assert response.status_code == 200, bad
        assert response.context["form"].errors, bad
    risk.refresh_from_db()
    assert (risk.title, risk.status, risk.likelihood) == ("Risk", "open", None)
    assert risk.assessments.count() == 1


def test_removing_a_risk_is_audited(personas: Personas, project: Project, login: Callable[[str], Client]) -> None:
    risk = services.risk_create(actor=None, project=project, title="Otillräcklig information")
    client = login("secretary")
    url = reverse("followup:risk_delete", kwargs={"key": project.key, "pk": risk.pk})
    assert "Otillräcklig information" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not Risk.objects.exists()
    event = AuditEvent.objects.filter(action="delete").get()
    assert (event.actor_label, event.target_repr) == (personas.secretary.username, str(risk))


def test_only_the_projects_editors_may_change_risks(
    personas: Personas, project: Project, login: Callable[[str], Client]
) -> None:
    risk = services.risk_create(actor=None, project=project, title="Risk")
    add = reverse("followup:risk_add", kwargs={"key": project.key})
    edit = reverse("followup:risk_edit", kwargs={"key": project.key, "pk": risk.pk})
    assert login("other_secretary").post(add, risk_post("Annan")).status_code == 403
    assert login("other_secretary").post(edit, risk_post("Ändrad")).status_code == 403
    assert Client().post(add, risk_post("Anonym")).status_code in (302, 403)
    assert list(Risk.objects.values_list("title", flat=True)) == ["Risk"]
    assert login("administrator").get(edit).status_code == 200
    other = Project.objects.create(key="annat", name="Annat", body=personas.body)
    assert (
        login("secretary").get(reverse("followup:risk_edit", kwargs={"key": other.key, "pk": risk.pk})).status_code
        == 404
    )


def test_the_project_page_queries_do_not_grow_with_risks(project: Project, login: Callable[[str], Client]) -> None:
    def grow(n: int) -> None:
        for i in range(n):
            risk = services.risk_create(actor=None, project=project, title=f"Risk {i}", likelihood=1)
            services.risk_update(actor=None, risk=risk, likelihood=2, status="mitigating")

    url = project.get_absolute_url()
    for client in (Client(), login("secretary")):
        grow(3)
        client.get(url)
        with CaptureQueriesContext(connection) as first:
            client.get(url)
        grow(3)
        with CaptureQueriesContext(connection) as second:
            html = client.get(url).content.decode()
        assert html.count("Status över tid") >= 6
        assert len(second.captured_queries) == len(first.captured_queries)
