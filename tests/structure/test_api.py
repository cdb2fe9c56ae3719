"""The JSON API: the OpenAPI document, and the exact shape and values of the structure data."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from samverkan.structure.models import Membership
from tests.factories import (
    BodyFactory,
    GroupingFactory,
    MandateFactory,
    MembershipFactory,
    PersonFactory,
    PrincipalFactory,
    TermFactory,
)
from tests.support import get_json

pytestmark = pytest.mark.django_db

D = datetime.date


def test_the_openapi_document_is_valid_json_with_every_path() -> None:
    document = get_json("/api/v1/openapi.json")
    assert document["openapi"] == "3.1.0"
    assert document["info"]["title"] == "Samverkan API"
    assert sorted(document["paths"]) == [
        "/api/v1/agreements",
        "/api/v1/agreements/{key}",
        "/api/v1/allocations/{key}",
        "/api/v1/bodies",
        "/api/v1/bodies/{key}",
        "/api/v1/bodies/{key}/meetings",
        "/api/v1/budgets/{key}",
        "/api/v1/decisions",
        "/api/v1/fees/{key}",
        "/api/v1/funds/{key}",
        "/api/v1/goal-reports",
        "/api/v1/goal-reports/{body}/{year}",
        "/api/v1/groupings",
        "/api/v1/meetings/{meeting_id}",
        "/api/v1/meetings/{meeting_id}/minutes",
        "/api/v1/money",
        "/api/v1/people/{key}",
        "/api/v1/principals",
        "/api/v1/principals/{key}",
        "/api/v1/principals/{key}/decisions",
        "/api/v1/principals/{key}/money",
        "/api/v1/projects",
        "/api/v1/projects/{key}",
        "/api/v1/projects/{key}/goals",
        "/api/v1/projects/{key}/indicators",
        "/api/v1/projects/{key}/surveys",
        "/api/v1/recommendations",
        "/api/v1/recommendations/{recommendation_id}",
        "/api/v1/search",
    ]
    # Read-only: every operation is a GET.
    assert {method for operations in document["paths"].values() for method in operations} == {"get"}
    member = document["components"]["schemas"]["MembershipOut"]["properties"]
    assert {"person", "person_name", "role", "party", "principal", "delegation"} <= set(member)


def test_the_docs_page_is_served() -> None:
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    assert b"/api/v1/openapi.json" in response.content


@pytest.fixture
def sro() -> dict:
    vgr = PrincipalFactory(key="vgr", name="Västra Götalandsregionen", short_name="VGR", kind="region")
    gr = PrincipalFactory(key="gr", name="Göteborgsregionens kommunalförbund", kind="municipal_association")
    term = TermFactory(key="2019-2022")
    parent = BodyFactory(key="vastkom-styrelse", name="VästKoms styrelse", owners=[gr])
    body = BodyFactory(
        key="sro",
        name="Samrådsorganet",
        short_name="SRO",
        owners=[gr, vgr],
        parent=parent,
        meeting_rhythm="En gång per kvartal",
    )
    MandateFactory(body=body, valid_from=D(2019, 1, 1), text="Första.", source="VP 2019")
    MandateFactory(body=body, valid_from=D(2022, 4, 28), text="Andra.")
    johnny = PersonFactory(key="johnny-magnusson", name="Johnny Magnusson")
    axel = PersonFactory(key="axel-josefsson", name="Axel Josefsson")
    MembershipFactory(
        body=body,
        person=johnny,
        role="ordförande",
        party="M",
        principal=vgr,
        delegation="VGR",
        term=term,
        start=None,
        title="ordf. Regionstyrelsen",
    )
    MembershipFactory(
        body=body, person=axel, role="vice ordförande", party="M", principal=gr, delegation="VGK", term=term, start=None
    )
    MembershipFactory(
        body=body,
        person=PersonFactory(key="ersattare", name="Eva Ersättare"),
        role="ersättare",
        party="S",
        principal=gr,
        delegation="VGK",
        start=D(2020, 1, 1),
        substitute_for=axel,
    )
    MembershipFactory(
        body=body,
        person=PersonFactory(key="tidigare", name="Tore Tidigare"),
        role="ledamot",
        party="C",
        start=D(2015, 1, 1),
        end=D(2018, 12, 31),
    )
    return {"body": body}


def membership(person: str, name: str, role: str, party: str, principal: str | None, **extra: object) -> dict:
    return {
        "person": person,
        "person_name": name,
        "role": role,
        "party": party,
        "principal": principal,
        "delegation": "",
        "title": "",
        "term": None,
        "start": None,
        "end": None,
        "substitute_for": None,
    } | extra


def test_body_detail_returns_the_body_with_its_members(sro: dict) -> None:
    assert get_json("/api/v1/bodies/sro") == {
        "key": "sro",
        "name": "Samrådsorganet",
        "short_name": "SRO",
        "kind": "political",
        "level": "regional",
        "owners": ["gr", "vgr"],
        "parent": "vastkom-styrelse",
        "reports_to": None,
        "meeting_rhythm": "En gång per kvartal",
        "mandates": [
            {"valid_from": "2022-04-28", "text": "Andra.", "source": ""},
            {"valid_from": "2019-01-01", "text": "Första.", "source": "VP 2019"},
        ],
        "members": [
            membership(
                "johnny-magnusson",
                "Johnny Magnusson",
                "ordförande",
                "M",
                "vgr",
                delegation="VGR",
                title="ordf. Regionstyrelsen",
                term="2019-2022",
            ),
            membership(
                "axel-josefsson", "Axel Josefsson", "vice ordförande", "M", "gr", delegation="VGK", term="2019-2022"
            ),
            membership(
                "ersattare",
                "Eva Ersättare",
                "ersättare",
                "S",
                "gr",
                delegation="VGK",
                start="2020-01-01",
                substitute_for="axel-josefsson",
            ),
        ],
        "past_members": [
            membership("tidigare", "Tore Tidigare", "ledamot", "C", None, start="2015-01-01", end="2018-12-31"),
        ],
    }


def test_body_list_and_principal_list(sro: dict) -> None:
    assert get_json("/api/v1/bodies") == [
        {"key": "sro", "name": "Samrådsorganet", "short_name": "SRO"},
        {"key": "vastkom-styrelse", "name": "VästKoms styrelse", "short_name": ""},
    ]
    assert get_json("/api/v1/principals") == [
        {"key": "gr", "name": "Göteborgsregionens kommunalförbund", "short_name": "", "kind": "municipal_association"},
        {"key": "vgr", "name": "Västra Götalandsregionen", "short_name": "VGR", "kind": "region"},
    ]


def test_principal_detail_has_populations_and_groupings() -> None:
    ale = PrincipalFactory(
        key="ale",
        name="Ale kommun",
        short_name="Ale",
        org_number="212000-1355",
        scb_code="1440",
        website="https://ale.se",
    )
    loaded = {
        year: ale.populations.create(
            year=year, reference_date=datetime.date(year, 12, 31), inhabitants=inhabitants, source="SCB"
        )
        .created_at.isoformat(timespec="milliseconds")  # as Django's JSON encoder writes it
        .replace("+00:00", "Z")
        for year, inhabitants in ((2019, 31_000), (2020, 31_400))
    }
    GroupingFactory(key="gr-kommuner", principals=[ale])
    assert get_json("/api/v1/principals/ale") == {
        "key": "ale",
        "name": "Ale kommun",
        "short_name": "Ale",
        "kind": "municipality",
        "org_number": "212000-1355",
        "website": "https://ale.se",
        "scb_code": "1440",
        "populations": [
            {
                "reference_date": "2020-12-31",
                "year": 2020,
                "inhabitants": 31400,
                "source": "SCB",
                "loaded_at": loaded[2020],
            },
            {
                "reference_date": "2019-12-31",
                "year": 2019,
                "inhabitants": 31000,
                "source": "SCB",
                "loaded_at": loaded[2019],
            },
        ],
        "groupings": ["gr-kommuner"],
    }


def test_grouping_list() -> None:
    owner = PrincipalFactory(key="gr")
    GroupingFactory(
        key="gr-kommuner",
        name="GR:s kommuner",
        description="Tolv.",
        owner=owner,
        principals=[PrincipalFactory(key="lerum"), PrincipalFactory(key="ale")],
    )
    assert get_json("/api/v1/groupings") == [
        {
            "key": "gr-kommuner",
            "name": "GR:s kommuner",
            "description": "Tolv.",
            "owner": "gr",
            "principals": ["ale", "lerum"],
        }
    ]


def test_person_detail_lists_memberships_in_every_body(sro: dict) -> None:
    other = BodyFactory(key="bhu", name="BHU")
    MembershipFactory(
        body=other, person=sro["body"].memberships.get(role="ordförande").person, role="ledamot", start=None
    )
    data = get_json("/api/v1/people/johnny-magnusson")
    assert (data["key"], data["name"], data["title"]) == ("johnny-magnusson", "Johnny Magnusson", "")
    assert [(m["body"], m["role"], m["party"], m["principal"]) for m in data["memberships"]] == [
        ("bhu", "ledamot", "", None),
        ("sro", "ordförande", "M", "vgr"),
    ]


@pytest.mark.parametrize(
    "url", ["/api/v1/bodies/finns-inte", "/api/v1/principals/finns-inte", "/api/v1/people/finns-inte"]
)
def test_an_unknown_key_is_404(url: str) -> None:
    assert get_json(url, status=404) == {"detail": "Not Found"}


def test_the_api_is_read_only(sro: dict) -> None:
    client = Client()
    assert client.post("/api/v1/bodies", {}, content_type="application/json").status_code == 405
    assert client.delete("/api/v1/bodies/sro").status_code == 405
    assert Membership.objects.filter(body=sro["body"]).count() == 4
