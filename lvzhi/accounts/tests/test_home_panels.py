"""The home page's panel for each role."""

import pytest

from lvzhi.core.notifications import notify

pytestmark = pytest.mark.django_db


def home(client, user):
    client.force_login(user)
    return client.get("/")


def panel(response, key):
    return next(p for p in response.context["panels"] if p.get("key") == key)


def test_a_member_sees_unread_notifications_and_their_own_seats(client, personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify([personas.member], title="请提交年度述职报告")
    data = panel(home(client, personas.member), "member-todo")
    assert data["unread"] == 1
    assert [m.committee for m in data["memberships"]] == [personas.wuwei]


def test_a_staff_officer_sees_counts_of_their_scope(client, personas):
    data = panel(home(client, personas.staff), "staff-todo")
    counts = {str(item["label"]): item["value"] for item in data["items"]}
    assert counts["在任委员"] == 2  # 武威 and 凉州区; not 平凉
    assert counts["承办单位"] == 1
    other = {str(i["label"]): i["value"] for i in panel(home(client, personas.other_staff), "staff-todo")["items"]}
    assert other["在任委员"] == 1


def test_a_leader_sees_key_figures_each_linking_to_its_records(client, personas):
    data = panel(home(client, personas.leader), "leader-figures")
    figures = {f["key"]: f for f in data["figures"]}
    assert "org.studios" in figures
    assert figures["org.studios"]["url"].startswith("/org/studios/?figure=org.studios")
    assert 0 < len(figures) <= 12


@pytest.mark.parametrize("who", ["member", "staff", "leader", "unit_user"])
def test_business_roles_get_no_admin_tools(client, personas, who):
    keys = {p.get("key") for p in home(client, getattr(personas, who)).context["panels"]}
    assert "admin-tools" not in keys
