"""The ``home`` fixture writes make_home's rows instead of building the pages each time
(tests/support/home_tree.py): the database a test gets must be the one make_home gives."""

import datetime
import uuid

from django.db import transaction

from tests.conftest import make_home
from tests.support.home_tree import _rows, _tables


def snapshot():
    """Every table's rows without what differs between two builds of the same pages: keys,
    times, random translation keys, and revisions' stored copies and log entries' JSON data
    (they hold keys: on PostgreSQL a rolled-back build still moves the sequences)."""
    result = {}
    for model in _tables():
        rows = []
        for row in _rows(model).values():
            kept = {
                name: value
                for name, value in row.items()
                if not (name == "id" or name.endswith("_id") or name == "content")
                and not isinstance(value, datetime.datetime | uuid.UUID | dict)
            }
            rows.append(repr(sorted(kept.items())))
        result[model._meta.db_table] = sorted(rows)
    return result


def test_the_home_fixture_gives_the_database_make_home_gives(db, _home_rows):
    savepoint = transaction.savepoint()
    km, en = _home_rows.apply()
    fast = snapshot()
    # Asked before the rollback: on PostgreSQL the second build gets new keys.
    assert km.live and en.live and en.translation_key == km.translation_key
    assert km.get_site().root_page_id == km.pk
    transaction.savepoint_rollback(savepoint)
    make_home()
    slow = snapshot()

    assert fast == slow
