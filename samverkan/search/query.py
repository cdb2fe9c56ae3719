"""Querying the index: the same question, the same stems and the same answer on SQLite (FTS5
MATCH, ranked by bm25) and PostgreSQL (a tsvector @@ to_tsquery over the GIN index, ranked by
ts_rank). Snippets are made in Python from the original text.

A search is three queries whatever the data: the count, the page of ids with their rank, and
the page's entries with their body. Their work is bounded, whatever the data: matches are
counted up to COUNT_LIMIT (beyond that the count says "more"), and on PostgreSQL the
RANKED newest matches are ranked, pages beyond them following newest first (ranking every
match of a common word in a national index means reading hundreds of thousands of rows; see
docs/decisions/0004-search.md)."""

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
from samverkan.structure.models import Body, Principal

# Title words count more than text words: bm25 column weights on SQLite; on PostgreSQL the title
# is weighted A and the text B (ts_rank's defaults: 1.0 and 0.4).
TITLE_WEIGHT = 10.0
TEXT_WEIGHT = 1.0
COUNT_LIMIT = 1000  # matches counted; beyond, the count is COUNT_LIMIT and `more` is true
RANKED = 500  # on PostgreSQL: the newest matches ranked by relevance
# On SQLite, each match's entry is read from this index (id, public, date: migration search
# 0004), not from its row, where those columns come after the whole text; named, since the
# planner takes the primary key without statistics.
SQLITE_MATCH_INDEX = "INDEXED BY search_entry_match"


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
        self.more = False  # more matches than COUNT_LIMIT (known once counted)

    @property
    def empty(self) -> bool:
        return self.parsed.empty

    def _scope(self) -> tuple[str, tuple[Any, ...]]:
        """The filters as conditions on the entry `e` itself (a subquery of ids would make the
        database read every public entry to join them)."""
        conditions: list[str] = []
        params: list[Any] = []
        f = self.filters
        if self.public_only:
            conditions.append("e.public")
        if f.type:
            conditions.append("e.type = %s")
            params.append(f.type)
        if f.body:
            conditions.append(f"e.body_id IN (SELECT id FROM {Body._meta.db_table} WHERE key = %s)")  # noqa: S608
            params.append(f.body)
        if f.principal:
            through = SearchEntry.principals.through._meta.db_table
            conditions.append(
                f"e.id IN (SELECT t.searchentry_id FROM {through} t JOIN {Principal._meta.db_table} p "  # noqa: S608
                "ON p.id = t.principal_id WHERE p.key = %s)"
            )
            params.append(f.principal)
        if f.date_from:
            conditions.append("e.date >= %s")
            params.append(f.date_from)
        if f.date_to:
            conditions.append("e.date <= %s")
            params.append(f.date_to)
        return " AND ".join(conditions) or "1 = 1", tuple(params)

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
            else f"search_fts JOIN search_entry e {SQLITE_MATCH_INDEX} ON e.id = search_fts.rowid"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM (SELECT 1 FROM {source} WHERE {condition} AND {scope} LIMIT %s) found",  # noqa: S608 - our SQL
                (match, *params, COUNT_LIMIT + 1),
            )
            row = cursor.fetchone()
        found = int(row[0]) if row else 0
        self.more = found > COUNT_LIMIT
        return min(found, COUNT_LIMIT)

    def _run_page(self, offset: int, limit: int) -> list[tuple[int, float]]:
        scope, params = self._scope()
        condition, match = self._match()
        if connection.vendor == "postgresql":
            return self._run_page_postgresql(offset, limit, scope, params, condition, match)
        else:
            # bm25: lower is better, so negated; the title's words weigh more than the text's.
            sql = (
                "SELECT e.id, -bm25(search_fts, %s, %s) AS score "  # noqa: S608
                f"FROM search_fts JOIN search_entry e {SQLITE_MATCH_INDEX} ON e.id = search_fts.rowid "
                f"WHERE {condition} AND {scope} "
                "ORDER BY score DESC, e.date IS NULL, e.date DESC, e.id LIMIT %s OFFSET %s"
            )
            values = (TITLE_WEIGHT, TEXT_WEIGHT, match, *params, limit, offset)
        with connection.cursor() as cursor:
            cursor.execute(sql, values)
            return [(int(r[0]), float(r[1])) for r in cursor.fetchall()]

    def _run_page_postgresql(
        self, offset: int, limit: int, scope: str, params: tuple[Any, ...], condition: str, match: str
    ) -> list[tuple[int, float]]:
        """The RANKED newest matches ordered by ts_rank (higher is better; the title weighted
        A, the text B); further matches newest first. A page may take from both."""
        newest = f"FROM search_entry e WHERE {condition} AND {scope} ORDER BY e.date DESC NULLS LAST, e.id DESC"
        rows: list[tuple[int, float]] = []
        with connection.cursor() as cursor:
            if offset < RANKED:
                cursor.execute(
                    "SELECT id, ts_rank(search_vector, to_tsquery('simple', %s)) AS score "  # noqa: S608 - our SQL
                    f"FROM (SELECT e.id, e.search_vector, e.date {newest} LIMIT %s) candidates "
                    "ORDER BY score DESC, date DESC NULLS LAST, id LIMIT %s OFFSET %s",
                    (match, match, *params, RANKED, min(limit, RANKED - offset), offset),
                )
                rows += [(int(r[0]), float(r[1])) for r in cursor.fetchall()]
            if offset + limit > RANKED:
                start = max(offset, RANKED)
                cursor.execute(
                    f"SELECT e.id, 0 {newest} LIMIT %s OFFSET %s",
                    (match, *params, offset + limit - start, start),
                )
                rows += [(int(r[0]), float(r[1])) for r in cursor.fetchall()]
        return rows


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
