"""Recreate Wagtail's SQLite FTS5 table with a tokenizer that keeps Khmer words whole.

FTS5's default ``unicode61`` tokenizer treats Khmer vowel signs and COENG as separators and cuts
words into consonant scraps. ``categories 'L* N* Co M*'`` makes marks part of tokens, so the
words segmented by ``search.text`` stay words; ``porter`` stems English (CAFs finds CAF) and
leaves non-ASCII tokens alone. Rows are copied back from ``wagtailsearch_indexentry``; Wagtail's
triggers (on that table) keep working. Reversible. Does nothing on other databases.
"""

from django.db import migrations

TABLE = "wagtailsearch_indexentry"
KHMER_TOKENIZER = "porter unicode61 categories 'L* N* Co M*'"
WAGTAIL_TOKENIZER = "unicode61"


def _recreate(schema_editor, tokenizer):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name=%s", [f"{TABLE}_fts"]
        )
        if cursor.fetchone() is None:  # no FTS5 on this SQLite: Wagtail uses its fallback
            return
        cursor.execute(f"DROP TABLE {TABLE}_fts")
        cursor.execute(
            f"CREATE VIRTUAL TABLE {TABLE}_fts USING fts5(autocomplete, body, title, "
            f'tokenize="{tokenizer}")'
        )
        cursor.execute(
            f"INSERT INTO {TABLE}_fts(rowid, title, body, autocomplete) "
            f"SELECT id, title, body, autocomplete FROM {TABLE}"
        )


def forwards(apps, schema_editor):
    _recreate(schema_editor, KHMER_TOKENIZER)


def backwards(apps, schema_editor):
    _recreate(schema_editor, WAGTAIL_TOKENIZER)


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(forwards, backwards)]
