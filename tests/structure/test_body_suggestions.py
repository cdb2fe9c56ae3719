"""The suggestions of a body field (core.choosing, /organ/forslag.json): public, bounded, two
queries whatever the number of bodies, and text no one types refused with 400 and JSON."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from samverkan.structure.models import Body
from tests.factories import BodyFactory, PrincipalFactory
from tests.support import queries_for

pytestmark = pytest.mark.django_db

URL = "/organ/forslag.json"


def suggest(q: str | None = None, **extra: str) -> dict:
    response = Client().get(URL, {"q": q, **extra} if q is not None else extra)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_the_address_and_its_name() -> None:
    assert reverse("structure:body_suggestions") == URL


def test_the_bodies_whose_name_holds_the_text_best_first() -> None:
    west = PrincipalFactory(name="Västra Götalandsregionen", short_name="VGR")
    north = PrincipalFactory(name="Region Västerbotten", short_name="")
    BodyFactory(key="vgr-rs", name="Regionstyrelsen", owners=[west])
    BodyFactory(key="vb-rs", name="Regionstyrelsen", owners=[north])
    BodyFactory(key="au", name="Arbetsutskottet under regionstyrelsen", owners=[west])
    BodyFactory(key="sro", name="Samrådsorganet", short_name="SRO", owners=[west])
    assert suggest("regionstyrelsen") == {
        "results": [
            {"key": "vb-rs", "label": "Regionstyrelsen (Region Västerbotten)"},
            {"key": "vgr-rs", "label": "Regionstyrelsen (VGR)"},
            {"key": "au", "label": "Arbetsutskottet under regionstyrelsen"},
        ],
        "more": False,
    }
    assert suggest("SRO")["results"] == [{"key": "sro", "label": "Samrådsorganet"}]
    assert suggest("samråd")["results"] == [{"key": "sro", "label": "Samrådsorganet"}]
    assert suggest("Regionstyrelsen (VGR)")["results"][0] == {"key": "vgr-rs", "label": "Regionstyrelsen (VGR)"}
    assert suggest("finns inte") == {"results": [], "more": False}


def test_letters_outside_ascii_in_any_case() -> None:
    """SQLite ignores the case of ASCII letters only; a user typing "östergötland" or "ÖVRIGA"
    still finds "Region Östergötland" and "Övriga frågor" (on PostgreSQL this is the database's)."""
    BodyFactory(key="og", name="Samverkansnämnden Region Östergötland")
    BodyFactory(key="ov", name="Övriga samverkansgruppen")
    BodyFactory(key="la", name="Länsgruppen")
    assert [r["key"] for r in suggest("östergötland")["results"]] == ["og"]
    assert [r["key"] for r in suggest("region östergötland")["results"]] == ["og"]
    assert [r["key"] for r in suggest("övriga")["results"]] == ["ov"]
    assert [r["key"] for r in suggest("ÖVRIGA")["results"]] == ["ov"]
    assert [r["key"] for r in suggest("länsgruppen")["results"]] == ["la"]


def test_too_little_text_suggests_nothing() -> None:
    BodyFactory(name="Styrelsen")
    assert suggest("s") == {"results": [], "more": False}
    assert suggest("") == {"results": [], "more": False}
    assert suggest() == {"results": [], "more": False}


def test_the_suggestions_are_bounded_and_their_queries_do_not_grow() -> None:
    Body.objects.bulk_create(
        [Body(key=f"beredning-{n}", name=f"Beredning {n:04}", kind="political") for n in range(30)]
    )
    first, _sql, response = queries_for(Client(), URL, {"q": "beredning"})
    data = json.loads(response.content)
    assert len(data["results"]) == 10 and data["more"] is True
    assert data["results"][0]["label"] == "Beredning 0000"
    Body.objects.bulk_create(
        [Body(key=f"beredning-x{n}", name=f"Beredning x{n}", kind="political") for n in range(2000)]
    )
    again, _sql, _response = queries_for(Client(), URL, {"q": "beredning"})
    assert again == first <= 2


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 201},
        {"q": "styr\x00else"},
        {"q": "styr\x1belse"},
        {"q": ["styrelse", "utskott"]},
    ],
    ids=["overlong", "nul", "escape", "two"],
)
def test_text_no_one_types_is_refused_with_json(params: dict) -> None:
    response = Client().get(URL, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "error" in json.loads(response.content)


def test_bytes_that_are_no_text_are_no_error() -> None:
    for query in ("q=%ff%fe%fd", "q=%ED%A0%80", "q=%00", "q[]=x", "q=" + "%25" * 300):
        response = Client().get(f"{URL}?{query}")
        assert response.status_code in (200, 400), query
        assert response["Content-Type"] == "application/json"


def test_only_get() -> None:
    response = Client().post(URL, {"q": "styrelse"})
    assert response.status_code == 405
    assert json.loads(response.content) == {"error": "GET only"}


def test_hostile_text_is_only_text() -> None:
    BodyFactory(key="a", name="Styrelsen 100%_")
    BodyFactory(key="b", name="Styrelsen 1000")
    assert suggest("0%")["results"] == [{"key": "a", "label": "Styrelsen 100%_"}]  # not a wildcard
    assert suggest("_'; drop table x; --") == {"results": [], "more": False}
    assert suggest("<script>") == {"results": [], "more": False}


def test_the_principal_suggestions() -> None:
    PrincipalFactory(key="vgr", name="Västra Götalandsregionen", short_name="VGR")
    PrincipalFactory(key="boras", name="Borås Stad")
    response = Client().get("/huvudman/forslag.json", {"q": "vgr"})
    assert response.json() == {"results": [{"key": "vgr", "label": "Västra Götalandsregionen"}], "more": False}
    assert Client().get("/huvudman/forslag.json", {"q": "borås"}).json()["results"] == [
        {"key": "boras", "label": "Borås Stad"}
    ]
    assert Client().get("/huvudman/forslag.json", {"q": "\x00\x00"}).status_code == 400
