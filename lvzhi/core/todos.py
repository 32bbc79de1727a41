"""我的待办: one to-do centre for every role, read from the kinds the modules declare in their
`todos` (`registry.TodoKind`). The page (/me/todos/), the API (GET /api/v1/me/todos) and the home
page's "我的待办" panel all ask `registry.todos_for`, so the count on the home page is the number of
rows its link opens.

A kind without a list of its own is listed here, filtered: /me/todos/?kind=<key> shows exactly that
kind's items, paged. Queries: one statement counts the kinds that concern the user, one more reads
the items shown, whatever the number of kinds (`registry.todos_for`, `registry.todo_items`).
"""

import datetime
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema

from lvzhi.core import registry
from lvzhi.core.api import READ_ERRORS, PageParams
from lvzhi.core.errors import Invalid

PAGE_SIZE = 25  # items of one kind per page (?kind=)
PREVIEW = 5  # items of each kind on the to-do centre's overview


def kind_url(group: registry.TodoGroup) -> str:
    """The list that opens exactly this kind's items: the module's own, else the to-do centre's."""
    return group.url or f"{reverse('core:todos')}?{urlencode({'kind': group.kind.key})}"


def _known_kind(key: str) -> str:
    if registry.todo_kind(key) is None:
        raise Invalid(errors={"kind": [_("没有这种待办。")]})
    return key


def window(user, groups, start: int, size: int) -> list[tuple[registry.TodoGroup, registry.Todo]]:
    """Items `start`..`start+size` of the groups' items laid end to end (one statement for the kinds
    the window touches, `registry.todo_items`)."""
    wanted, offset = [], 0
    for group in groups:
        first, last = max(start - offset, 0), min(start + size - offset, group.count)
        if first < last:
            wanted.append((group, first, last))
        offset += group.count
    read = registry.todo_items(user, wanted)
    return [(group, item) for (group, _first, _last), items in zip(wanted, read, strict=True) for item in items]


class _Items:
    """A sequence over the groups' items that the Paginator can count and slice without loading all."""

    def __init__(self, user, groups):
        self.user, self.groups = user, groups

    def __len__(self):
        return sum(g.count for g in self.groups)

    def count(self):
        return len(self)

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop = index.start or 0, index.stop if index.stop is not None else len(self)
            return window(self.user, self.groups, start, stop - start)
        return window(self.user, self.groups, index, 1)[0]


def overdue_items(user, group) -> list[registry.Todo]:
    """The group's items past their due date (one query for the kind's items)."""
    return [item for item in group.kind.items_for(user, group.count) if item.overdue]


class _LateRows:
    """One kind's rows past their due date (`TodoKind.late`) as (group, item) pairs that the Paginator
    counts and slices in the database."""

    def __init__(self, group, rows):
        self.group, self.rows = group, rows

    def count(self):
        return self.rows.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        rows = self.rows[index] if isinstance(index, slice) else [self.rows[index]]
        pairs = [(self.group, self.group.kind.todo(row)) for row in rows]
        return pairs if isinstance(index, slice) else pairs[0]


def overdue_list(user, groups):
    """The groups' items past their due date as (group, item) pairs, for the Paginator: a kind that
    states `late` paged in the database, the others' items read and judged."""
    if len(groups) == 1 and groups[0].kind.late is not None and (rows := groups[0].kind.rows(user)) is not None:
        return _LateRows(groups[0], groups[0].kind.late(rows, timezone.localdate()))
    return [(g, item) for g in groups for item in overdue_items(user, g)]


def overdue_url(key: str) -> str:
    return f"{reverse('core:todos')}?{urlencode({'kind': key, 'overdue': '1'})}"


@login_required
def todo_page(request):
    """The to-do centre: per kind, how many and the most urgent items; ?kind= lists one kind, paged;
    ?kind=…&overdue=1 only its items past their due date (what the home page's overdue counts open)."""
    user = request.user
    key = request.GET.get("kind", "")
    overdue = request.GET.get("overdue") == "1"
    if key and overdue:
        _known_kind(key)
        groups = registry.todos_for(user, kinds={key})
        page = Paginator(overdue_list(user, groups), PAGE_SIZE).get_page(request.GET.get("page"))
        chosen = registry.todo_kind(key)[1]
    elif key:
        _known_kind(key)
        groups = registry.todos_for(user, kinds={key})
        page: Page | None = Paginator(_Items(user, groups), PAGE_SIZE).get_page(request.GET.get("page"))
        chosen = registry.todo_kind(key)[1]
    else:
        groups = registry.todos_for(user, limit=PREVIEW)
        page, chosen = None, None
    context = {
        "groups": [(g, kind_url(g)) for g in groups],
        "page": page,
        "chosen": chosen,
        "overdue": overdue and bool(key),
        "total": page.paginator.count if overdue and key else sum(g.count for g in groups),
    }
    return render(request, "core/todos.html", context)


def _home_groups(request):
    """The user's to-do groups, counted once for the home page's panels."""
    if not hasattr(request, "_lvzhi_todo_groups"):
        request._lvzhi_todo_groups = registry.todos_for(request.user, late=True)
    return request._lvzhi_todo_groups


def home_panel(request):
    """我的待办 on the home page: the count of each kind, linking to exactly those items."""
    groups = _home_groups(request)
    if not groups:
        return None
    return {
        "key": "todos",
        "order": 5,  # first: what awaits the user
        "title": _("我的待办"),
        "template": "core/todos_panel.html",
        "items": [
            {"key": g.kind.key, "label": g.kind.label, "value": g.count, "url": kind_url(g), "source": g.source}
            for g in groups
        ],
        "more_url": reverse("core:todos"),
    }


def overdue_panel(request):
    """逾期事项 on the home page: per module, each kind's items past their due date, each count opening
    exactly those items (the to-do centre, ?kind=…&overdue=1)."""
    modules: dict[str, list[dict]] = {}
    for group in _home_groups(request):
        # counted with the others in one statement where the kind states `late`, else read item by item
        late = group.late if group.late is not None else len(overdue_items(request.user, group))
        if late:
            modules.setdefault(str(group.source), []).append(
                {"key": group.kind.key, "label": group.kind.label, "value": late, "url": overdue_url(group.kind.key)}
            )
    if not modules:
        return None
    return {
        "key": "overdue",
        "order": 6,
        "title": _("逾期事项"),
        "template": "core/overdue_panel.html",
        "modules": sorted(modules.items()),
    }


# --- API ------------------------------------------------------------------------------------------

router = Router(tags=["me"])


class TodoOut(Schema):
    kind: str = Field(description="待办种类，如 proposals.confirm")
    source: str = Field(description="来源模块")
    title: str
    note: str = ""
    url: str = Field(description="打开这一项的页面")
    due: datetime.date | None = None
    overdue: bool


class TodoKindOut(Schema):
    kind: str
    label: str
    source: str
    count: int
    url: str = Field(description="列出这一种待办的页面")


class TodoList(Schema):
    items: list[TodoOut]
    count: int
    kinds: list[TodoKindOut]


class TodoQuery(PageParams):
    kind: str = Field("", max_length=80, description="只列这一种待办")


@router.get("/me/todos", response={200: TodoList, **READ_ERRORS})
def my_todos(request: HttpRequest, params: Query[TodoQuery]):
    """What awaits the caller across the modules, most urgent first within each kind, with the
    count of each kind."""
    user = request.auth
    if params.kind:
        _known_kind(params.kind)
    groups = registry.todos_for(user, kinds={params.kind} if params.kind else None)
    start = (params.page - 1) * params.page_size
    items = [
        {
            "kind": group.kind.key,
            "source": group.source,
            "title": item.title,
            "note": item.note,
            "url": item.url,
            "due": item.due,
            "overdue": item.overdue,
        }
        for group, item in window(user, groups, start, params.page_size)
    ]
    kinds = [
        {"kind": g.kind.key, "label": str(g.kind.label), "source": g.source, "count": g.count, "url": kind_url(g)}
        for g in groups
    ]
    return {"items": items, "count": sum(g.count for g in groups), "kinds": kinds}
