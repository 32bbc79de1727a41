"""A to-do kind that states `late` (registry.TodoKind) has the database select its overdue items, so
the home page's 逾期事项 counts and the overdue lists do not read every pending row (a province's office
has tens of thousands). Walked on the demo: for every such kind and every account it concerns, the rows
`late` selects are exactly the items `Todo.overdue` marks, in the same order."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvzhi.accounts.choices import Role
from lvzhi.accounts.models import User
from lvzhi.core import registry
from lvzhi.core.todos import _LateRows, overdue_counts, overdue_items, overdue_list

LATE_KINDS = [kind for kind in registry.todo_kinds() if kind.late is not None]


def _accounts():
    """Every account with an office, leader or unit role, and a hundred members."""
    office = User.objects.filter(roles__role__in=[Role.STAFF, Role.LEADER, Role.UNIT]).distinct()
    members = User.objects.filter(roles__role=Role.MEMBER).exclude(pk__in=office.values("pk")).order_by("pk")[:100]
    return list(office.order_by("pk")) + list(members)


def _judged(user, kind):
    """The kind's items past due as the to-do centre judged them before `late`: every item read."""
    rows = kind.rows(user)
    return None if rows is None else [kind.todo(row) for row in rows if kind.todo(row).overdue]


def test_the_kinds_that_can_be_late_say_how(db):
    """Every kind stated as rows whose items carry a due date states `late` or is judged item by item;
    the kinds listed here state it (a kind dropping it would go back to reading every row)."""
    keys = {kind.key for kind in LATE_KINDS}
    assert {"proposals.overdue", "proposals.reply", "proposals.extension", "activities.finish"} <= keys


@pytest.mark.parametrize("kind", LATE_KINDS, ids=lambda kind: kind.key)
def test_the_rows_late_selects_are_the_items_marked_overdue(shared_demo, db, kind):
    checked = 0
    for user in _accounts():
        judged = _judged(user, kind)
        if judged is None:
            continue
        selected = [kind.todo(row) for row in kind.late_rows(user)]
        assert selected == judged, (kind.key, user.username)
        checked += 1
    assert checked, f"no demo account has {kind.key} to do"


def test_the_demo_has_items_past_due_and_not_yet_due(shared_demo, db):
    """The walk above is not vacuous: some kinds have items past due for someone, and some of those
    users also have items of that kind not yet due (so `late` had rows to leave out)."""
    late = partly = 0
    for user in _accounts():
        for kind in LATE_KINDS:
            rows = kind.rows(user)
            if rows is None:
                continue
            n, all_ = kind.late_rows(user).count(), rows.count()
            late += n > 0
            partly += 0 < n < all_
    assert late and partly


def test_the_home_page_counts_the_overdue_kinds_in_one_statement(shared_demo, db):
    user = User.objects.get(username="wuwei_staff")
    groups = registry.todos_for(user)
    stated = [g for g in groups if g.kind.late is not None]
    judged = [g for g in groups if g.kind.late is None]
    with CaptureQueriesContext(connection) as queries:
        found = overdue_counts(user, groups)
    statements = [q["sql"] for q in queries]
    assert sum(sql.startswith("SELECT (SELECT COUNT(*)") for sql in statements) == 1, statements
    assert len(statements) <= 1 + 2 * len(judged), statements  # a judged kind: its items (and its settings)
    for group in stated:
        assert found[group.kind.key] == len(_judged(user, group.kind)), group.kind.key


def test_an_overdue_list_of_a_late_kind_pages_in_the_database(shared_demo, db):
    found = [
        (user, group)
        for user in _accounts()
        for group in registry.todos_for(user)
        if group.kind.late is not None and group.kind.late_rows(user).exists()
    ]
    assert found, "no demo account has overdue items of a kind stating late"
    for user, group in found:
        listed = overdue_list(user, [group])
        judged = overdue_items(user, group)
        assert isinstance(listed, _LateRows) and len(listed) == len(judged)
        assert [item for _group, item in listed[0:3]] == judged[:3]
        assert [item for _group, item in listed[len(judged) - 1 : len(judged)]] == judged[-1:]
