"""Gap-free, duplicate-free numbers per committee and key.

`next_number(committee, "5-3")` returns 1, 2, 3 … for term 5 session 3 of that committee. It must
be called inside the transaction that stores the numbered record: if that transaction rolls back,
the number is given back too, so there are no gaps. The counter row is incremented with a single
UPDATE, which takes the row lock on PostgreSQL; on SQLite every transaction takes the database
write lock at its start (transaction_mode IMMEDIATE), so concurrent callers queue and never read
the same value.
"""

from django.db import IntegrityError, transaction
from django.db.models import F

from lvzhi.core.models import Sequence


def next_number(committee, key: str) -> int:
    committee_id = getattr(committee, "pk", committee)
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside the transaction that stores the number.")
    updated = Sequence.objects.filter(committee_id=committee_id, key=key).update(last=F("last") + 1)
    if not updated:
        try:
            with transaction.atomic():
                Sequence.objects.create(committee_id=committee_id, key=key, last=1)
            return 1
        except IntegrityError:
            # Another transaction created the row first; count on it.
            Sequence.objects.filter(committee_id=committee_id, key=key).update(last=F("last") + 1)
    return Sequence.objects.get(committee_id=committee_id, key=key).last


def format_number(pattern: str, **values) -> str:
    """Fill a numbering pattern such as '{term}届{session}次会议第{n:04d}号'."""
    return pattern.format(**values)
