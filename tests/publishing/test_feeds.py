"""Atom feeds (RFC 4287): per body, per principal, recommendations and their outcomes, agreement
changes and any search; parsed with a feed parser, announced on the pages, stable entry ids,
and no draft or confidential item in any of them."""

from __future__ import annotations

import datetime
from typing import Any

import feedparser
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samverkan.agreements import services as agreement_services
from samverkan.meetings import services as meeting_services
from samverkan.meetings.models import AgendaItem, Meeting
from tests.support import Personas, agreement_world, meeting_world, referral_world

pytestmark = pytest.mark.django_db

SECRET = "Hemlig personalfråga"


def parse(url: str, client: Client | None = None) -> Any:
    response = (client or Client()).get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.bozo_exception
    assert feed.version == "atom10"
    return feed


def world(personas: Personas) -> Any:
    """The personas' meetings and recommendations, a decision in the held meeting's published
    minutes and a confidential one beside it, a notice sent, and a draft agreement."""
    meetings = meeting_world(personas)
    referral_world(personas)
    agreement_world(personas)
    held = meetings.held
    AgendaItem.objects.filter(meeting=held, title="Information").update(decision="Informationen noteras.", paragraph=5)
    AgendaItem.objects.create(
        meeting=held,
        position=9,
        title=SECRET,
        kind="decision",
        confidential=True,
        decision="Hemligt beslut.",
        paragraph=6,
    )
    Meeting.objects.filter(pk=meetings.planned.pk).update(notice_sent_at=timezone.now())
    agreement_services.agreement_create(
        actor=None, key="utkastavtal", title="Utkast till avtal om tolktjänst", body=personas.body, source="test"
    )
    return meetings


def test_the_body_feed_holds_meetings_notices_minutes_and_decisions(personas: Personas) -> None:
    meetings = world(personas)
    feed = parse(f"/organ/{personas.body.key}/flode.atom")
    titles = [e.title for e in feed.entries]
    assert feed.feed.title == "Testorganet: sammanträden, kallelser, protokoll och beslut"
    assert "§ 5 Information" in titles
    assert sum(t.startswith("Sammanträde ") for t in titles) == 2
    assert sum(t.startswith("Kallelse skickad till sammanträdet") for t in titles) == 1
    assert sum(t.startswith("Protokoll publicerat") for t in titles) == 1
    decision = next(e for e in feed.entries if e.title == "§ 5 Information")
    assert decision.summary == "Informationen noteras."
    assert decision.link == f"http://127.0.0.1:8000/moten/{meetings.held.pk}/protokoll/#p-5"
    assert decision.id.startswith("tag:127.0.0.1,2026:samverkan/decision/")
    text = Client().get(f"/organ/{personas.body.key}/flode.atom").content.decode()
    assert SECRET not in text and "Hemligt beslut" not in text
    # Stable ids: the same entries, the same ids, on every request.
    assert [e.id for e in parse(f"/organ/{personas.body.key}/flode.atom").entries] == [e.id for e in feed.entries]
    assert len({e.id for e in feed.entries}) == len(feed.entries)


def test_the_body_feed_writes_dates_and_states_as_the_pages_do(personas: Personas) -> None:
    """The entries are read as plain values and their dates written with the format looked up
    once (issue 19): the same words as Django's date_format and the meeting's own status label."""
    from django.utils import translation
    from django.utils.formats import date_format

    meetings = world(personas)
    Meeting.objects.filter(pk=meetings.held.pk).update(time_decided=False)
    planned, held = Meeting.objects.get(pk=meetings.planned.pk), Meeting.objects.get(pk=meetings.held.pk)
    titles = [e.title for e in parse(f"/organ/{personas.body.key}/flode.atom").entries]
    with translation.override("sv"):
        when_planned = date_format(timezone.localtime(planned.start), "DATETIME_FORMAT")
        when_held = date_format(timezone.localtime(held.start), "j F Y")
        assert f"Sammanträde {when_planned}: {planned.get_status_display()}" in titles
        assert f"Sammanträde {when_held}: {held.get_status_display()}" in titles
        assert f"Kallelse skickad till sammanträdet {when_planned}" in titles
        assert f"Protokoll publicerat: sammanträdet {when_held}" in titles


def test_the_principal_and_recommendation_feeds_hold_recommendations_and_answers(personas: Personas) -> None:
    world(personas)
    principal = parse(f"/huvudman/{personas.principal.key}/flode.atom")
    assert [e.title for e in principal.entries] == [  # the newest first
        "Testkommunen: bifall – Samverkansavtal om hjälpmedel",
        "Rekommendation från Testorganet: Samverkansavtal om hjälpmedel",
    ]
    other = parse(f"/huvudman/{personas.other_principal.key}/flode.atom")
    assert [e.title for e in other.entries] == ["Rekommendation från Testorganet: Samverkansavtal om hjälpmedel"]
    everything = parse("/rekommendationer/flode.atom")
    assert sorted(e.title for e in everything.entries) == sorted(
        [
            "Testkommunen: bifall – Samverkansavtal om hjälpmedel",
            "Rekommendation från Testorganet: Samverkansavtal om hjälpmedel",
        ]
    )
    for url in (f"/huvudman/{personas.principal.key}/flode.atom", "/rekommendationer/flode.atom"):
        assert "Utkast om ungdomsmottagningar" not in Client().get(url).content.decode()


def test_the_agreement_feed_holds_the_public_register_only(personas: Personas) -> None:
    world(personas)
    agreement = agreement_world(personas)
    agreement.refresh_from_db()
    agreement_services.agreement_extend(
        actor=None,
        agreement=agreement,
        version=agreement.version,
        until=datetime.date(2032, 12, 31),
        until_replaced=False,
        on=datetime.date(2026, 1, 15),
        source="test",
    )
    feed = parse("/avtal/flode.atom")
    titles = [e.title for e in feed.entries]
    assert titles == [
        "Samverkansavtal om ungdomsmottagningar: förlängt",
        "Samverkansavtal om ungdomsmottagningar: registrerat",
    ]
    assert not any("tolktjänst" in t for t in titles)


def test_a_search_feed(personas: Personas) -> None:
    world(personas)
    from samverkan.search.index import rebuild

    rebuild()
    feed = parse("/sok/flode.atom?q=hj%C3%A4lpmedel")
    assert feed.feed.title == "Sökning: hjälpmedel"
    assert any("Samverkansavtal om hjälpmedel" in e.title for e in feed.entries)
    assert parse("/sok/flode.atom?q=personalfr%C3%A5ga").entries == []
    missing = Client().get("/sok/flode.atom")
    assert missing.status_code == 400
    assert "Skriv vad du söker" in missing.content.decode()


def test_the_pages_announce_their_feeds(personas: Personas) -> None:
    world(personas)
    for page, feed in [
        (f"/organ/{personas.body.key}/", f"/organ/{personas.body.key}/flode.atom"),
        (f"/organ/{personas.body.key}/moten/", f"/organ/{personas.body.key}/flode.atom"),
        (f"/huvudman/{personas.principal.key}/", f"/huvudman/{personas.principal.key}/flode.atom"),
        ("/rekommendationer/", "/rekommendationer/flode.atom"),
        ("/avtal/", "/avtal/flode.atom"),
        ("/sok/?q=avtal", "/sok/flode.atom?q=avtal"),
    ]:
        html = Client().get(page).content.decode()
        assert '<link rel="alternate" type="application/atom+xml"' in html, page
        assert f'href="{feed}"' in html, page
        assert f'<a href="{feed}" type="application/atom+xml">' in html, page


def test_the_body_feed_costs_the_same_queries_when_the_data_doubles(personas: Personas) -> None:
    counter = iter(range(100))

    def grow() -> None:
        for _ in range(3):
            n = next(counter)
            meeting = meeting_services.meeting_plan(
                actor=None,
                body=personas.body,
                start=timezone.now() - datetime.timedelta(days=n + 1),
                room="Sal",
                with_procedural_items=False,
            )
            AgendaItem.objects.create(
                meeting=meeting, position=1, title=f"Beslut {n}", decision="Bifall.", paragraph=n + 1
            )
            Meeting.objects.filter(pk=meeting.pk).update(notice_sent_at=timezone.now())
            from samverkan.meetings.models import Minutes

            Minutes.objects.create(meeting=meeting, status=Minutes.Status.ADJUSTED, published_at=timezone.now())

    def measure() -> tuple[int, int]:
        client = Client()
        client.get(f"/organ/{personas.body.key}/flode.atom")
        with CaptureQueriesContext(connection) as ctx:
            feed = parse(f"/organ/{personas.body.key}/flode.atom", client)
        return len(ctx.captured_queries), len(feed.entries)

    grow()
    queries_n, size_n = measure()
    grow()
    queries_2n, size_2n = measure()
    assert size_2n > size_n
    assert queries_2n == queries_n <= 10


def test_the_body_feed_and_page_do_not_read_the_minutes_frozen_content(personas: Personas) -> None:
    """An entry and a meeting list name the minutes; reading back each frozen snapshot (the whole
    minutes as JSON) cost a third of the feed's time on the county's data (issue 19)."""
    world(personas)
    for url in (f"/organ/{personas.body.key}/flode.atom", f"/organ/{personas.body.key}/"):
        with CaptureQueriesContext(connection) as captured:
            assert Client().get(url).status_code == 200
        read = [q["sql"] for q in captured.captured_queries if "meetings_minutes" in q["sql"]]
        assert read, url  # the minutes are still asked for ...
        assert not [sql for sql in read if '"meetings_minutes"."content"' in sql], url  # ... not their content


def test_a_feed_goes_out_in_one_write(personas: Personas, settings: Any) -> None:
    """Django's Feed writes its XML into the response in small pieces, one per element; a WSGI
    server (gunicorn) sends each piece with a write of its own, and the page cache kept the
    pieces, so even a cached body feed cost 10 times the floor under gunicorn (issue 19). The
    response holds the XML in one piece, built or from the page cache."""
    world(personas)
    settings.PAGE_CACHE_SECONDS = 300
    for url in (
        f"/organ/{personas.body.key}/flode.atom",
        f"/huvudman/{personas.principal.key}/flode.atom",
        "/rekommendationer/flode.atom",
        "/avtal/flode.atom",
    ):
        built, cached = Client().get(url), Client().get(url)
        assert cached.get("X-Page-Cache") == "hit", url
        for response in (built, cached):
            pieces = list(response)
            assert len(pieces) == 1, url
            assert pieces[0] == built.content and feedparser.parse(pieces[0]).bozo == 0, url
