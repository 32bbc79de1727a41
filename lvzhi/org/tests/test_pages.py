"""The organisation's staff pages: who may see what, forms with bad input, masking, search, export,
and the member list's query budget."""

import datetime
import io
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from lvzhi.accounts.middleware import LOGIN_AT_KEY
from lvzhi.core.models import AuditEntry
from lvzhi.org.factories import make_id_number, make_member
from lvzhi.org.models import Member, Membership, Sector, Studio

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    """A client logged in as `user`, as the login page leaves it."""
    client.force_login(user)
    session = client.session
    session[LOGIN_AT_KEY] = time.time()
    session.save()
    return client


LIST_URLS = [
    "/org/members/",
    "/org/sectors/",
    "/org/special-committees/",
    "/org/parties/",
    "/org/branches/",
    "/org/studios/",
    "/org/units/",
    "/org/dashboard/",
]


def wuwei_urls(p):
    """Every detail and edit URL of a 武威 record."""
    member = p.member_person
    membership = member.memberships.get()
    term = p.wuwei.terms.get()
    session = term.sessions.get()
    return [
        f"/org/members/{member.pk}/",
        f"/org/members/{member.pk}/edit/",
        f"/org/members/{member.pk}/memberships/new/",
        f"/org/memberships/{membership.pk}/edit/",
        f"/org/memberships/{membership.pk}/end/",
        f"/org/sectors/{p.sector.pk}/edit/",
        f"/org/parties/{p.party.pk}/edit/",
        f"/org/special-committees/{p.special.pk}/edit/",
        f"/org/units/{p.unit.pk}/edit/",
        f"/org/committees/{p.wuwei.pk}/terms/new/",
        f"/org/terms/{term.pk}/edit/",
        f"/org/terms/{term.pk}/sessions/new/",
        f"/org/sessions/{session.pk}/edit/",
    ]


# --- who may see what ----------------------------------------------------------------------------


def test_it_sends_an_anonymous_visitor_to_the_login_page(client, personas):
    for url in [*LIST_URLS, "/org/committees/", *wuwei_urls(personas)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url


@pytest.mark.parametrize("who", ["member", "unit_user", "sysadmin", "secadmin", "auditor"])
def test_it_refuses_the_pages_to_members_units_and_administrators(client, personas, who):
    signed_in(client, getattr(personas, who))
    for url in LIST_URLS:
        assert client.get(url).status_code == 403, url
    for url in wuwei_urls(personas):
        assert client.get(url).status_code in (403, 404), url
    assert client.post(f"/org/members/{personas.member_person.pk}/edit/", {"name": "改名"}).status_code in (403, 404)
    assert Member.objects.get(pk=personas.member_person.pk).name == "李明"


def test_it_shows_the_committee_tree_to_the_system_administrator_only_among_admins(client, personas):
    signed_in(client, personas.sysadmin)
    response = client.get("/org/committees/")
    assert response.status_code == 200
    assert "平凉市政协" in response.content.decode()
    for who in ("secadmin", "auditor", "member", "unit_user"):
        signed_in(client, getattr(personas, who))
        assert client.get("/org/committees/").status_code == 403, who


def test_it_hides_every_wuwei_record_from_the_staff_of_another_committee(client, personas):
    signed_in(client, personas.other_staff)
    for url in wuwei_urls(personas):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"name": "x"}).status_code == 404, url
    assert client.post(f"/org/members/{personas.member_person.pk}/reveal/").status_code == 404
    for url in LIST_URLS[:-1]:
        body = client.get(url).content.decode()
        for name in ("李明", "王芳", "经济界", "民盟", "提案委员会", "武威市教育局"):
            assert name not in body, (url, name)
    assert "武威" not in client.get("/org/committees/").content.decode()
    assert "李明" not in client.get("/org/members/?q=lm&committee=620600").content.decode()


def test_it_shows_a_county_officer_nothing_of_the_city(client, personas):
    signed_in(client, personas.county_staff)
    body = client.get("/org/members/").content.decode()
    assert "王芳" in body
    assert "李明" not in body
    assert "经济界" not in client.get("/org/sectors/").content.decode()
    assert "武威市政协" not in client.get("/org/committees/").content.decode()
    assert client.get(f"/org/members/{personas.member_person.pk}/").status_code == 404
    assert client.get(f"/org/sectors/{personas.sector.pk}/edit/").status_code == 404


def test_it_lets_a_leader_read_but_not_write(client, personas):
    signed_in(client, personas.leader)
    assert client.get("/org/members/").status_code == 200
    assert client.get(f"/org/members/{personas.member_person.pk}/").status_code == 200
    assert client.get("/org/members/new/").status_code == 403
    assert client.get(f"/org/members/{personas.member_person.pk}/edit/").status_code == 403
    assert client.get("/org/sectors/new/").status_code == 403


# --- member list ------------------------------------------------------------------------------------


def test_it_finds_a_member_by_pinyin_initials(client, personas):
    signed_in(client, personas.staff)
    body = client.get("/org/members/?q=lm").content.decode()
    assert "李明" in body
    assert "王芳" not in body


def test_it_answers_htmx_with_the_results_fragment_only(client, personas):
    signed_in(client, personas.staff)
    response = client.get("/org/members/?q=wf", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "王芳" in body and "李明" not in body
    assert "<html" not in body and 'id="results"' in body


def test_it_filters_members_by_committee_sector_and_role(client, personas):
    signed_in(client, personas.staff)
    body = client.get(f"/org/members/?sector={personas.sector.pk}").content.decode()
    assert "李明" in body and "王芳" not in body
    body = client.get("/org/members/?committee=620602").content.decode()
    assert "王芳" in body and "李明" not in body
    body = client.get("/org/members/?role=chair").content.decode()
    assert "李明" not in body


def test_it_masks_the_mobile_in_the_list(client, personas):
    signed_in(client, personas.staff)
    body = client.get("/org/members/").content.decode()
    mobile = personas.member_person.mobile
    assert mobile not in body
    assert personas.member_person.mobile_masked in body


def _wuwei_members(committee, count):
    for i in range(count):
        make_member(committee, f"测试{i:03d}")


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_it_keeps_the_member_list_query_count_when_rows_grow_tenfold(client, personas):
    signed_in(client, personas.staff)
    _wuwei_members(personas.wuwei, 5)
    client.get("/org/members/")  # warm the session and caches
    few = _queries(client, "/org/members/")
    _wuwei_members(personas.wuwei, 45)
    many = _queries(client, "/org/members/")
    assert Membership.objects.count() >= 50
    assert few == many
    assert many <= 21  # 9 for the page shell (session, user, roles, grants, scope, menu, unread, scope list)


def test_it_keeps_the_list_pages_query_count_when_rows_grow(client, personas):
    signed_in(client, personas.staff)
    for url in ("/org/studios/", "/org/branches/", "/org/sectors/"):  # a list's count is kept across requests
        client.get(url)
    counts = {}
    for size in (3, 30):
        for i in range(len(Studio.objects.all()), size):
            studio = Studio.objects.create(committee=personas.wuwei, name=f"工作室{i}", lead=personas.member_person)
            studio.members.set([personas.member_person])
        counts[size] = {url: _queries(client, url) for url in ("/org/studios/", "/org/branches/", "/org/sectors/")}
    assert counts[3] == counts[30]


# --- export ---------------------------------------------------------------------------------------


def _sheet(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in ws.iter_rows(values_only=True)]


def test_it_exports_the_filtered_members_masked_and_audits_it(client, personas):
    signed_in(client, personas.staff)
    rows = _sheet(client.get("/org/members/?export=xlsx&q=lm"))
    header, *data = rows
    assert header[:2] == ["姓名", "性别"]
    assert [r[0] for r in data] == ["李明"]
    person = personas.member_person
    assert data[0][header.index("身份证号")] == person.id_number_masked
    assert data[0][header.index("手机号")] == person.mobile_masked
    assert data[0][header.index("界别")] == "经济界"
    entry = AuditEntry.objects.get(action="export.xlsx")
    assert entry.actor == personas.staff
    assert entry.after["rows"] == 1
    assert entry.after["filters"]["q"] == "lm"
    assert entry.after["filters"]["pii"] == "masked"


def test_it_exports_personal_information_in_clear_to_those_who_may_see_it(client, personas):
    signed_in(client, personas.pii_staff)
    header, *data = _sheet(client.get("/org/members/?export=xlsx&q=lm"))
    assert data[0][header.index("身份证号")] == personas.member_person.id_number
    assert AuditEntry.objects.get(action="export.xlsx").after["filters"]["pii"] == "clear"


def test_it_exports_a_reference_list(client, personas):
    signed_in(client, personas.staff)
    header, *data = _sheet(client.get("/org/units/?export=xlsx"))
    assert header[0] == "名称"
    assert [r[0] for r in data] == ["武威市教育局"]
    assert AuditEntry.objects.filter(action="export.xlsx", object_type="org.unit").exists()


# --- member detail, masking and unmasking -------------------------------------------------------------


def test_it_masks_personal_information_on_the_detail_page(client, personas):
    signed_in(client, personas.staff)
    body = client.get(f"/org/members/{personas.member_person.pk}/").content.decode()
    person = personas.member_person
    assert person.id_number not in body and person.mobile not in body
    assert person.id_number_masked in body and person.mobile_masked in body
    assert 'data-testid="reveal"' not in body


def test_it_reveals_personal_information_to_a_holder_of_the_permission_and_audits_it(client, personas):
    signed_in(client, personas.pii_staff)
    person = personas.member_person
    assert 'data-testid="reveal"' in client.get(f"/org/members/{person.pk}/").content.decode()
    response = client.post(f"/org/members/{person.pk}/reveal/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert person.id_number in body and person.mobile in body
    assert "<html" not in body
    entry = AuditEntry.objects.get(action="member.unmask")
    assert (entry.result, entry.actor, entry.object_id) == ("ok", personas.pii_staff, str(person.pk))


def test_it_refuses_and_audits_an_unmasking_by_staff_without_the_permission(client, personas):
    signed_in(client, personas.staff)
    person = personas.member_person
    response = client.post(f"/org/members/{person.pk}/reveal/")
    assert response.status_code == 403
    assert person.id_number not in response.content.decode()
    entry = AuditEntry.objects.get(action="member.unmask")
    assert (entry.result, entry.actor) == ("denied", personas.staff)


def test_it_shows_memberships_and_studios_on_the_detail_page(client, personas):
    studio = Studio.objects.create(committee=personas.wuwei, name="李明委员工作室", lead=personas.member_person)
    studio.members.add(personas.member_person)
    signed_in(client, personas.staff)
    body = client.get(f"/org/members/{personas.member_person.pk}/").content.decode()
    assert "李明委员工作室" in body
    assert "经济界" in body and "在任" in body


# --- member forms ---------------------------------------------------------------------------------


def _new_member(p, **overrides):
    term = p.wuwei.terms.get()
    data = {
        "committee": p.wuwei.pk,
        "term": term.pk,
        "role": "standing",
        "sector": p.sector.pk,
        "party": p.party.pk,
        "special_committees": [p.special.pk],
        "name": "陈静",
        "gender": "female",
        "id_number": make_id_number(datetime.date(1980, 5, 6), 901, area="620600", male=False),
        "mobile": "13800001234",
        "workplace": "武威市第一中学",
        "title": "校长",
    }
    data.update(overrides)
    return data


def test_it_registers_a_member_with_a_membership(client, personas):
    signed_in(client, personas.staff)
    response = client.post("/org/members/new/", _new_member(personas))
    member = Member.objects.get(name="陈静")
    assert response.status_code == 302
    assert response["Location"] == f"/org/members/{member.pk}/"
    seat = member.memberships.get()
    assert (seat.committee, seat.role, seat.sector, seat.party) == (
        personas.wuwei,
        "standing",
        personas.sector,
        personas.party,
    )
    assert list(seat.special_committees.all()) == [personas.special]
    assert member.mobile == "13800001234"
    assert AuditEntry.objects.filter(action="member.create", object_id=str(member.pk)).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id_number", "620600198005061234", "校验位"),
        ("mobile", "12345", "手机号应为 11 位数字"),
        ("name", "", "必填"),
    ],
)
def test_it_refuses_a_member_with_bad_input_and_writes_nothing(client, personas, field, value, message):
    signed_in(client, personas.staff)
    before = (Member.objects.count(), Membership.objects.count(), AuditEntry.objects.count())
    response = client.post("/org/members/new/", _new_member(personas, **{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (Member.objects.count(), Membership.objects.count(), AuditEntry.objects.count()) == before


def test_it_refuses_a_sector_of_another_committee(client, personas):
    foreign = Sector.objects.create(committee=personas.pingliang, name="平凉界别")
    signed_in(client, personas.staff)
    response = client.post("/org/members/new/", _new_member(personas, sector=foreign.pk))
    assert response.status_code == 200
    assert not Member.objects.filter(name="陈静").exists()


def test_it_refuses_an_id_number_already_registered(client, personas):
    signed_in(client, personas.staff)
    response = client.post("/org/members/new/", _new_member(personas, id_number=personas.county_person.id_number))
    assert "该身份证号已登记" in response.content.decode()
    assert not Member.objects.filter(name="陈静").exists()


def test_it_edits_a_member_and_keeps_the_id_number_when_left_blank(client, personas):
    signed_in(client, personas.staff)
    person = personas.member_person
    old_id = person.id_number
    response = client.post(f"/org/members/{person.pk}/edit/", {"name": "李明", "workplace": "武威市财政局"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.workplace == "武威市财政局"
    assert person.id_number == old_id
    assert AuditEntry.objects.filter(action="member.update", object_id=str(person.pk)).exists()


def test_it_refuses_a_bad_mobile_on_edit_and_changes_nothing(client, personas):
    signed_in(client, personas.staff)
    person = personas.member_person
    response = client.post(f"/org/members/{person.pk}/edit/", {"name": "李明", "mobile": "999", "workplace": "新单位"})
    assert "手机号应为 11 位数字" in response.content.decode()
    person.refresh_from_db()
    assert person.workplace == "某单位"


def test_it_does_not_prefill_the_clear_id_number_in_the_edit_form(client, personas):
    signed_in(client, personas.staff)
    body = client.get(f"/org/members/{personas.member_person.pk}/edit/").content.decode()
    assert personas.member_person.id_number not in body
    assert personas.member_person.id_number_masked in body


def test_it_seats_a_city_member_in_a_county_committee_too(client, personas):
    signed_in(client, personas.staff)
    person = personas.member_person
    county_term = personas.liangzhou.terms.get()
    response = client.post(
        f"/org/members/{person.pk}/memberships/new/",
        {"committee": personas.liangzhou.pk, "term": county_term.pk, "role": "member"},
    )
    assert response.status_code == 302
    assert set(person.memberships.values_list("committee__code", flat=True)) == {"620600", "620602"}


def test_it_refuses_a_second_membership_in_the_same_term(client, personas):
    signed_in(client, personas.staff)
    person = personas.member_person
    term = personas.wuwei.terms.get()
    response = client.post(
        f"/org/members/{person.pk}/memberships/new/",
        {"committee": personas.wuwei.pk, "term": term.pk, "role": "member"},
    )
    assert "该委员在此届已有任职" in response.content.decode()
    assert person.memberships.count() == 1


def test_it_edits_a_membership(client, personas):
    signed_in(client, personas.staff)
    seat = personas.member_person.memberships.get()
    response = client.post(f"/org/memberships/{seat.pk}/edit/", {"role": "vice_chair", "sector": "", "party": ""})
    assert response.status_code == 302
    seat.refresh_from_db()
    assert (seat.role, seat.sector, seat.party) == ("vice_chair", None, None)


def test_it_ends_a_membership(client, personas):
    signed_in(client, personas.staff)
    seat = personas.member_person.memberships.get()
    response = client.post(
        f"/org/memberships/{seat.pk}/end/", {"status": "resigned", "ended_on": "2024-06-30", "end_reason": "工作调动"}
    )
    assert response.status_code == 302
    seat.refresh_from_db()
    assert (seat.status, seat.ended_on, seat.end_reason) == ("resigned", datetime.date(2024, 6, 30), "工作调动")
    assert AuditEntry.objects.filter(action="transition.resign", object_id=str(seat.pk)).exists()
    history = client.get(f"/org/members/{seat.member_id}/").content.decode()
    assert 'data-testid="membership-history"' in history and "工作调动" in history
    again = client.post(f"/org/memberships/{seat.pk}/end/", {"status": "removed", "ended_on": "2024-07-01"})
    assert "状态下不能执行" in again.content.decode()
    seat.refresh_from_db()
    assert seat.status == "resigned"


def test_it_refuses_to_end_a_membership_before_it_began(client, personas):
    signed_in(client, personas.staff)
    seat = personas.member_person.memberships.get()
    response = client.post(f"/org/memberships/{seat.pk}/end/", {"status": "removed", "ended_on": "2001-01-01"})
    assert "离任日期不能早于任职日期" in response.content.decode()
    seat.refresh_from_db()
    assert seat.status == "active"


def test_it_refuses_a_county_officer_the_city_persons_edit(client, personas):
    person = personas.member_person
    Membership.objects.create(
        committee=personas.liangzhou, member=person, term=personas.liangzhou.terms.get(), started_on="2022-01-10"
    )
    signed_in(client, personas.county_staff)
    assert client.get(f"/org/members/{person.pk}/").status_code == 200
    body = client.get(f"/org/members/{person.pk}/").content.decode()
    assert "凉州区" in body and "经济界" not in body  # only the county seat is shown
    assert client.post(f"/org/members/{person.pk}/edit/", {"name": "改名"}).status_code == 403
    person.refresh_from_db()
    assert person.name == "李明"
