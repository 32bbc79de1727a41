"""Upkeep of the search index in the transaction that changes a record: post_save and post_delete of
every registered model (and of the models a `Searchable` watches) call the search services.

The receivers are connected once, without a sender, and look the sender up among the registered
kinds: a module registering its `Searchable` later in start-up (any app order) is covered too.
Saves made while loading fixtures (`raw`) are skipped, and the services skip upkeep inside
`registry.bulk_loading()` (the demo, which ends with a rebuild); `manage.py rebuild_search` catches up.
"""

from django.db.models.signals import post_delete, post_save

from lvzhi.core import registry
from lvzhi.search import services

_paused = [0]


def _labels() -> set[str]:
    labels = set()
    for searchable in registry.searchables():
        labels.add(searchable.model)
        labels.update(searchable.watch)
    return labels


def paused() -> bool:
    return _paused[0] > 0


class pause:
    """Bulk loads (the demo) skip per-record upkeep and rebuild at the end."""

    def __enter__(self):
        _paused[0] += 1

    def __exit__(self, *exc):
        _paused[0] -= 1


def on_save(sender, instance, raw=False, **kwargs):
    if raw or paused() or sender._meta.label not in _labels():
        return
    services.sync(instance)


def on_delete(sender, instance, **kwargs):
    if paused() or sender._meta.label not in _labels():
        return
    services.forget(instance)


def connect() -> None:
    post_save.connect(on_save, dispatch_uid="lvzhi.search.on_save")
    post_delete.connect(on_delete, dispatch_uid="lvzhi.search.on_delete")
