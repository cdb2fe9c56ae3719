"""Writing many rows fast: explicit ids (so rows can refer to each other before they are
written), COPY on PostgreSQL (psycopg's `cursor.copy`), `bulk_create` on SQLite."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max
from django.utils import timezone


class Writer:
    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"
        self.now = timezone.now()
        self.counts: Counter[str] = Counter()
        self._next: dict[type[models.Model], int] = {}
        self._columns: dict[type[models.Model], list[tuple[str, str, bool, bool, bool]]] = {}

    def next_id(self, model: type[models.Model]) -> int:
        """The next free id of the model's table (ids are given here, not by the database)."""
        if model not in self._next:
            self._next[model] = (model._default_manager.aggregate(last=Max("pk"))["last"] or 0) + 1
        value = self._next[model]
        self._next[model] = value + 1
        return value

    def write(self, model: type[models.Model], rows: Sequence[models.Model]) -> None:
        if not rows:
            return
        if self.postgres:
            self._copy(model, rows)
        else:
            model._default_manager.bulk_create(rows, batch_size=2000)
        self.counts[model._meta.label] += len(rows)

    def _copy(self, model: type[models.Model], rows: Sequence[models.Model]) -> None:
        from psycopg.types.json import Jsonb

        if model not in self._columns:
            self._columns[model] = [
                (
                    f.column,
                    f.attname,
                    isinstance(f, models.JSONField),
                    isinstance(f, models.DateTimeField) and bool(f.auto_now or f.auto_now_add),
                    isinstance(f, models.FileField),
                )
                for f in model._meta.concrete_fields
            ]
        columns = self._columns[model]
        names = ", ".join(connection.ops.quote_name(column) for column, *_rest in columns)
        table = connection.ops.quote_name(model._meta.db_table)
        now = self.now
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                values: list[Any] = []
                for _column, attname, is_json, is_stamp, is_file in columns:
                    value = getattr(row, attname)
                    if is_file:
                        value = value.name or ""
                    elif is_json:
                        value = Jsonb(value)
                    elif is_stamp and value is None:
                        value = now
                    values.append(value)
                copy.write_row(values)

    def reset_sequences(self) -> None:
        """After writing with explicit ids, the database's own counters continue after them."""
        statements = connection.ops.sequence_reset_sql(no_style(), list(self._next))
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
