"""PostgreSQL: a GIN index on ``title || body`` of the search index entries.

The ranked search (``search/backends/postgres_ranking.py``) matches ``(title || body) @@
tsquery``; with this index a rare word is an index lookup instead of a scan that concatenates
every entry's vectors. Wagtail's own migrations only index ``title``, ``body`` and
``autocomplete`` separately. Does nothing on other databases. Reversible.
"""

from django.db import migrations

TABLE = "wagtailsearch_indexentry"
INDEX = "search_indexentry_title_body_gin"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} USING GIN ((title || body))"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0001_khmer_fts_tokenizer")]

    operations = [migrations.RunPython(forwards, backwards)]
