"""The audit log: an entry for every kind of event, append-only, and pruned only past retention."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import models
from django.test import Client
from django.utils import timezone

from lvzhi.accounts import services
from lvzhi.core import audit
from lvzhi.core.errors import Forbidden
from lvzhi.core.models import AuditEntry
from lvzhi.org.factories import ALL_PERMISSIONS
from lvzhi.org.services import reveal_pii

pytestmark = pytest.mark.django_db

PASSWORD = "Lvzhi-test-2026!"


def log_in(client, username, password=PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


def only(action, **lookup):
    entries = list(AuditEntry.objects.filter(action=action, **lookup))
    assert len(entries) == 1, [(e.action, e.actor_name, e.result) for e in AuditEntry.objects.all()]
    return entries[0]


def test_a_login_is_audited_with_the_address_and_request_id(client, personas):
    log_in(client, "staff")
    entry = only("login")
    assert entry.actor == personas.staff
    assert entry.result == "ok"
    assert entry.ip == "127.0.0.1"
    assert len(entry.request_id) == 32


def test_a_failed_login_is_audited_with_the_name_tried(client, personas):
    log_in(client, "staff", "Wrong-password-1")
    log_in(client, "nobody", "Wrong-password-1")
    known = only("login.failed", actor_name="staff")
    assert known.actor == personas.staff
    assert known.result == "failed"
    unknown = only("login.failed", actor_name="nobody")
    assert unknown.actor is None


def test_a_lockout_and_a_refused_locked_login_are_audited(client, personas):
    for _ in range(6):
        log_in(client, "staff", "Wrong-password-1")
    assert only("account.lock").object_id == str(personas.staff.pk)
    assert only("login.failed", note="account locked", result="denied").actor == personas.staff


def test_a_logout_is_audited(client, personas):
    log_in(client, "staff")
    client.post("/accounts/logout/")
    assert only("logout").actor == personas.staff


def test_a_password_change_is_audited_without_the_password(client, personas):
    log_in(client, "staff")
    client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password": "Gansu-wuwei-77", "new_password2": "Gansu-wuwei-77"},
    )
    entry = only("password.change")
    assert entry.actor == personas.staff
    assert "Gansu-wuwei-77" not in str(entry.before) + str(entry.after) + entry.note


def test_a_role_change_is_audited_with_before_and_after(personas):
    services.set_roles(actor=personas.secadmin, user=personas.staff, roles=["staff", "leader"])
    entry = only("user.roles")
    assert entry.actor == personas.secadmin
    assert entry.object_id == str(personas.staff.pk)
    assert entry.before == {"roles": ["staff"]}
    assert entry.after == {"roles": ["leader", "staff"]}


def test_a_permission_change_is_audited_with_before_and_after(personas):
    services.set_permissions(actor=personas.secadmin, user=personas.staff, permissions=["proposals"])
    entry = only("user.permissions")
    assert entry.before == {"permissions": sorted(ALL_PERMISSIONS), "scope_descendants": True}
    assert entry.after == {"permissions": ["proposals"], "scope_descendants": True}


def test_creating_a_user_is_audited_without_the_password_or_mobile(personas):
    user = services.create_user(
        actor=personas.sysadmin, username="newcomer", password="Initial-pass-2026", mobile="13900001111"
    )
    entry = only("user.create")
    assert entry.actor == personas.sysadmin
    assert entry.object_id == str(user.pk)
    assert entry.after["username"] == "newcomer"
    assert "password" not in entry.after
    assert "mobile_hash" not in entry.after
    assert "13900001111" not in str(entry.after)


def test_an_export_is_audited_with_its_filter(client, personas):
    client.force_login(personas.sysadmin)
    client.get("/admin/users/?state=active&export=xlsx")
    entry = only("export.xlsx")
    assert entry.actor == personas.sysadmin
    assert entry.after["filters"] == {"state": "active"}


def test_unmasking_personal_information_is_audited(personas):
    revealed = reveal_pii(actor=personas.pii_staff, member=personas.member_person)
    assert revealed["mobile"] == personas.member_person.mobile
    entry = only("member.unmask", result="ok")
    assert entry.actor == personas.pii_staff
    assert entry.object_id == str(personas.member_person.pk)
    assert revealed["id_number"] not in str(entry.after) + str(entry.before) + entry.note


def test_a_refused_unmasking_is_audited_too(personas):
    with pytest.raises(Forbidden):
        reveal_pii(actor=personas.staff, member=personas.member_person)  # no view_pii permission
    assert only("member.unmask", result="denied").actor == personas.staff


def test_creating_and_revoking_an_api_token_is_audited_without_the_key(personas):
    token, key = services.create_api_token(actor=personas.staff, name="phone")
    services.revoke_api_token(actor=personas.staff, token=token)
    created = only("token.create")
    assert created.actor == personas.staff
    assert key not in str(created.after)
    assert only("token.revoke").object_id == str(token.pk)


def test_the_token_pages_write_the_same_entries(client, personas):
    client.force_login(personas.staff)
    client.post("/accounts/profile/tokens/", {"name": "laptop"})
    token = personas.staff.api_tokens.get()
    client.post(f"/accounts/profile/tokens/{token.pk}/revoke/")
    assert only("token.create").after["name"] == "laptop"
    assert only("token.revoke").actor == personas.staff


def test_nobody_revokes_another_users_token(client, personas):
    token, _key = services.create_api_token(actor=personas.staff)
    with pytest.raises(Forbidden):
        services.revoke_api_token(actor=personas.leader, token=token)
    client.force_login(personas.leader)
    assert client.post(f"/accounts/profile/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


# --- Append-only ---------------------------------------------------------------------------------


def test_the_audit_log_cannot_be_updated_or_deleted(personas):
    entry = audit.record("login", actor=personas.staff)
    with pytest.raises(TypeError):
        AuditEntry.objects.filter(pk=entry.pk).update(note="tampered")
    with pytest.raises(TypeError):
        AuditEntry.objects.all().delete()
    with pytest.raises(TypeError):
        entry.note = "tampered"
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    fresh = AuditEntry.objects.get(pk=entry.pk)
    assert fresh.note == ""


# --- Pruning -------------------------------------------------------------------------------------


def aged(days, action="member.update"):
    entry = audit.record(action)
    # Test-only back door (the same one prune() uses) to give the entry an age.
    models.QuerySet.update(AuditEntry.objects.filter(pk=entry.pk), at=timezone.now() - datetime.timedelta(days=days))
    return entry


def prune(*args):
    out = io.StringIO()
    call_command("prune_audit", *args, stdout=out)
    return out.getvalue()


def test_prune_audit_deletes_entries_older_than_the_retention_and_nothing_younger(settings):
    assert settings.AUDIT_RETENTION_DAYS == 180
    old = [aged(181), aged(400)]
    young = [aged(179), aged(0)]
    output = prune()
    assert "Deleted 2 audit entries" in output
    remaining = set(AuditEntry.objects.values_list("pk", flat=True))
    assert {e.pk for e in young} <= remaining
    assert not {e.pk for e in old} & remaining


def test_prune_audit_follows_the_retention_setting(settings):
    settings.AUDIT_RETENTION_DAYS = 30
    aged(31)
    aged(29)
    assert "Deleted 1 audit entries" in prune()


def test_prune_audit_takes_a_days_override():
    aged(11)
    aged(9)
    assert "Deleted 1 audit entries" in prune("--days", "10")
    assert AuditEntry.objects.filter(action="member.update").count() == 1


def test_prune_audit_records_that_it_ran():
    aged(200)
    prune()
    entry = only("audit.prune")
    assert entry.after["deleted"] == 1


def test_prune_audit_refuses_a_retention_below_one_day():
    aged(5)
    with pytest.raises(CommandError):
        prune("--days", "0")
    assert AuditEntry.objects.count() == 1


def test_the_audit_log_page_survives_an_anonymous_actor(personas):
    aged(1, action="login.failed")
    client = Client()
    client.force_login(personas.auditor)
    assert client.get("/admin/audit/").status_code == 200
