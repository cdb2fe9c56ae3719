"""The index and the query, on SQLite (FTS5 over Python-stemmed Swedish) and PostgreSQL
(to_tsvector('swedish')): stemming, phrases, filters, ranking, snippets, visibility."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from samverkan.meetings.models import Minutes
from samverkan.referrals.models import Recommendation
from samverkan.referrals.selectors import public_recommendations
from samverkan.search import text
from samverkan.search.kinds import RECOMMENDATION
from samverkan.search.models import SearchEntry
from samverkan.search.query import Filters, Search, search
from tests.search.conftest import D, World, titles

pytestmark = pytest.mark.django_db


# --- Stemming -------------------------------------------------------------------------------


def test_avtal_finds_avtalet_and_avtalen(world: World) -> None:
    found = set(titles("avtal"))
    # "avtalet" (the item's proposal, the paper, the recommendation's background),
    # "avtalen" (the attachment, the 2018 item)
    assert found == {
        "Ungdomsmottagning i västra Göteborg",
        "Avtalsförslag ungdomsmottagning",
        "Verksamhetsplan och budget 2019",
        "Samverkansavtal digitala hjälpmedel",
        "Förslag till samverkansavtal",
    }


def test_kommun_finds_kommunerna(world: World) -> None:
    # "kommunerna" (the item's proposal, the paper, the recommendation), "Kommunen" (the 2018 item),
    # "X kommun" (the recommendation's question)
    assert set(titles("kommun")) == {
        "Ungdomsmottagning i västra Göteborg",
        "Verksamhetsplan och budget 2019",
        "Samverkansavtal digitala hjälpmedel",
        "Förslag till samverkansavtal",
    }
    # The decision says "kommunerna" too, but its minutes are not published yet.
    assert titles("kommunerna", Filters(type="decision"), public_only=False) == ["§ 12 Vårdsamverkan i Västra Götaland"]


def test_the_stemmer_is_snowball_swedish() -> None:
    assert [text.stem(w) for w in ("avtal", "avtalet", "avtalen", "kommun", "kommunerna")] == [
        "avtal",
        "avtal",
        "avtal",
        "kommun",
        "kommun",
    ]
    assert text.stems("Ungdomsmottagningen, i Göteborg!") == "ungdomsmottagning i göteborg"


def test_every_word_must_be_found(world: World) -> None:
    assert titles("ungdomsmottagning parterna") == ["Avtalsförslag ungdomsmottagning"]
    assert titles("ungdomsmottagning or löneöversyn", Filters(type="item")) == ["Ungdomsmottagning i västra Göteborg"]
    assert "Avtalsförslag ungdomsmottagning" not in titles("ungdomsmottagning -parterna")


# --- Phrases --------------------------------------------------------------------------------


def test_phrase_search(world: World, django_capture_on_commit_callbacks: Any) -> None:
    from tests.search.conftest import recommendation

    with django_capture_on_commit_callbacks(execute=True):
        recommendation(
            world.sro,
            [world.goteborg],
            title="Digitala möten",
            question="Digitala verktyg och ett nytt samverkansavtal för möten.",
        )
    assert set(titles("samverkansavtal digitala")) == {"Samverkansavtal digitala hjälpmedel", "Digitala möten"}
    assert titles('"samverkansavtal digitala"') == ["Samverkansavtal digitala hjälpmedel"]
    # The phrase is stemmed too: "digital" and "digitala" share a stem.
    assert titles('"samverkansavtal digital hjälpmedel"') == ["Samverkansavtal digitala hjälpmedel"]
    assert titles('"digitala samverkansavtal"') == []


# --- Filters ----------------------------------------------------------------------------------


def test_filter_by_type(world: World) -> None:
    assert set(titles("avtal", Filters(type="paper"))) == {
        "Avtalsförslag ungdomsmottagning",
        "Förslag till samverkansavtal",
    }
    assert titles("avtal", Filters(type="recommendation")) == ["Samverkansavtal digitala hjälpmedel"]
    assert titles("samrådsorganet", Filters(type="body")) == ["Samrådsorganet"]


def test_filter_by_body(world: World) -> None:
    assert set(titles("avtal", Filters(body="vastkom-styrelse"))) == {"Verksamhetsplan och budget 2019"}
    assert "Verksamhetsplan och budget 2019" not in titles("avtal", Filters(body="sro"))


def test_filter_by_principal(world: World) -> None:
    # A recommendation and its paper are the recipients'; a body is its owners'.
    assert set(titles("avtal", Filters(principal="boras"))) == {
        "Samverkansavtal digitala hjälpmedel",
        "Förslag till samverkansavtal",
    }
    assert titles("samrådsorganet", Filters(principal="goteborg", type="body")) == ["Samrådsorganet"]
    assert titles("samrådsorganet", Filters(principal="boras", type="body")) == []


def test_filter_by_date_range(world: World) -> None:
    assert titles("avtal", Filters(date_to=D(2018, 12, 31))) == ["Verksamhetsplan och budget 2019"]
    assert titles("avtal", Filters(date_from=D(2018, 12, 17), date_to=D(2018, 12, 17))) == [
        "Verksamhetsplan och budget 2019"
    ]
    in_2022 = set(titles("avtal", Filters(date_from=D(2022, 1, 1), date_to=D(2022, 12, 31))))
    assert in_2022 == {"Ungdomsmottagning i västra Göteborg", "Avtalsförslag ungdomsmottagning"}


# --- Ranking ----------------------------------------------------------------------------------


def test_ranked_best_first(world: World) -> None:
    hits = search("ungdomsmottagning").hits
    assert {h.entry.title for h in hits} == {"Avtalsförslag ungdomsmottagning", "Ungdomsmottagning i västra Göteborg"}
    assert hits[0].score >= hits[1].score > 0


def test_title_before_text(world: World, django_capture_on_commit_callbacks: Any) -> None:
    from tests.meetings.factories import AgendaItemFactory

    with django_capture_on_commit_callbacks(execute=True):
        AgendaItemFactory(meeting=world.meeting, title="Övrigt", proposal="En mening om cykelbanor i staden.")
        AgendaItemFactory(meeting=world.meeting, title="Cykelbanor", proposal="Något annat.")
    assert titles("cykelbanor") == ["Cykelbanor", "Övrigt"]


# --- Snippets ---------------------------------------------------------------------------------


def test_snippets_mark_the_words_found_and_escape_the_rest(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    from tests.meetings.factories import AgendaItemFactory

    with django_capture_on_commit_callbacks(execute=True):
        AgendaItemFactory(
            meeting=world.meeting,
            title="Skyltning",
            proposal='Texten <script>alert("x")</script> & skyltarna om skyltningen.',
        )
    (hit,) = search("skyltar").hits
    snippet = str(hit.snippet)
    assert "<script>" not in snippet
    assert "&lt;script&gt;" in snippet
    assert "&amp;" in snippet
    assert "<mark>skyltarna</mark>" in snippet
    assert snippet == (
        "Texten &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <mark>skyltarna</mark> om skyltningen."
    )


def test_a_snippet_comes_from_the_text_around_the_match(world: World) -> None:
    (hit,) = search("återrapportera", public_only=False).hits
    assert "<mark>återrapportera</mark>" in str(hit.snippet)


def test_python_snippets() -> None:
    wanted = {text.stem("avtal")}
    long = " ".join(["ord"] * 50 + ["avtalen"] + ["ord"] * 50)
    snippet = str(text.snippet(long, wanted, size=10))
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert snippet.count("<mark>avtalen</mark>") == 1
    assert str(text.snippet("a < b, avtalet & c", wanted)) == "a &lt; b, <mark>avtalet</mark> &amp; c"
    assert text.clean("a\x00b\x1fc") == "a b c"


def test_a_query_cannot_inject_fts_syntax(world: World) -> None:
    for q in [
        "avtal*",
        "NEAR(avtal kommun)",
        "title:avtal",
        '"',
        "avtal AND",
        "(((",
        "^avtal",
        "-",
        '""',
        "a'b",
        "!&|",
    ]:
        search(q)  # no error
    assert titles("avtal*") == titles("avtal")
    assert Search("- ((( !").empty is True
    assert search("-avtal").count == 0  # nothing to look for


# --- Visibility -------------------------------------------------------------------------------


def test_a_confidential_item_and_its_paper_are_not_found_by_the_public(world: World) -> None:
    assert titles("hyresnivå") == []
    assert titles("förhandlingsunderlag") == []
    assert set(titles("förhandlingsunderlag hyresnivåer", public_only=False)) == {"Förhandlingsunderlag"}
    assert set(titles("hyresnivåer", public_only=False)) == {"Förhandling om hyresnivåer", "Förhandlingsunderlag"}


def test_drafts_and_non_public_recommendations_are_not_found(world: World) -> None:
    assert titles("parkeringsavgift") == []
    assert titles("parkering") == []
    assert titles("löneöversyn") == []
    assert set(titles("parkeringsavgift", public_only=False)) == {
        "Utkast om parkeringsavgifter",
        "Utkastets underlag om parkering",
    }


def test_the_index_applies_the_public_rule_of_the_recommendations(world: World) -> None:
    public = set(public_recommendations().values_list("pk", flat=True))
    indexed = set(SearchEntry.objects.filter(source=RECOMMENDATION, public=True).values_list("object_id", flat=True))
    assert indexed == public == {world.sent.pk}
    # ... also for a withdrawn one, which stays public.
    world.draft.status = Recommendation.Status.WITHDRAWN
    world.draft.save()
    from samverkan.search.index import reindex

    reindex(RECOMMENDATION, world.draft.pk)
    assert set(public_recommendations().values_list("pk", flat=True)) == set(
        SearchEntry.objects.filter(source=RECOMMENDATION, public=True).values_list("object_id", flat=True)
    )


def test_a_decision_is_found_once_its_minutes_are_published(world: World, publish: Callable[[Minutes], None]) -> None:
    assert titles("överenskommelse", Filters(type="decision")) == []
    assert titles("överenskommelse", Filters(type="decision"), public_only=False) == [
        "§ 12 Vårdsamverkan i Västra Götaland"
    ]
    publish(world.minutes)
    (hit,) = search("överenskommelse", Filters(type="decision")).hits
    assert hit.entry.title == "§ 12 Vårdsamverkan i Västra Götaland"
    assert hit.entry.url == f"/moten/{world.meeting.pk}/protokoll/#p-12"


def test_bodies_and_people_are_found(world: World, django_capture_on_commit_callbacks: Any) -> None:
    from tests.factories import MembershipFactory, PersonFactory

    with django_capture_on_commit_callbacks(execute=True):
        person = PersonFactory(key="ann-andersson", name="Ann Andersson", title="Kommunstyrelsens ordförande")
        MembershipFactory(body=world.sro, person=person, role="ordförande", principal=world.goteborg, party="S")
    (hit,) = search("andersson").hits
    assert (hit.entry.type, hit.entry.url) == ("person", "/personer/ann-andersson/")
    assert titles("samrådsorganet ordförande", Filters(type="person", principal="goteborg")) == ["Ann Andersson"]
    assert search("SRO", Filters(type="body")).hits[0].entry.url == "/organ/sro/"


def test_the_database_engine_is_the_one_configured() -> None:
    # The same tests run on both; this says which one ran.
    assert connection.vendor in {"sqlite", "postgresql"}


def test_the_notes_of_an_item_are_not_found_before_the_minutes_are_published(world: World) -> None:
    """Notes are the draft of the minutes: the public meeting page does not show them, and
    neither may the search."""
    from tests.meetings.factories import AgendaItemFactory

    AgendaItemFactory(meeting=world.meeting, title="Personalfrågor", notes="Utkast om zyxwvu.")
    assert titles("zyxwvu") == []
    assert titles("zyxwvu", public_only=False) == []


def test_an_entry_found_by_its_title_alone_shows_the_title_marked(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    from samverkan.search.query import Filters, search
    from tests.meetings.factories import AgendaItemFactory

    with django_capture_on_commit_callbacks(execute=True):
        AgendaItemFactory(meeting=world.meeting, title="Färdtjänst i länet", presenters="Anna Andersson")
    hit = next(
        h for h in search("färdtjänst", Filters(), public_only=True).hits if h.entry.title == "Färdtjänst i länet"
    )
    assert "<mark>Färdtjänst</mark>" in hit.snippet


def test_a_common_word_is_counted_up_to_the_limit_and_paged_without_gaps_or_repeats(
    world: World, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The work of a search is bounded: matches are counted up to COUNT_LIMIT (then `more`),
    and on PostgreSQL only the RANKED newest are ranked, the rest following newest first. Every
    match is still reachable page by page, once."""
    from samverkan.search import query
    from tests.meetings.factories import AgendaItemFactory, MeetingFactory, local

    monkeypatch.setattr(query, "COUNT_LIMIT", 12)
    monkeypatch.setattr(query, "RANKED", 6)
    sro = world.sro
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(10):
            meeting = MeetingFactory(body=sro, start=local(2020, 1 + n, 10, 9))
            AgendaItemFactory(meeting=meeting, title=f"Kollektivtrafik {n}", proposal="Om kollektivtrafiken i länet.")
    found = Search("kollektivtrafik")
    assert (found.count(), found.more) == (10, False)
    seen = [hit.entry.title for offset in range(0, 10, 4) for hit in found.page(offset, 4)]
    assert sorted(seen) == sorted(f"Kollektivtrafik {n}" for n in range(10))  # all, once each
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(10, 14):
            meeting = MeetingFactory(body=sro, start=local(2021, n - 9, 10, 9))
            AgendaItemFactory(meeting=meeting, title=f"Kollektivtrafik {n}", proposal="Om kollektivtrafiken.")
    found = Search("kollektivtrafik")
    assert (found.count(), found.more) == (12, True)
    if connection.vendor == "postgresql":
        # Beyond the ranked window the newest come first: the oldest match is last.
        last = found.page(13, 1)
        assert [hit.entry.title for hit in last] == ["Kollektivtrafik 0"]
