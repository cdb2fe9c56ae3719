"""Checking OParl answers against the specification's schemas (../shared/oparl-schema), and a
generic client that walks an OParl endpoint as an importer does: from the System through every
list, page by page, and every object it references."""

from __future__ import annotations

import functools
import json
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
from django.conf import settings
from django.test import Client

SCHEMAS = Path(settings.BASE_DIR).parent / "shared" / "oparl-schema"
TYPE_PREFIX = "https://schema.oparl.org/1.1/"

FORMATS = jsonschema.FormatChecker()


@FORMATS.checks("url")
def _is_url(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@FORMATS.checks("date")
def _is_date(value: object) -> bool:
    import datetime

    if not isinstance(value, str):
        return True
    datetime.date.fromisoformat(value)
    return len(value) == 10


@FORMATS.checks("date-time")
def _is_date_time(value: object) -> bool:
    import datetime

    if not isinstance(value, str):
        return True
    moment = datetime.datetime.fromisoformat(value)
    return "T" in value and moment.tzinfo is not None  # OParl: with the offset


@functools.cache
def schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))


def validate(obj: dict[str, Any], expected: str | None = None) -> str:
    """Validates one OParl object (and every object embedded in it) against the schema of its
    type; returns the type's name. The schemas' own keys (references, backreference,
    cardinality) are annotations; `schema` names the file a nested object follows."""
    assert isinstance(obj, dict), obj
    type_url = obj.get("type", "")
    assert type_url.startswith(TYPE_PREFIX), type_url
    name = type_url.removeprefix(TYPE_PREFIX)
    if expected is not None:
        assert name == expected, (name, expected)
    spec = schema(name)
    if obj.get("deleted") is True:
        # A deleted object keeps only id, type, deleted and modified (OParl 1.1, 2.7).
        assert set(obj) <= {"id", "type", "deleted", "modified", "created"}, obj
        spec = {**spec, "required": ["id", "type"]}
    jsonschema.Draft7Validator(spec, format_checker=FORMATS).validate(obj)
    for key, prop in spec["properties"].items():
        value = obj.get(key)
        nested = prop.get("schema") or (prop.get("items") or {}).get("schema")
        if nested is None or value is None:
            continue
        for inner in value if isinstance(value, list) else [value]:
            if isinstance(inner, dict):
                validate(inner, nested.removesuffix(".json"))
    return name


LIST_PAGE = {
    "type": "object",
    "required": ["data", "pagination", "links"],
    "additionalProperties": False,
    "properties": {
        "data": {"type": "array", "items": {"type": "object"}},
        "pagination": {
            "type": "object",
            "required": ["totalElements", "elementsPerPage", "currentPage", "totalPages"],
            "properties": {
                "totalElements": {"type": "integer", "minimum": 0},
                "elementsPerPage": {"type": "integer", "minimum": 1, "maximum": 100},
                "currentPage": {"type": "integer", "minimum": 1},
                "totalPages": {"type": "integer", "minimum": 1},
            },
        },
        "links": {
            "type": "object",
            "properties": {k: {"type": "string", "format": "url"} for k in ("first", "prev", "next", "last", "self")},
            "additionalProperties": False,
        },
    },
}


def validate_page(page: dict[str, Any], expected: str | None = None) -> list[str]:
    """A list page (OParl 1.1, 2.4 "Externe Objektlisten") and each of its objects."""
    jsonschema.Draft7Validator(LIST_PAGE, format_checker=FORMATS).validate(page)
    assert len(page["data"]) <= 100
    return [validate(obj, expected) for obj in page["data"]]


def path_of(url: str) -> str:
    assert url.startswith(settings.SITE_URL + "/oparl/"), url
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def get_json(client: Client, url: str) -> dict[str, Any]:
    response = client.get(path_of(url))
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


# Properties holding external lists (fetched page by page, each page validated).
LIST_KEYS = {
    "body",
    "organization",
    "person",
    "meeting",
    "paper",
    "agendaItem",
    "consultation",
    "file",
    "locationList",
    "legislativeTermList",
    "membership",
}


@dataclass
class Walk:
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> object as fetched
    types: dict[str, int] = field(default_factory=dict)  # type name -> objects seen
    deleted: dict[str, int] = field(default_factory=dict)  # type name -> `deleted: true` objects seen
    pages: int = 0
    files: list[str] = field(default_factory=list)  # accessUrls
    texts: list[str] = field(default_factory=list)  # every answer, for what must not be in any


def walk(client: Client, start: str) -> Walk:
    """Reads the whole endpoint from the System: every list to its last page, every object it
    references, each validated. An object is fetched at its own id too and must equal what the
    list held."""
    result = Walk()
    queue: deque[str] = deque([start])
    seen: set[str] = set()
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        answer = get_json(client, url)
        result.texts.append(json.dumps(answer, ensure_ascii=False))
        if "data" in answer and "pagination" in answer:
            result.pages += 1
            validate_page(answer)
            if "next" in answer["links"]:
                queue.append(answer["links"]["next"])
            for obj in answer["data"]:
                _take(result, queue, obj)
        else:
            name = validate(answer)
            seen_as = result.deleted if answer.get("deleted") else result.types
            seen_as[name] = seen_as.get(name, 0) + 1
            listed = result.objects.get(answer["id"])
            if listed is not None:
                assert listed == answer, f"{url}: the object differs from the list's"
            _take(result, queue, answer, fetched=True)
    return result


def _take(result: Walk, queue: deque[str], obj: dict[str, Any], fetched: bool = False) -> None:
    if not fetched:
        result.objects.setdefault(obj["id"], obj)
        queue.append(obj["id"])
    for key, value in obj.items():
        if key in ("id", "type", "web", "website"):
            continue
        if key in ("accessUrl", "downloadUrl"):
            result.files.append(value) if key == "accessUrl" else None
            continue
        values = value if isinstance(value, list) else [value]
        for inner in values:
            if isinstance(inner, str) and inner.startswith(settings.SITE_URL + "/oparl/"):
                queue.append(inner)
            elif isinstance(inner, dict) and "id" in inner:
                _take(result, queue, inner)
