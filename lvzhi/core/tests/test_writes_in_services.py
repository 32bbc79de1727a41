"""Only services write (DESIGN.md, docs/architecture.md).

Every .py file under lvzhi/ is parsed with `ast`; a model write called anywhere else than in the
places that may write fails this test with its file and line.

May write:
- `services.py` and `services/` packages (every write of a module: checked, atomic, audited);
- demo loaders (`demo.py`, `demo_*.py`), `migrations/`, `tests/` and `factories.py`;
- the core mechanisms in `MECHANISMS`, each with its reason (they are what services call to write
  an audit entry, a transition, a number, a notification, an attachment, a derived store).

What counts as a model write (a heuristic, precise enough not to flag a dict's `.update(...)` or a
workbook's `.save(buffer)`):
- `.bulk_create(...)` and `.bulk_update(...)`, always;
- `.save()` and `.delete()` with no positional argument (a model instance, a model form, a
  queryset); `wb.save(buffer)`, `doc.save(stream)` or `cache.delete(key)` pass one and are not model
  writes;
- `.update(...)`, `.create(...)`, `.get_or_create(...)`, `.update_or_create(...)` when the receiver is
  a manager or a queryset: its chain goes through `.objects`, or through a queryset method
  (`filter`, `exclude`, `all`, `visible_to`, …); for the `create` family also a related manager
  (`user.roles.create(...)`), i.e. any attribute chain ending in something other than a plain name;
- `.add(...)`, `.remove(...)`, `.clear()` on a related manager (`studio.members.add(member)`): an
  attribute chain not rooted at `self` (a plain `seen.add(x)` or `self.seen.add(x)` is a set).

`PENDING` lists files of other modules still being moved onto services; it must only shrink.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # lvzhi/

# core's mechanisms that write on behalf of the services that call them
MECHANISMS = {
    "core/audit.py": "appends the audit entry a service records (append-only AuditEntry rows)",
    "core/workflow.py": "performs a transition and writes its Transition row, for a service's Workflow",
    "core/numbering.py": "takes the next number of a per-committee counter inside the service's transaction",
    "core/notifications.py": "stores notifications a service schedules on commit, and marks them read",
    "core/attachments.py": "stores an uploaded file as an Attachment for the service that receives it",
    "duties/ledger.py": "the duty ledger, a derived store kept current by registry.sync_derived in services",
}

# Files of other modules that still write outside services (being moved; the list only shrinks).
PENDING: set[str] = set()

WRITE_ALWAYS = {"bulk_create", "bulk_update"}
WRITE_NO_ARGS = {"save", "delete"}
WRITE_ON_MANAGER = {"update", "create", "get_or_create", "update_or_create"}
CREATE_FAMILY = {"create", "get_or_create", "update_or_create"}
RELATED_MANAGER = {"add", "remove", "clear"}
QUERYSET_METHODS = {
    "objects",
    "filter",
    "exclude",
    "all",
    "visible_to",
    "in_committees",
    "select_related",
    "prefetch_related",
    "select_for_update",
    "order_by",
    "annotate",
    "distinct",
    "only",
    "defer",
    "none",
}


def may_write(relative: str) -> bool:
    parts = relative.split("/")
    name = parts[-1]
    return (
        name == "services.py"
        or "services" in parts[:-1]
        or name == "demo.py"
        or (name.startswith("demo_") and name.endswith(".py"))
        or name == "factories.py"
        or "migrations" in parts
        or "tests" in parts
        or relative in MECHANISMS
    )


def _chain(node) -> list[str]:
    """The attribute and call names of a receiver, innermost last: `Proposal.objects.filter(x)` →
    ["filter", "objects", "Proposal"]."""
    names = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            names.append(node.id)
            return names
        else:
            return names


def is_model_write(call: ast.Call) -> bool:
    if not isinstance(call.func, ast.Attribute):
        return False
    method = call.func.attr
    receiver = call.func.value
    if method in WRITE_ALWAYS:
        return True
    if method in WRITE_NO_ARGS:
        return not call.args
    if method in WRITE_ON_MANAGER:
        chain = _chain(receiver)
        if QUERYSET_METHODS & set(chain):
            return True
        return method in CREATE_FAMILY and isinstance(receiver, ast.Attribute)
    if method in RELATED_MANAGER:
        return isinstance(receiver, ast.Attribute) and _chain(receiver)[-1] != "self"
    return False


def writes_in(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        f"{path.relative_to(ROOT)}:{node.lineno}: .{node.func.attr}(…)"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and is_model_write(node)
    ]


def test_only_services_write():
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if may_write(relative) or relative in PENDING:
            continue
        found += writes_in(path)
    assert not found, "Model writes outside services:\n" + "\n".join(found)


def test_pending_lists_only_files_that_still_write():
    """A file moved onto services leaves PENDING, so the list cannot hide a new write there."""
    clean = [p for p in sorted(PENDING) if not (ROOT / p).exists() or not writes_in(ROOT / p)]
    assert not clean, f"Remove from PENDING, they no longer write: {clean}"


def test_every_listed_mechanism_writes():
    """The allow-list holds only files that need it."""
    assert [m for m in sorted(MECHANISMS) if not writes_in(ROOT / m)] == []


@pytest.mark.parametrize(
    "source, flagged",
    [
        ("Proposal.objects.create(title='x')", True),
        ("Proposal.objects.filter(pk=1).update(state='filed')", True),
        ("Proposal.objects.filter(pk=1).delete()", True),
        ("proposal.save()", True),
        ("proposal.save(update_fields=['state'])", True),
        ("user.roles.create(role='member')", True),
        ("Member.objects.bulk_create(rows)", True),
        ("studio.members.add(member)", True),
        ("seat.special_committees.clear()", True),
        ("seen.add(x)", False),
        ("self.seen.add(x)", False),
        ("data.update(extra)", False),
        ("{}.update(a=1)", False),
        ("wb.save(buffer)", False),
        ("cache.delete(key)", False),
        ("registry.register(module)", False),
    ],
)
def test_the_heuristic(source, flagged):
    call = ast.parse(source).body[0].value
    assert is_model_write(call) is flagged
