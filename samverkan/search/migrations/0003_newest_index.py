"""PostgreSQL only: an index giving the newest entries first, which search uses to pick the
matches it ranks (samverkan/search/query.py, RANKED). SQLite cannot make an index ordered
NULLS LAST, and ranks every match with FTS5's bm25 anyway."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS search_entry_newest ON search_entry (date DESC NULLS LAST, id DESC)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_newest")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_full_text"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
