"""A to-do kind's `late` (its rows past their due date, counted in SQL with the other counts) finds
exactly the items whose `Todo.overdue` is true: on the shared demo, for every demo account and every
kind that states it, on each day around each item's due date."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from lvzhi.core import registry
from lvzhi.core.todos import _LateRows, overdue_list, overdue_panel

pytestmark = pytest.mark.django_db


def _demo_users():
    users = get_user_model().objects.filter(Q(username__startswith="wuwei_") | Q(username__startswith="pingliang_"))
    units = get_user_model().objects.filter(unit__isnull=False).order_by("pk")[:20]
    return list(users) + list(units)


def test_each_kinds_late_rows_are_its_items_past_their_due_date(shared_demo):
    checked, late_seen = set(), 0
    for user in _demo_users():
        for kind in registry.todo_kinds():
            if kind.rows is None or kind.late is None:
                continue
            rows = kind.rows(user)
            if rows is None:
                continue
            items = kind.items_for(user, rows.count())
            dues = {item.due for item in items if item.due}
            days = {timezone.localdate()} | {d + datetime.timedelta(days=n) for d in dues for n in (0, 1)}
            for day in days:
                expected = sum(1 for item in items if item.due and item.due < day)
                assert kind.late(rows, day).count() == expected, (user.username, kind.key, day)
                late_seen += expected
            checked.add(kind.key)
    # the demo gives most kinds something to check, and some items a due date that passes
    assert len(checked) >= 12, checked
    assert late_seen > 0


def test_the_home_pages_late_counts_are_the_to_do_centres_late_lists(shared_demo, rf):
    """What the home page's 逾期事项 counts (in SQL where the kind states `late`) is the length of the
    list its link opens (the items read one by one)."""
    compared = 0
    for user in _demo_users():
        request = rf.get("/")
        request.user = user
        panel = overdue_panel(request)
        shown = {row["key"]: row["value"] for _module, rows in (panel or {}).get("modules", []) for row in rows}
        for group in registry.todos_for(user):
            late = sum(1 for item in group.kind.items_for(user, group.count) if item.overdue)
            assert shown.get(group.kind.key, 0) == late, (user.username, group.kind.key)
            compared += 1
    assert compared > 0


def test_an_overdue_list_is_paged_in_the_database_and_lists_the_items_in_their_order(shared_demo):
    """The to-do centre's ?kind=…&overdue=1 list of a kind that states `late`: counted and sliced by the
    database (a province's office has tens of thousands of pending rows), the same items in the same
    order as reading every item and keeping the overdue ones."""
    compared = 0
    for user in _demo_users():
        for group in registry.todos_for(user):
            if group.kind.late is None:
                continue
            listed = overdue_list(user, [group])
            judged = [item for item in group.kind.items_for(user, group.count) if item.overdue]
            assert isinstance(listed, _LateRows)
            assert len(listed) == len(judged), (user.username, group.kind.key)
            assert [item for _group, item in listed[0 : len(judged)]] == judged, (user.username, group.kind.key)
            compared += bool(judged)
    assert compared > 0
