"""Every API error answers JSON with the status its OpenAPI document names, never an HTML page
and never a server error for a bad parameter (issue 11, point 5)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from samverkan.api.urls import api

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "where"),
    [
        ("/api/v1/decisions?year=10000", ["query", "year"]),
        ("/api/v1/decisions?year=99999", ["query", "year"]),
        ("/api/v1/decisions?year=-1", ["query", "year"]),
        ("/api/v1/decisions?year=12345678901234567890", ["query", "year"]),
        ("/api/v1/recommendations?deadline_year=10000", ["query", "deadline_year"]),
        ("/api/v1/agreements?offset=99999999999999999999", ["query", "offset"]),
        ("/api/v1/agreements?limit=99999999999999999999", ["query", "limit"]),
        ("/api/v1/meetings/9223372036854775808/minutes", ["path", "meeting_id"]),
        ("/api/v1/recommendations/0", ["path", "recommendation_id"]),
        ("/api/v1/bodies/a%00b", ["path", "key"]),
        ("/api/v1/search?q=a%00b", ["query", "q"]),
    ],
)
def test_a_parameter_out_of_bounds_is_a_json_422_naming_it(url: str, where: list[str]) -> None:
    response = Client(raise_request_exception=False).get(url)
    assert (response.status_code, response["Content-Type"].split(";")[0]) == (422, "application/json")
    assert [error["loc"] for error in response.json()["detail"]] == [where]


def test_an_address_under_the_api_that_does_not_exist_is_a_json_404() -> None:
    for url in ("/api/v1/finns-inte", "/api/v1/bodies/finns-inte/meetings/extra", "/api/"):
        response = Client().get(url)
        assert (response.status_code, response.json()) == (404, {"detail": "Not Found"}), url
    # Elsewhere the site's own page.
    response = Client().get("/finns-inte/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_a_failure_inside_the_api_is_a_json_500_not_an_html_page(monkeypatch: pytest.MonkeyPatch) -> None:
    from samverkan.structure import selectors

    def broken() -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(selectors, "principal_list", broken)
    response = Client(raise_request_exception=False).get("/api/v1/principals")
    assert (response.status_code, response.json()) == (500, {"detail": "Server Error"})


def test_every_parameter_is_bounded_in_the_openapi_document() -> None:
    """Integers have a minimum and a maximum, strings a maximum length (and keys their pattern)."""
    document = json.loads(json.dumps(api.get_openapi_schema()))
    unbounded = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                schema = parameter["schema"]
                variants = [v for v in schema.get("anyOf", [schema]) if v.get("type") != "null"]
                for variant in variants:
                    kind = variant.get("type")
                    bounded = (
                        {"minimum", "maximum"} <= set(variant)
                        if kind == "integer"
                        else "maxLength" in variant or "enum" in variant or variant.get("format") == "date"
                    )
                    if not bounded:
                        unbounded.append(f"{method.upper()} {path} {parameter['name']}: {variant}")
            assert set(operation["responses"]) >= {"200"}, path
    assert unbounded == []
