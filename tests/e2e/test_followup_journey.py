"""Journey 8 in a browser: the steering body's secretary keeps the project's goals on the staff
screens and the public page shows them with their traces both ways, the project's risks with
their likelihood and consequence in words, E1's survey share with its
n against the 75 % target, and an indicator's chart with its table; axe finds no violation on
any of these pages, and none scrolls sideways on a phone."""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

try:
    from playwright.sync_api import expect
except ImportError as exc:  # pragma: no cover - the conftest skips the folder without playwright
    pytest.skip(
        f"chromium is not available: the playwright package cannot be imported ({exc})", allow_module_level=True
    )

from tests.e2e.conftest import SECRETARY
from tests.e2e.test_accessibility import PHONE, assert_no_violations, run_axe

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Page

BODY = "vastkom-styrelse"  # the e2e secretary runs it


def accessible(page: Page) -> None:
    assert_no_violations(run_axe(page, preload=False))


def no_sideways_scroll(page: Page) -> None:
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_journey_8_goals_traces_survey_share_and_indicator(browse_as: Callable[..., Page]) -> None:
    from samverkan.followup import services
    from samverkan.followup.indicator_files import Row
    from samverkan.followup.models import Goal
    from samverkan.structure.models import Body

    token = secrets.token_hex(3)
    project = services.project_create(
        actor=None,
        key=f"e2e-mal-{token}",
        name=f"Implementering av samverkansstruktur (e2e {token})",
        body=Body.objects.get(key=BODY),
        source="cli:e2e",
    )
    e1 = services.goal_create(
        actor=None,
        project=project,
        code="E1",
        text="En större kontinuitet i samverkan",
        reference_value="En känsla av otydlighet och omstarter",
        target="Minst 75 % av 60 intervjuade personer anser att kontinuiteten i samverkan är tillfredsställande",
        target_share=Decimal(75),
        position=1,
    )
    e5 = services.goal_create(actor=None, project=project, code="E5", text="Stärkta relationer", position=5)
    services.goal_create(
        actor=None, project=project, code="P2", text="Lokala överenskommelser", level="project", contributes_to=[e1, e5]
    )
    survey = services.survey_create(
        actor=None, project=project, title="Intervjuer 2019", asked="Personer i samverkansstrukturen", invited=60
    )
    question = services.question_create(
        actor=None, survey=survey, text="Anser du att kontinuiteten i samverkan är tillfredsställande?", goal=e1
    )
    services.answers_record(actor=None, survey=survey, counts={question: (60, 45)})
    indicator = services.indicator_create(
        actor=None, project=project, name="Andel nöjda i samverkan", unit="%", target=Decimal(75), goal=e1
    )
    services.indicator_values_set(
        actor=None,
        indicator=indicator,
        rows=[Row("2018", Decimal("62.0"), "Enkät"), Row("2019", Decimal("75.0"), "Enkät", "Efter införandet")],
    )

    # The secretary adds P4, which contributes to E1, on the staff screen.
    page = browse_as(SECRETARY, axe=True)
    page.goto(project.get_absolute_url())
    page.get_by_role("link", name="Lägg till mål").click()
    accessible(page)
    page.get_by_label("Nivå").select_option("project")
    page.get_by_label("Kod").fill("P4")
    page.locator("#id_text").fill("Nuvarande samverkansorganisation förberedd att upplösas")
    page.get_by_role("group", name="Bidrar till").get_by_label("E1 (effektmål)", exact=False).check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("div.messages[role=status]")).to_contain_text("Målet lades till.")
    assert Goal.objects.get(project=project, code="P4").contributes_to.get() == e1

    # ... and records one of the directive's risks, with its likelihood and consequence.
    page.goto(project.get_absolute_url())
    page.get_by_role("link", name="Lägg till risk").click()
    accessible(page)
    page.locator("#id_title").fill("Tidsbrist hos medverkande i projektet")
    page.locator("#id_likelihood").select_option("2")
    page.locator("#id_consequence").select_option("3")
    page.locator("#id_mitigation").fill("Förankra tiden hos cheferna")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("div.messages[role=status]")).to_contain_text("Risken lades till.")

    # Everyone reads the goals with their traces both ways, and E1's outcome against its target.
    page = browse_as(None, axe=True)
    page.goto(project.get_absolute_url())
    e1_row = page.locator("main tbody tr").filter(has=page.get_by_role("rowheader", name="E1", exact=True))
    expect(e1_row).to_contain_text("Nås genom P2, P4")
    expect(e1_row).to_contain_text("Utfall: 45 av 60 = 75 %")
    expect(e1_row.locator(".status-reached")).to_have_text("✓ Uppnådd")
    p2_row = page.locator("main tbody tr").filter(has=page.get_by_role("rowheader", name="P2", exact=True))
    expect(p2_row).to_contain_text("Bidrar till E1, E5")
    p2_row.get_by_role("link", name="E5").click()
    expect(page).to_have_url(f"{page.url.split('#')[0]}#mal-e5")
    risk_row = page.locator("main table.risks tbody tr")
    expect(risk_row).to_have_count(1)
    expect(risk_row).to_contain_text("Tidsbrist hos medverkande i projektet")
    expect(risk_row.locator("td").nth(0)).to_have_text("Medel")
    expect(risk_row.locator("td").nth(1)).to_have_text("Hög")
    expect(risk_row).to_contain_text("Förankra tiden hos cheferna")
    expect(risk_row).to_contain_text("Öppen")
    accessible(page)
    no_sideways_scroll(page)

    # The survey's page: the share per question, never who answered.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(survey.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Intervjuer 2019")
    expect(page.locator("main tbody tr")).to_contain_text("45 av 60 = 75 %")
    accessible(page)
    no_sideways_scroll(page)

    # The indicator's page: a chart with its title and summary, and the same values in a table.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(indicator.get_absolute_url())
    chart = page.get_by_role("img", name="Andel nöjda i samverkan")
    expect(chart).to_have_count(1)
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(1)).to_contain_text("75 %")
    expect(rows.nth(1)).to_contain_text("Efter införandet")
    expect(page.locator(".status-reached")).to_have_text("✓ Uppnådd")
    accessible(page)
    no_sideways_scroll(page)


def test_journey_10_the_goal_fulfilment_page(browse_as: Callable[..., Page]) -> None:
    """The board's secretary writes the year's goal fulfilment, approves and publishes it; a
    member of the public reads it with the computed status of the board's project goals, and
    fetches it as PDF."""
    from samverkan.followup import services
    from samverkan.followup.models import GoalReport
    from samverkan.structure.models import Body

    token = secrets.token_hex(3)
    body = Body.objects.get(key="sro")
    year = next(y for y in range(2100, 1990, -1) if not GoalReport.objects.filter(body=body, year=y).exists())
    project = services.project_create(
        actor=None, key=f"e2e-mu-{token}", name=f"SRO:s projekt (e2e {token})", body=body, source="cli:e2e"
    )
    services.goal_create(actor=None, project=project, code="E1", text="Stärkta relationer", target_share=Decimal(75))

    page = browse_as(SECRETARY, axe=True)
    page.goto("/maluppfyllnad/")
    page.get_by_role("link", name="Ny måluppfyllnad").click()
    accessible(page)
    page.locator("#id_body").select_option(str(body.pk))
    page.locator("#id_year").fill(str(year))
    page.locator("#id_title").fill(f"Måluppfyllnad {year}")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("div.messages[role=status]")).to_contain_text("Rapporten skapades som utkast")
    expect(page.locator("main")).to_contain_text("Utkast: inte godkänt och inte offentligt.")
    page.get_by_role("link", name="Lägg till område").click()
    page.locator("#id_heading").fill("Särskilt omnämnande")
    page.locator("#id_text").fill("Det nationella arbetet har fokuserats på Inera AB.")
    page.locator("main form button[type=submit]").click()
    accessible(page)
    page.locator("#id_approval").fill("§ 12")
    page.get_by_role("button", name="Godkänn rapporten").click()
    expect(page.locator("div.messages[role=status]")).to_contain_text("Rapporten godkändes.")
    page.get_by_role("button", name="Publicera rapporten").click()
    expect(page.locator("div.messages[role=status]")).to_contain_text("Rapporten publicerades.")
    report = GoalReport.objects.get(body=body, year=year)
    assert report.status == "published"

    page = browse_as(None, axe=True)
    page.goto(report.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Måluppfyllnad {year}")
    expect(page.get_by_role("heading", name="Särskilt omnämnande")).to_have_count(1)
    expect(page.get_by_role("heading", name=f"Resultat {year}")).to_have_count(1)
    e1 = page.locator("main table.report-goals tbody tr").filter(has=page.get_by_role("rowheader", name="E1"))
    expect(e1).to_contain_text("Okänt: ingen enkät mäter målet")
    expect(e1).to_contain_text("Ej mätt")
    accessible(page)
    no_sideways_scroll(page)
    pdf = page.request.get(page.get_by_role("link", name="Rapporten som PDF").get_attribute("href") or "")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
