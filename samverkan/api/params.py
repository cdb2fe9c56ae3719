"""The bounds of every parameter of the API, in one place, so that the OpenAPI document states
them and a value outside them is refused with a JSON 422 before any query runs (a year of 10000,
an offset of twenty digits or an id past the database's integers used to end in a server error).

No `from __future__ import annotations`: ninja reads these annotations at run time."""

from typing import Annotated, Any

from ninja import Field, Path, Query, Schema
from ninja.pagination import LimitOffsetPagination

# The keys of principals, bodies, people, agreements and projects (structure.models.KEY_VALIDATOR).
KEY_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
KEY_MAX = 80
# Ids are 64-bit integers in every database Samverkan runs on.
ID_MAX = 2**63 - 1
# Years that a date of either database, in Stockholm's time or in UTC, can hold.
YEAR_MIN = 1000
YEAR_MAX = 9998
# Free text: bounded, and without the NUL character that PostgreSQL cannot store or compare.
TEXT_PATTERN = r"^[^\x00]*$"
TEXT_MAX = 200
PAGE_MAX = 500
OFFSET_MAX = 1_000_000  # beyond any real list; keeps SQL integers sane

KeyPath = Annotated[str, Path(..., min_length=1, max_length=KEY_MAX, pattern=KEY_PATTERN)]
IdPath = Annotated[int, Path(..., ge=1, le=ID_MAX)]
YearPath = Annotated[int, Path(..., ge=YEAR_MIN, le=YEAR_MAX)]
KeyFilter = Annotated[str | None, Query(None, min_length=1, max_length=KEY_MAX, pattern=KEY_PATTERN)]
YearFilter = Annotated[int | None, Query(None, ge=YEAR_MIN, le=YEAR_MAX)]
TextFilter = Annotated[str | None, Query(None, max_length=TEXT_MAX, pattern=TEXT_PATTERN)]


class BoundedPagination(LimitOffsetPagination):
    """Limit and offset, 100 to a page unless asked for fewer (at least 1) or more (at most 500),
    and an offset of at most a million."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=PAGE_MAX)
        offset: int = Field(0, ge=0, le=OFFSET_MAX)


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {
            "application/json": {
                "schema": {"type": "object", "properties": {"detail": {}}, "required": ["detail"]},
            }
        },
    }


NOT_FOUND = {404: _error("Not found: no public record has this key or id.")}
INVALID = {422: _error("A parameter is outside its bounds or not of its type; `detail` names it.")}


def errors(*, not_found: bool = False, invalid: bool = True) -> dict[str, Any]:
    """The error answers an operation documents (as its `openapi_extra`): every error is JSON."""
    return {"responses": {**(NOT_FOUND if not_found else {}), **(INVALID if invalid else {})}}
