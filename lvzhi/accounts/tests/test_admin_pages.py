"""The administrator pages: user list, create, detail, grants, and the audit log."""

import datetime
import io

import pytest
from django.db import connection, models
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from lvzhi.accounts.factories import make_user
from lvzhi.accounts.models import LoginFailure, User, UserRole
from lvzhi.core import audit
from lvzhi.core.models import AuditEntry
from lvzhi.org.factories import make_id_number, make_member

pytestmark = pytest.mark.django_db


def rows_of(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def as_(client, user):
    client.force_login(user)
    return client


# --- User list -----------------------------------------------------------------------------------


def test_the_user_list_shows_every_account_to_the_system_administrator(client, personas):
    body = as_(client, personas.sysadmin).get("/admin/users/").content.decode()
    for user in User.objects.all():
        assert f">{user.username}<" in body


def test_the_user_list_filters_by_committee(client, personas):
    page = as_(client, personas.sysadmin).get(f"/admin/users/?committee={personas.pingliang.pk}")
    assert [u.username for u in page.context["page"]] == ["other_staff"]


def test_the_user_list_filters_by_role(client, personas):
    page = as_(client, personas.secadmin).get("/admin/users/?role=staff")
    assert {u.username for u in page.context["page"]} == {"staff", "pii_staff", "county_staff", "other_staff"}


def test_the_user_list_finds_accounts_without_a_role(client, personas):
    make_user("orphan", committee=personas.wuwei)
    page = as_(client, personas.secadmin).get("/admin/users/?role=none")
    assert [u.username for u in page.context["page"]] == ["orphan"]


def test_the_user_list_filters_locked_and_inactive_accounts(client, personas):
    personas.staff.locked_until = timezone.now() + datetime.timedelta(minutes=10)
    personas.staff.save()
    personas.leader.is_active = False
    personas.leader.save()
    as_(client, personas.sysadmin)
    assert [u.username for u in client.get("/admin/users/?state=locked").context["page"]] == ["staff"]
    assert [u.username for u in client.get("/admin/users/?state=inactive").context["page"]] == ["leader"]
    assert "leader" not in [u.username for u in client.get("/admin/users/?state=active").context["page"]]


def test_the_user_list_searches_by_username_name_and_mobile(client, personas):
    as_(client, personas.sysadmin)
    assert [u.username for u in client.get("/admin/users/?q=pii").context["page"]] == ["pii_staff"]
    mobile = personas.member_person.mobile
    assert [u.username for u in client.get(f"/admin/users/?q={mobile}").context["page"]] == ["member"]


def test_a_bad_filter_value_is_reported_and_lists_nothing(client, personas):
    response = as_(client, personas.sysadmin).get("/admin/users/?role=root")
    assert "筛选条件有误" in response.content.decode()
    assert len(response.context["page"]) == 0


def test_the_user_list_is_paginated(client, personas):
    User.objects.bulk_create([User(username=f"bulk{n:03d}") for n in range(60)])
    as_(client, personas.sysadmin)
    first = client.get("/admin/users/")
    assert len(first.context["page"]) == 50
    second = client.get("/admin/users/?page=2")
    assert len(second.context["page"]) == User.objects.count() - 50


def test_the_user_list_takes_the_same_number_of_queries_for_ten_times_the_rows(client, personas):
    as_(client, personas.sysadmin)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/admin/users/").status_code == 200
        return len(ctx)

    few = count()
    users = User.objects.bulk_create([User(username=f"more{n:03d}", committee=personas.wuwei) for n in range(40)])
    UserRole.objects.bulk_create([UserRole(user=u, role="staff") for u in users])
    assert count() == few


def test_the_user_list_exports_its_filter_to_xlsx_and_audits_it(client, personas):
    response = as_(client, personas.secadmin).get("/admin/users/?role=staff&export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = rows_of(response)
    assert rows[0][:2] == ["用户名", "姓名"]
    assert {r[0] for r in rows[1:]} == {"staff", "pii_staff", "county_staff", "other_staff"}
    entry = AuditEntry.objects.get(action="export.xlsx")
    assert entry.actor == personas.secadmin
    assert entry.after["filters"] == {"role": "staff"}
    assert entry.after["rows"] == 4


# --- Create --------------------------------------------------------------------------------------


def create(client, **data):
    form = {"username": "newcomer", "name": "新同志", "password": "Initial-pass-2026", "password2": "Initial-pass-2026"}
    form.update(data)
    return client.post("/admin/users/new/", form)


def test_the_system_administrator_creates_an_account_that_must_change_its_password(client, personas):
    response = create(as_(client, personas.sysadmin), committee=personas.wuwei.pk, mobile="13900001111")
    user = User.objects.get(username="newcomer")
    assert response["Location"] == f"/admin/users/{user.pk}/"
    assert user.must_change_password
    assert user.committee == personas.wuwei
    assert user.role_codes == frozenset()  # roles are the security administrator's to grant
    assert AuditEntry.objects.filter(action="user.create", object_id=str(user.pk), actor=personas.sysadmin).exists()
    client.logout()
    login = client.post("/accounts/login/", {"username": "13900001111", "password": "Initial-pass-2026"})
    assert login.status_code == 302
    assert client.get("/")["Location"] == "/accounts/password/"


def test_creating_an_account_with_a_weak_password_shows_the_rules_and_writes_nothing(client, personas):
    response = create(as_(client, personas.sysadmin), password="newcomer1", password2="newcomer1")
    body = response.content.decode()
    assert response.status_code == 200
    assert "密码至少需要 12 个字符" in body
    assert "不能包含用户名" in body
    assert not User.objects.filter(username="newcomer").exists()
    assert not AuditEntry.objects.filter(action="user.create").exists()


def test_creating_an_account_with_a_taken_username_is_refused(client, personas):
    response = create(as_(client, personas.sysadmin), username="staff")
    assert "用户名已存在。" in response.content.decode()


def test_creating_an_account_with_a_bad_mobile_is_refused(client, personas):
    response = create(as_(client, personas.sysadmin), mobile="12345")
    assert "手机号应为 11 位数字" in response.content.decode()
    assert not User.objects.filter(username="newcomer").exists()


def test_a_member_account_is_linked_by_id_number(client, personas):
    person = make_member(personas.wuwei, "孙丽")
    response = create(as_(client, personas.sysadmin), member_id_number=person.id_number)
    assert response.status_code == 302
    user = User.objects.get(username="newcomer")
    assert user.member == person
    assert user.committee == personas.wuwei


def test_an_unknown_id_number_is_refused(client, personas):
    number = make_id_number(datetime.date(1980, 1, 1), 999, area="620600")
    response = create(as_(client, personas.sysadmin), member_id_number=number)
    assert "没有找到该身份证号对应的委员。" in response.content.decode()
    response = create(client, member_id_number="123")
    assert "身份证号应为 18 位" in response.content.decode()
    assert not User.objects.filter(username="newcomer").exists()


def test_a_unit_of_another_committee_is_refused(client, personas):
    response = create(as_(client, personas.sysadmin), committee=personas.pingliang.pk, unit=personas.unit.pk)
    assert "承办单位不属于所选委员会。" in response.content.decode()
    assert not User.objects.filter(username="newcomer").exists()


# --- Detail: activate, deactivate, unlock ----------------------------------------------------------


def test_the_system_administrator_deactivates_and_reactivates_an_account(client, personas):
    as_(client, personas.sysadmin)
    client.post(f"/admin/users/{personas.staff.pk}/active/", {"active": "0"})
    personas.staff.refresh_from_db()
    assert not personas.staff.is_active
    client.post(f"/admin/users/{personas.staff.pk}/active/", {"active": "1"})
    personas.staff.refresh_from_db()
    assert personas.staff.is_active
    assert list(
        AuditEntry.objects.filter(object_id=str(personas.staff.pk), action__startswith="user.").values_list(
            "action", flat=True
        )
    ) == ["user.activate", "user.deactivate"]


def test_a_deactivated_user_is_logged_out_at_the_next_request(client, personas):
    officer = Client()
    officer.force_login(personas.staff)
    as_(client, personas.sysadmin).post(f"/admin/users/{personas.staff.pk}/active/", {"active": "0"})
    assert officer.get("/").status_code == 302


def test_the_system_administrator_cannot_deactivate_themself_on_the_page(client, personas):
    response = as_(client, personas.sysadmin).post(f"/admin/users/{personas.sysadmin.pk}/active/", {"active": "0"})
    assert response.status_code == 302
    personas.sysadmin.refresh_from_db()
    assert personas.sysadmin.is_active
    assert "不能停用或启用自己的账号" in client.get(response["Location"]).content.decode()


def test_the_security_administrator_cannot_deactivate_accounts(client, personas):
    response = as_(client, personas.secadmin).post(f"/admin/users/{personas.staff.pk}/active/", {"active": "0"})
    assert response.status_code == 403
    personas.staff.refresh_from_db()
    assert personas.staff.is_active


@pytest.mark.parametrize("admin", ["sysadmin", "secadmin"])
def test_a_locked_account_is_unlocked_from_its_page(client, personas, admin):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "staff", "password": "Wrong-password-1"})
    personas.staff.refresh_from_db()
    assert personas.staff.is_locked
    as_(client, getattr(personas, admin))
    detail = client.get(f"/admin/users/{personas.staff.pk}/").content.decode()
    assert "已锁定" in detail
    assert 'data-testid="unlock"' in detail
    client.post(f"/admin/users/{personas.staff.pk}/unlock/")
    personas.staff.refresh_from_db()
    assert not personas.staff.is_locked
    assert not LoginFailure.objects.filter(user=personas.staff).exists()
    assert AuditEntry.objects.filter(action="account.unlock", actor=getattr(personas, admin)).exists()


def test_an_unknown_user_id_is_404(client, personas):
    assert as_(client, personas.sysadmin).get("/admin/users/999999/").status_code == 404


def test_the_detail_page_shows_roles_and_no_personal_information(client, personas):
    body = as_(client, personas.sysadmin).get(f"/admin/users/{personas.member.pk}/").content.decode()
    assert "委员" in body
    assert personas.member_person.mobile not in body
    assert personas.member_person.id_number not in body


# --- Grants --------------------------------------------------------------------------------------


def test_the_security_administrator_grants_roles_on_the_page(client, personas):
    user = make_user("newcomer", committee=personas.wuwei)
    response = as_(client, personas.secadmin).post(
        f"/admin/users/{user.pk}/grants/", {"form": "roles", "roles": ["staff", "leader"]}
    )
    assert response.status_code == 302
    assert set(UserRole.objects.filter(user=user).values_list("role", flat=True)) == {"staff", "leader"}
    assert AuditEntry.objects.filter(action="user.roles", object_id=str(user.pk)).exists()


def test_the_grants_page_shows_the_separation_of_duties_refusal_clearly(client, personas):
    user = make_user("newcomer", committee=personas.wuwei)
    response = as_(client, personas.secadmin).post(
        f"/admin/users/{user.pk}/grants/", {"form": "roles", "roles": ["sysadmin", "staff"]}
    )
    assert response.status_code == 200
    assert "系统管理员、安全管理员、审计管理员三者互斥，且不能兼任业务角色。" in response.content.decode()
    assert not UserRole.objects.filter(user=user).exists()


def test_the_security_administrator_grants_module_permissions_and_scope(client, personas):
    as_(client, personas.secadmin).post(
        f"/admin/users/{personas.county_staff.pk}/grants/",
        {"form": "permissions", "permissions": ["proposals", "view_pii"], "scope_descendants": "on"},
    )
    user = User.objects.get(pk=personas.county_staff.pk)
    assert user.permission_codes == {"proposals", "view_pii"}
    assert user.scope_descendants
    entry = AuditEntry.objects.get(action="user.permissions")
    assert entry.after == {"permissions": ["proposals", "view_pii"], "scope_descendants": True}


def test_module_permissions_for_a_non_staff_user_are_refused_on_the_page(client, personas):
    response = as_(client, personas.secadmin).post(
        f"/admin/users/{personas.leader.pk}/grants/", {"form": "permissions", "permissions": ["proposals"]}
    )
    assert "只有工作人员可以授予模块权限。" in response.content.decode()


def test_the_security_administrator_cannot_open_their_own_grants(client, personas):
    response = as_(client, personas.secadmin).get(f"/admin/users/{personas.secadmin.pk}/grants/")
    assert response.status_code == 403


# --- Audit log -----------------------------------------------------------------------------------


def backdate(entry, when):
    models.QuerySet.update(AuditEntry.objects.filter(pk=entry.pk), at=when)


@pytest.fixture
def entries(personas):
    now = timezone.now()
    old = audit.record("member.update", actor=personas.staff, obj=personas.member_person, committee=personas.wuwei)
    backdate(old, now - datetime.timedelta(days=10))
    audit.record("login", actor=personas.staff, obj=personas.staff)
    audit.record("login.failed", actor_name="nobody", object_type="accounts.user", result="failed")
    audit.record("member.unmask", actor=personas.other_staff, obj=personas.pingliang_person, result="denied")
    return now


def test_the_audit_log_lists_entries_newest_first(client, personas, entries):
    page = as_(client, personas.auditor).get("/admin/audit/").context["page"]
    actions = [e.action for e in page]
    assert actions[-1] == "member.update"
    assert set(actions) == {"member.update", "login", "login.failed", "member.unmask"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("actor=staff", {"member.update", "login"}),
        ("action=login.failed", {"login.failed"}),
        ("object_type=org.member", {"member.update", "member.unmask"}),
        ("result=denied", {"member.unmask"}),
        ("result=failed", {"login.failed"}),
    ],
)
def test_the_audit_log_filters(client, personas, entries, query, expected):
    page = as_(client, personas.auditor).get(f"/admin/audit/?{query}").context["page"]
    assert {e.action for e in page} == expected


def test_the_audit_log_filters_by_time_range_and_committee(client, personas, entries):
    as_(client, personas.auditor)
    today = timezone.localdate()
    ten_days_ago = today - datetime.timedelta(days=10)
    page = client.get(f"/admin/audit/?start={today:%Y-%m-%d}").context["page"]
    assert "member.update" not in {e.action for e in page}
    page = client.get(f"/admin/audit/?start={ten_days_ago:%Y-%m-%d}&end={ten_days_ago:%Y-%m-%d}").context["page"]
    assert [e.action for e in page] == ["member.update"]
    page = client.get(f"/admin/audit/?committee={personas.pingliang.pk}").context["page"]
    assert [e.action for e in page] == ["member.unmask"]


def test_a_reversed_time_range_is_reported(client, personas, entries):
    response = as_(client, personas.auditor).get("/admin/audit/?start=2025-02-01&end=2025-01-01")
    assert "结束日期不能早于开始日期。" in response.content.decode()
    assert len(response.context["page"]) == 0


def test_the_audit_log_is_paginated_with_a_bounded_number_of_queries(client, personas):
    as_(client, personas.auditor)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/admin/audit/").status_code == 200
        return len(ctx)

    for n in range(5):
        audit.record("member.update", actor=personas.staff, committee=personas.wuwei, note=str(n))
    few = count()
    for n in range(55):
        audit.record("member.update", actor=personas.staff, committee=personas.pingliang, note=str(n))
    assert count() == few
    assert len(client.get("/admin/audit/?page=2").context["page"]) == AuditEntry.objects.count() - 50


def test_the_audit_log_exports_its_filter_and_the_export_is_itself_audited(client, personas, entries):
    response = as_(client, personas.auditor).get("/admin/audit/?result=denied&export=xlsx")
    rows = rows_of(response)
    assert rows[0][:3] == ["时间", "操作人账号", "动作"]
    assert [r[2] for r in rows[1:]] == ["member.unmask"]
    export = AuditEntry.objects.get(action="export.xlsx")
    assert export.actor == personas.auditor
    assert export.object_type == "core.auditentry"
    assert export.after["filters"] == {"result": "denied"}
    assert export.after["rows"] == 1
