"""Writes to the append-only audit log. Services call `record` for every write."""

import datetime
import decimal

from django.db import models

from lvzhi.core import context, metrics, pii
from lvzhi.core.models import AuditEntry


def _plain(value):
    if isinstance(value, (datetime.date, datetime.datetime, decimal.Decimal)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj, fields=None) -> dict:
    """The concrete, non-secret field values of a model instance, JSON-ready.

    Fields whose name ends in `_encrypted` or `_hash` are left out: personal information never
    enters the audit log in clear or in cipher. A birth date is kept as its year and month, as
    everyone without the personal-information permission sees it (with the full date, a masked ID
    number would leave too few candidates: docs/security.md).
    """
    data = {}
    for field in obj._meta.concrete_fields:
        name = field.attname
        if fields and field.name not in fields and name not in fields:
            continue
        if name.endswith(("_encrypted", "_hash")) or name == "password":
            continue
        value = getattr(obj, name)
        if name == "birth_date" and isinstance(value, datetime.date):
            value = pii.birth_month(value)
        data[name] = _plain(value)
    return data


def record(
    action,
    *,
    actor=None,
    obj=None,
    committee=None,
    before=None,
    after=None,
    result="ok",
    note="",
    actor_name=None,
    object_type=None,
):
    ctx = context.current()
    if committee is None and obj is not None:
        committee = getattr(obj, "committee", None) if hasattr(obj, "committee_id") else None
    user = actor if getattr(actor, "pk", None) else None
    object_type = object_type or (obj._meta.label_lower if obj is not None else "")
    metrics.count_audit(action, object_type, result)
    return AuditEntry.objects.create(
        actor=user,
        actor_name=actor_name if actor_name is not None else (getattr(actor, "username", "") or ""),
        action=action,
        object_type=object_type,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        committee=committee,
        before=before,
        after=after,
        request_id=ctx.request_id,
        ip=ctx.ip,
        result=result,
        note=note[:500],
    )
