"""The registry of searchable kinds and the indexer that keeps `SearchEntry` in step.

A *kind* says how one model becomes search entries: which rows (a queryset with what building
needs prefetched), and for one row its `Document` (title, text, date, body, principals, public
or not, url) or None when the row has nothing to find. The built-in kinds are in `kinds.py`.
Another app adds its own the same way, from its AppConfig.ready() (the importer, for the
documents it stores):

    from samverkan.search.index import Document, Kind, register

    register(Kind(
        key="importer.document", type="document", label=_("Imported document"),
        model=ImportedDocument,
        queryset=lambda: ImportedDocument.objects.select_related("body"),
        build=lambda d: Document(title=d.title, text=d.text, url=d.get_absolute_url(),
                                 public=d.is_public, date=d.date, body_id=d.body_id),
    ))

and, when the entry also depends on other rows, `depends(OtherModel, lambda other: [(key, pk), ...])`.

Registering connects post_save/post_delete of the model (and of each dependency) to `schedule`,
which reindexes the affected entries once the transaction commits (`transaction.on_commit`):
so a change is searchable as soon as it is saved, and a rolled-back change is never indexed.
Why signals here and nowhere else: docs/decisions/0004-search.md.
"""

from __future__ import annotations

import builtins
import datetime
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.functional import Promise

from samverkan.search import text as search_text
from samverkan.search.models import SearchEntry

logger = logging.getLogger(__name__)

MAX_TEXT = 500_000  # characters kept per entry (PostgreSQL's tsvector is limited to 1 MB)

Target = tuple[str, int]  # (kind key, primary key)


@dataclass(frozen=True)
class Document:
    title: str
    text: str
    url: str
    public: bool
    date: datetime.date | None = None
    body_id: int | None = None
    principal_ids: Sequence[int] = ()


@dataclass(frozen=True)
class Kind:
    key: str
    type: str
    label: str | Promise
    model: builtins.type[models.Model]
    queryset: Callable[[], models.QuerySet[Any]]
    build: Callable[[Any], Document | None]


@dataclass
class Registry:
    kinds: dict[str, Kind] = field(default_factory=dict)
    # model -> functions giving the targets to reindex when a row of it changes
    watchers: dict[type[models.Model], list[Callable[[Any], Iterable[Target]]]] = field(default_factory=dict)

    def types(self) -> dict[str, str | Promise]:
        """type -> label, in registration order (two kinds may share a type: papers)."""
        result: dict[str, str | Promise] = {}
        for kind in self.kinds.values():
            result.setdefault(kind.type, kind.label)
        return result


registry = Registry()


def register(kind: Kind) -> None:
    if kind.key in registry.kinds:
        raise ValueError(f"Search kind {kind.key!r} is registered twice.")
    registry.kinds[kind.key] = kind
    depends(kind.model, lambda instance: [(kind.key, instance.pk)])


def depends(model: type[models.Model], targets: Callable[[Any], Iterable[Target]]) -> None:
    """Reindex `targets(instance)` when a row of `model` is saved or deleted."""
    first = model not in registry.watchers
    registry.watchers.setdefault(model, []).append(targets)
    if first:
        uid = f"search:{model._meta.label}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid + ":save", weak=False)
        post_delete.connect(_changed, sender=model, dispatch_uid=uid + ":delete", weak=False)


def depends_m2m(through: type[models.Model], targets: Callable[[Any, bool, set[int] | None], Iterable[Target]]) -> None:
    """Reindex `targets(instance, reverse, pk_set)` when a many-to-many relation changes (from
    either side: `reverse` is True when `instance` is the related model's row)."""

    def receiver(sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kw: Any) -> None:
        if action in {"post_add", "post_remove", "post_clear"}:
            schedule(targets(instance, reverse, pk_set))

    m2m_changed.connect(receiver, sender=through, dispatch_uid=f"search:{through._meta.label}", weak=False)


def _changed(sender: type[models.Model], instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loaddata: the fixture's rows arrive unchecked; `reindex` afterwards
        return
    for targets in registry.watchers.get(sender, []):
        schedule(targets(instance))


# --- Scheduling -----------------------------------------------------------------------------

_pending = threading.local()


def _pending_set() -> set[Target]:
    if not hasattr(_pending, "targets"):
        _pending.targets = set()
    targets: set[Target] = _pending.targets
    return targets


def schedule(targets: Iterable[Target]) -> None:
    """Reindex these entries when the current transaction commits (at once outside one).

    Every call registers the flush: a callback registered in a savepoint that is rolled back is
    dropped, so one registered "once per transaction" could be lost. A flush takes every pending
    target, so the later callbacks find nothing left to do."""
    added = False
    pending = _pending_set()
    for target in targets:
        if target[1] is not None:
            pending.add(target)
            added = True
    if added:
        transaction.on_commit(flush)


def flush() -> None:
    pending = _pending_set()
    targets = sorted(pending)
    pending.clear()
    for key, pk in targets:
        try:
            reindex(key, pk)
        except Exception:  # the change itself is committed; the index catches up with `reindex`
            logger.exception("Could not index %s %s", key, pk)


# --- Writing entries ------------------------------------------------------------------------


def _fts_delete(ids: Sequence[int]) -> None:
    if connection.vendor == "sqlite" and ids:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({', '.join(['%s'] * len(ids))})", list(ids))  # noqa: S608 - placeholders only


def _fts_insert(entries: Sequence[SearchEntry]) -> None:
    if not entries:
        return
    rows = [(e.pk, search_text.stems(e.title), search_text.stems(e.text)) for e in entries]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.executemany(
                "UPDATE search_entry SET search_vector = setweight(to_tsvector('simple', %s), 'A') "
                "|| setweight(to_tsvector('simple', %s), 'B') WHERE id = %s",
                [(title, body, pk) for pk, title, body in rows],
            )
        else:
            # An FTS row may outlive its entry (a flush, a cascade or a bulk delete does not
            # reach the virtual table): clear the rowids first, so an id used again never clashes.
            _fts_delete([pk for pk, _title, _body in rows])
            cursor.executemany("INSERT INTO search_fts (rowid, title, text) VALUES (%s, %s, %s)", rows)


def _entry(kind: Kind, pk: int, document: Document) -> SearchEntry:
    return SearchEntry(
        source=kind.key,
        object_id=pk,
        type=kind.type,
        title=search_text.clean(document.title)[:500],
        text=search_text.clean(document.text)[:MAX_TEXT],
        date=document.date,
        body_id=document.body_id,
        public=document.public,
        url=document.url[:500],
    )


def reindex(key: str, pk: int) -> SearchEntry | None:
    """Bring the entry of one row up to date: made, changed, or removed (row gone, or nothing
    to find)."""
    kind = registry.kinds[key]
    instance = kind.queryset().filter(pk=pk).first()
    document = kind.build(instance) if instance is not None else None
    with transaction.atomic():
        old = list(SearchEntry.objects.filter(source=key, object_id=pk).values_list("pk", flat=True))
        _fts_delete(old)
        SearchEntry.objects.filter(pk__in=old).delete()
        if document is None:
            return None
        entry = _entry(kind, pk, document)
        entry.save()
        if document.principal_ids:
            entry.principals.set(sorted(set(document.principal_ids)))
        _fts_insert([entry])
    return entry


def rebuild(keys: Iterable[str] | None = None) -> dict[str, int]:
    """Rebuild the entries of the given kinds (all by default) from scratch; returns the number
    of entries per kind. Rows are read in chunks and written through `BulkIndex`, so memory
    stays flat and PostgreSQL loads the entries with COPY."""
    counts: dict[str, int] = {}
    everything = keys is None
    with transaction.atomic():
        for key in keys if keys is not None else list(registry.kinds):
            kind = registry.kinds[key]
            old = list(SearchEntry.objects.filter(source=key).values_list("pk", flat=True))
            _fts_delete(old)
            SearchEntry.objects.filter(pk__in=old).delete()
            bulk = BulkIndex()
            for obj in kind.queryset().iterator(chunk_size=BulkIndex.BATCH):
                bulk.add(key, obj.pk, kind.build(obj))
            bulk.flush()
            counts[key] = bulk.counts.get(key, 0)
        if everything:
            # Everything: also what no registered kind makes any more, and stray index rows.
            SearchEntry.objects.exclude(source__in=list(registry.kinds)).delete()
            if connection.vendor == "sqlite":
                with connection.cursor() as cursor:
                    cursor.execute("DELETE FROM search_fts WHERE rowid NOT IN (SELECT id FROM search_entry)")
    return counts


# --- Bulk loading ---------------------------------------------------------------------------


class BulkIndex:
    """Writes many new entries at once, in batches: what `rebuild` and `samverkan generate` use.

    `add(key, pk, document)` takes a document built by the kind's own `build` (so visibility is
    decided by the same rules as for one row); every `BATCH` documents are written together.
    The caller makes sure no entry exists yet for these (key, pk) and calls `flush()` at the end.

    - SQLite: `bulk_create` of the entries (ids come back), their principals, and one
      `executemany` into the FTS5 table.
    - PostgreSQL: ids are taken from the table's sequence in one query, the rows with their
      stems are COPYed into a temporary table and moved into `search_entry` by one INSERT …
      SELECT that makes the tsvector; the principals are COPYed too. No row is written twice.
    """

    BATCH = 2000

    def __init__(self, *, batch_size: int = BATCH) -> None:
        self.batch_size = batch_size
        self.pending: list[tuple[Kind, int, Document]] = []
        self.counts: dict[str, int] = {}

    def add(self, key: str, pk: int, document: Document | None) -> None:
        if document is None:
            return
        self.pending.append((registry.kinds[key], pk, document))
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        batch, self.pending = self.pending, []
        if not batch:
            return
        entries = [_entry(kind, pk, document) for kind, pk, document in batch]
        principals = [sorted(set(document.principal_ids)) for _kind, _pk, document in batch]
        with transaction.atomic():
            if connection.vendor == "postgresql":
                _pg_bulk_insert(entries, principals)
            else:
                Through = SearchEntry.principals.through
                created = SearchEntry.objects.bulk_create(entries, batch_size=500)
                Through.objects.bulk_create(
                    [
                        Through(searchentry_id=entry.pk, principal_id=principal_id)
                        for entry, ids in zip(created, principals, strict=True)
                        for principal_id in ids
                    ],
                    batch_size=1000,
                )
                _fts_insert(created)
        for kind, _pk, _document in batch:
            self.counts[kind.key] = self.counts.get(kind.key, 0) + 1


_ENTRY_COLUMNS = (
    "id",
    "source",
    "object_id",
    "type",
    "title",
    "text",
    "date",
    "body_id",
    "public",
    "url",
    "indexed_at",
)


def _pg_bulk_insert(entries: Sequence[SearchEntry], principals: Sequence[Sequence[int]]) -> None:
    from django.utils import timezone

    now = timezone.now()
    columns = ", ".join(_ENTRY_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('search_entry', 'id')) FROM generate_series(1, %s)", [len(entries)]
        )
        ids = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "CREATE TEMPORARY TABLE IF NOT EXISTS search_entry_load "
            "(LIKE search_entry INCLUDING DEFAULTS, title_stems text, text_stems text)"
        )
        cursor.execute("TRUNCATE search_entry_load")
        with cursor.cursor.copy(f"COPY search_entry_load ({columns}, title_stems, text_stems) FROM STDIN") as copy:
            for pk, entry in zip(ids, entries, strict=True):
                entry.pk = pk
                copy.write_row(
                    (
                        pk,
                        entry.source,
                        entry.object_id,
                        entry.type,
                        entry.title,
                        entry.text,
                        entry.date,
                        entry.body_id,
                        entry.public,
                        entry.url,
                        now,
                        search_text.stems(entry.title),
                        search_text.stems(entry.text),
                    )
                )
        cursor.execute(
            f"INSERT INTO search_entry ({columns}, search_vector) SELECT {columns}, "  # noqa: S608 - fixed names
            "setweight(to_tsvector('simple', title_stems), 'A') || setweight(to_tsvector('simple', text_stems), 'B') "
            "FROM search_entry_load"
        )
        cursor.execute("TRUNCATE search_entry_load")
        through = SearchEntry.principals.through._meta.db_table
        pairs = [(pk, principal_id) for pk, ids in zip(ids, principals, strict=True) for principal_id in ids]
        if pairs:
            with cursor.cursor.copy(f"COPY {through} (searchentry_id, principal_id) FROM STDIN") as copy:
                for pair in pairs:
                    copy.write_row(pair)


GIN_INDEX = "search_entry_vector"


def drop_full_text_index() -> bool:
    """Before a large bulk load on PostgreSQL: drop the GIN index (made again by
    `create_full_text_index`). Returns whether there was one to drop; a no-op on SQLite."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [GIN_INDEX])
        exists = cursor.fetchone() is not None
        cursor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
    return exists


def create_full_text_index() -> None:
    """The GIN index of migration 0002_full_text, made again after a bulk load (if missing)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        # Asked first: even CREATE INDEX IF NOT EXISTS is refused while rows written in the same
        # transaction have deferred checks pending.
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [GIN_INDEX])
        if cursor.fetchone() is None:
            cursor.execute(f"CREATE INDEX {GIN_INDEX} ON search_entry USING GIN (search_vector)")
