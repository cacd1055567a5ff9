from django.db import migrations

from search.backends import SQLITE_VOCAB


def forwards(apps, schema_editor):
    # The FTS5 vocabulary (term → how many entries hold it) lets a query spot words too common to rank by.
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_VOCAB)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_fts_vocab")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
