"""What one phone check-in costs, and that the cheap path keeps every rule.

`POST /api/v1/activities/{id}/checkin` with a bearer token (as bench/checkins.py sends it) is a fixed
number of statements for every invited member: the token (with its user and roles), the activity
with the member's attendance, then one transaction of three writes — the attendance moved to
present by one conditional UPDATE, its transition and its audit entry (with the transaction's BEGIN
and COMMIT outside a test: seven). The answer is the row just written, not read again."""

import datetime
import json
import threading

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lvzhi.accounts.choices import Role
from lvzhi.accounts.models import ApiToken
from lvzhi.accounts.services import create_api_token
from lvzhi.activities import services
from lvzhi.activities.choices import AttendanceState, CheckinMethod
from lvzhi.activities.models import Activity, Attendance
from lvzhi.core.api import openapi_mismatches
from lvzhi.core.errors import IllegalTransition
from lvzhi.core.models import AuditEntry, Transition
from lvzhi.core.tests.openapi import openapi_document
from lvzhi.duties.models import DutyEvent
from lvzhi.org.factories import Personas, make_member, make_user

pytestmark = pytest.mark.django_db

SAVEPOINTS = ("SAVEPOINT", "RELEASE SAVEPOINT")
# In a test's transaction (no BEGIN, no COMMIT): the caller, the activity with the attendance, the
# UPDATE, the transition, the audit entry.
CHECKIN_STATEMENTS = 5
CHECKIN_WRITES = 3


def _statements(ctx) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if not q["sql"].startswith(SAVEPOINTS)]


def _writes(statements) -> list[str]:
    return [s for s in statements if s.startswith(("INSERT", "UPDATE", "DELETE"))]


def _key(user) -> str:
    """A bearer token whose use was just recorded (a phone that has called the API in the last five
    minutes: the check-in is not the token's first request)."""
    token, key = create_api_token(actor=user, name="phone")
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return key


def _checkin(client, activity, key, token):
    return client.post(
        f"/api/v1/activities/{activity.pk}/checkin",
        data=json.dumps({"token": token}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )


def _written(activity):
    """What check-ins leave behind: the attendance states, the check-in transitions and audit entries."""
    rows = Attendance.objects.filter(activity=activity)
    ids = list(rows.values_list("pk", flat=True))
    return (
        sorted(rows.values_list("member_id", "state", "method")),
        Transition.objects.filter(action="check_in", object_id__in=ids).count(),
        AuditEntry.objects.filter(action="transition.check_in", object_id__in=[str(i) for i in ids]).count(),
    )


def test_a_phone_check_in_is_the_same_few_statements_for_every_member(world, client):
    world.invite_all()
    ContentType.objects.get_for_model(Attendance)  # the process's first check-in reads it once
    document = openapi_document()
    counts = []
    for user, person in ((world.member, world.person), (world.member2, world.person2), (world.member3, world.person3)):
        key = _key(user)
        token, _ = services.make_checkin_token(world.activity)
        with CaptureQueriesContext(connection) as ctx:
            response = _checkin(client, world.activity, key, token)
        assert response.status_code == 200, response.content
        answer = response.json()
        row = Attendance.objects.get(activity=world.activity, member=person)
        assert answer["already"] is False
        assert answer["attendance"]["id"] == row.pk
        assert answer["attendance"]["member"] == {"id": person.pk, "name": person.name}
        assert answer["attendance"]["state"] == "present" and answer["attendance"]["method"] == "qr"
        assert openapi_mismatches(document, "post", "/api/v1/activities/{id}/checkin", 200, answer) == []
        statements = _statements(ctx)
        writes = _writes(statements)
        assert len(writes) == CHECKIN_WRITES, writes  # the attendance, its transition, its audit entry
        counts.append(len(statements))
        assert row.state == AttendanceState.PRESENT and row.method == CheckinMethod.QR and row.checked_in_at
        transition = Transition.objects.get(action="check_in", object_id=row.pk)
        assert (transition.from_state, transition.to_state, transition.actor_id) == ("invited", "present", user.pk)
        entry = AuditEntry.objects.get(action="transition.check_in", object_id=str(row.pk))
        assert entry.actor_id == user.pk and entry.committee_id == world.activity.committee_id
        assert entry.before == {"state": "invited"} and entry.after == {"state": "present"}
        assert entry.object_repr == f"{person.name} · {world.activity.topic}"
    assert counts == [CHECKIN_STATEMENTS] * 3, counts


def test_a_second_scan_says_so_and_writes_nothing(world, client):
    world.invite_all()
    key = _key(world.member)
    token, _ = services.make_checkin_token(world.activity)
    first = _checkin(client, world.activity, key, token).json()
    before = _written(world.activity)
    with CaptureQueriesContext(connection) as ctx:
        again = _checkin(client, world.activity, key, token)
    assert again.status_code == 200 and again.json()["already"] is True
    assert again.json()["attendance"]["checked_in_at"] == first["attendance"]["checked_in_at"]
    assert _writes(_statements(ctx)) == [] and len(_statements(ctx)) == 2
    assert _written(world.activity) == before


def test_a_late_closed_or_foreign_code_is_refused_with_a_reason_and_nothing_written(world, client):
    world.invite_all()
    other = world.new_activity(topic="另一场协商")
    world.invite_all(other)
    key = _key(world.member)
    shown = datetime.datetime.fromtimestamp((int(timezone.now().timestamp()) - 300) // 30 * 30, tz=datetime.UTC)
    late, _ = services.make_checkin_token(world.activity, now=shown)
    foreign, _ = services.make_checkin_token(other)
    before = _written(world.activity)
    for token, status, words in (
        (late, 422, "二维码已过期"),
        (foreign, 422, "不属于本次活动"),
        ("forged", 422, "二维码无效"),
    ):
        response = _checkin(client, world.activity, key, token)
        assert response.status_code == status, response.content
        assert words in json.dumps(response.json(), ensure_ascii=False)
    assert _written(world.activity) == before
    services.finish_activity(actor=world.staff, activity=world.activity)
    before = _written(world.activity)
    token, _ = services.make_checkin_token(world.activity)
    response = _checkin(client, world.activity, key, token)
    assert response.status_code == 409 and "活动已结束或已取消" in response.json()["message"]
    assert _written(world.activity) == before


def test_a_row_that_moved_after_it_was_read_is_decided_by_the_general_path(world):
    """Read by the phone's request, then changed before its UPDATE: checked in by hand meanwhile
    (already present), or the activity finished meanwhile (refused) — nothing written twice."""
    world.invite_all()
    token, _ = services.make_checkin_token(world.activity)
    loaded = services.activity_for_checkin(world.activity.pk, world.person.pk)
    assert loaded.checkin_row.state == AttendanceState.INVITED
    services.manual_check_in(actor=world.staff, activity=world.activity, member=world.person)
    row, already = services.check_in(actor=world.member, activity=loaded, token=token)
    assert already and row.method == CheckinMethod.MANUAL
    assert Transition.objects.filter(object_id=row.pk, action__in=["check_in", "manual_check_in"]).count() == 1

    loaded = services.activity_for_checkin(world.activity.pk, world.person2.pk)
    services.finish_activity(actor=world.staff, activity=world.activity)
    with pytest.raises(IllegalTransition):
        services.check_in(actor=world.member2, activity=loaded, token=token)
    assert Attendance.objects.get(activity=world.activity, member=world.person2).state == AttendanceState.ABSENT
    assert not Transition.objects.filter(action="check_in").exists()


def test_an_excused_member_who_comes_after_all_is_checked_in_and_credited_when_it_ends(world, client):
    """The rule's other sources take the cheap path too; the duty ledger gets the attendance when
    the activity ends (a planned activity's attendance carries no event)."""
    world.invite_all()
    services.respond(actor=world.member, activity=world.activity, answer="leave", reason="出差")
    row = Attendance.objects.get(activity=world.activity, member=world.person)
    services.decide_leave(actor=world.staff, attendance=row, approved=True)
    key = _key(world.member)
    token, _ = services.make_checkin_token(world.activity)
    answer = _checkin(client, world.activity, key, token).json()
    assert answer["already"] is False and answer["attendance"]["state"] == "present"
    assert Transition.objects.get(action="check_in", object_id=row.pk).from_state == AttendanceState.EXCUSED
    assert not DutyEvent.objects.filter(member=world.person).exists()
    services.finish_activity(actor=world.staff, activity=world.activity)
    kinds = list(DutyEvent.objects.filter(member=world.person).values_list("kind", "source_id"))
    assert kinds == [(f"activities.attended.{world.activity.kind}", row.pk)]


def test_a_walk_in_and_other_accounts_go_the_general_way(world, client):
    """Not invited: the seated member walks in (the general path); another committee's member gets 404."""
    token, _ = services.make_checkin_token(world.activity)
    answer = _checkin(client, world.activity, _key(world.member2), token)
    assert answer.status_code == 200 and answer.json()["already"] is False
    assert Attendance.objects.get(activity=world.activity, member=world.person2).state == AttendanceState.PRESENT
    outsider = make_user("pl_member", roles=[Role.MEMBER], committee=world.p.pingliang, member=world.p.pingliang_person)
    assert _checkin(client, world.activity, _key(outsider), token).status_code == 404
    assert _checkin(client, world.activity, _key(world.staff), token).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_many_phones_scanning_twice_at_once_lose_none_and_double_none():
    """Every member scans on two phones at the same moment, through the phone's path (the activity
    read with the attendance, then the check-in): one attendance each, present once, one transition
    and one audit entry each. 200 members on PostgreSQL, 30 on SQLite (which orders writers anyway)."""
    personas = Personas()
    activity = services.create_activity(
        actor=personas.staff,
        committee=personas.wuwei,
        data={"kind": "plenary", "topic": "全体会议", "start": timezone.now() - datetime.timedelta(minutes=5)},
    )
    count = 30 if connection.vendor == "sqlite" else 200
    users = []
    for i in range(count):
        person = make_member(personas.wuwei, f"委员{i}")
        users.append(make_user(f"m{i}", roles=[Role.MEMBER], committee=personas.wuwei, member=person))
    services.invite(actor=personas.staff, activity=activity, values=[u.member_id for u in users])
    shown = timezone.now()
    token, _ = services.make_checkin_token(activity, now=shown)
    results, errors = [], []
    lock = threading.Lock()
    phones = 16
    barrier = threading.Barrier(phones)

    def work(chunk):
        try:
            barrier.wait()
            for user in chunk:
                loaded = services.activity_for_checkin(activity.pk, user.member_id)
                row, already = services.check_in(actor=user, activity=loaded, token=token, now=shown)
                with lock:
                    results.append((row.member_id, already))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    # phone i and phone i + 8 scan the same members in the same order: each member twice at once
    half = phones // 2
    threads = [threading.Thread(target=work, args=(users[i % half :: half],)) for i in range(phones)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:3]
    assert len(results) == 2 * count
    firsts = [m for m, already in results if not already]
    assert sorted(firsts) == sorted(u.member_id for u in users)  # each checked in exactly once
    rows = Attendance.objects.filter(activity=activity)
    assert rows.count() == count and rows.filter(state=AttendanceState.PRESENT).count() == count
    assert Transition.objects.filter(action="check_in").count() == count
    assert AuditEntry.objects.filter(action="transition.check_in").count() == count


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: SQLite's write lock orders them already")
def test_a_check_in_that_comes_while_the_activity_ends_waits_and_is_refused():
    """The end holds the activity's row lock while it marks absences and writes the ledger; a
    check-in arriving then (here an excused member's, whose row the end does not lock) waits for it
    and, once the end has committed, finds it finished: refused, nothing written, the ledger equal
    to the records. (Before, such a check-in committed after the end: present in the records,
    excused in the ledger.)"""
    from lvzhi.activities.factories import ActivityWorld

    world = ActivityWorld(Personas())
    world.invite_all()
    services.respond(actor=world.member, activity=world.activity, answer="leave", reason="出差")
    row = Attendance.objects.get(activity=world.activity, member=world.person)
    services.decide_leave(actor=world.staff, attendance=row, approved=True)
    token, _ = services.make_checkin_token(world.activity)
    locked, release, outcome = threading.Event(), threading.Event(), {}

    def finish():
        try:
            with transaction.atomic():
                Activity.objects.select_for_update().get(pk=world.activity.pk)  # as the end's transition does first
                locked.set()
                release.wait(60)
                services.finish_activity(actor=world.staff, activity=Activity.objects.get(pk=world.activity.pk))
        finally:
            connection.close()

    def scan():
        try:
            loaded = services.activity_for_checkin(world.activity.pk, world.person.pk)
            services.check_in(actor=world.member, activity=loaded, token=token)
            outcome["scan"] = "accepted"
        except IllegalTransition:
            outcome["scan"] = "refused"
        finally:
            connection.close()

    ender = threading.Thread(target=finish)
    ender.start()
    assert locked.wait(60)
    phone = threading.Thread(target=scan)
    phone.start()
    waiting = False
    for _ in range(600):  # until the check-in's connection waits for the end's lock
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
            waiting = cursor.fetchone()[0] > 0
        if waiting or not phone.is_alive():
            break
        threading.Event().wait(0.05)
    release.set()
    ender.join(60)
    phone.join(60)
    assert waiting and outcome == {"scan": "refused"}
    row.refresh_from_db()
    assert row.state == AttendanceState.EXCUSED
    assert not Transition.objects.filter(action="check_in").exists()
    assert list(DutyEvent.objects.filter(member=world.person).values_list("kind", flat=True)) == ["activities.excused"]
