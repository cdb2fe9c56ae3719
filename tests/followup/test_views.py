"""The project pages: a decision point tied to a recommendation is reached when the
recommendation is adopted under its rule, which for BP1 means every principal has approved."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from samverkan.followup.indicator_files import Row
from samverkan.followup.models import DecisionPoint, Project
from samverkan.referrals import services
from samverkan.referrals.models import Recipient, Recommendation
from samverkan.structure.models import Population
from tests.factories import PrincipalFactory
from tests.referrals.factories import sent_recommendation
from tests.support import Personas

pytestmark = pytest.mark.django_db


def sv(message: str, **values: Any) -> str:
    """A message as the Swedish site shows it (the English text while it is not translated)."""
    with translation.override("sv"):
        text = gettext(message)
    return text % values if values else text


def status_of(page: Any, code: str) -> str:
    """The status cell of the decision point `code` on the project page."""
    html = page.content.decode()
    row = html.split(f'<th scope="row">{code}</th>', 1)[1].split("</tr>", 1)[0]
    return row.rsplit("<td>", 1)[1]


def reached(page: Any, code: str) -> bool:
    cell = status_of(page, code)
    assert ("outcome-adopted" in cell) != ("outcome-pending" in cell), cell
    return "outcome-adopted" in cell


@pytest.fixture
def project(personas: Personas) -> Project:
    return Project.objects.create(
        key="vasterbotten", name="Implementering av samverkansstruktur", body=personas.body, description="Ett projekt."
    )


def test_bp1_is_reached_only_when_every_recipient_has_approved(personas: Personas, project: Project) -> None:
    principals = [personas.principal, personas.other_principal, PrincipalFactory(name="Tredje kommunen")]
    rec = sent_recommendation(body=personas.body, principals=principals, title="Projektdirektivet")
    DecisionPoint.objects.create(
        project=project,
        code="BP1",
        title="Fastställa projektdirektivet",
        planned="Hösten 2018",
        requirement="Beslut hos samtliga huvudmän",
        recommendation=rec,
        position=1,
    )
    DecisionPoint.objects.create(project=project, code="BP2", title="Styrgruppens beslut", position=2)
    url = project.get_absolute_url()
    recipients = list(Recipient.objects.filter(recommendation=rec).order_by("principal__name"))

    page = Client().get(url)
    assert page.status_code == 200
    assert [(s.point.code, s.reached) for s in page.context["points"]] == [("BP1", False), ("BP2", False)]
    assert reached(page, "BP1") is False
    assert sv("Not reached") in status_of(page, "BP1")
    assert sv("%(approved)s of %(total)s principals have approved", approved=0, total=3) in status_of(page, "BP1")
    assert f'href="{rec.get_absolute_url()}"' in page.content.decode()
    assert "Hösten 2018" in page.content.decode()

    for done, recipient in enumerate(recipients[:-1], start=1):
        services.response_record(actor=None, recipient=recipient, answer="approved", via="link")
        page = Client().get(url)
        assert reached(page, "BP1") is False
        assert sv("%(approved)s of %(total)s principals have approved", approved=done, total=3) in status_of(
            page, "BP1"
        )

    # The last one approves with a condition: an approval all the same.
    services.response_record(
        actor=None,
        recipient=recipients[-1],
        answer="approved_with_condition",
        condition="Om staten betalar.",
        via="link",
    )
    page = Client().get(url)
    assert reached(page, "BP1") is True
    assert sv("Reached") in status_of(page, "BP1")
    assert sv("%(approved)s of %(total)s principals have approved", approved=3, total=3) in status_of(page, "BP1")
    assert reached(page, "BP2") is False


def test_a_rejection_keeps_bp1_unreached(personas: Personas, project: Project) -> None:
    rec = sent_recommendation(body=personas.body, principals=[personas.principal, personas.other_principal])
    DecisionPoint.objects.create(project=project, code="BP1", title="Start", recommendation=rec)
    first, second = Recipient.objects.filter(recommendation=rec)
    services.response_record(actor=None, recipient=first, answer="approved", via="link")
    services.response_record(actor=None, recipient=second, answer="rejected", via="link")
    page = Client().get(project.get_absolute_url())
    assert reached(page, "BP1") is False
    assert page.context["points"][0].outcome.status == "not_adopted"
    # A changed answer (the principal decides again) reaches it.
    services.response_record(actor=None, recipient=second, answer="approved", via="link")
    assert reached(Client().get(project.get_absolute_url()), "BP1") is True


def test_a_point_without_a_recommendation_is_reached_by_its_date(personas: Personas, project: Project) -> None:
    point = DecisionPoint.objects.create(project=project, code="BP2", title="Styrgruppens beslut")
    assert reached(Client().get(project.get_absolute_url()), "BP2") is False
    point.reached_on = datetime.date(2019, 1, 24)
    point.save()
    page = Client().get(project.get_absolute_url())
    assert reached(page, "BP2") is True
    with translation.override("sv"):
        from django.template.defaultfilters import date as date_filter

        assert date_filter(datetime.date(2019, 1, 24), "j F Y") in status_of(page, "BP2")


def test_a_draft_or_a_recommendation_not_public_is_not_followed_on_the_public_page(
    personas: Personas, project: Project
) -> None:
    """The project page is public: a recommendation the public may not see neither shows nor
    decides the point (its date does)."""
    draft = services.recommendation_create(
        actor=None,
        body=personas.body,
        principals=[personas.principal],
        title="Hemligt utkast",
        question="Frågan.",
        deadline=timezone.localdate() + datetime.timedelta(days=30),
    )
    internal = sent_recommendation(body=personas.body, principals=[personas.principal], title="Intern", public=False)
    services.response_record(
        actor=None, recipient=Recipient.objects.get(recommendation=internal), answer="approved", via="link"
    )
    DecisionPoint.objects.create(project=project, code="BP1", title="Ett", recommendation=draft, position=1)
    DecisionPoint.objects.create(project=project, code="BP2", title="Två", recommendation=internal, position=2)
    page = Client().get(project.get_absolute_url())
    html = page.content.decode()
    assert "Hemligt utkast" not in html
    assert "Intern" not in html
    assert [(s.point.code, s.reached, s.outcome) for s in page.context["points"]] == [
        ("BP1", False, None),
        ("BP2", False, None),
    ]
    assert sv("%(approved)s of %(total)s principals have approved", approved=1, total=1) not in html


def test_a_population_rule_point(personas: Personas, project: Project) -> None:
    year = (timezone.localdate() + datetime.timedelta(days=30)).year
    Population.objects.create(
        principal=personas.principal, year=year, reference_date=datetime.date(year, 12, 31), inhabitants=90_000
    )
    Population.objects.create(
        principal=personas.other_principal, year=year, reference_date=datetime.date(year, 12, 31), inhabitants=10_000
    )
    rec = sent_recommendation(
        body=personas.body,
        principals=[personas.principal, personas.other_principal],
        rule=Recommendation.Rule.POPULATION_SHARE,
        rule_share=75,
    )
    DecisionPoint.objects.create(project=project, code="BP3", title="Befolkningen", recommendation=rec)
    assert reached(Client().get(project.get_absolute_url()), "BP3") is False
    services.response_record(
        actor=None,
        recipient=Recipient.objects.get(recommendation=rec, principal=personas.principal),
        answer="approved",
        via="link",
    )
    page = Client().get(project.get_absolute_url())
    assert reached(page, "BP3") is True
    assert page.context["points"][0].outcome.approved_population == 90_000


def test_the_project_list_and_an_unknown_project(personas: Personas, project: Project) -> None:
    Project.objects.create(key="annat", name="Ett annat projekt")
    page = Client().get(reverse("followup:project_list"))
    assert page.status_code == 200
    assert [p.name for p in page.context["projects"]] == ["Ett annat projekt", "Implementering av samverkansstruktur"]
    assert f'href="{project.get_absolute_url()}"' in page.content.decode()
    assert Client().get(reverse("followup:project_detail", kwargs={"key": "finns-inte"})).status_code == 404


def test_the_project_page_is_in_swedish(personas: Personas, project: Project) -> None:
    page = Client().get(project.get_absolute_url())
    html = page.content.decode()
    assert '<html lang="sv"' in html
    assert sv("Decision points") in html
    if sv("Decision points") != "Decision points":
        assert ">Decision points<" not in html
    assert sv("No decision points are recorded.") in html
    assert "Ett projekt." in html


def test_the_project_page_is_built_in_at_most_ten_queries_however_much_it_shows(
    personas: Personas, project: Project
) -> None:
    """Every section filled (goals with traces both ways, a survey measuring a goal, indicators
    with values, risks with their status over time, a point following a population-rule
    recommendation): at most 10 queries, and as many when everything doubles."""
    from decimal import Decimal

    from samverkan.followup import services as followup

    year = (timezone.localdate() + datetime.timedelta(days=30)).year
    Population.objects.create(
        principal=personas.principal, year=year, reference_date=datetime.date(year, 12, 31), inhabitants=9_000
    )
    rec = sent_recommendation(
        body=personas.body, principals=[personas.principal], rule=Recommendation.Rule.POPULATION_SHARE, rule_share=75
    )
    DecisionPoint.objects.create(project=project, code="BP1", title="Befolkningen", recommendation=rec)
    survey = followup.survey_create(actor=None, project=project, title="Enkäten", asked="Alla deltagare", invited=50)

    def grow(start: int, n: int) -> None:
        for i in range(start, start + n):
            effect = followup.goal_create(
                actor=None, project=project, code=f"E{i}", text=f"Effektmål {i}", level="effect"
            )
            followup.goal_create(
                actor=None,
                project=project,
                code=f"P{i}",
                text=f"Projektmål {i}",
                level="project",
                contributes_to=[effect],
            )
            followup.question_create(actor=None, survey=survey, text=f"Fråga {i}", goal=effect)
            indicator = followup.indicator_create(actor=None, project=project, name=f"Indikator {i}", target=Decimal(1))
            followup.indicator_values_set(
                actor=None, indicator=indicator, rows=[Row("2018", Decimal(1)), Row("2019", Decimal(2))]
            )
            risk = followup.risk_create(
                actor=None, project=project, title=f"Risk {i}", assessed_on=datetime.date(2024, 1, 1), likelihood=2
            )
            followup.risk_update(actor=None, risk=risk, assessed_on=datetime.date(2025, 1, 1), likelihood=3)

    url = project.get_absolute_url()
    grow(1, 2)
    Client().get(url)
    with CaptureQueriesContext(connection) as first:
        html = Client().get(url).content.decode()
    grow(3, 2)
    with CaptureQueriesContext(connection) as second:
        html_2n = Client().get(url).content.decode()
    assert len(first.captured_queries) <= 10, len(first.captured_queries)
    assert len(second.captured_queries) == len(first.captured_queries)
    # What a reader checks: the traces both ways, the values, each risk's history.
    assert f'{sv("Contributes to")} <a href="#' in html and f'{sv("Reached through")} <a href="#' in html
    assert html_2n.count("Indikator ") > html.count("Indikator ")
    assert html_2n.count(sv("Status over time")) == 4
    assert "P4</a>" in html_2n and "E4</a>" in html_2n
