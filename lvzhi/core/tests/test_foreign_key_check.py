"""The foreign-key check after each test in a transaction still finds what a test leaves dangling,
now that it reads only the tables written and those referring to them (conftest.py,
`foreign_keys_checked_where_written`). SQLite's references are checked at the commit, which a test
never reaches: this check is what would tell."""

import pytest
from django.db import IntegrityError, connection

from lvzhi.org.models import Member, Membership, Term

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="the check narrowed is SQLite's")


def _restoring(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_a_reference_to_a_row_that_is_not_there_is_found(personas):
    membership = Membership.objects.order_by("pk").first()
    missing = (Term.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    _restoring(f'UPDATE "{Membership._meta.db_table}" SET "term_id" = %s WHERE "id" = %s', [missing, membership.pk])
    with pytest.raises(IntegrityError):
        connection.check_constraints()
    _restoring(
        f'UPDATE "{Membership._meta.db_table}" SET "term_id" = %s WHERE "id" = %s', [membership.term_id, membership.pk]
    )
    connection.check_constraints()  # nothing dangling again


def test_a_row_deleted_under_the_rows_that_refer_to_it_is_found(personas):
    """The referring table was not written: it is checked because the table it refers to was."""
    membership = Membership.objects.order_by("pk").first()
    member = Member.objects.get(pk=membership.member_id)
    row = {f.column: getattr(member, f.attname) for f in Member._meta.concrete_fields}
    _restoring(f'DELETE FROM "{Member._meta.db_table}" WHERE "id" = %s', [member.pk])
    with pytest.raises(IntegrityError):
        connection.check_constraints()
    columns = ", ".join(f'"{c}"' for c in row)
    _restoring(
        f'INSERT INTO "{Member._meta.db_table}" ({columns}) VALUES ({", ".join(["%s"] * len(row))})', list(row.values())
    )
    connection.check_constraints()


def test_a_test_that_writes_nothing_is_not_checked_and_one_that_writes_is(personas):
    from conftest import _written_tables

    Member.objects.count()
    assert connection.alias not in _written_tables
    Member.objects.filter(pk=Member.objects.order_by("pk").first().pk).update(name="张三")
    assert _written_tables[connection.alias] == {Member._meta.db_table}
