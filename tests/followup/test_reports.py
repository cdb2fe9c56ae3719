"""The yearly goal fulfilment (måluppfyllnad, seed 003): the body's secretary writes the
narrative per area on staff screens; the page adds the status of each goal and indicator of
the body's projects for the year, computed from the records (unknown shown as unknown); the
report is drafted, approved, then published, and only then public, on the page and as PDF."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from samverkan.core.models import AuditEvent
from samverkan.followup import selectors, services
from samverkan.followup.indicator_files import Row
from samverkan.followup.models import GoalReport, Project, ReportSection
from tests.support import Personas

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def url(name: str, report: GoalReport, **extra: Any) -> str:
    return reverse(f"followup:{name}", kwargs={"body": report.body.key, "year": report.year, **extra})


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages))


@pytest.fixture
def project(personas: Personas) -> Project:
    """A project of the personas' body: E1 measured by a survey (45 of 60 against 75 %), E2
    measured by nothing, E3 by a survey of three answers; an indicator with a value for 2019 and
    one without."""
    project = services.project_create(actor=None, key="vb", name="Implementering", body=personas.body)
    e1 = services.goal_create(
        actor=None, project=project, code="E1", text="Större kontinuitet", target="Minst 75 %", target_share=75
    )
    services.goal_create(actor=None, project=project, code="E2", text="Effektivare organisation")
    e3 = services.goal_create(actor=None, project=project, code="E3", text="Bättre möten", target_share=75)
    survey = services.survey_create(actor=None, project=project, title="Intervjuer", asked="Alla", invited=60)
    q1 = services.question_create(actor=None, survey=survey, text="Kontinuitet?", goal=e1)
    q3 = services.question_create(actor=None, survey=survey, text="Möten?", goal=e3)
    services.answers_record(actor=None, survey=survey, counts={q1: (60, 45), q3: (3, 3)})
    nojd = services.indicator_create(actor=None, project=project, name="Andel nöjda", unit="%", target=Decimal(75))
    services.indicator_values_set(
        actor=None,
        indicator=nojd,
        rows=[Row("2018", Decimal(62), "Enkät", ""), Row("2019", Decimal(70), "Enkät", ""), Row("2020", Decimal(80))],
    )
    services.indicator_create(actor=None, project=project, name="Antal möten", target=Decimal(10))
    return project


def test_the_secretary_writes_approves_and_publishes_and_only_then_it_is_public(
    personas: Personas, project: Project, login: Callable[[str], Client]
) -> None:
    client = login("secretary")
    response = client.post(
        reverse("followup:report_create"),
        {"body": personas.body.pk, "year": "2019", "title": "Måluppfyllnad 2019", "principal": "", "introduction": ""},
    )
    assert response.status_code == 302
    report = GoalReport.objects.get()
    assert (report.status, report.year, report.body) == ("draft", 2019, personas.body)
    for heading, text in [
        ("Särskilt omnämnande", "Arbetet har fokuserats på Inera AB."),
        ("Resurser", "Nya satsningar."),
    ]:
        response = client.post(url("section_add", report), {"heading": heading, "text": text, "position": ""})
        assert response.status_code == 302
    page = client.get(report.get_absolute_url())
    html = text_of(page.content.decode())
    assert "Utkast: inte godkänt och inte offentligt." in html
    assert html.index("Särskilt omnämnande") < html.index("Resurser") < html.index("Resultat 2019")

    # A draft and an approved report are nobody else's business: 404, page and PDF alike.
    for name in ("anonymous", "member", "other_secretary"):
        assert login(name).get(report.get_absolute_url()).status_code == 404
        assert login(name).get(url("report_pdf", report)).status_code == 404
    assert "Måluppfyllnad 2019" not in login("anonymous").get(reverse("followup:report_list")).content.decode()

    response = client.post(url("report_status", report), {"action": "approve", "approval": "§ 12"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.approval) == ("approved", "§ 12")
    assert login("anonymous").get(report.get_absolute_url()).status_code == 404
    # Publishing needs an approval first; then it is public.
    response = client.post(url("report_status", report), {"action": "publish"})
    report.refresh_from_db()
    assert report.status == "published" and report.published_at is not None

    public = login("anonymous")
    assert "Måluppfyllnad 2019" in public.get(reverse("followup:report_list")).content.decode()
    page = text_of(public.get(report.get_absolute_url()).content.decode())
    assert "Arbetet har fokuserats på Inera AB." in page and "godkänd genom § 12" in page
    # The day it was published here, said as such (the demo's 2019 report was not published the
    # day the demo was loaded).
    assert f"Publicerad i Samverkan den {date_format(timezone.localdate(), 'j F Y')}; godkänd genom § 12." in page
    assert "Utkast" not in page
    pdf = public.get(url("report_pdf", report))
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "Måluppfyllnad 2019" in text and "Särskilt omnämnande" in text and "Resultat 2019" in text
    assert "45 av 60 = 75 %" in text.replace("\u00a0", " ")
    assert "Utkast" not in text

    changes = [
        e.changes.get("status")
        for e in AuditEvent.objects.filter(target_id=str(report.pk), target_repr=str(report)).order_by("id")
    ]
    assert changes == [None, ["draft", "approved"], ["approved", "published"]]
    assert AuditEvent.objects.filter(target_repr="Resurser", action="create").count() == 1


def test_the_results_are_computed_from_the_records_and_unknown_is_shown_as_unknown(
    personas: Personas, project: Project
) -> None:
    report = services.report_create(actor=None, body=personas.body, year=2019, title="Måluppfyllnad 2019")
    services.section_create(actor=None, report=report, heading="Resurser", text="Text")
    services.report_approve(actor=None, report=report)
    services.report_publish(actor=None, report=report)
    html = Client().get(report.get_absolute_url()).content.decode()

    def row(name: str) -> str:
        return text_of(html.split(f'<th scope="row">{name}</th>', 1)[1].split("</tr>", 1)[0])

    assert "45 av 60 = 75 %" in row("E1").replace("\u00a0", " ") and "Uppnådd" in row("E1")
    assert "Okänt: ingen enkät mäter målet" in row("E2") and "Ej mätt" in row("E2")
    # Three answers are never shown publicly, not even through the report.
    assert "färre än 5 svar: visas inte" in row("E3") and "3 av 3" not in row("E3")
    # The year's value, not a later one; its status from the values up to the year.
    assert "70 % (2019)" in row("Andel nöjda") and "80" not in row("Andel nöjda")
    assert "På väg" in row("Andel nöjda")
    assert "Okänt: inget värde för 2019" in row("Antal möten") and "Ej mätt" in row("Antal möten")

    # A year before any value: unknown, not the later values.
    older = services.report_create(actor=None, body=personas.body, year=2017, title="Måluppfyllnad 2017")
    results = {i.indicator.name: (i.value, i.status) for r in selectors.report_results(older) for i in r.indicators}
    assert {name: (value, status.code if status else None) for name, (value, status) in results.items()} == {
        "Andel nöjda": (None, "not_measured"),
        "Antal möten": (None, "not_measured"),
    }


def test_only_a_draft_is_changed_and_bad_input_is_refused_with_nothing_lost(
    personas: Personas, login: Callable[[str], Client]
) -> None:
    report = services.report_create(actor=None, body=personas.body, year=2019, title="Måluppfyllnad 2019")
    client = login("secretary")
    # Approval needs an area.
    client.post(url("report_status", report), {"action": "approve"})
    report.refresh_from_db()
    assert report.status == "draft"
    # Publishing a draft is refused.
    client.post(url("report_status", report), {"action": "publish"})
    report.refresh_from_db()
    assert report.status == "draft"
    # A second report for the same body and year is refused with a message.
    response = client.post(
        reverse("followup:report_create"),
        {"body": personas.body.pk, "year": "2019", "title": "Igen", "principal": "", "introduction": ""},
    )
    assert response.status_code == 200 and response.context["form"].errors
    response = client.post(
        reverse("followup:report_create"),
        {"body": personas.body.pk, "year": "19999", "title": "Fel år", "principal": "", "introduction": ""},
    )
    assert response.status_code == 200 and response.context["form"].errors
    assert GoalReport.objects.count() == 1

    section = services.section_create(actor=None, report=report, heading="Resurser", text="Första texten")
    services.report_approve(actor=None, report=report)
    edit = url("section_edit", report, pk=section.pk)
    response = client.post(edit, {"heading": "Resurser", "text": "Ändrad", "position": "", "version": "1"})
    assert response.status_code == 200
    assert "endast ett utkast kan ändras" in text_of(response.content.decode())
    section.refresh_from_db()
    assert section.text == "Första texten"
    client.post(url("section_delete", report, pk=section.pk))
    assert ReportSection.objects.filter(pk=section.pk).exists()
    # Back to a draft, it can be changed again.
    client.post(url("report_status", report), {"action": "reopen"})
    report.refresh_from_db()
    assert (report.status, report.approved_at) == ("draft", None)
    version = re.search(r'name="version" value="([^"]*)"', client.get(edit).content.decode())
    assert version is not None
    assert client.post(edit, {"heading": "Resurser", "text": "Ändrad", "version": version.group(1)}).status_code == 302
    # A stale form never overwrites.
    response = client.post(edit, {"heading": "Resurser", "text": "Gammal", "version": version.group(1)})
    assert response.status_code == 200
    section.refresh_from_db()
    assert section.text == "Ändrad"


def test_only_the_bodys_secretaries_and_administrators_edit(personas: Personas, login: Callable[[str], Client]) -> None:
    report = services.report_create(actor=None, body=personas.body, year=2019, title="Måluppfyllnad 2019")
    add = url("section_add", report)
    assert login("other_secretary").post(add, {"heading": "X", "text": "Y"}).status_code == 403
    assert login("member").post(url("report_status", report), {"action": "approve"}).status_code == 403
    assert not ReportSection.objects.exists()
    assert login("administrator").get(report.get_absolute_url()).status_code == 200
    # The other body's secretary may not write a report for this body.
    response = login("other_secretary").post(
        reverse("followup:report_create"),
        {"body": personas.body.pk, "year": "2020", "title": "X", "principal": "", "introduction": ""},
    )
    assert response.status_code == 200 and not GoalReport.objects.filter(year=2020).exists()


def test_the_report_page_queries_do_not_grow_with_projects_goals_and_indicators(
    personas: Personas, project: Project, login: Callable[[str], Client]
) -> None:
    report = services.report_create(actor=None, body=personas.body, year=2019, title="Måluppfyllnad 2019")
    services.section_create(actor=None, report=report, heading="Resurser", text="Text")
    services.report_approve(actor=None, report=report)
    services.report_publish(actor=None, report=report)
    counter = iter(range(1000))

    def grow() -> None:
        for _ in range(2):
            i = next(counter)
            other = services.project_create(actor=None, key=f"p{i}", name=f"Projekt {i}", body=personas.body)
            goal = services.goal_create(actor=None, project=other, code="E1", text="Mål", target_share=50)
            survey = services.survey_create(actor=None, project=other, title="Enkät", asked="Alla", invited=10)
            question = services.question_create(actor=None, survey=survey, text="Ja?", goal=goal)
            services.answers_record(actor=None, survey=survey, counts={question: (10, 6)})
            indicator = services.indicator_create(actor=None, project=other, name="Värde", target=Decimal(1))
            services.indicator_values_set(actor=None, indicator=indicator, rows=[Row("2019", Decimal(2), "", "")])

    for client in (Client(), login("secretary")):
        grow()
        client.get(report.get_absolute_url())
        with CaptureQueriesContext(connection) as first:
            client.get(report.get_absolute_url())
        grow()
        with CaptureQueriesContext(connection) as second:
            html = client.get(report.get_absolute_url()).content.decode()
        assert html.count("6 av 10") >= 4
        assert len(second.captured_queries) == len(first.captured_queries)


def test_only_published_reports_are_in_the_sitemap(personas: Personas) -> None:
    draft = services.report_create(actor=None, body=personas.body, year=2018, title="Måluppfyllnad 2018")
    published = services.report_create(actor=None, body=personas.body, year=2019, title="Måluppfyllnad 2019")
    services.section_create(actor=None, report=published, heading="Resurser", text="Text")
    services.report_approve(actor=None, report=published)
    services.report_publish(actor=None, report=published)
    sitemap = Client().get("/sitemap.xml").content.decode()
    assert published.get_absolute_url() in sitemap
    assert reverse("followup:report_list") in sitemap
    assert draft.get_absolute_url() not in sitemap
