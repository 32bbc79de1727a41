"""A readable diff of two texts, for pages that compare versions (a manuscript with its original, a
rule with an earlier version). Lines are compared first; a changed line is compared again character
by character (Chinese has no spaces between words), so the page marks exactly what was changed.
The rows hold plain text: the template (core/_diff.html) escapes it like any other value."""

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class DiffLine:
    tag: str  # "same" | "added" | "removed" | "changed"
    parts: tuple[tuple[str, str], ...]  # (("same" | "added" | "removed", text), ...)

    @property
    def text(self) -> str:
        return "".join(text for _tag, text in self.parts)


def _inline(old: str, new: str) -> tuple[tuple[str, str], ...]:
    parts = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(("same", old[a1:a2]))
            continue
        if a2 > a1:
            parts.append(("removed", old[a1:a2]))
        if b2 > b1:
            parts.append(("added", new[b1:b2]))
    return tuple(parts)


def diff_lines(old: str, new: str) -> list[DiffLine]:
    """The lines of `new` against `old`: unchanged, added, removed, or changed (a line replaced by
    one similar enough to show which characters changed)."""
    a, b = (old or "").splitlines(), (new or "").splitlines()
    rows: list[DiffLine] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            rows += [DiffLine("same", (("same", line),)) for line in a[a1:a2]]
            continue
        removed, added = a[a1:a2], b[b1:b2]
        paired = min(len(removed), len(added)) if op == "replace" else 0
        for old_line, new_line in zip(removed[:paired], added[:paired], strict=True):
            if difflib.SequenceMatcher(None, old_line, new_line, autojunk=False).ratio() >= 0.4:
                rows.append(DiffLine("changed", _inline(old_line, new_line)))
            else:
                rows.append(DiffLine("removed", (("removed", old_line),)))
                rows.append(DiffLine("added", (("added", new_line),)))
        rows += [DiffLine("removed", (("removed", line),)) for line in removed[paired:]]
        rows += [DiffLine("added", (("added", line),)) for line in added[paired:]]
    return rows


def diff_summary(rows: list[DiffLine]) -> dict[str, int]:
    """How many lines were added, removed and changed."""
    return {tag: sum(1 for r in rows if r.tag == tag) for tag in ("added", "removed", "changed")}
