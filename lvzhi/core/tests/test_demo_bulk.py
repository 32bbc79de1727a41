"""The demo loaders' fast insert writes rows as the ORM would, keeping the dates of the events."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from lvzhi.core import demo_bulk
from lvzhi.core.models import AuditEntry, Transition
from lvzhi.org.models import Committee


def test_it_writes_instances_and_dicts_with_the_dates_they_carry(personas):
    committee = Committee.objects.get(pk=personas.wuwei.pk)
    at = timezone.make_aware(datetime.datetime(2023, 5, 4, 9, 30))
    kind = ContentType.objects.get_for_model(Committee)
    step = Transition(content_type=kind, object_id=committee.pk, committee=committee, action="a", to_state="x", at=at)
    assert demo_bulk.insert([step]) == 1 and step.pk is None
    rows = [{"committee_id": committee.pk, "action": "demo.test", "at": at, "after": {"n": i}} for i in range(3)]
    rows.append({"committee_id": committee.pk, "action": "demo.test"})  # no date: now
    assert demo_bulk.insert(rows, AuditEntry) == 4
    assert Transition.objects.get(action="a").at == at
    entries = AuditEntry.objects.filter(action="demo.test").order_by("id")
    assert [e.after for e in entries] == [{"n": 0}, {"n": 1}, {"n": 2}, None]
    assert [e.at for e in entries][:3] == [at] * 3 and entries[3].at > at  # the time of the load
    assert {e.result for e in entries} == {AuditEntry.Result.OK}  # the field's default
    assert demo_bulk.insert([]) == 0
