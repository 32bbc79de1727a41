"""A member who scans the check-in code and must first log in is not asked to scan again: the scan,
made while the code was valid, is remembered in the session across the login, and counts for
LOGIN_GRACE seconds even after the code itself has rotated away."""

import datetime

from django.test import Client
from django.utils import timezone

from lvzhi.accounts.factories import PASSWORD
from lvzhi.activities import services
from lvzhi.activities.choices import AttendanceState
from lvzhi.activities.models import Attendance
from lvzhi.activities.views.attendance import SCANS_SESSION_KEY


def _url(world, token):
    return f"/activities/{world.activity.pk}/checkin/{token}/"


def test_a_member_who_logs_in_after_scanning_is_checked_in_without_scanning_again(world):
    world.invite_all()
    token, _ = services.make_checkin_token(world.activity)
    phone = Client()
    first = phone.get(_url(world, token))
    assert first.status_code == 302 and first["Location"].startswith("/accounts/login/?next=")
    assert token in phone.session[SCANS_SESSION_KEY]
    logged_in = phone.post(first["Location"], {"username": world.member.username, "password": PASSWORD})
    assert logged_in.status_code == 302 and logged_in["Location"] == _url(world, token)
    assert token in phone.session[SCANS_SESSION_KEY]  # the login kept the remembered scan
    assert "签到成功" in phone.post(_url(world, token)).content.decode()
    row = Attendance.objects.get(activity=world.activity, member_id=world.member.member_id)
    assert row.state == AttendanceState.PRESENT


def _remember(client, token, seconds_ago):
    session = client.session
    session[SCANS_SESSION_KEY] = {token: (timezone.now() - datetime.timedelta(seconds=seconds_ago)).timestamp()}
    session.save()


def test_a_remembered_scan_counts_after_the_code_expired_but_not_after_the_grace(world):
    world.invite_all()
    scanned = timezone.now() - datetime.timedelta(seconds=services.TOKEN_LIFETIME + 40)
    token, expires = services.make_checkin_token(world.activity, now=scanned)
    assert expires < timezone.now()
    phone = Client()
    phone.force_login(world.member)
    expired = phone.post(_url(world, token))
    assert expired.status_code == 422 and "已过期" in expired.content.decode()
    _remember(phone, token, services.LOGIN_GRACE + 60)
    assert phone.post(_url(world, token)).status_code == 422
    _remember(phone, token, services.TOKEN_LIFETIME + 35)
    assert "签到成功" in phone.post(_url(world, token)).content.decode()


def test_an_expired_or_forged_code_is_not_remembered(world):
    stale, _ = services.make_checkin_token(world.activity, now=timezone.now() - datetime.timedelta(minutes=5))
    phone = Client()
    for token in (stale, "forged:token"):
        response = phone.get(_url(world, token))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert SCANS_SESSION_KEY not in phone.session


def test_a_scan_remembered_for_longer_than_the_grace_is_refused_by_the_service(world):
    world.invite_all()
    now = timezone.now()
    token, _ = services.make_checkin_token(world.activity, now=now - datetime.timedelta(seconds=300))
    moment = services.scan_moment((now - datetime.timedelta(seconds=290)).timestamp(), now=now)
    assert moment is not None
    assert (
        services.scan_moment((now - datetime.timedelta(seconds=services.LOGIN_GRACE + 1)).timestamp(), now=now) is None
    )
    assert services.scan_moment("garbage") is None
    member_user = world.member
    row, already = services.check_in(actor=member_user, activity=world.activity, token=token, scanned_at=moment)
    assert row.state == AttendanceState.PRESENT and not already
