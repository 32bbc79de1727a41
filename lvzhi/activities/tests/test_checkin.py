"""QR check-in: signed tokens that rotate and expire; once per member; safe under concurrency."""

import datetime
import threading

import pytest
from django.core import signing
from django.db import connection
from django.utils import timezone

from lvzhi.accounts.choices import Role
from lvzhi.activities import services
from lvzhi.activities.choices import AttendanceState, CheckinMethod
from lvzhi.activities.models import Attendance
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid
from lvzhi.core.models import AuditEntry
from lvzhi.org.factories import Personas, make_member, make_user


def state_of(world, person):
    return Attendance.objects.get(activity=world.activity, member=person).state


def test_a_member_checks_in_with_the_current_token(world):
    world.invite_all()
    token, expires = services.issue_checkin_token(actor=world.staff, activity=world.activity)
    row, already = services.check_in(actor=world.member, activity=world.activity, token=token)
    assert not already
    assert row.state == AttendanceState.PRESENT and row.method == CheckinMethod.QR and row.checked_in_at
    assert expires > timezone.now()
    assert AuditEntry.objects.filter(action="transition.check_in", object_id=str(row.pk)).count() == 1


def test_a_second_check_in_says_so_and_changes_nothing(world):
    world.invite_all()
    token, _ = services.make_checkin_token(world.activity)
    first, _ = services.check_in(actor=world.member, activity=world.activity, token=token)
    audits = AuditEntry.objects.count()
    again, already = services.check_in(actor=world.member, activity=world.activity, token=token)
    assert already
    assert again.checked_in_at == first.checked_in_at
    assert AuditEntry.objects.count() == audits


def test_a_forged_token_is_refused(world):
    world.invite_all()
    forged = signing.dumps({"a": world.activity.pk, "w": 1}, key="not-the-secret", salt=services.CHECKIN_SALT)
    for bad in (forged, "garbage", "", "eyJhIjoxfQ:abc"):
        with pytest.raises(Invalid) as caught:
            services.check_in(actor=world.member, activity=world.activity, token=bad)
        assert "二维码无效" in str(caught.value.message)
    assert state_of(world, world.person) == AttendanceState.INVITED


def test_an_expired_token_is_refused_and_a_fresh_one_accepted(world):
    world.invite_all()
    # shown at the start of its 30-second window, five minutes ago
    shown = datetime.datetime.fromtimestamp((int(timezone.now().timestamp()) - 300) // 30 * 30, tz=datetime.UTC)
    token, expires = services.make_checkin_token(world.activity, now=shown)
    assert expires < timezone.now()
    with pytest.raises(Invalid) as caught:
        services.check_in(actor=world.member, activity=world.activity, token=token)
    assert "过期" in str(caught.value.errors["token"][0])
    # still valid within its lifetime: scanned 45 s after it was shown
    services.check_in(
        actor=world.member, activity=world.activity, token=token, now=shown + datetime.timedelta(seconds=45)
    )
    assert state_of(world, world.person) == AttendanceState.PRESENT


def test_the_token_rotates_every_thirty_seconds(world):
    at = timezone.now().replace(second=0, microsecond=0)
    a, _ = services.make_checkin_token(world.activity, now=at)
    b, _ = services.make_checkin_token(world.activity, now=at + datetime.timedelta(seconds=29))
    c, _ = services.make_checkin_token(world.activity, now=at + datetime.timedelta(seconds=30))
    assert a == b != c
    with pytest.raises(Invalid):  # 60 s after its window opened it has expired
        services.verify_checkin_token(world.activity, a, now=at + datetime.timedelta(seconds=60))


def test_a_token_from_the_future_is_refused(world):
    token, _ = services.make_checkin_token(world.activity, now=timezone.now() + datetime.timedelta(minutes=10))
    with pytest.raises(Invalid):
        services.verify_checkin_token(world.activity, token)


def test_another_activitys_token_is_refused(world):
    other = world.new_activity(topic="另一场协商")
    world.invite_all()
    world.invite_all(other)
    token, _ = services.make_checkin_token(other)
    with pytest.raises(Invalid) as caught:
        services.check_in(actor=world.member, activity=world.activity, token=token)
    assert "不属于本次活动" in str(caught.value.message)
    assert state_of(world, world.person) == AttendanceState.INVITED


def test_only_a_member_account_checks_in(world):
    world.invite_all()
    token, _ = services.make_checkin_token(world.activity)
    for user in (world.staff, world.p.unit_user, *world.p.admins):
        with pytest.raises(Forbidden):
            services.check_in(actor=user, activity=world.activity, token=token)


def test_a_member_of_another_committee_cannot_walk_in(world):

    outsider = make_user("pl_member", roles=[Role.MEMBER], committee=world.p.pingliang, member=world.p.pingliang_person)
    token, _ = services.make_checkin_token(world.activity)
    with pytest.raises(Forbidden):
        services.check_in(actor=outsider, activity=world.activity, token=token)
    assert not Attendance.objects.filter(member=world.p.pingliang_person).exists()


def test_a_seated_member_who_was_not_invited_walks_in(world):
    token, _ = services.make_checkin_token(world.activity)
    row, already = services.check_in(actor=world.member2, activity=world.activity, token=token)
    assert not already and row.state == AttendanceState.PRESENT


def test_check_in_is_refused_once_the_activity_is_finished(world):
    world.invite_all()
    token, _ = services.make_checkin_token(world.activity)
    services.finish_activity(actor=world.staff, activity=world.activity)
    with pytest.raises(IllegalTransition):
        services.check_in(actor=world.member, activity=world.activity, token=token)
    with pytest.raises(IllegalTransition):
        services.issue_checkin_token(actor=world.staff, activity=world.activity)


def test_staff_of_another_committee_get_no_token(world):
    with pytest.raises(Forbidden):
        services.issue_checkin_token(actor=world.p.other_staff, activity=world.activity)


def test_staff_check_a_member_in_by_hand_once(world):
    world.invite_all()
    row, already = services.manual_check_in(actor=world.staff, activity=world.activity, member=world.person2)
    assert not already and row.method == CheckinMethod.MANUAL
    _, already = services.manual_check_in(actor=world.staff, activity=world.activity, member=world.person2)
    assert already
    with pytest.raises(Invalid):
        services.manual_check_in(actor=world.staff, activity=world.activity, member=world.p.pingliang_person)
    with pytest.raises(Forbidden):
        services.manual_check_in(actor=world.p.other_staff, activity=world.activity, member=world.person)


@pytest.mark.django_db(transaction=True)
def test_many_members_checking_in_at_once_lose_none_and_double_none():
    """300 members on PostgreSQL (40 on SQLite, which serialises writers anyway), half invited and
    half walking in, 16 phones at once, each member scanning twice."""

    personas = Personas()
    now = timezone.now()
    activity = services.create_activity(
        actor=personas.staff,
        committee=personas.wuwei,
        data={"kind": "plenary", "topic": "全体会议", "start": now - datetime.timedelta(minutes=5)},
    )
    count = 40 if connection.vendor == "sqlite" else 300
    users = []
    for i in range(count):
        person = make_member(personas.wuwei, f"委员{i}")
        users.append(make_user(f"m{i}", roles=[Role.MEMBER], committee=personas.wuwei, member=person))
    half = [u.member_id for u in users[: count // 2]]  # half invited, half walk in
    services.invite(actor=personas.staff, activity=activity, values=half)
    shown = timezone.now()
    token, _ = services.make_checkin_token(activity, now=shown)
    results, errors = [], []
    lock = threading.Lock()
    barrier = threading.Barrier(16)

    def work(chunk):
        try:
            barrier.wait()
            for user in chunk:
                for _ in range(2):  # every member scans twice
                    # scanned while the code is shown, however long the run takes
                    row, already = services.check_in(actor=user, activity=activity, token=token, now=shown)
                    with lock:
                        results.append((row.member_id, already))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(users[i::16],)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:3]
    firsts = [m for m, already in results if not already]
    assert sorted(firsts) == sorted(u.member_id for u in users)  # each checked in exactly once
    assert Attendance.objects.filter(activity=activity, state=AttendanceState.PRESENT).count() == count
    assert Attendance.objects.filter(activity=activity).count() == count
    assert AuditEntry.objects.filter(action="transition.check_in").count() == count


def test_the_scan_page_reveals_no_activity_without_its_code(client, world):
    """Another committee's user with a made-up code learns nothing (404, as for no activity); the
    holder of this activity's real code (even expired) is told what is wrong with it."""
    outsider = make_user("pl_member", roles=[Role.MEMBER], committee=world.p.pingliang, member=world.p.pingliang_person)
    client.force_login(outsider)
    url = f"/activities/{world.activity.pk}/checkin/forged-token/"
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert client.get("/activities/999999/checkin/forged-token/").status_code == 404
    token, _ = services.make_checkin_token(world.activity)
    response = client.get(f"/activities/{world.activity.pk}/checkin/{token}/")
    assert response.status_code == 200 and world.activity.topic in response.content.decode()
    client.force_login(world.member)
    response = client.get(url)
    assert response.status_code == 422 and "二维码无效" in response.content.decode()
