"""Language of parts (WCAG 2.1 SC 3.1.2): the content is stored in Swedish, so on a page in the
English interface the names, titles, texts and decisions it shows are marked lang="sv", for
screen readers (which would read them with English pronunciation) and translation tools. In the
Swedish interface the pages are as they were: the page's own lang="sv" says it all.

One place says how (samverkan/core/templatetags/layout.py: `{% content_lang %}` on an element
of its own, `|content_lang` for inline text); here the public pages are read as a visitor would
in both languages."""

from __future__ import annotations

from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from samverkan.followup import services as followup_services
from samverkan.followup.indicator_files import Row
from samverkan.meetings import services as meeting_services
from samverkan.referrals.models import Recommendation
from tests.factories import UserFactory
from tests.meetings.factories import gr_scenario
from tests.referrals.factories import principals_with_registrars, sent_recommendation
from tests.support import Personas, agreement_world, finance_world

pytestmark = pytest.mark.django_db

SV = ' lang="sv"'


def read(url: str, language: str) -> str:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


class _Languages(HTMLParser):
    """Each piece of text of a page with the language it is in: the `lang` of the nearest
    element around it that has one."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.texts: list[tuple[str | None, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):  # close it and whatever was left open in it
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        language = next((lang for _, lang in reversed(self.stack) if lang), None)
        self.texts.append((language, data))


def marked(html: str, text: str) -> bool:
    """Whether `text` is shown inside an element marked lang="sv" (itself or an ancestor)."""
    parser = _Languages()
    parser.feed(html)
    return any(language == "sv" and text in data for language, data in parser.texts)


def english_and_swedish(url: str, texts: list[str]) -> None:
    english = read(url, "en")
    assert '<html lang="en">' in english
    missing = [t for t in texts if not marked(english, t)]
    assert not missing, f"{url}: not marked lang=sv in English: {missing}"
    swedish = read(url, "sv")
    assert '<html lang="sv">' in swedish
    assert swedish.count(SV) == 1, f"{url}: lang=sv besides the page's own in Swedish"  # only <html lang="sv">
    assert all(t in swedish for t in texts)


def test_a_bodys_page_marks_its_name_and_mandate(personas: Personas) -> None:
    body = personas.body
    body.meeting_rhythm = "Fyra gånger per år"
    body.save()
    english_and_swedish(body.get_absolute_url(), ["Testorganet", "Fyra gånger per år"])


def test_minutes_mark_the_titles_notes_and_decisions() -> None:
    actor = UserFactory(username="sekreterare")
    gr = gr_scenario(actor)
    minutes = meeting_services.minutes_draw_up(
        actor=actor,
        meeting=gr.meeting,
        adjusters=[gr["Kent Lagrell"], gr["Ove Dröscher"]],
        secretary=gr["Sara Nordenhielm"],
    )
    meeting_services.adjustment_confirm(actor=None, minutes=minutes, person=gr["Kent Lagrell"], via="link")
    meeting_services.adjustment_confirm(actor=None, minutes=minutes, person=gr["Ove Dröscher"], via="link")
    item = gr.meeting.items.exclude(decision="").order_by("position").first()
    assert item is not None
    url = reverse("meetings:minutes", kwargs={"pk": gr.meeting.pk})
    english_and_swedish(url, [gr.meeting.body.name, item.title, item.decision])
    english_and_swedish(gr.meeting.get_absolute_url(), [gr.meeting.body.name, item.title])


def test_a_recommendation_marks_its_title_question_and_background() -> None:
    recommendation: Recommendation = sent_recommendation(
        principals=principals_with_registrars(2),
        title="Gemensam riktlinje för läkemedelsgenomgångar",
        background="Riktlinjen togs fram av länets läkare.",
    )
    english_and_swedish(
        recommendation.get_absolute_url(),
        [recommendation.title, recommendation.question, recommendation.background, recommendation.body.name],
    )


def test_the_agreement_register_and_an_agreement_mark_their_titles(personas: Personas) -> None:
    agreement = agreement_world(personas)
    english_and_swedish(reverse("agreements:list"), [agreement.title])
    english_and_swedish(agreement.get_absolute_url(), [agreement.title, personas.body.name])


def test_search_results_mark_their_titles(personas: Personas, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # the index is written on commit
        agreement = agreement_world(personas)
    english_and_swedish(reverse("search:search") + "?q=ungdomsmottagningar", [agreement.title])


def test_a_principals_page_marks_its_bodies_and_the_recommendations_it_was_asked(personas: Personas) -> None:
    """The principal's own name is a proper name (exempt under SC 3.1.2); what it owns, the
    bodies it sits in, the recommendations it was asked and its money lines are content."""
    principals = principals_with_registrars(1)
    recommendation = sent_recommendation(principals=principals, title="Gemensam riktlinje för hemsjukvård")
    principal = principals[0]
    english_and_swedish(principal.get_absolute_url(), [recommendation.title, recommendation.body.name])
    world = finance_world(personas)
    english_and_swedish(personas.principal.get_absolute_url(), [world.allocation.title, personas.body.name])


def test_the_recommendation_list_and_the_board_mark_the_titles() -> None:
    recommendation = sent_recommendation(
        principals=principals_with_registrars(2), title="Gemensam riktlinje för läkemedelsgenomgångar"
    )
    english_and_swedish(reverse("referrals:list"), [recommendation.title, recommendation.body.name])
    english_and_swedish(reverse("referrals:board"), [recommendation.title])


def test_the_start_page_marks_the_bodies_at_the_top(personas: Personas) -> None:
    english_and_swedish(reverse("publishing:home"), [personas.body.name])


def test_the_money_pages_mark_their_titles_lines_and_decisions(personas: Personas) -> None:
    world = finance_world(personas)
    for record in (world.allocation, world.fee, world.budget, world.fund):
        record.public = True
        record.decision = "Direktionen 2023-11-20 § 45" if hasattr(record, "decision") else ""
        record.save()
    english_and_swedish(reverse("finance:index"), [world.allocation.title, world.fee.title, world.fund.title])
    english_and_swedish(reverse("finance:allocation_list"), [world.allocation.title])
    english_and_swedish(world.allocation.get_absolute_url(), [world.allocation.title, "Direktionen 2023-11-20 § 45"])
    english_and_swedish(reverse("finance:fee_list"), [world.fee.title, "Direktionen 2023-11-20 § 45"])
    english_and_swedish(world.fee.get_absolute_url(), [world.fee.title, personas.body.name])
    english_and_swedish(reverse("finance:budget_list"), [world.budget.title])
    english_and_swedish(world.budget.get_absolute_url(), [world.budget.title, "Avgifter"])
    english_and_swedish(reverse("finance:fund_list"), [world.fund.title])
    english_and_swedish(world.fund.get_absolute_url(), [world.fund.title])


def test_the_follow_up_pages_mark_projects_goals_indicators_surveys_and_reports(personas: Personas) -> None:
    project = followup_services.project_create(
        actor=None, key="vb", name="Implementering", body=personas.body, description="Ett länsgemensamt projekt."
    )
    goal = followup_services.goal_create(
        actor=None, project=project, code="E1", text="Större kontinuitet", target="Minst 75 %", target_share=75
    )
    survey = followup_services.survey_create(
        actor=None, project=project, title="Intervjuer", asked="Alla chefer", invited=60
    )
    question = followup_services.question_create(actor=None, survey=survey, text="Kontinuitet?", goal=goal)
    followup_services.answers_record(actor=None, survey=survey, counts={question: (60, 45)})
    indicator = followup_services.indicator_create(
        actor=None, project=project, name="Andel nöjda brukare", unit="procent", target=Decimal(75)
    )
    followup_services.indicator_values_set(
        actor=None, indicator=indicator, rows=[Row("2018", Decimal(62), "Brukarenkät", "Första mätningen")]
    )
    followup_services.risk_create(actor=None, project=project, title="Chefer byts ut", mitigation="Introduktion")
    english_and_swedish(reverse("followup:project_list"), [project.name])
    english_and_swedish(
        project.get_absolute_url(),
        [
            project.name,
            "Ett länsgemensamt projekt.",
            goal.text,
            "Minst 75 %",
            survey.title,
            indicator.name,
            "Chefer byts ut",
        ],
    )
    english_and_swedish(
        indicator.get_absolute_url(), [indicator.name, project.name, "Brukarenkät", "Första mätningen", "procent"]
    )
    english_and_swedish(survey.get_absolute_url(), [survey.title, "Alla chefer", question.text])
    report = followup_services.report_create(
        actor=None, body=personas.body, year=2018, title="Måluppfyllnad 2018", introduction="Ett bra år."
    )
    followup_services.section_create(actor=None, report=report, heading="Resurser", text="Nya satsningar.")
    followup_services.report_approve(actor=None, report=report, approval="Direktionen § 12")
    followup_services.report_publish(actor=None, report=report)
    english_and_swedish(reverse("followup:report_list"), [report.title])
    english_and_swedish(
        report.get_absolute_url(),
        [report.title, "Ett bra år.", "Resurser", "Nya satsningar.", "Direktionen § 12", goal.text, indicator.name],
    )
