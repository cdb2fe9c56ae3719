"""Language of parts (WCAG 2.1 SC 3.1.2): the content is stored in Swedish, so on a page in the
English interface the names, titles, texts and decisions it shows are marked lang="sv", for
screen readers (which would read them with English pronunciation) and translation tools. In the
Swedish interface the pages are as they were: the page's own lang="sv" says it all.

One place says how (samverkan/core/templatetags/layout.py: `{% content_lang %}` on an element
of its own, `|content_lang` for inline text); here the public pages are read as a visitor would
in both languages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from samverkan.meetings import services as meeting_services
from samverkan.referrals.models import Recommendation
from tests.factories import UserFactory
from tests.meetings.factories import gr_scenario
from tests.referrals.factories import principals_with_registrars, sent_recommendation
from tests.support import Personas, agreement_world

pytestmark = pytest.mark.django_db

SV = ' lang="sv"'


def read(url: str, language: str) -> str:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def marked(html: str, text: str) -> bool:
    """Whether `text` follows an opening tag with lang="sv" with no closing tag in between (the
    text is inside the marked element, or inside elements within it)."""
    escaped = re.escape(text)
    return bool(re.search(rf"<[a-z0-9]+[^>]*{SV}[^>]*>(?:[^<]|<(?!/)[^>]*>)*?{escaped}", html))


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
