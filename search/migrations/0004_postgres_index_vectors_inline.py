"""PostgreSQL: keep the search index's title and body vectors in the entry's row.

Ranking a common word reads the body vector of every hit (5,000 of the benchmark's 10,000
pages for គណនេយ្យភាព). With the default storage (``EXTENDED``) a row over about 2 kB has its
largest values moved to the TOAST table, the vectors included, so each hit cost a TOAST index
lookup and two or three more buffer reads: on the benchmark that was 34 ms of a 63 ms query.
``MAIN`` still compresses the vectors (with LZ4, migration 0003) but moves them out of the row
only when nothing else makes it fit in a page; the page text (``body_text``, read only for the
ten results shown) goes out instead. The same query then reads 4,400 buffers instead of 18,900
and takes 28 ms.

``SET STORAGE`` applies to values written from then on: ``manage.py update_index`` rewrites
every entry. Does nothing on other databases. Reversible.
"""

from django.db import migrations

TABLE = "wagtailsearch_indexentry"
COLUMNS = ("title", "body")


def _set(schema_editor, storage):
    if schema_editor.connection.vendor != "postgresql":
        return
    alters = ", ".join(f"ALTER COLUMN {column} SET STORAGE {storage}" for column in COLUMNS)
    schema_editor.execute(f"ALTER TABLE {TABLE} {alters}")


def forwards(apps, schema_editor):
    _set(schema_editor, "MAIN")


def backwards(apps, schema_editor):
    _set(schema_editor, "EXTENDED")


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0003_postgres_lz4_index_vectors")]

    operations = [migrations.RunPython(forwards, backwards)]
