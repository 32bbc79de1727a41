"""Password rules, the password page, and the first-login password change."""

import pytest

from lvzhi.accounts import services
from lvzhi.accounts.factories import make_user
from lvzhi.accounts.tests.conftest import PASSWORD
from lvzhi.core.errors import Invalid

pytestmark = pytest.mark.django_db


def rule_messages(password, user):
    with pytest.raises(Invalid) as caught:
        services.validate_new_password(password, user)
    return caught.value.errors["new_password"]


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab1!short", "密码至少需要 12 个字符"),
        ("abcdefghijk1", "至少三类"),
        ("ABCDEFGH!!!!", "至少三类"),
        ("Password123!", "太常见"),
        ("Xstaff-member-2026", "不能包含用户名"),
    ],
)
def test_it_refuses_a_password_breaking_a_rule_with_a_clear_message(personas, password, message):
    messages = rule_messages(password, personas.staff)
    assert any(message in m for m in messages), messages


def test_it_accepts_a_password_of_twelve_characters_with_three_classes(personas):
    services.validate_new_password("Gansu-wuwei7", personas.staff)
    services.validate_new_password("gansu wuwei 7!", personas.staff)  # lower, digit, symbol


def test_the_username_check_ignores_case(personas):
    assert any("不能包含用户名" in m for m in rule_messages("Lvzhi-STAFF-2026", personas.staff))


def test_the_password_page_shows_every_broken_rule(client, personas, signed_in):
    signed_in(personas.staff)
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password": "abcdefg", "new_password2": "abcdefg"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "密码至少需要 12 个字符" in body
    assert "至少三类" in body
    personas.staff.refresh_from_db()
    assert personas.staff.check_password(PASSWORD)


def test_the_password_page_refuses_a_wrong_old_password(client, personas, signed_in):
    signed_in(personas.staff)
    response = client.post(
        "/accounts/password/",
        {"old_password": "Not-my-password-1", "new_password": "Gansu-wuwei-77", "new_password2": "Gansu-wuwei-77"},
    )
    assert "原密码不正确。" in response.content.decode()
    personas.staff.refresh_from_db()
    assert personas.staff.check_password(PASSWORD)


def test_the_password_page_refuses_two_different_new_passwords(client, personas, signed_in):
    signed_in(personas.staff)
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password": "Gansu-wuwei-77", "new_password2": "Gansu-wuwei-78"},
    )
    assert "两次输入的新密码不一致。" in response.content.decode()


def test_the_password_page_refuses_the_same_password_again(client, personas, signed_in):
    signed_in(personas.staff)
    response = client.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password": PASSWORD, "new_password2": PASSWORD}
    )
    assert "新密码不能与原密码相同。" in response.content.decode()


def test_a_good_new_password_is_saved(client, personas, signed_in):
    signed_in(personas.staff)
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password": "Gansu-wuwei-77", "new_password2": "Gansu-wuwei-77"},
    )
    assert response.status_code == 302
    personas.staff.refresh_from_db()
    assert personas.staff.check_password("Gansu-wuwei-77")
    assert personas.staff.password_changed_at is not None


# --- First login ---------------------------------------------------------------------------------


@pytest.fixture
def newcomer(personas):
    return services.create_user(
        actor=personas.sysadmin, username="newcomer", committee=personas.wuwei, password="Initial-pass-2026"
    )


@pytest.mark.parametrize("path", ["/", "/notifications/", "/accounts/profile/", "/org/members/", "/admin/users/"])
def test_a_user_with_an_initial_password_is_sent_to_the_password_page_from_every_page(
    client, newcomer, signed_in, path
):
    assert newcomer.must_change_password
    signed_in(newcomer, "Initial-pass-2026")
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/"


def test_the_password_page_itself_and_logout_stay_reachable(client, newcomer, signed_in):
    signed_in(newcomer, "Initial-pass-2026")
    response = client.get("/accounts/password/")
    assert response.status_code == 200
    assert "首次登录须修改初始密码。" in response.content.decode()
    assert client.post("/accounts/language/", {"language": "en", "next": "/accounts/password/"}).status_code == 302
    assert client.post("/accounts/logout/").status_code == 302


def test_after_the_change_every_page_opens(client, newcomer, signed_in):
    signed_in(newcomer, "Initial-pass-2026")
    client.post(
        "/accounts/password/",
        {"old_password": "Initial-pass-2026", "new_password": "Gansu-wuwei-77", "new_password2": "Gansu-wuwei-77"},
    )
    newcomer.refresh_from_db()
    assert not newcomer.must_change_password
    assert client.get("/").status_code == 200


def test_an_account_without_the_flag_is_not_redirected(client, personas, signed_in):
    demo_like = make_user("demo_like", committee=personas.wuwei)
    assert not demo_like.must_change_password
    signed_in(demo_like)
    assert client.get("/").status_code == 200
