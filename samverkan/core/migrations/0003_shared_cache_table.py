"""The table of the shared cache (settings.SHARED_CACHE=database, the default): allauth's
rate-limit counters and used two-factor codes, shared by every process. Django makes such a
table with `createcachetable`; a migration makes sure every database has it."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "samverkan_cache"


def create(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_cache_generation")]

    operations = [migrations.RunPython(create, drop)]
