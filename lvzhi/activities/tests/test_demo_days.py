"""The demo's records dated before 2025 are the same whatever the day of the load: the records after
2024 (their number grows with the load day) draw from random generators of their own. The demo's
organisation and activities are built for two load days (the clock set to each), and what lies
before 2025 is compared."""

import datetime
import hashlib

from django.db import transaction
from django.utils import timezone

from lvzhi.activities import demo as activities_demo
from lvzhi.activities.models import Activity, Attendance, Outcome, Speech, Suggestion
from lvzhi.org import demo as org_demo
from lvzhi.org.models import Member

BEFORE = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC) - datetime.timedelta(hours=8)  # China time


def _pre_2025_digest() -> tuple[str, int]:
    """A digest of the activities, attendance, speeches, outcomes and suggestions dated before 2025,
    by what they say (committee code, member's place in the roster), not by their ids."""
    members = {pk: i for i, pk in enumerate(Member.objects.order_by("pk").values_list("pk", flat=True))}
    activities = {}
    for a in Activity.objects.filter(start__lt=BEFORE).select_related("committee"):
        activities[a.pk] = (
            a.committee.code,
            a.kind,
            a.subkind,
            a.topic,
            a.start.isoformat(),
            a.end.isoformat(),
            a.place,
            a.organiser,
            a.partner,
            a.people_reached,
            a.state,
        )
    lines = [repr(key) for key in activities.values()]
    for row in Attendance.objects.filter(activity_id__in=list(activities)):
        checked = row.checked_in_at.isoformat() if row.checked_in_at else ""
        lines.append(
            repr(("attendance", activities[row.activity_id], members[row.member_id], row.state, checked))
            + row.leave_reason
            + row.method
        )
    for s in Speech.objects.filter(activity_id__in=list(activities)):
        lines.append(repr(("speech", activities[s.activity_id], members[s.member_id], s.title, s.mode)))
    for o in Outcome.objects.filter(activity_id__in=list(activities)):
        lines.append(repr(("outcome", activities[o.activity_id], o.title, o.kind, o.sent_on, o.state)))
    for s in Suggestion.objects.filter(outcome__activity_id__in=list(activities)).prefetch_related("members"):
        made = sorted(members[m.pk] for m in s.members.all())
        lines.append(repr(("suggestion", s.outcome.title, s.position, s.text, s.adopted, s.adopted_on, made)))
    lines.sort()
    return hashlib.sha256("\n".join(lines).encode()).hexdigest(), len(lines)


def _load_on(day: datetime.date, monkeypatch) -> tuple[str, int, int]:
    """The demo's organisation and activities loaded on `day` (noon, China time): the pre-2025 digest
    and how many activities there are in all; then rolled back."""
    noon = datetime.datetime.combine(day, datetime.time(4), tzinfo=datetime.UTC)
    with monkeypatch.context() as patch:
        patch.setattr(timezone, "now", lambda: noon)
        with transaction.atomic():
            org_demo.load()
            activities_demo.load()
            digest, lines = _pre_2025_digest()
            total = Activity.objects.count()
            transaction.set_rollback(True)
    return digest, lines, total


def test_the_records_before_2025_do_not_depend_on_the_load_day(db, monkeypatch):
    spring_2025 = _load_on(datetime.date(2025, 4, 20), monkeypatch)
    winter_2026 = _load_on(datetime.date(2026, 11, 28), monkeypatch)
    # the later load has nineteen more months of activities, and the same records before 2025
    assert winter_2026[2] > spring_2025[2] + 1000
    assert spring_2025[1] > 50_000
    assert spring_2025[:2] == winter_2026[:2]
