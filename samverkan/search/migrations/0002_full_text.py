"""The full-text index, which Django's model does not describe: an FTS5 table on SQLite, a
tsvector column with a GIN index on PostgreSQL (see samverkan/search/models.py)."""

from django.db import migrations

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, text, tokenize = 'unicode61 remove_diacritics 0')"
)
SQLITE_DROP = "DROP TABLE IF EXISTS search_fts"

# Filled by the indexer with the Swedish Snowball stems of the title (weight A) and the text
# (weight B), made by PyStemmer as on SQLite (see docs/decisions/0004-search.md).
POSTGRES_CREATE = [
    "ALTER TABLE search_entry ADD COLUMN search_vector tsvector",
    "CREATE INDEX search_entry_vector ON search_entry USING GIN (search_vector)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_entry_vector",
    "ALTER TABLE search_entry DROP COLUMN IF EXISTS search_vector",
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)
    elif vendor == "postgresql":
        for sql in POSTGRES_CREATE:
            schema_editor.execute(sql)
    else:  # pragma: no cover
        raise RuntimeError(f"Search supports SQLite and PostgreSQL, not {vendor}.")


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)
    elif vendor == "postgresql":
        for sql in POSTGRES_DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
