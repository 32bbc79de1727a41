"""Login by username or mobile, wrong passwords, account lockout and address throttling."""

import datetime

import pytest
from django.utils import timezone

from lvzhi.accounts.factories import make_user
from lvzhi.accounts.models import LoginFailure, UserRole
from lvzhi.accounts.tests.conftest import PASSWORD, log_in

pytestmark = pytest.mark.django_db


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_it_logs_in_by_username(client, personas):
    response = log_in(client, "staff")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert logged_in_user_id(client) == str(personas.staff.pk)


def test_it_logs_in_a_member_by_mobile(client, personas):
    mobile = personas.member_person.mobile
    assert personas.member.mobile_hash  # the member user carries the keyed hash of the mobile
    response = log_in(client, mobile)
    assert response.status_code == 302
    assert logged_in_user_id(client) == str(personas.member.pk)


def test_it_logs_in_by_mobile_written_with_spaces_and_country_code(client, personas):
    mobile = personas.member_person.mobile
    response = log_in(client, f"+86 {mobile[:3]} {mobile[3:7]} {mobile[7:]}")
    assert response.status_code == 302
    assert logged_in_user_id(client) == str(personas.member.pk)


def test_it_refuses_a_wrong_password_with_a_clear_message(client, personas):
    response = log_in(client, "staff", "Wrong-password-1")
    assert response.status_code == 200
    assert "用户名或密码不正确。" in response.content.decode()
    assert logged_in_user_id(client) is None


def test_it_gives_an_unknown_name_the_same_message(client, personas):
    response = log_in(client, "nobody", "Wrong-password-1")
    assert "用户名或密码不正确。" in response.content.decode()
    assert LoginFailure.objects.filter(username="nobody", user=None).count() == 1


def test_it_refuses_an_inactive_account(client, personas):
    personas.staff.is_active = False
    personas.staff.save()
    response = log_in(client, "staff")
    assert response.status_code == 200
    assert logged_in_user_id(client) is None


def test_it_locks_an_account_after_five_failures_within_fifteen_minutes(client, personas):
    for _ in range(4):
        log_in(client, "staff", "Wrong-password-1")
    personas.staff.refresh_from_db()
    assert not personas.staff.is_locked
    log_in(client, "staff", "Wrong-password-1")
    personas.staff.refresh_from_db()
    assert personas.staff.is_locked
    remaining = personas.staff.locked_until - timezone.now()
    assert datetime.timedelta(minutes=29) < remaining <= datetime.timedelta(minutes=30)


def test_a_locked_account_is_refused_even_with_the_right_password(client, personas):
    for _ in range(5):
        log_in(client, "staff", "Wrong-password-1")
    response = log_in(client, "staff", PASSWORD)
    assert response.status_code == 200
    assert "用户名或密码不正确。" in response.content.decode()  # the same answer as for an unknown name
    assert logged_in_user_id(client) is None


def test_the_lock_ends_after_thirty_minutes(client, personas):
    for _ in range(5):
        log_in(client, "staff", "Wrong-password-1")
    personas.staff.refresh_from_db()
    # Thirty minutes pass: move the lock and the failures into the past instead of sleeping.
    personas.staff.locked_until = timezone.now() - datetime.timedelta(seconds=1)
    personas.staff.save(update_fields=["locked_until"])
    LoginFailure.objects.update(at=timezone.now() - datetime.timedelta(minutes=31))
    assert log_in(client, "staff").status_code == 302


def test_failures_older_than_fifteen_minutes_do_not_count(client, personas):
    for _ in range(4):
        log_in(client, "staff", "Wrong-password-1")
    LoginFailure.objects.update(at=timezone.now() - datetime.timedelta(minutes=16))
    log_in(client, "staff", "Wrong-password-1")
    personas.staff.refresh_from_db()
    assert not personas.staff.is_locked


def test_failures_on_one_account_do_not_lock_another(client, personas):
    for _ in range(5):
        log_in(client, "staff", "Wrong-password-1")
    assert log_in(client, "leader").status_code == 302


def test_an_address_is_throttled_only_past_the_limit(client, personas, settings):
    settings.IP_FAILURES = 10
    for n in range(9):
        log_in(client, f"guess{n}", "Wrong-password-1")
    # Nine failures from the address: below the limit, a correct login still works.
    assert log_in(client, "staff").status_code == 302
    client.post("/accounts/logout/")
    log_in(client, "guess9", "Wrong-password-1")
    response = log_in(client, "leader")
    assert response.status_code == 200
    assert "此地址登录失败次数过多" in response.content.decode()


def test_many_users_behind_one_address_can_still_log_in(client, personas, settings):
    settings.IP_FAILURES = 100
    users = [make_user(f"officer{n}", committee=personas.wuwei) for n in range(30)]
    for user in users:  # every officer of the office mistypes once and then gets it right
        assert log_in(client, user.username, "Wrong-password-1").status_code == 200
        assert log_in(client, user.username).status_code == 302
        client.post("/accounts/logout/")
    assert LoginFailure.objects.filter(ip="127.0.0.1").count() == 30


def test_the_address_throttle_counts_only_the_window(client, personas, settings):
    settings.IP_FAILURES = 3
    for n in range(3):
        log_in(client, f"guess{n}", "Wrong-password-1")
    LoginFailure.objects.update(at=timezone.now() - datetime.timedelta(minutes=16))
    assert log_in(client, "staff").status_code == 302


def test_it_redirects_only_to_a_local_next_page(client, personas):
    response = client.post(
        "/accounts/login/?next=https://evil.example.com/", {"username": "staff", "password": PASSWORD}
    )
    assert response["Location"] == "/"
    client.post("/accounts/logout/")
    response = client.post("/accounts/login/?next=/notifications/", {"username": "staff", "password": PASSWORD})
    assert response["Location"] == "/notifications/"


def test_logging_in_replaces_the_session_key(client, personas):
    client.get("/accounts/login/")
    client.session.save()
    before = client.session.session_key
    log_in(client, "staff")
    assert client.session.session_key != before


def test_logout_needs_a_post(client, personas, signed_in):
    signed_in(personas.staff)
    assert client.get("/accounts/logout/").status_code == 405
    assert logged_in_user_id(client) == str(personas.staff.pk)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert logged_in_user_id(client) is None


def test_an_account_holding_an_admin_and_a_business_role_is_refused(client, personas):
    UserRole.objects.create(user=personas.staff, role="auditor")  # written past the service, on purpose
    response = log_in(client, "staff")
    assert response.status_code == 200
    assert "角色配置冲突" in response.content.decode()
