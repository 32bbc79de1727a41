"""The organisation's pages, continued: the per-committee lists, committees, terms and sessions, the
dashboard and the scope switcher (test_pages.py: access, the member list, export, member detail
and forms)."""

import pytest

from lvzhi.core.models import AuditEntry
from lvzhi.org.factories import make_member
from lvzhi.org.models import Committee, PartyBranch, Sector, Session, Studio, Term
from lvzhi.org.tests.test_pages import signed_in

pytestmark = pytest.mark.django_db


# --- the per-committee lists ----------------------------------------------------------------------------


def test_it_creates_and_edits_a_sector(client, personas):
    signed_in(client, personas.staff)
    response = client.post("/org/sectors/new/", {"committee": personas.wuwei.pk, "name": "教育界", "sort": 2})
    assert response.status_code == 302
    sector = Sector.objects.get(name="教育界")
    assert sector.committee == personas.wuwei and sector.is_active is False  # the box was not ticked
    client.post(f"/org/sectors/{sector.pk}/edit/", {"name": "教育界", "sort": 3, "is_active": "on"})
    sector.refresh_from_db()
    assert (sector.sort, sector.is_active) == (3, True)
    assert AuditEntry.objects.filter(action="sector.update", object_id=str(sector.pk)).exists()


def test_it_refuses_a_duplicate_name_in_a_list(client, personas):
    signed_in(client, personas.staff)
    before = Sector.objects.count()
    response = client.post("/org/sectors/new/", {"committee": personas.wuwei.pk, "name": "经济界", "sort": 0})
    assert response.status_code == 200
    assert "已" in response.content.decode() and "存在" in response.content.decode()
    assert Sector.objects.count() == before


def test_it_shows_party_branches_as_a_tree(client, personas):
    branch = PartyBranch.objects.create(committee=personas.wuwei, name="机关第一党支部")
    PartyBranch.objects.create(committee=personas.wuwei, name="第一党小组", kind="group", parent=branch)
    signed_in(client, personas.staff)
    body = client.get("/org/branches/").content.decode()
    assert body.index("机关第一党支部") < body.index("第一党小组")
    groups = client.get("/org/branches/?kind=group").content.decode()
    assert "第一党小组" in groups


def test_it_refuses_a_party_group_without_a_branch(client, personas):
    signed_in(client, personas.staff)
    response = client.post(
        "/org/branches/new/", {"committee": personas.wuwei.pk, "name": "孤立小组", "kind": "group", "sort": 0}
    )
    assert "党小组须属于一个党支部" in response.content.decode()
    assert not PartyBranch.objects.filter(name="孤立小组").exists()


def test_it_creates_a_studio_with_its_lead_and_members(client, personas):
    signed_in(client, personas.staff)
    other = make_member(personas.wuwei, "周华")
    response = client.post(
        "/org/studios/new/",
        {
            "committee": personas.wuwei.pk,
            "name": "凉州委员工作室",
            "level": "city",
            "lead": personas.member_person.pk,
            "members": [personas.member_person.pk, other.pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    studio = Studio.objects.get(name="凉州委员工作室")
    assert studio.lead == personas.member_person
    assert set(studio.members.all()) == {personas.member_person, other}
    body = client.get("/org/studios/?level=city").content.decode()
    assert "凉州委员工作室" in body and "周华" in body


def test_it_filters_and_searches_a_list(client, personas):
    Sector.objects.create(committee=personas.liangzhou, name="农业界")
    signed_in(client, personas.staff)
    body = client.get(f"/org/sectors/?committee={personas.liangzhou.pk}").content.decode()
    assert "农业界" in body and "经济界" not in body
    body = client.get("/org/sectors/?q=经济").content.decode()
    assert "经济界" in body and "农业界" not in body


def test_it_opens_a_figure_as_its_list_of_records(client, personas):
    Studio.objects.create(committee=personas.wuwei, name="在用工作室")
    Studio.objects.create(committee=personas.wuwei, name="停用工作室", is_active=False)
    signed_in(client, personas.staff)
    body = client.get("/org/studios/?figure=org.studios").content.decode()
    assert "在用工作室" in body and "停用工作室" not in body
    assert 'data-testid="figure-filter"' in body


# --- committees, terms, sessions ------------------------------------------------------------------------


def test_it_lets_the_system_administrator_create_a_committee(client, personas):
    signed_in(client, personas.sysadmin)
    response = client.post(
        "/org/committees/new/",
        {
            "code": "620621",
            "name": "民勤县政协",
            "short_name": "民勤县",
            "level": "county",
            "parent": personas.wuwei.pk,
        },
    )
    assert response.status_code == 302
    assert Committee.objects.get(code="620621").path == "/620000/620600/620621/"


def test_it_refuses_a_committee_of_the_wrong_level(client, personas):
    signed_in(client, personas.sysadmin)
    response = client.post(
        "/org/committees/new/",
        {
            "code": "620699",
            "name": "错层",
            "short_name": "错层",
            "level": "city",
            "parent": personas.wuwei.pk,
            "sort": 0,
        },
    )
    assert "层级须与上级相符" in response.content.decode()
    assert not Committee.objects.filter(code="620699").exists()


def test_it_refuses_committee_editing_to_staff(client, personas):
    signed_in(client, personas.staff)
    assert client.get("/org/committees/new/").status_code == 403
    assert client.get(f"/org/committees/{personas.wuwei.pk}/edit/").status_code == 403


def test_it_lets_staff_add_a_term_and_a_session(client, personas):
    signed_in(client, personas.staff)
    response = client.post(f"/org/committees/{personas.wuwei.pk}/terms/new/", {"number": 6, "start_date": "2027-01-10"})
    assert response.status_code == 302
    term = Term.objects.get(committee=personas.wuwei, number=6)
    response = client.post(
        f"/org/terms/{term.pk}/sessions/new/", {"number": 1, "start_date": "2027-01-10", "end_date": "2027-01-13"}
    )
    assert response.status_code == 302
    assert term.sessions.get().number == 1
    assert "六届一次会议" in client.get("/org/committees/").content.decode()


def test_it_refuses_a_session_that_ends_before_it_starts(client, personas):
    signed_in(client, personas.staff)
    term = personas.wuwei.terms.get()
    response = client.post(
        f"/org/terms/{term.pk}/sessions/new/", {"number": 4, "start_date": "2025-01-10", "end_date": "2025-01-01"}
    )
    assert "结束日期不能早于开始日期" in response.content.decode()
    assert not Session.objects.filter(term=term, number=4).exists()


def test_it_refuses_a_duplicate_term_number(client, personas):
    signed_in(client, personas.staff)
    response = client.post(f"/org/committees/{personas.wuwei.pk}/terms/new/", {"number": 5, "start_date": "2022-01-10"})
    assert response.status_code == 200
    assert personas.wuwei.terms.count() == 1


# --- dashboard ---------------------------------------------------------------------------------------


def test_it_shows_the_org_figures_with_links_to_their_records(client, personas):
    branch = PartyBranch.objects.create(committee=personas.wuwei, name="机关党支部")
    PartyBranch.objects.create(committee=personas.wuwei, name="一组", kind="group", parent=branch)
    PartyBranch.objects.create(committee=personas.wuwei, name="二组", kind="group", parent=branch)
    Studio.objects.create(committee=personas.wuwei, name="市级工作室")
    Studio.objects.create(committee=personas.liangzhou, name="区级工作室", level="county")
    signed_in(client, personas.staff)
    response = client.get("/org/dashboard/")
    body = response.content.decode()
    cards = {c["figure"].key: c for c in response.context["cards"]}
    assert cards["org.party_branches"]["value"] == 1
    assert cards["org.party_groups"]["value"] == 2
    assert cards["org.studios"]["value"] == 1
    assert cards["org.studios"]["tree_value"] == 2
    assert "kind=branch" in cards["org.party_branches"]["url"]
    assert cards["org.party_groups"]["url"] in body.replace("&amp;", "&")
    drill = client.get(cards["org.party_groups"]["url"]).content.decode()
    assert "一组" in drill and "二组" in drill


def test_it_narrows_the_lists_to_the_committee_chosen_in_the_scope_switcher(client, personas):
    signed_in(client, personas.staff)
    client.post("/scope/", {"committee": personas.liangzhou.pk, "next": "/org/members/"})
    body = client.get("/org/members/").content.decode()
    assert "王芳" in body and "李明" not in body
    assert "经济界" not in client.get("/org/sectors/").content.decode()
