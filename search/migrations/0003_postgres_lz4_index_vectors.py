"""PostgreSQL: compress the search index's body vectors and text with LZ4 instead of pglz.

Ranking a common word reads the body vector of every hit, and a Khmer page's vector is large
enough to be stored compressed: with pglz, decompressing 5,000 of them took about as long as
ranking them (about 34 ms on this machine); with LZ4 it takes about 10 ms less.

``ALTER COLUMN … SET COMPRESSION`` applies to values written from then on: ``manage.py
update_index`` rewrites every entry. Needs PostgreSQL 14 or newer built with LZ4 (Debian's and
the official images are); elsewhere the columns keep the server's default, and the search works
the same, only slower. Does nothing on other databases. Reversible.
"""

from django.db import migrations

TABLE = "wagtailsearch_indexentry"
COLUMNS = ("body", "body_text")


def _set(schema_editor, method):
    connection = schema_editor.connection
    if connection.vendor != "postgresql" or connection.pg_version < 140000:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        if method == "lz4" and not cursor.fetchone()[0]:
            return  # the server was built without LZ4
    for column in COLUMNS:
        schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN {column} SET COMPRESSION {method}")


def forwards(apps, schema_editor):
    _set(schema_editor, "lz4")


def backwards(apps, schema_editor):
    _set(schema_editor, "pglz")


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0002_postgres_title_body_gin")]

    operations = [migrations.RunPython(forwards, backwards)]
