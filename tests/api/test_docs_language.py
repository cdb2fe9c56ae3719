"""The API's documentation in Swedish first (issue 12, point 7): the OpenAPI document (and so
/api/v1/docs) reads in the visitor's language, and a test fails on any summary or description
of it without a Swedish translation."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

SAME_IN_BOTH = {"OK"}


def document(language: str) -> dict[str, Any]:
    client = Client()
    client.cookies.load({"django_language": language})
    response = client.get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return json.loads(response.content)


def texts(value: Any, path: str = "") -> dict[str, str]:
    """Every summary and description of the document, by where it is."""
    found: dict[str, str] = {}
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in ("summary", "description") and isinstance(inner, str):
                found[f"{path}/{key}"] = inner
            else:
                found |= texts(inner, f"{path}/{key}")
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            found |= texts(inner, f"{path}/{i}")
    return found


def test_the_document_in_swedish_and_in_english() -> None:
    swedish, english = document("sv"), document("en")
    assert swedish["info"]["description"].startswith("Öppna data: huvudmän, grupperingar, organ")
    assert english["info"]["description"].startswith("Public data: principals, groupings, bodies")
    assert swedish["paths"]["/api/v1/principals"]["get"]["summary"] == "Huvudmän"
    assert english["paths"]["/api/v1/principals"]["get"]["summary"] == "Principal List"
    assert {t["name"]: t["description"] for t in swedish["tags"]}["money"] == (
        "Avgifter, budgetar, fonder och fördelningar (belopp i öre)."
    )
    # Only the words change: the paths, parameters and schemas are the API itself.
    assert swedish["paths"].keys() == english["paths"].keys()
    assert swedish["components"]["schemas"].keys() == english["components"]["schemas"].keys()


def test_every_text_of_the_document_has_a_swedish_translation() -> None:
    swedish, english = texts(document("sv")), texts(document("en"))
    assert swedish.keys() == english.keys()
    missing = sorted(
        f"{where}: {text!r}" for where, text in english.items() if swedish[where] == text and text not in SAME_IN_BOTH
    )
    assert not missing, f"{len(missing)} text(s) of the API document without a Swedish translation:\n" + "\n".join(
        missing
    )


def test_the_documentation_page_answers_in_both_languages() -> None:
    for language in ("sv", "en"):
        client = Client()
        client.cookies.load({"django_language": language})
        assert client.get("/api/v1/docs").status_code == 200


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_docs_page_names_its_language_and_fits_a_phone(language: str) -> None:
    """The walk found django-ninja's page without `lang` (WCAG 3.1.1) and without a viewport, so
    a phone drew it 980 px wide in tiny type."""
    client = Client()
    client.cookies.load({"django_language": language})
    page = client.get("/api/v1/docs", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'<html lang="{language}">' in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert 'id="swagger-ui"' in page and "/api/v1/openapi.json" in page
