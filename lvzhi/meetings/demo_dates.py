"""Dating the demo's meetings (part of demo.py): the demo calls the services as the office would, one
step of its work after another, and what each step writes carries the time of its event, not of the
load.

`dated(when)` wraps one step. Inside it, every time a row is stamped with on its own (the
`auto_now_add`/`auto_now` fields: transitions, audit entries, notifications, attachments, the
meeting's registrations, speeches, materials, …) is `when`, so the rows are written once with the
right time (the audit log is append-only: it is never re-dated afterwards). The step's
notifications, which the services leave for after the commit (the whole demo is one transaction),
are delivered at the end of the step, inside it. The times the services take from the clock
themselves (a vote's opening and closing, a speech's review, the minutes' publication, …) are set
by the demo with `stamp`, and the duty ledger then follows the dates of its sources."""

import contextlib
import datetime

from django.apps import apps
from django.db import connection
from django.utils import timezone

from lvzhi.core import registry


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """A local time: `hour` o'clock on `day`, `minute` minutes after (may run past the hour)."""
    moment = datetime.datetime.combine(day, datetime.time(hour)) + datetime.timedelta(minutes=minute)
    return timezone.make_aware(moment)


def _stamped_fields() -> list:
    """Every date-time field that a save stamps with the time on its own."""
    fields = {
        id(f): f
        for model in apps.get_models()
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    }
    return list(fields.values())  # an inherited field once


def _at_event(field, when):
    def pre_save(instance, add):
        if field.auto_now or add:
            setattr(instance, field.attname, when)
        return getattr(instance, field.attname)

    return pre_save


def _deliver_now(since: int) -> None:
    """Run the after-commit callbacks registered since `since` (the step's notifications) now; those
    they register in turn (the channels' sends) wait for the commit as before."""
    waiting = connection.run_on_commit[since:]
    del connection.run_on_commit[since:]
    for _savepoints, callback, _robust in waiting:
        callback()


@contextlib.contextmanager
def dated(when: datetime.datetime):
    """One step of the office's work, done at `when` (see the module's text)."""
    fields = _stamped_fields()
    for f in fields:
        f.pre_save = _at_event(f, when)  # this field only, until the step ends
    since = len(connection.run_on_commit)  # outside a transaction on_commit runs at once: nothing waits
    try:
        yield
        _deliver_now(since)
    finally:
        for f in fields:
            del f.pre_save  # the class's own again


def stamp(obj, *, sync: bool = False, **fields) -> None:
    """Set the times of one of the meeting's own rows (an update: `auto_now` does not apply); with
    `sync`, bring the derived stores (the duty ledger) to the new dates."""
    type(obj).objects.filter(pk=obj.pk).update(**fields)
    for name, value in fields.items():
        setattr(obj, name, value)
    if sync:
        registry.sync_derived(obj)
