"""Every write to the search index: upkeep of single records (called in the transaction that changed
them, by the signals in signals.py and by `registry.sync_derived`), the rebuild, and the drift check.

An entry is derived from its record by the record's `Searchable` (lvzhi.core.registry): upkeep and
rebuild go through the same `_entry`, so incremental upkeep equals a rebuild by construction, and
`differences()` proves it on a live database (manage.py rebuild_search --check).
"""

import hashlib
import time
from dataclasses import dataclass, field
from functools import lru_cache

from django.apps import apps
from django.db import transaction
from django.urls import reverse

from lvzhi.core import registry
from lvzhi.search.backends import backend, tags
from lvzhi.search.models import SearchEntry
from lvzhi.search.text import index_tokens, person_tokens, pinyin_tokens

BODY_CHARS = 10_000  # of a record's text kept for snippets and tokens
BATCH = 1000


def _text(value) -> str:
    return " ".join(str(value or "").split())


def _document(searchable: registry.Searchable, obj) -> dict:
    day = searchable.date(obj)
    if hasattr(day, "date") and callable(day.date):
        day = day.date()
    return {
        "committee_id": searchable.committee(obj),
        "date": day,
        "year": day.year if day else None,
        "title": _text(searchable.title(obj))[:300],
        "extra": _text(searchable.extra(obj))[:300],
        "body": _text(searchable.body(obj))[:BODY_CHARS],
        "url": _url(searchable, obj),
    }


_PK = 987654321


@lru_cache(maxsize=256)
def _url_pattern(name: str) -> str:
    return reverse(name, args=[_PK])


def _url(searchable, obj) -> str:
    """The record's page: a URL name is reversed once per kind (reversing per record costs more than
    the segmentation) and the pk put in its place."""
    if isinstance(searchable.url, str):
        return _url_pattern(searchable.url).replace(str(_PK), str(obj.pk))
    return searchable.url(obj)


def _digest(doc: dict) -> str:
    raw = "\x1f".join(str(doc[k]) for k in ("committee_id", "date", "title", "extra", "body", "url"))
    return hashlib.sha1(raw.encode()).hexdigest()


def _tokens(searchable: registry.Searchable, doc: dict) -> tuple[str, str]:
    title = index_tokens(doc["title"]) + index_tokens(doc["extra"])
    if searchable.pinyin:
        title = person_tokens(doc["title"]) + index_tokens(doc["extra"])
    else:
        title += pinyin_tokens(doc["title"])
    return " ".join(title), " ".join(index_tokens(doc["body"]))


def _fill(entry: SearchEntry, searchable, doc: dict, digest: str) -> SearchEntry:
    for name, value in doc.items():
        setattr(entry, name, value)
    entry.title_tokens, entry.body_tokens = _tokens(searchable, doc)
    entry.tags = tags(searchable.kind, doc["committee_id"], doc["year"])
    entry.digest = digest
    return entry


def _model(searchable):
    return apps.get_model(searchable.model)


def _records(searchable, ids=None):
    qs = searchable.records(_model(searchable)._default_manager.all())
    if searchable.related:
        qs = qs.select_related(*searchable.related)
    if searchable.prefetch:
        qs = qs.prefetch_related(*searchable.prefetch)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.order_by("pk")


# --- upkeep ---------------------------------------------------------------------------------------


def _targets(obj) -> list[tuple[registry.Searchable, list[int]]]:
    label = obj._meta.label
    found = []
    for searchable in registry.searchables():
        if searchable.model == label:
            found.append((searchable, [obj.pk]))
        elif label in searchable.watch:
            ids = [i for i in searchable.watch[label](obj) if i is not None]
            if ids:
                found.append((searchable, ids))
    return found


@transaction.atomic
def reindex(searchable: registry.Searchable, ids) -> None:
    """Bring the entries of these records up to date: written when their text changed, removed when
    the record is gone. One query to read the records, one for their entries, one per write."""
    ids = sorted(set(ids))
    records = {obj.pk: obj for obj in _records(searchable, ids)}
    existing = {e.object_id: e for e in SearchEntry.objects.filter(kind=searchable.kind, object_id__in=ids)}
    gone = [pk for pk in ids if pk not in records and pk in existing]
    if gone:
        SearchEntry.objects.filter(kind=searchable.kind, object_id__in=gone).delete()
        backend().removed(searchable.kind, gone)
    changed = []
    for pk, obj in records.items():
        doc = _document(searchable, obj)
        digest = _digest(doc)
        entry = existing.get(pk)
        if entry is not None and entry.digest == digest:
            continue
        entry = _fill(entry or SearchEntry(kind=searchable.kind, object_id=pk), searchable, doc, digest)
        entry.save()
        changed.append(entry)
    if changed:
        backend().indexed(changed)


def sync(*objs) -> None:
    """The derived-store hook: reindex whatever records these changed objects feed (nothing during a
    bulk load, which rebuilds at its end)."""
    if registry.is_bulk_loading():
        return
    for obj in objs:
        if obj is None or obj.pk is None:
            continue
        for searchable, ids in _targets(obj):
            reindex(searchable, ids)


@transaction.atomic
def forget(obj) -> None:
    """A deleted record leaves the index (a deleted related row reindexes what it fed)."""
    if registry.is_bulk_loading():
        return
    label = obj._meta.label
    for searchable in registry.searchables():
        if searchable.model == label and obj.pk is not None:
            SearchEntry.objects.filter(kind=searchable.kind, object_id=obj.pk).delete()
            backend().removed(searchable.kind, [obj.pk])
        elif label in searchable.watch:
            ids = [i for i in searchable.watch[label](obj) if i is not None]
            if ids:
                reindex(searchable, ids)


# --- rebuild and drift check ----------------------------------------------------------------------


@dataclass
class Differences:
    """What a rebuild would change: records without an entry, entries whose text is out of date,
    entries without a record (or of a kind no module declares any more)."""

    missing: list[tuple[str, int]] = field(default_factory=list)
    stale: list[tuple[str, int]] = field(default_factory=list)
    orphaned: list[tuple[str, int]] = field(default_factory=list)

    def __bool__(self):
        return bool(self.missing or self.stale or self.orphaned)

    def lines(self) -> list[str]:
        return (
            [f"缺少 {kind} #{pk}" for kind, pk in self.missing]
            + [f"过期 {kind} #{pk}" for kind, pk in self.stale]
            + [f"多余 {kind} #{pk}" for kind, pk in self.orphaned]
        )


def _walk(searchable, *, write: bool, diff: Differences) -> int:
    existing = dict(
        SearchEntry.objects.filter(kind=searchable.kind).values_list("object_id", "digest").iterator(chunk_size=5000)
    )
    fresh, stale_entries, written = [], [], 0
    last = 0
    while True:
        batch = list(_records(searchable).filter(pk__gt=last)[:BATCH])
        if not batch:
            break
        last = batch[-1].pk
        stale_ids = []
        for obj in batch:
            doc = _document(searchable, obj)
            digest = _digest(doc)
            old = existing.pop(obj.pk, None)
            if old == digest:
                continue
            if old is None:
                diff.missing.append((searchable.kind, obj.pk))
                if write:
                    fresh.append(_fill(SearchEntry(kind=searchable.kind, object_id=obj.pk), searchable, doc, digest))
            else:
                diff.stale.append((searchable.kind, obj.pk))
                if write:
                    stale_ids.append(obj.pk)
                    stale_entries.append((obj.pk, doc, digest))
        if write and fresh:
            SearchEntry.objects.bulk_create(fresh, batch_size=500)
            backend().indexed(fresh)
            written += len(fresh)
            fresh = []
        if write and stale_entries:
            entries = {
                e.object_id: e for e in SearchEntry.objects.filter(kind=searchable.kind, object_id__in=stale_ids)
            }
            for pk, doc, digest in stale_entries:
                entries[pk] = _fill(entries[pk], searchable, doc, digest)
                entries[pk].save()
            backend().indexed(list(entries.values()))
            written += len(stale_entries)
            stale_entries = []
    for pk in existing:
        diff.orphaned.append((searchable.kind, pk))
    if write and existing:
        gone = list(existing)
        for start in range(0, len(gone), BATCH):
            SearchEntry.objects.filter(kind=searchable.kind, object_id__in=gone[start : start + BATCH]).delete()
        backend().removed(searchable.kind, gone)
    return written


def _unknown_kinds(diff: Differences, *, write: bool) -> None:
    known = [s.kind for s in registry.searchables()]
    rows = SearchEntry.objects.exclude(kind__in=known)
    diff.orphaned.extend(rows.values_list("kind", "object_id"))
    if write:
        rows.delete()


def differences(kinds=None) -> Differences:
    """What a rebuild would change (nothing is written)."""
    diff = Differences()
    for searchable in registry.searchables():
        if kinds is None or searchable.kind in kinds:
            _walk(searchable, write=False, diff=diff)
    if kinds is None:
        _unknown_kinds(diff, write=False)
    return diff


@transaction.atomic
def rebuild(kinds=None, *, stdout=None) -> Differences:
    """Make the index equal to the records (of these kinds; default every kind): only what differs
    is written. Returns what changed."""
    diff = Differences()
    for searchable in registry.searchables():
        if kinds is not None and searchable.kind not in kinds:
            continue
        started = time.monotonic()
        written = _walk(searchable, write=True, diff=diff)
        if stdout is not None:
            stdout.write(f"全文检索 {searchable.kind}：写入 {written} 条（{time.monotonic() - started:.1f} 秒）")
    if kinds is None:
        _unknown_kinds(diff, write=True)
    backend().after_bulk()
    return diff
