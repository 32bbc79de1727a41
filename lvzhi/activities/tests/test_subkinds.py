"""The committee's subkind lists: staff replace them through the service, the page and the API."""

import pytest

from lvzhi.activities import services
from lvzhi.activities.models import Activity, Subkind
from lvzhi.activities.services import save_subkinds
from lvzhi.activities.subkinds import subkind_table
from lvzhi.core.errors import Forbidden, Invalid
from lvzhi.core.models import AuditEntry


def names_of(committee, kind):
    return services.subkinds_for(committee, kind)


def test_it_replaces_a_kinds_list_in_order_and_audits_it(world):
    wuwei = world.p.wuwei
    assert names_of(wuwei, "consultation")[:2] == ["专题", "双月"]  # the defaults
    save_subkinds(actor=world.staff, committee=wuwei, kind="consultation", names=[" 双月 ", "界别", "", "民主监督"])
    assert names_of(wuwei, "consultation") == ["双月", "界别", "民主监督"]
    entry = AuditEntry.objects.get(action="subkind.update")
    assert entry.actor == world.staff and entry.committee == wuwei
    assert entry.before["names"] == [] and entry.after == {
        "kind": "consultation",
        "names": ["双月", "界别", "民主监督"],
    }
    # reordering and dropping keeps the rows (activities keep their names); an empty list restores the defaults
    save_subkinds(actor=world.staff, committee=wuwei, kind="consultation", names=["民主监督", "双月"])
    assert names_of(wuwei, "consultation") == ["民主监督", "双月"]
    assert Subkind.objects.filter(committee=wuwei, kind="consultation", is_active=False).count() == 1
    save_subkinds(actor=world.staff, committee=wuwei, kind="consultation", names=[])
    assert names_of(wuwei, "consultation")[0] == "专题"
    assert not Subkind.objects.filter(committee=wuwei, is_active=True).exists()


def test_the_new_list_is_what_activities_may_use(world):
    save_subkinds(actor=world.staff, committee=world.p.wuwei, kind="study", names=["读书班"])
    activity = world.new_activity(kind="study", subkind="读书班", topic="读书班")
    assert activity.subkind == "读书班"
    with pytest.raises(Invalid) as caught:
        world.new_activity(kind="study", subkind="专题学习", topic="不在目录中")
    assert "读书班" in str(caught.value.errors["subkind"][0])


def test_another_committee_keeps_its_own_list(world):
    save_subkinds(actor=world.staff, committee=world.p.wuwei, kind="study", names=["读书班"])
    assert names_of(world.p.pingliang, "study")[0] == "第一议题"
    table = {row["kind"]: row for row in subkind_table(world.p.wuwei)}
    assert table["study"]["custom"] and not table["inspection"]["custom"]
    assert table["study"]["uncounted"] == ["第一议题", "党组理论学习中心组", "专题学习", "研讨"]


@pytest.mark.parametrize(
    "names, message",
    [
        (["专题", "专题"], "重复"),
        (["长" * 51], "超过"),
        ([f"子类{i}" for i in range(51)], "最多"),
    ],
)
def test_bad_lists_are_refused_and_nothing_is_written(world, names, message):
    with pytest.raises(Invalid) as caught:
        save_subkinds(actor=world.staff, committee=world.p.wuwei, kind="consultation", names=names)
    assert message in str(caught.value.errors["names"][0])
    assert not Subkind.objects.exists() and not AuditEntry.objects.filter(action="subkind.update").exists()


def test_an_unknown_kind_is_refused(world):
    with pytest.raises(Invalid) as caught:
        save_subkinds(actor=world.staff, committee=world.p.wuwei, kind="party", names=["x"])
    assert "kind" in caught.value.errors


def test_only_staff_with_the_permission_in_scope_may_edit(world):
    for user in (world.member, world.p.unit_user, world.p.other_staff, world.p.leader, *world.p.admins):
        with pytest.raises(Forbidden):
            save_subkinds(actor=user, committee=world.p.wuwei, kind="study", names=["x"])
    save_subkinds(actor=world.staff, committee=world.p.liangzhou, kind="study", names=["x"])  # a lower committee
    assert not Subkind.objects.filter(committee=world.p.wuwei).exists()


@pytest.fixture
def as_user(client):
    def _as(user):
        client.force_login(user)
        return client

    return _as


def test_staff_edit_the_lists_on_the_page(world, as_user):
    c = as_user(world.staff)
    page = c.get("/activities/subkinds/").content.decode()
    assert 'data-testid="names-consultation"' in page and "提案办理" in page
    r = c.post(
        "/activities/subkinds/", {"committee": world.p.wuwei.pk, "kind": "consultation", "names": "双月\r\n界别\r\n"}
    )
    assert r.status_code == 302 and r["Location"].endswith("#kind-consultation")
    assert names_of(world.p.wuwei, "consultation") == ["双月", "界别"]
    r = c.post("/activities/subkinds/", {"committee": world.p.wuwei.pk, "kind": "consultation", "names": "a\na"})
    assert r.status_code == 422 and "重复" in r.content.decode()
    assert names_of(world.p.wuwei, "consultation") == ["双月", "界别"]
    c.post("/activities/subkinds/", {"committee": world.p.wuwei.pk, "kind": "consultation", "reset": "1"})
    assert names_of(world.p.wuwei, "consultation")[0] == "专题"
    # the new-activity form offers the committee's list
    save_subkinds(actor=world.staff, committee=world.p.wuwei, kind="reading", names=["诗词朗诵"])
    assert "诗词朗诵" in c.get(f"/activities/new/?committee={world.p.wuwei.pk}").content.decode()


def test_the_page_refuses_members_units_and_other_committees(world, as_user):
    assert as_user(world.member).get("/activities/subkinds/").status_code == 403
    assert as_user(world.p.unit_user).get("/activities/subkinds/").status_code == 403
    c = as_user(world.p.other_staff)
    # another committee's id is not in their scope: they get their own committee's lists
    page = c.get(f"/activities/subkinds/?committee={world.p.wuwei.pk}").content.decode()
    assert f'value="{world.p.pingliang.pk}" selected' in page
    c.post("/activities/subkinds/", {"committee": world.p.wuwei.pk, "kind": "study", "names": "x"})
    assert not Subkind.objects.filter(committee=world.p.wuwei).exists()


def test_a_leader_reads_the_lists_without_a_form(world, as_user):
    page = as_user(world.p.leader).get("/activities/subkinds/")
    assert page.status_code == 200 and "<textarea" not in page.content.decode()
    r = as_user(world.p.leader).post("/activities/subkinds/", {"kind": "study", "names": "x"})
    assert r.status_code == 403 and not Subkind.objects.exists()


def test_the_api_reads_and_replaces_a_list(world, api):
    status, body = api(world.staff, "get", "/activities/subkinds/?committee=620600")
    assert status == 200 and body["committee"] == world.p.wuwei.pk
    study = next(i for i in body["items"] if i["kind"] == "study")
    assert study["names"] == study["defaults"] and study["custom"] is False
    status, body = api(world.staff, "post", "/activities/subkinds/study", {"committee": "620600", "names": ["读书班"]})
    assert status == 200 and next(i for i in body["items"] if i["kind"] == "study")["names"] == ["读书班"]
    status, _ = api(
        world.staff,
        "post",
        "/activities/",
        {"committee": "620600", "kind": "study", "subkind": "读书班", "topic": "读书班", "start": "2024-05-01T09:00"},
    )
    assert status == 201


@pytest.mark.parametrize(
    "user, path, body, status, field",
    [
        ("staff", "/activities/subkinds/study", {"committee": "620600", "names": ["a", "a"]}, 422, "names"),
        ("staff", "/activities/subkinds/study", {"committee": "620800", "names": ["a"]}, 422, "committee"),
        ("staff", "/activities/subkinds/study", {"committee": "620600", "names": "a"}, 422, "names"),
        ("staff", "/activities/subkinds/study", {"committee": "620600", "names": ["a\x00"]}, 422, "names"),
        ("staff", "/activities/subkinds/party", {"committee": "620600", "names": ["a"]}, 404, None),
        ("member", "/activities/subkinds/study", {"committee": "620600", "names": ["a"]}, 403, None),
        ("leader", "/activities/subkinds/study", {"committee": "620600", "names": ["a"]}, 403, None),
        ("other_staff", "/activities/subkinds/study", {"committee": "620600", "names": ["a"]}, 422, "committee"),
    ],
)
def test_the_api_refuses_bad_input_and_other_users_writing_nothing(world, api, user, path, body, status, field):
    actor = {"staff": world.staff, "member": world.member, "leader": world.p.leader, "other_staff": world.p.other_staff}
    got, answer = api(actor[user], "post", path, body)
    assert got == status, answer
    if field:
        assert field in answer["errors"]
    assert not Subkind.objects.exists() and Activity.objects.count() == 1


def test_the_api_list_is_for_readers_and_members_of_the_scope(world, api):
    assert api(world.member, "get", "/activities/subkinds/")[1]["committee"] == world.p.wuwei.pk
    assert api(world.p.unit_user, "get", "/activities/subkinds/")[0] == 403
    assert api(None, "get", "/activities/subkinds/")[0] == 401
    assert api(world.p.other_staff, "get", "/activities/subkinds/?committee=620600")[0] == 422
    assert api(world.p.other_staff, "get", "/activities/subkinds/")[1]["committee"] == world.p.pingliang.pk
