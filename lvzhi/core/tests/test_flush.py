"""The emptying of the test database after a transactional or live-server test (Django's flush; on
SQLite with the foreign-key checks off while its statements run, see conftest.py): every table is
emptied, and the foreign keys are checked again afterwards."""

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

# made again by the flush's post_migrate; and the figure cache's table versions, bumped when the
# flush's deletes commit (lvzhi/core/figure_cache.py)
REMADE = {"django_content_type", "auth_permission", "core_tableversion"}


def _filled(tables) -> list[str]:
    filled = []
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'SELECT 1 FROM "{table}" LIMIT 1')
            if cursor.fetchone():
                filled.append(table)
    return filled


@pytest.mark.django_db(transaction=True)
def test_the_flush_empties_every_table_and_leaves_the_foreign_keys_checked(personas):
    tables = [t for t in connection.introspection.django_table_names(only_existing=True) if t not in REMADE]
    assert len(_filled(tables)) > 5

    call_command("flush", interactive=False, verbosity=0)  # as TransactionTestCase's teardown runs it

    assert _filled(tables) == []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            assert cursor.execute("PRAGMA foreign_keys").fetchone() == (1,)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO auth_permission (name, content_type_id, codename) VALUES ('x', 999999999, 'x')")
