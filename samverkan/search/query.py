"""Querying the index: the same question, the same stems and the same answer on SQLite (FTS5
MATCH, ranked by bm25) and PostgreSQL (a tsvector @@ to_tsquery over the GIN index, ranked by
ts_rank). Snippets are made in Python from the original text.

A search is three queries whatever the data: the count, the page of ids with their rank, and
the page's entries with their body."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils.safestring import SafeString

from samverkan.search import text as search_text
from samverkan.search.index import registry
from samverkan.search.models import SearchEntry

# Title words count more than text words: bm25 column weights on SQLite; on PostgreSQL the title
# is weighted A and the text B (ts_rank's defaults: 1.0 and 0.4).
TITLE_WEIGHT = 10.0
TEXT_WEIGHT = 1.0


@dataclass(frozen=True)
class Filters:
    type: str = ""
    body: str = ""  # a body's key
    principal: str = ""  # a principal's key
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


@dataclass
class Hit:
    entry: SearchEntry
    snippet: SafeString
    score: float

    @property
    def type_label(self) -> str:
        return str(registry.types().get(self.entry.type, self.entry.type))


@dataclass
class Results:
    count: int
    hits: list[Hit]


def filtered(filters: Filters, *, public_only: bool) -> QuerySet[SearchEntry]:
    qs = SearchEntry.objects.all()
    if public_only:
        qs = qs.filter(public=True)
    if filters.type:
        qs = qs.filter(type=filters.type)
    if filters.body:
        qs = qs.filter(body__key=filters.body)
    if filters.principal:
        qs = qs.filter(principals__key=filters.principal)
    if filters.date_from:
        qs = qs.filter(date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(date__lte=filters.date_to)
    return qs


def _snippet(entry: SearchEntry, wanted: set[str]) -> Any:
    """From the text where the words are found there; else from the title followed by the text
    (an entry found by its title alone still shows why)."""
    found = search_text.snippet(entry.text, wanted)
    if "<mark>" in found or not wanted:
        return found
    return search_text.snippet(f"{entry.title}. {entry.text}", wanted)


class Search:
    """One question: `count()` and `page(offset, limit)` (which Django's Paginator can use
    through `Paginated`)."""

    def __init__(self, q: str, filters: Filters | None = None, *, public_only: bool = True) -> None:
        self.q = q.strip()
        self.filters = filters or Filters()
        self.public_only = public_only
        self.parsed = search_text.parse(self.q)
        self._count: int | None = None

    @property
    def empty(self) -> bool:
        return self.parsed.empty

    def _scope(self) -> tuple[str, tuple[Any, ...]]:
        sql, params = filtered(self.filters, public_only=self.public_only).values("id").query.sql_with_params()
        return sql, tuple(params)

    def count(self) -> int:
        if self._count is None:
            self._count = 0 if self.empty else self._run_count()
        return self._count

    def page(self, offset: int, limit: int) -> list[Hit]:
        if self.empty or limit <= 0:
            return []
        rows = self._run_page(offset, limit)
        entries = SearchEntry.objects.select_related("body").in_bulk([pk for pk, _score in rows])
        wanted = self.parsed.highlight_stems()
        return [
            Hit(entry=entries[pk], snippet=_snippet(entries[pk], wanted), score=score)
            for pk, score in rows
            if pk in entries  # (unless removed between the two queries)
        ]

    def _match(self) -> tuple[str, str]:
        """The condition and its parameter matching the question, per database."""
        if connection.vendor == "postgresql":
            return "e.search_vector @@ to_tsquery('simple', %s)", self.parsed.tsquery()
        return "search_fts MATCH %s", self.parsed.fts()

    def _run_count(self) -> int:
        scope, params = self._scope()
        condition, match = self._match()
        source = (
            "search_entry e"
            if connection.vendor == "postgresql"
            else ("search_fts JOIN search_entry e ON e.id = search_fts.rowid")
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM {source} WHERE {condition} AND e.id IN ({scope})",  # noqa: S608 - our SQL and Django's
                (match, *params),
            )
            row = cursor.fetchone()
        return int(row[0]) if row else 0

    def _run_page(self, offset: int, limit: int) -> list[tuple[int, float]]:
        scope, params = self._scope()
        condition, match = self._match()
        if connection.vendor == "postgresql":
            # ts_rank: higher is better; the title is weighted A, the text B.
            sql = (
                "SELECT e.id, ts_rank(e.search_vector, to_tsquery('simple', %s)) AS score "  # noqa: S608
                f"FROM search_entry e WHERE {condition} AND e.id IN ({scope}) "
                "ORDER BY score DESC, e.date DESC NULLS LAST, e.id LIMIT %s OFFSET %s"
            )
            values: tuple[Any, ...] = (match, match, *params, limit, offset)
        else:
            # bm25: lower is better, so negated; the title's words weigh more than the text's.
            sql = (
                "SELECT e.id, -bm25(search_fts, %s, %s) AS score "  # noqa: S608
                "FROM search_fts JOIN search_entry e ON e.id = search_fts.rowid "
                f"WHERE {condition} AND e.id IN ({scope}) "
                "ORDER BY score DESC, e.date IS NULL, e.date DESC, e.id LIMIT %s OFFSET %s"
            )
            values = (TITLE_WEIGHT, TEXT_WEIGHT, match, *params, limit, offset)
        with connection.cursor() as cursor:
            cursor.execute(sql, values)
            return [(int(r[0]), float(r[1])) for r in cursor.fetchall()]


class Paginated:
    """A Search seen as a sequence, for django.core.paginator.Paginator."""

    def __init__(self, search: Search) -> None:
        self.search = search

    def count(self) -> int:
        return self.search.count()

    def __len__(self) -> int:
        return self.search.count()

    def __getitem__(self, index: slice) -> list[Hit]:
        if not isinstance(index, slice):
            raise TypeError("Only slices of a search are taken.")
        start = index.start or 0
        stop = index.stop if index.stop is not None else self.search.count()
        return self.search.page(start, stop - start)


def search(
    q: str, filters: Filters | None = None, *, public_only: bool = True, limit: int = 20, offset: int = 0
) -> Results:
    found = Search(q, filters, public_only=public_only)
    return Results(count=found.count(), hits=found.page(offset, limit))
