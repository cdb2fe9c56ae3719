"""The search page /sok/, the header's search field and the API /api/v1/search: what the public
and an administrator find, filters and pagination, and query counts that do not grow."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext

from tests.meetings.factories import AgendaItemFactory
from tests.search.conftest import World, attach
from tests.support import queries_for

pytestmark = pytest.mark.django_db

URL = "/sok/"


def page(client: Client, **params: Any) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def result_titles(html: str) -> list[str]:
    return re.findall(r'<li class="search-result">\s*<h3><a href="[^"]*">([^<]*)</a>', html)


def api(client: Client, **params: Any) -> dict:
    response = client.get("/api/v1/search", params)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def test_the_url_and_its_name() -> None:
    assert reverse("search:search") == URL


def test_an_empty_query_shows_the_form_only(world: World) -> None:
    html = page(Client())
    assert '<label for="id_q">' in html
    assert 'name="q"' in html and 'type="search"' in html
    assert "search-result" not in html and "results-heading" not in html


def test_the_header_has_a_search_field_with_a_label(world: World) -> None:
    html = Client().get("/om/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert '<form class="site-search" role="search" action="/sok/" method="get">' in html
    # A visible label (issue 12, point 7), not one only a screen reader hears.
    assert '<label for="site-search-q">Sök på webbplatsen</label>' in html
    assert '<input type="search" id="site-search-q" name="q" value="">' in html


def test_results_with_type_title_date_body_and_snippet(world: World) -> None:
    html = page(Client(), q="ungdomsmottagningen")
    assert re.search(r'<h2 id="results-heading">2 [^<]+</h2>', html)
    assert set(result_titles(html)) == {"Ungdomsmottagning i västra Göteborg", "Avtalsförslag ungdomsmottagning"}
    assert f'<a href="/moten/{world.meeting.pk}/">Ungdomsmottagning i västra Göteborg</a>' in html
    assert "28 april 2022 · Samrådsorganet" in html
    assert "<mark>ungdomsmottagningen</mark>" in html
    assert "<mark>Ungdomsmottagning</mark>" not in html  # the title is not in the snippet


def test_the_public_never_sees_confidential_papers_drafts_or_non_public_recommendations(
    world: World, login: Any, personas: Any
) -> None:
    for q in ("hyresnivåer", "förhandlingsunderlag", "parkeringsavgifter", "löneöversyn"):
        for persona in ("anonymous", "outsider", "member", "secretary", "registrar"):
            assert result_titles(page(login(persona), q=q)) == [], (q, persona)
        assert api(Client(), q=q) == {"count": 0, "more": False, "items": []}


def test_an_administrator_sees_everything_marked(world: World, admin_user: Any) -> None:
    client = Client()
    client.force_login(admin_user)
    html = page(client, q="hyresnivåer")
    assert set(result_titles(html)) == {"Förhandling om hyresnivåer", "Förhandlingsunderlag"}
    assert html.count(f'<span class="badge">{gettext("not public")}</span>') == 2
    # The API stays public for everyone.
    assert api(client, q="hyresnivåer")["count"] == 0


def test_filters_on_the_page(world: World) -> None:
    assert result_titles(page(Client(), q="avtal", type="recommendation")) == ["Samverkansavtal digitala hjälpmedel"]
    assert result_titles(page(Client(), q="avtal", body="vastkom-styrelse")) == ["Verksamhetsplan och budget 2019"]
    assert set(result_titles(page(Client(), q="avtal", principal="boras"))) == {
        "Samverkansavtal digitala hjälpmedel",
        "Förslag till samverkansavtal",
    }
    assert result_titles(page(Client(), q="avtal", **{"from": "2018-01-01", "to": "2018-12-31"})) == [
        "Verksamhetsplan och budget 2019"
    ]
    # An unknown body is a form error, not a crash.
    html = page(Client(), q="avtal", body="finns-inte")
    assert "search-result" not in html


def test_the_api(world: World) -> None:
    data = api(Client(), q='"samverkansavtal digitala"')
    assert data == {
        "count": 1,
        "more": False,
        "items": [
            {
                "type": "recommendation",
                "title": "Samverkansavtal digitala hjälpmedel",
                "url": f"http://127.0.0.1:8000/rekommendationer/{world.sent.pk}/",
                "date": data["items"][0]["date"],
                "body": "Samrådsorganet",
                "snippet": "X kommun ställer sig bakom <mark>samverkansavtal</mark> <mark>digitala</mark> hjälpmedel.\n\n"
                "Kommunerna och regionen har arbetat fram avtalet.",
            }
        ],
    }
    assert api(Client(), q="avtal", type="paper", body="sro", principal="goteborg")["count"] == 1
    assert api(Client(), q="avtal", **{"from": "2018-12-17", "to": "2018-12-17"})["items"][0]["title"] == (
        "Verksamhetsplan och budget 2019"
    )
    assert api(Client(), q="") == {"count": 0, "more": False, "items": []}
    assert Client().get("/api/v1/search", {"q": "avtal", "limit": 1000}).status_code == 422


@pytest.fixture
def many(world: World, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(23):
            AgendaItemFactory(
                meeting=world.old_meeting, title=f"Bredband etapp {n}", proposal="Utbyggnad av bredbandet."
            )


def test_pagination_on_the_page(many: None) -> None:
    first = page(Client(), q="bredband")
    assert len(result_titles(first)) == 20
    assert 'rel="next"' in first and 'rel="prev"' not in first
    assert "?q=bredband&amp;page=2" in first
    second = page(Client(), q="bredband", page=2)
    assert len(result_titles(second)) == 3
    assert '<ol class="search-results" start="21">' in second
    assert 'rel="prev"' in second and 'rel="next"' not in second
    assert set(result_titles(first)) | set(result_titles(second)) == {f"Bredband etapp {n}" for n in range(23)}
    # A page out of range shows the last one.
    assert result_titles(page(Client(), q="bredband", page=99)) == result_titles(second)


def test_pagination_in_the_api(many: None) -> None:
    first = api(Client(), q="bredband", limit=10)
    rest = api(Client(), q="bredband", limit=10, offset=10)
    last = api(Client(), q="bredband", limit=10, offset=20)
    assert (first["count"], len(first["items"]), len(rest["items"]), len(last["items"])) == (23, 10, 10, 3)
    titles = [i["title"] for i in first["items"] + rest["items"] + last["items"]]
    assert sorted(titles) == sorted(f"Bredband etapp {n}" for n in range(23))


# --- Query counts ---------------------------------------------------------------------------


def grow(world: World, capture: Any, start: int, count: int) -> None:
    with capture(execute=True):
        for n in range(start, start + count):
            item = AgendaItemFactory(meeting=world.meeting, title=f"Kollektivtrafik {n}", proposal="Busslinjer.")
            attach(item, f"Tidtabell {n}", "Kollektivtrafiken och busslinjerna.")


def queries(client: Client, url: str, params: dict) -> tuple[int, Any]:
    client.get(url, params)  # warm up
    count, _sql, response = queries_for(client, url, params)
    return count, response


@pytest.mark.parametrize(
    ("url", "params"),
    [
        (URL, {"q": "kollektivtrafik", "body": "sro"}),
        ("/api/v1/search", {"q": "kollektivtrafik", "body": "sro", "limit": 100}),
    ],
)
def test_the_query_count_does_not_grow_with_the_data(
    world: World, django_capture_on_commit_callbacks: Any, url: str, params: dict
) -> None:
    grow(world, django_capture_on_commit_callbacks, 0, 4)
    client = Client()
    before, first = queries(client, url, params)
    grow(world, django_capture_on_commit_callbacks, 4, 8)
    after, second = queries(client, url, params)
    assert second.content.count(b"Kollektivtrafik") > first.content.count(b"Kollektivtrafik") or url != URL
    assert after == before
    # the page: the body by its key, count, page, entries; the API: count, page, entries
    assert before == (4 if url == URL else 3)


# --- The body filter: a search field, not a list of every body ------------------------------


def body_input(html: str) -> str:
    match = re.search(r'<input[^>]* name="body"[^>]*>', html)
    assert match, "no body field"
    return match.group(0)


def test_the_body_filter_is_a_text_field_with_a_label_and_a_hint(world: World) -> None:
    html = page(Client())
    field = body_input(html)
    assert 'type="text"' in field and 'id="id_body"' in field
    assert 'aria-describedby="id_body_helptext"' in field
    assert 'data-suggest="/organ/forslag.json"' in field
    assert '<label for="id_body">Organ:</label>' in html
    assert '<small id="id_body_helptext" class="muted">Skriv en del av namnet, till exempel ”styrelse”.</small>' in html
    assert '<option value="sro">' not in html and '<select name="body"' not in html
    assert '<option value="boras">' not in html and 'data-suggest="/huvudman/forslag.json"' in html
    assert '<script src="/static/samverkan/choosing.js" defer></script>' in html


def test_a_key_in_the_address_still_filters_and_the_field_shows_the_name(world: World) -> None:
    html = page(Client(), q="avtal", body="vastkom-styrelse")
    assert result_titles(html) == ["Verksamhetsplan och budget 2019"]
    assert 'value="VästKoms styrelse"' in body_input(html)
    # The feed and the e-mail follow the body by its key.
    assert "?q=avtal&amp;body=vastkom-styrelse" in html or "q=avtal&amp;body=vastkom-styrelse" in html


def test_typing_a_part_of_a_name_filters_by_the_one_body_it_matches(world: World) -> None:
    html = page(Client(), q="avtal", body="västkom")
    assert result_titles(html) == ["Verksamhetsplan och budget 2019"]
    assert 'value="VästKoms styrelse"' in body_input(html)
    assert "body=vastkom-styrelse" in html  # the feed link names the key
    # A principal the same way, by a part of its name.
    typed = page(Client(), q="avtal", principal="borås")
    assert set(result_titles(typed)) == set(result_titles(page(Client(), q="avtal", principal="boras")))
    assert 'value="Borås Stad"' in typed and "principal=boras" in typed
    # The short name, whatever the case.
    assert "Verksamhetsplan och budget 2019" not in result_titles(page(Client(), q="avtal", body="sro"))
    assert result_titles(page(Client(), q="avtal", body="SRO")) == result_titles(page(Client(), q="avtal", body="sro"))


def test_a_name_several_bodies_share_offers_them_to_choose(world: World) -> None:
    """Each region has its "Regionstyrelsen": the page names their owners and links each one."""
    from tests.factories import BodyFactory, PrincipalFactory

    west = PrincipalFactory(name="Västra Götalandsregionen", short_name="VGR")
    north = PrincipalFactory(name="Region Västerbotten", short_name="")
    BodyFactory(key="vgr-rs", name="Regionstyrelsen", owners=[west])
    BodyFactory(key="vb-rs", name="Regionstyrelsen", owners=[north])
    BodyFactory(key="vgr-rs-au", name="Regionstyrelsens arbetsutskott", owners=[west])
    html = page(Client(), q="avtal", body="regionstyr")
    assert "search-result" not in html
    assert "3 träffar på ”regionstyr”: välj ett nedan." in html
    assert '<a href="?q=avtal&amp;body=vgr-rs">Regionstyrelsen (VGR)</a>' in html
    assert '<a href="?q=avtal&amp;body=vb-rs">Regionstyrelsen (Region Västerbotten)</a>' in html
    assert '<a href="?q=avtal&amp;body=vgr-rs-au">Regionstyrelsens arbetsutskott</a>' in html
    assert 'value="regionstyr"' in body_input(html)
    # The exact name is not enough when two bodies have it (they come first); the label with the owner is.
    exact = page(Client(), q="avtal", body="Regionstyrelsen")
    assert "3 träffar" in exact
    assert exact.index(">Regionstyrelsen (Region Västerbotten)<") < exact.index(">Regionstyrelsens arbetsutskott<")
    chosen = page(Client(), q="avtal", body="Regionstyrelsen (VGR)")
    assert "choices" not in chosen and 'value="Regionstyrelsen (VGR)"' in body_input(chosen)
    assert "body=vgr-rs" in chosen


def test_a_name_no_body_has_says_so(world: World) -> None:
    html = page(Client(), q="avtal", body="finns inte")
    assert "search-result" not in html
    assert "Inget organ har ”finns inte” i sitt namn." in html
    # Text no one types is an error on the form, never a crash.
    for text in ("styr\x00else", "x" * 201, "\x1b[31m"):
        assert "search-result" not in page(Client(), q="avtal", body=text, principal=text)
    # An unknown key is the same: no crash, no results.
    assert "search-result" not in page(Client(), q="avtal", body="finns-inte")


def test_many_matches_are_bounded(world: World) -> None:
    from tests.factories import BodyFactory

    for n in range(25):
        BodyFactory(key=f"beredning-{n:02}", name=f"Beredning {n:02}")
    html = page(Client(), q="avtal", body="beredning")
    assert "Fler än 20 träffar på ”beredning”" in html
    assert html.count('<a href="?q=avtal&amp;body=beredning-') == 20


def test_the_page_does_not_list_every_body(world: World) -> None:
    """A thousand bodies more: the page is no larger and makes no more queries."""
    from samverkan.structure.models import Body

    client = Client()
    params = {"q": "avtal", "body": "sro"}
    before, first = queries(client, URL, params)
    Body.objects.bulk_create([Body(key=f"organ-x{n}", name=f"Organ {n}", kind="political") for n in range(1000)])
    after, second = queries(client, URL, params)
    assert after == before
    assert len(second.content) == len(first.content)
    assert "Organ 999" not in second.content.decode()
    # A part of a name: the key, the matches (with the names they share), the rest as before.
    typed, _response = queries(client, URL, {"q": "avtal", "body": "organ 99"})
    assert typed <= before + 2
