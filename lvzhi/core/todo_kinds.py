"""What a module declares of the to-dos its records make (`TodoKind`, with the usual rules of when an
item is late), and what the to-do centre and the home page are given (`Todo`, `TodoGroup`); the
registry counts and reads them (`registry.todos_for`). Part of the registry's contracts
(`lvzhi.core.registry` gives every name here too)."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import F, QuerySet
from django.utils import timezone

from lvzhi.core.duty_facts import EPOCH, DayNumber


class Todo(NamedTuple):
    """One thing that awaits a user: what, where to open it (exactly that record), by when."""

    title: str
    url: str
    due: datetime.date | None = None
    note: str = ""  # a second line: whose, which committee, which state

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < timezone.localdate()


@dataclass(frozen=True)
class TodoKind:
    """A kind of to-do a module declares in its `todos` (the to-do centre, the home page's counts and
    GET /api/v1/me/todos read them through `todos_for`).

    - `key`: "<module>.<what>" ("proposals.confirm"), stable: links and tests name it;
    - `label`: what the user reads ("待确认的联名提案");
    - either `rows(user)`: the queryset of the user's pending rows, most urgent first, with what
      `todo(row)` reads select_related (None when the kind does not concern this user: no query),
      and `todo(row) -> Todo`;
    - or `items(user, limit)`: at most `limit` `Todo`s, most urgent first, and `count(user)`: how many
      in all (the same rows), each in a constant number of queries;
    - `url(user)`: optional, a module page that lists exactly those rows; without it the to-do centre
      filtered to this kind (/me/todos/?kind=<key>) is the list;
    - `late(rows, today)`: optional, with `rows`: the rows whose item is past its due date (the items
      whose `Todo.overdue` is true), stated as a filter so that the home page counts them with the
      others in one statement (`late_by_date`, `late_by_datetime`, `late_after_days` state the usual
      rules); `never_late` for a kind whose items are never past due. Without it the home page reads
      the kind's items to find the late ones (test_todos_late.py requires it of every kind).
    """

    key: str
    label: str
    items: Callable | None = None
    count: Callable | None = None
    url: Callable | None = None
    rows: Callable | None = None
    todo: Callable | None = None
    late: Callable | None = None

    def count_for(self, user) -> int:
        if self.rows is not None:
            rows = self.rows(user)
            return 0 if rows is None else rows.count()
        return self.count(user)

    def items_for(self, user, limit: int, offset: int = 0) -> list[Todo]:
        if self.rows is not None:
            rows = self.rows(user)
            return [] if rows is None else [self.todo(row) for row in rows[offset : offset + limit]]
        return list(self.items(user, offset + limit))[offset:]


def never_late(rows, today):
    """`TodoKind.late` of a kind whose items have no due date or one not yet passed."""
    return rows.none()


def late_by_date(field: str) -> Callable:
    """`TodoKind.late` of a kind whose item is due on the date `field` of its row."""
    return lambda rows, today: rows.filter(**{f"{field}__lt": today})


def this_minute() -> datetime.datetime:
    """The moment a to-do kind compares its rows with (an invitation still to come, an activity past
    its end), to the minute: for a minute its count and first items are the same statement, kept in
    the figure cache like any other (`todos_for`, `todo_items`), instead of a statement of its own on
    every page — each never read again, and each stored."""
    return timezone.now().replace(second=0, microsecond=0)


def late_by_datetime(field: str) -> Callable:
    """`TodoKind.late` of a kind whose item is due on the local day of the datetime `field`."""

    def late(rows, today):
        midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
        return rows.filter(**{f"{field}__lt": midnight})

    return late


def late_after_days(start: str | Callable, days: str) -> Callable:
    """`TodoKind.late` of a kind whose item is due `days` days after its start day: `days` a field or
    an annotation of the rows (a committee's period), `start` a date field, or a function giving the
    expression of the day (`lambda: local_date("replied_at")`, built when asked so that the day is
    taken in the time zone current then, as `timezone.localtime` takes it). A row without a start
    day is never late, as its item has no due date."""

    def late(rows, today):
        day = start() if callable(start) else start
        due = DayNumber(day) + F(days)
        return rows.alias(late_due_day=due).filter(late_due_day__lt=(today - EPOCH).days)

    return late


class TodoGroup(NamedTuple):
    """What `todos_for` answers per kind with something pending: the kind, its module's label (the
    item's source), how many, the first items (when asked for), the module's own list, if any, and —
    with `late=True`, for a kind that states `late` — how many are past their due date (else None)."""

    kind: TodoKind
    source: str
    count: int
    items: list[Todo]
    url: str
    late: int | None = None
    rows: QuerySet | None = None  # the kind's pending rows as counted; None for a kind stated as `items`
