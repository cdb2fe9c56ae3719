"""The recommendations API (/api/v1/recommendations, /api/v1/principals/{key}/decisions): exactly
what is public, field by field. Only `public_recommendations()` is ever shown: a draft and a
recommendation not marked public never appear in a list and their ids answer 404. Outcomes follow
the adoption rule; every endpoint reads in a number of queries that does not grow with the data."""

from __future__ import annotations

import datetime
import itertools
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from samverkan.referrals import services
from samverkan.referrals.models import Recipient, Recommendation, Response
from samverkan.structure.models import Population, Principal
from tests import support
from tests.factories import BodyFactory, UserFactory
from tests.meetings.factories import frozen_at, local
from tests.referrals.factories import principals_with_registrars, sent_recommendation
from tests.support import pdf_bytes, queries_for

pytestmark = pytest.mark.django_db

D = datetime.date
NOT_FOUND = {"detail": "Not Found"}
SITE = settings.SITE_URL


def english() -> Client:
    """A client that chose English (the outcome's label is translated)."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def get_json(url: str, status: int = 200) -> Any:
    return support.get_json(url, status, client=english())


def utc(moment: datetime.datetime) -> str:
    """How the API writes a moment: ISO 8601 in UTC."""
    return moment.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def recipient(rec: Recommendation, principal: Principal) -> Recipient:
    return Recipient.objects.get(recommendation=rec, principal=principal)


def answer(rec: Recommendation, principal: Principal, value: str, at: datetime.datetime, **fields: Any) -> Response:
    fields.setdefault("via", Response.Via.LINK)
    with frozen_at(at):
        return services.response_record(
            actor=None, recipient=recipient(rec, principal), answer=value, source="test", **fields
        ).response


@dataclass
class World:
    a: Principal  # 10 000 inhabitants in 2025
    b: Principal  # 20 000
    c: Principal  # 30 000
    adopted: Recommendation  # all approve (one by demo, one late with an extract, one changed its answer)
    share: Recommendation  # population rule, 50 %: 20 000 of 60 000 approve, 30 000 pending
    consultation: Recommendation  # a written answer from a, b has not answered
    withdrawn: Recommendation  # another body's, deadline in 2026, withdrawn
    draft: Recommendation  # never sent
    hidden: Recommendation  # sent, not public
    extract: Response  # c's answer to `adopted`
    late_answer_at: datetime.datetime


@pytest.fixture
def world() -> World:
    body = BodyFactory(key="styrelsen", name="Styrelsen")
    other_body = BodyFactory(key="beredningen", name="Beredningen")
    with frozen_at(local(2025, 3, 3, 9)):
        a, b, c = sorted(principals_with_registrars(3, year=2025), key=lambda p: p.name)
        Population.objects.filter(principal=b).update(inhabitants=20_000)
        Population.objects.filter(principal=c).update(inhabitants=30_000)
        adopted = sent_recommendation(
            body=body,
            principals=[a, b, c],
            title="Samverkansavtal digitala hjälpmedel",
            question="X kommun ställer sig bakom samverkansavtalet.",
            condition="Under förutsättning att regeringen beslutar om medel.",
            deadline=D(2025, 4, 30),
        )
        share = sent_recommendation(
            body=body,
            principals=[a, b, c],
            title="Gemensam nämnd",
            question="X kommun inträder i den gemensamma nämnden.",
            rule=Recommendation.Rule.POPULATION_SHARE,
            rule_share=50,
            deadline=D(2025, 5, 15),
        )
        consultation = sent_recommendation(
            body=body,
            principals=[a, b],
            title="Remiss: regional utvecklingsstrategi",
            question="Lämna synpunkter på strategin.",
            kind=Recommendation.Kind.CONSULTATION,
            deadline=D(2025, 5, 31),
        )
        withdrawn = sent_recommendation(
            body=other_body,
            principals=[a, c],
            title="Avgift för tolktjänst",
            question="X kommun godkänner avgiften.",
            rule=Recommendation.Rule.AT_LEAST,
            rule_count=1,
            deadline=D(2026, 1, 31),
        )
        services.recommendation_withdraw(actor=None, recommendation=withdrawn, source="test")
        withdrawn.refresh_from_db()
        draft = services.recommendation_create(
            actor=None,
            body=body,
            principals=[a],
            title="Utkast om färdtjänst",
            question="X kommun ställer sig bakom.",
            deadline=D(2025, 6, 30),
            source="test",
        )
        hidden = sent_recommendation(
            body=body, principals=[a], title="Intern rekommendation", public=False, deadline=D(2025, 6, 15)
        )

    answer(adopted, a, "approved", local(2025, 3, 10, 10), via=Response.Via.DEMO)
    answer(adopted, b, "rejected", local(2025, 3, 11, 14), decided_on=D(2025, 3, 11), decided_by="executive")
    answer(
        adopted,
        b,
        "approved_with_condition",
        local(2025, 4, 2, 15, 30),
        condition="Om finansieringen är klar.",
        decided_on=D(2025, 4, 1),
        decided_by="council",
        decided_by_name="Kommunfullmäktige",
        paragraph="§ 45",
    )
    late_at = local(2025, 5, 5, 8, 15)
    extract = answer(
        adopted,
        c,
        "approved",
        late_at,
        decided_on=D(2025, 5, 4),
        decided_by="committee",
        paragraph="§ 7",
        extract=SimpleUploadedFile("protokollsutdrag.pdf", pdf_bytes(), content_type="application/pdf"),
    )
    answer(share, a, "rejected", local(2025, 4, 1, 9))
    answer(share, b, "approved", local(2025, 4, 2, 9))
    answer(consultation, a, "written", local(2025, 5, 2, 9), text="Vi tillstyrker med tillägg.")
    answer(hidden, a, "approved", local(2025, 5, 2, 9))
    return World(
        a=a,
        b=b,
        c=c,
        adopted=adopted,
        share=share,
        consultation=consultation,
        withdrawn=withdrawn,
        draft=draft,
        hidden=hidden,
        extract=extract,
        late_answer_at=late_at,
    )


def body_of(rec: Recommendation) -> dict[str, str]:
    return {"key": rec.body.key, "name": rec.body.name}


def item(rec: Recommendation) -> dict[str, Any]:
    """The fields of a list item that come straight from the recommendation."""
    return {
        "id": rec.pk,
        "title": rec.title,
        "body": body_of(rec),
        "kind": rec.kind,
        "rule": rec.rule,
        "rule_count": rec.rule_count,
        "rule_share": rec.rule_share,
        "population_year": rec.population_year,
        "question": rec.question,
        "condition": rec.condition,
        "deadline": rec.deadline.isoformat(),
        "status": rec.status,
        "sent_at": utc(local(2025, 3, 3, 9)),
        "url": f"{SITE}/rekommendationer/{rec.pk}/",
    }


def outcome(status: str, label: str, total: int, approved: int = 0, rejected: int = 0, written: int = 0, **extra: Any):
    return {
        "status": status,
        "label": label,
        "total": total,
        "approved": approved,
        "rejected": rejected,
        "written": written,
        "pending": total - approved - rejected - written,
        "approved_population": extra.get("approved_population"),
        "total_population": extra.get("total_population"),
    }


def expected_outcomes(world: World) -> dict[int, dict[str, Any]]:
    return {
        world.withdrawn.pk: outcome("pending", "Pending", 2),
        world.consultation.pk: outcome("pending", "Pending", 2, written=1),
        world.share.pk: outcome(
            "pending", "Pending", 3, approved=1, rejected=1, approved_population=20_000, total_population=60_000
        ),
        world.adopted.pk: outcome("adopted", "Adopted", 3, approved=3),
    }


# --- The list ------------------------------------------------------------------------------


def test_the_list_shows_the_public_recommendations_with_their_outcomes(world: World) -> None:
    page = get_json("/api/v1/recommendations")
    outcomes = expected_outcomes(world)
    newest_first = [world.withdrawn, world.consultation, world.share, world.adopted]
    assert page == {"count": 4, "items": [item(rec) | {"outcome": outcomes[rec.pk]} for rec in newest_first]}
    assert [i["population_year"] for i in page["items"]] == [None, None, 2025, None]
    assert page["items"][0]["rule"] == "at_least" and page["items"][0]["rule_count"] == 1
    assert page["items"][2]["rule_share"] == 50
    assert page["items"][3]["condition"] == "Under förutsättning att regeringen beslutar om medel."


def test_the_list_is_paginated(world: World) -> None:
    page = get_json("/api/v1/recommendations?limit=2&offset=1")
    assert page["count"] == 4
    assert [i["id"] for i in page["items"]] == [world.consultation.pk, world.share.pk]
    assert get_json("/api/v1/recommendations?limit=2&offset=4") == {"count": 4, "items": []}
    get_json("/api/v1/recommendations?limit=0", status=422)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("body=styrelsen", ["consultation", "share", "adopted"]),
        ("body=beredningen", ["withdrawn"]),
        ("body=okant-organ", []),
        ("status=sent", ["consultation", "share", "adopted"]),
        ("status=withdrawn", ["withdrawn"]),
        ("kind=consultation", ["consultation"]),
        ("kind=decision", ["withdrawn", "share", "adopted"]),
        ("deadline_year=2025", ["consultation", "share", "adopted"]),
        ("deadline_year=2026", ["withdrawn"]),
        ("deadline_year=2024", []),
        ("body=styrelsen&kind=decision&deadline_year=2025", ["share", "adopted"]),
    ],
)
def test_the_list_filters(world: World, query: str, expected: list[str]) -> None:
    page = get_json(f"/api/v1/recommendations?{query}")
    assert [i["id"] for i in page["items"]] == [getattr(world, name).pk for name in expected]
    assert page["count"] == len(expected)


@pytest.mark.parametrize("query", ["status=draft", "kind=survey", "deadline_year=tjugo"])
def test_an_unknown_filter_value_is_refused(world: World, query: str) -> None:
    get_json(f"/api/v1/recommendations?{query}", status=422)


def test_drafts_and_non_public_recommendations_never_appear_in_the_list(world: World) -> None:
    secret = {world.draft.pk, world.hidden.pk}
    queries = ["", "body=styrelsen", "status=sent", "kind=decision", "deadline_year=2025", "limit=500"]
    for query in queries:
        ids = {i["id"] for i in get_json(f"/api/v1/recommendations?{query}")["items"]}
        assert ids and not ids & secret, query
    titles = str(get_json("/api/v1/recommendations"))
    assert "Utkast om färdtjänst" not in titles and "Intern rekommendation" not in titles


# --- The detail ----------------------------------------------------------------------------


def test_the_detail_shows_every_recipients_answer_and_history(world: World) -> None:
    a, b, c, rec = world.a, world.b, world.c, world.adopted
    data = get_json(f"/api/v1/recommendations/{rec.pk}")
    no_history: list[dict[str, Any]] = []
    assert data == item(rec) | {
        "outcome": outcome("adopted", "Adopted", 3, approved=3),
        "background": "",
        "recipients": [
            {
                "principal": {"key": a.key, "name": a.name, "kind": "municipality"},
                "answer": "approved",
                "condition": "",
                "text": "",
                "decided_on": None,
                "decided_by": "",
                "decided_by_name": "",
                "paragraph": "",
                "answered_at": utc(local(2025, 3, 10, 10)),
                "late": False,
                "demo": True,
                "extract_url": None,
                "history": no_history,
            },
            {
                "principal": {"key": b.key, "name": b.name, "kind": "municipality"},
                "answer": "approved_with_condition",
                "condition": "Om finansieringen är klar.",
                "text": "",
                "decided_on": "2025-04-01",
                "decided_by": "council",
                "decided_by_name": "Kommunfullmäktige",
                "paragraph": "§ 45",
                "answered_at": utc(local(2025, 4, 2, 15, 30)),
                "late": False,
                "demo": False,
                "extract_url": None,
                "history": [
                    {"answer": "rejected", "condition": "", "answered_at": utc(local(2025, 3, 11, 14)), "late": False}
                ],
            },
            {
                "principal": {"key": c.key, "name": c.name, "kind": "municipality"},
                "answer": "approved",
                "condition": "",
                "text": "",
                "decided_on": "2025-05-04",
                "decided_by": "committee",
                "decided_by_name": "",
                "paragraph": "§ 7",
                "answered_at": utc(world.late_answer_at),
                "late": True,
                "demo": False,
                "extract_url": f"{SITE}/rekommendationer/{rec.pk}/utdrag/{world.extract.pk}/",
                "history": no_history,
            },
        ],
    }


def test_the_extract_url_serves_the_uploaded_extract(world: World) -> None:
    data = get_json(f"/api/v1/recommendations/{world.adopted.pk}")
    urls = [r["extract_url"] for r in data["recipients"]]
    assert urls[:2] == [None, None]
    response = Client().get(urls[2].removeprefix(SITE))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_the_detail_of_a_population_rule_and_of_a_consultation(world: World) -> None:
    share = get_json(f"/api/v1/recommendations/{world.share.pk}")
    assert share["outcome"] == outcome(
        "pending", "Pending", 3, approved=1, rejected=1, approved_population=20_000, total_population=60_000
    )
    assert [(r["principal"]["key"], r["answer"], r["answered_at"]) for r in share["recipients"]] == [
        (world.a.key, "rejected", utc(local(2025, 4, 1, 9))),
        (world.b.key, "approved", utc(local(2025, 4, 2, 9))),
        (world.c.key, None, None),
    ]
    unanswered = share["recipients"][2]
    assert unanswered == {
        "principal": {"key": world.c.key, "name": world.c.name, "kind": "municipality"},
        "answer": None,
        "condition": "",
        "text": "",
        "decided_on": None,
        "decided_by": "",
        "decided_by_name": "",
        "paragraph": "",
        "answered_at": None,
        "late": False,
        "demo": False,
        "extract_url": None,
        "history": [],
    }
    consultation = get_json(f"/api/v1/recommendations/{world.consultation.pk}")
    assert consultation["kind"] == "consultation"
    assert consultation["outcome"] == outcome("pending", "Pending", 2, written=1)
    assert [(r["answer"], r["text"]) for r in consultation["recipients"]] == [
        ("written", "Vi tillstyrker med tillägg."),
        (None, ""),
    ]


def test_once_the_population_rule_is_met_the_outcome_is_adopted(world: World) -> None:
    answer(world.share, world.c, "approved", local(2025, 4, 3, 9))
    assert get_json(f"/api/v1/recommendations/{world.share.pk}")["outcome"] == outcome(
        "adopted", "Adopted", 3, approved=2, rejected=1, approved_population=50_000, total_population=60_000
    )


def test_the_outcome_label_is_in_the_visitors_language(world: World) -> None:
    response = Client().get(f"/api/v1/recommendations/{world.adopted.pk}")  # Swedish, the default
    with translation.override("sv"):
        assert response.json()["outcome"]["label"] == translation.pgettext("recommendation outcome", "Adopted")


def test_a_withdrawn_recommendation_is_still_shown(world: World) -> None:
    data = get_json(f"/api/v1/recommendations/{world.withdrawn.pk}")
    assert (data["status"], data["body"]) == ("withdrawn", {"key": "beredningen", "name": "Beredningen"})
    assert [r["principal"]["key"] for r in data["recipients"]] == [world.a.key, world.c.key]


def test_a_draft_a_non_public_and_an_unknown_recommendation_answer_404(world: World) -> None:
    for pk in (world.draft.pk, world.hidden.pk, 999_999):
        assert get_json(f"/api/v1/recommendations/{pk}", status=404) == NOT_FOUND


def test_a_logged_in_administrator_sees_no_more_than_the_public(world: World) -> None:
    client = english()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(f"/api/v1/recommendations/{world.draft.pk}").status_code == 404
    assert client.get(f"/api/v1/recommendations/{world.hidden.pk}").status_code == 404
    assert client.get("/api/v1/recommendations").json()["count"] == 4


# --- A principal's decisions ---------------------------------------------------------------


def test_a_principals_decisions_on_the_public_recommendations(world: World) -> None:
    outcomes = expected_outcomes(world)

    def ref(rec: Recommendation) -> dict[str, Any]:
        return {
            "id": rec.pk,
            "title": rec.title,
            "body": body_of(rec),
            "kind": rec.kind,
            "deadline": rec.deadline.isoformat(),
            "status": rec.status,
            "url": f"{SITE}/rekommendationer/{rec.pk}/",
            "outcome": outcomes[rec.pk],
        }

    unanswered = {
        "answer": None,
        "condition": "",
        "text": "",
        "decided_on": None,
        "decided_by": "",
        "decided_by_name": "",
        "paragraph": "",
        "answered_at": None,
        "late": False,
        "demo": False,
        "extract_url": None,
    }
    data = get_json(f"/api/v1/principals/{world.a.key}/decisions")
    assert data == [
        {"recommendation": ref(world.withdrawn)} | unanswered,
        {"recommendation": ref(world.consultation)}
        | unanswered
        | {"answer": "written", "text": "Vi tillstyrker med tillägg.", "answered_at": utc(local(2025, 5, 2, 9))},
        {"recommendation": ref(world.share)}
        | unanswered
        | {"answer": "rejected", "answered_at": utc(local(2025, 4, 1, 9))},
        {"recommendation": ref(world.adopted)}
        | unanswered
        | {"answer": "approved", "answered_at": utc(local(2025, 3, 10, 10)), "demo": True},
    ]
    c_data = get_json(f"/api/v1/principals/{world.c.key}/decisions")
    assert [d["recommendation"]["id"] for d in c_data] == [world.withdrawn.pk, world.share.pk, world.adopted.pk]
    assert c_data[2]["late"] is True
    assert c_data[2]["demo"] is False
    assert c_data[2]["extract_url"] == f"{SITE}/rekommendationer/{world.adopted.pk}/utdrag/{world.extract.pk}/"


def test_a_principals_decisions_never_include_drafts_or_non_public_ones(world: World) -> None:
    ids = {d["recommendation"]["id"] for d in get_json(f"/api/v1/principals/{world.a.key}/decisions")}
    assert ids == {world.adopted.pk, world.share.pk, world.consultation.pk, world.withdrawn.pk}
    assert world.draft.pk not in ids and world.hidden.pk not in ids


def test_an_unknown_principal_answers_404(world: World) -> None:
    assert get_json("/api/v1/principals/ingen-sadan/decisions", status=404) == NOT_FOUND


# --- The sitemap and the OpenAPI document ---------------------------------------------------


def test_the_sitemap_lists_the_public_recommendations_only(world: World) -> None:
    content = Client().get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>http://testserver(.*?)</loc>", content)
    for rec in (world.adopted, world.share, world.consultation, world.withdrawn):
        assert f"/rekommendationer/{rec.pk}/" in locations
    assert f"/rekommendationer/{world.draft.pk}/" not in locations
    assert f"/rekommendationer/{world.hidden.pk}/" not in locations
    assert "/rekommendationer/" in locations
    assert "/rekommendationer/tavla/" in locations


def test_the_openapi_document_has_the_recommendation_endpoints() -> None:
    paths = get_json("/api/v1/openapi.json")["paths"]
    for path in [
        "/api/v1/recommendations",
        "/api/v1/recommendations/{recommendation_id}",
        "/api/v1/principals/{key}/decisions",
        "/api/v1/projects",
        "/api/v1/projects/{key}",
    ]:
        assert set(paths[path]) == {"get"}
    parameters = {p["name"] for p in paths["/api/v1/recommendations"]["get"]["parameters"]}
    assert parameters == {"body", "status", "kind", "deadline_year", "limit", "offset"}


def test_the_new_schemas_do_not_replace_the_structure_schemas_of_the_same_kind() -> None:
    """OpenAPI components are keyed by class name: a second `BodyRef` would silently replace the
    first in the document."""
    schemas = get_json("/api/v1/openapi.json")["components"]["schemas"]
    assert list(schemas["BodyRef"]["properties"]) == ["key", "name", "short_name"]
    assert list(schemas["PrincipalRef"]["properties"]) == ["key", "name", "short_name", "kind"]
    assert list(schemas["BodyBrief"]["properties"]) == ["key", "name"]
    assert list(schemas["PrincipalBrief"]["properties"]) == ["key", "name", "kind"]


# --- Query counts --------------------------------------------------------------------------

_numbers = itertools.count(1)


def api_queries(url: str) -> tuple[int, list[str], Any]:
    """The queries of a read of the API after a first one (which fills caches), and its JSON."""
    client = english()
    client.get(url)  # warm caches so they do not count
    count, sql, response = queries_for(client, url)
    return count, sql, response.json()


def answered_recommendation(principals: list[Principal], **fields: Any) -> Recommendation:
    """A sent recommendation every principal has answered twice (a history) and with an extract."""
    number = next(_numbers)
    with frozen_at(local(2025, 3, 3, 9)):
        rec = sent_recommendation(principals=principals, title=f"Rekommendation {number}", **fields)
    consultation = rec.kind == Recommendation.Kind.CONSULTATION
    for principal in principals:
        first, last = ("written", "written") if consultation else ("rejected", "approved")
        answer(rec, principal, first, local(2025, 3, 5, 9), text="Ett första svar.")
        answer(
            rec,
            principal,
            last,
            local(2025, 3, 6, 9),
            text="Ett ändrat svar.",
            extract=SimpleUploadedFile("utdrag.pdf", pdf_bytes(), content_type="application/pdf"),
        )
    return rec


def grow(n: int, principals: list[Principal]) -> None:
    """n public recommendations of each rule (and a draft and a non-public one each time)."""
    for _ in range(n):
        answered_recommendation(principals, deadline=D(2025, 4, 30))
        answered_recommendation(
            principals, rule=Recommendation.Rule.POPULATION_SHARE, rule_share=50, deadline=D(2025, 4, 30)
        )
        answered_recommendation(principals, kind=Recommendation.Kind.CONSULTATION, deadline=D(2025, 4, 30))
        answered_recommendation(principals, public=False, deadline=D(2025, 4, 30))
        with frozen_at(local(2025, 3, 3, 9)):
            services.recommendation_create(
                actor=None,
                body=BodyFactory(),
                principals=principals,
                title="Utkast",
                question="?",
                deadline=D(2025, 4, 30),
                source="test",
            )


def test_the_list_and_a_principals_decisions_read_in_constant_queries() -> None:
    with frozen_at(local(2025, 3, 3, 9)):
        principals = principals_with_registrars(3, year=2025)
    for url in ["/api/v1/recommendations", f"/api/v1/principals/{principals[0].key}/decisions"]:
        Recommendation.objects.all().delete()
        grow(2, principals)
        count_n, sql_n, data_n = api_queries(url)
        grow(2, principals)
        count_2n, sql_2n, data_2n = api_queries(url)
        size_n = len(data_n["items"] if isinstance(data_n, dict) else data_n)
        size_2n = len(data_2n["items"] if isinstance(data_2n, dict) else data_2n)
        assert (size_n, size_2n) == (6, 12), url
        assert count_2n == count_n, "\n".join([url, "N:", *sql_n, "2N:", *sql_2n])


def test_the_detail_reads_in_constant_queries() -> None:
    with frozen_at(local(2025, 3, 3, 9)):
        principals = principals_with_registrars(8, year=2025)
    for fields in [{}, {"rule": Recommendation.Rule.POPULATION_SHARE, "rule_share": 50}]:
        few = answered_recommendation(principals[:4], deadline=D(2025, 4, 30), **fields)
        many = answered_recommendation(principals, deadline=D(2025, 4, 30), **fields)
        count_n, sql_n, data_n = api_queries(f"/api/v1/recommendations/{few.pk}")
        count_2n, sql_2n, data_2n = api_queries(f"/api/v1/recommendations/{many.pk}")
        assert (len(data_n["recipients"]), len(data_2n["recipients"])) == (4, 8)
        assert all(len(r["history"]) == 1 and r["extract_url"] for r in data_2n["recipients"])
        assert count_2n == count_n, "\n".join(["N:", *sql_n, "2N:", *sql_2n])


@pytest.mark.parametrize("url", ["/api/v1/recommendations", "/api/v1/search?q=avtal"])
def test_an_absurd_offset_is_refused_not_a_server_error(db: None, url: str) -> None:
    from django.test import Client

    sep = "&" if "?" in url else "?"
    assert Client().get(f"{url}{sep}offset=100000000000000000000").status_code == 422
