"""Remote pickers (issue 19 §2): a choice among a province's members renders only what is chosen and
searches the server as the user types (core.pickers, core.forms.RemoteChoices, core:picker).

The page of a register form (supervision's mediation case: 调解委员, many; 委员 of a post: one) is
measured with the small world's few members and with several hundred more: the same queries, no
more than a handful of options. The search answers by name, pinyin and initials, only what the
form's field offers, only to the user the form was shown to; a POST of anyone else is refused with
the field's message, and writes nothing."""

import json
import re
from urllib.parse import quote

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import set_script_prefix

from lvzhi.accounts.models import User
from lvzhi.core.forms import NAMES_SUFFIX, REMOTE_PICKER_MIN, remote_choices
from lvzhi.core.pickers import MATCHES
from lvzhi.core.tests.test_pickers import Selects
from lvzhi.org.audience_choices import members_of_tree
from lvzhi.org.models import Member, Membership
from lvzhi.org.selectors import members_of_committee
from lvzhi.org.services import pinyin_of
from lvzhi.supervision.factories import SupervisionWorld
from lvzhi.supervision.models import MediationCase

# names of many readings, so that searches by pinyin find several of them
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


def grow(committee, n: int, start: int = 0) -> list[Member]:
    """`n` more seated members of the committee (its latest term), named 王伟甲0 … so that every name
    is different."""
    term = committee.terms.order_by("-number").first()
    members = []
    for i in range(start, start + n):
        name = f"{SURNAMES[i % len(SURNAMES)]}{GIVEN[(i // len(SURNAMES)) % len(GIVEN)]}甲{i}"
        full, initials = pinyin_of(name)
        members.append(Member(committee=committee, name=name, name_pinyin=full, name_initials=initials))
    members = Member.objects.bulk_create(members)
    Membership.objects.bulk_create(
        [Membership(committee=committee, member=m, term=term, started_on=term.start_date) for m in members]
    )
    return members


def field_page(client, path, name):
    """The page's <select name=…> (attributes, option count) and the number of queries it took."""
    client.get(path)  # the session's one-off reads done
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    page = Selects()
    page.feed(response.content.decode())
    (select,) = [s for s in page.selects if s["attrs"].get("name") == name]
    return select, len(queries), response.content.decode()


def with_query(url, q):
    """The picker's address with what was typed, as widgets.js asks it."""
    return f"{url}&q={quote(q)}"


def search(client, select, q):
    response = client.get(with_query(select["attrs"]["data-picker-url"], q))
    assert response.status_code == 200, response.status_code
    return json.loads(response.content)


@pytest.fixture
def world(personas):
    return SupervisionWorld(personas)


@pytest.fixture
def staff(client, world):
    client.force_login(world.staff)
    return client


@pytest.mark.parametrize(
    ("path", "name"), [("/supervision/mediation/new/", "mediators"), ("/supervision/posts/new/", "member")]
)
def test_a_long_choice_of_members_renders_only_what_is_chosen_with_the_same_queries(world, staff, path, name):
    small, small_queries, _ = field_page(staff, path, name)
    assert "data-picker-url" not in small["attrs"]
    assert small["options"] == members_of_committee(world.wuwei).count() + (name == "member")  # and "—"
    grow(world.wuwei, REMOTE_PICKER_MIN + 50)
    large, large_queries, html = field_page(staff, path, name)
    grow(world.wuwei, 600, start=REMOTE_PICKER_MIN + 50)
    larger, larger_queries, _ = field_page(staff, path, name)
    assert members_of_committee(world.wuwei).count() > 900
    assert small_queries == large_queries == larger_queries
    for select in (large, larger):
        assert "data-picker" in select["attrs"] and select["attrs"]["data-picker-url"].startswith("/pick/?t=")
        assert select["options"] <= 1  # nothing chosen yet: at most the empty choice of a single one
    assert f'name="{name}{NAMES_SUFFIX}"' in html  # without script: names typed instead


def test_the_search_finds_by_name_pinyin_and_initials_only_what_the_form_offers(world, staff):
    grown = grow(world.wuwei, REMOTE_PICKER_MIN + 50)
    outsider = grow(world.p.pingliang, 1, start=5000)[0]  # 王伟甲5000 … of another committee
    select, _, _ = field_page(staff, "/supervision/mediation/new/", "mediators")
    one = grown[7]
    by_name = search(staff, select, one.name)
    assert [row["value"] for row in by_name] == [str(one.pk)]
    assert by_name[0] == {"value": str(one.pk), "text": one.name, "keys": f"{one.name_pinyin} {one.name_initials}"}
    by_pinyin = search(staff, select, one.name_pinyin)
    assert str(one.pk) in {row["value"] for row in by_pinyin}
    by_initials = search(staff, select, one.name_initials.upper())
    assert str(one.pk) in {row["value"] for row in by_initials}
    assert all(row["keys"].split()[1].startswith(one.name_initials[:2]) for row in by_initials)
    # a search of many answers a page of them; none is outside the field's queryset
    many = search(staff, select, "甲")
    assert len(many) == MATCHES
    offered = set(members_of_committee(world.wuwei).values_list("pk", flat=True))
    assert {int(row["value"]) for row in many} <= offered
    assert search(staff, select, outsider.name) == []
    assert search(staff, select, "不存在的名字") == []


def test_the_search_answers_only_the_user_shown_the_form(world, staff, client):
    grow(world.wuwei, REMOTE_PICKER_MIN + 1)
    select, _, _ = field_page(staff, "/supervision/mediation/new/", "mediators")
    url = select["attrs"]["data-picker-url"]
    assert staff.get(with_query(url, "wang")).status_code == 200
    # another committee's staff, a member of the same committee: the same address is not theirs
    for user in (world.p.other_staff, world.p.member):
        client.force_login(user)
        assert client.get(with_query(url, "wang")).status_code == 404
    # a token altered (another builder, other arguments) or none at all: nothing
    client.force_login(world.staff)
    assert client.get(with_query(url[:-3] + "xyz", "wang")).status_code == 404
    assert client.get("/pick/?q=wang").status_code == 404
    client.logout()
    response = client.get(with_query(url, "wang"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def _case(world, mediators, **extra):
    return {
        "committee": world.wuwei.pk,
        "court": "武威市中级人民法院",
        "case_number": "（2024）甘06民诉前调77号",
        "dispute_kind": "family",
        "received_on": "2024-04-01",
        "parties": "王五、赵六",
        "mediators": mediators,
        **extra,
    }


def test_a_post_of_a_member_outside_the_field_is_refused_and_one_inside_is_saved(world, staff):
    grown = grow(world.wuwei, REMOTE_PICKER_MIN + 1)
    outsider = grow(world.p.pingliang, 1, start=5000)[0]
    response = staff.post("/supervision/mediation/new/", _case(world, [grown[0].pk, outsider.pk]))
    assert response.status_code == 200
    assert f"{outsider.pk} 不在可用的选项中" in response.content.decode()
    assert not MediationCase.objects.filter(case_number="（2024）甘06民诉前调77号").exists()
    # the page shown again keeps the valid choice, as an option of its own
    assert re.search(rf'<option value="{grown[0].pk}"[^>]*selected', response.content.decode())
    response = staff.post("/supervision/mediation/new/", _case(world, [grown[0].pk, grown[1].pk]))
    assert response.status_code == 302
    case = MediationCase.objects.get(case_number="（2024）甘06民诉前调77号")
    assert set(case.mediators.all()) == {grown[0], grown[1]}


def test_without_script_names_typed_choose_the_members_they_name_exactly(world, staff):
    grown = grow(world.wuwei, REMOTE_PICKER_MIN + 1)
    twin = grow(world.wuwei, 1, start=900)[0]
    Member.objects.filter(pk=twin.pk).update(name=grown[3].name)  # two members of one name
    names = {f"mediators{NAMES_SUFFIX}": f"{grown[0].name}，{grown[1].name}"}
    response = staff.post("/supervision/mediation/new/", {**_case(world, []), **names})
    assert response.status_code == 302
    case = MediationCase.objects.get(case_number="（2024）甘06民诉前调77号")
    assert set(case.mediators.all()) == {grown[0], grown[1]}
    for typed in (grown[3].name, "不存在的名字"):  # of two members, of none: the field's refusal
        data = {**_case(world, [], case_number="（2024）甘06民诉前调78号"), f"mediators{NAMES_SUFFIX}": typed}
        response = staff.post("/supervision/mediation/new/", data)
        assert response.status_code == 200 and f"“{typed}”不是一个有效的值" in response.content.decode()
    assert not MediationCase.objects.filter(case_number="（2024）甘06民诉前调78号").exists()


def test_a_form_outside_a_request_gets_an_address_no_user_can_use(world, client):
    grow(world.wuwei, REMOTE_PICKER_MIN + 1)

    class F(forms.Form):
        member = forms.ModelChoiceField(queryset=Member.objects.none())

    form = F()
    remote_choices(form.fields["member"], members_of_committee, world.wuwei)
    url = re.search(r'data-picker-url="([^"]+)"', str(form["member"])).group(1).replace("&amp;", "&")
    client.force_login(world.staff)
    assert client.get(with_query(url, "wang")).status_code == 404


def test_an_unregistered_builder_is_refused_at_once():
    field = forms.ModelChoiceField(queryset=Member.objects.none())
    with pytest.raises(TypeError):
        remote_choices(field, lambda committee: Member.objects.all(), 1)


@pytest.mark.django_db
def test_a_notice_of_the_demo_city_names_its_members_remotely_at_the_demo_size_and_600_more(shared_demo, client):
    """A notice of 武威 may name any member of its tree (the city and its counties): on the demo and
    with 600 members more, the page runs the same queries and carries no member as an option."""
    staff = User.objects.get(username="wuwei_staff")
    client.force_login(staff)
    demo, demo_queries, _ = field_page(client, "/notices/new/", "members")
    grow(staff.committee, 600, start=10_000)
    more, more_queries, _ = field_page(client, "/notices/new/", "members")
    assert demo_queries == more_queries
    for select in (demo, more):
        assert "data-picker-url" in select["attrs"] and select["options"] == 0
    offered = members_of_tree(staff.committee)
    assert offered.count() > REMOTE_PICKER_MIN + 600
    found = search(client, more, "甲10007")
    assert [row["text"] for row in found] == [offered.get(name__endswith="甲10007").name]


def test_behind_a_sub_path_the_search_address_carries_it(world, staff):
    grow(world.wuwei, REMOTE_PICKER_MIN + 1)
    set_script_prefix("/lvzhi/")  # as a server mounted under /lvzhi/ sets it for each request
    try:
        response = staff.get("/supervision/mediation/new/")
        url = re.search(r'data-picker-url="([^"]+)"', response.content.decode()).group(1)
    finally:
        set_script_prefix("/")
    assert url.startswith("/lvzhi/pick/?t=")
    assert staff.get(with_query(url.removeprefix("/lvzhi"), "wang")).status_code == 200


def test_a_list_filter_among_many_units_searches_them_and_still_filters(personas, client):
    """The proposal list's 承办单位 filter (core.forms.filter_choices): a committee's few units are its
    options; past REMOTE_PICKER_MIN (a province's thousands) only the chosen one is rendered, the
    picker searches the rest — the same queries however many — and the chosen unit still filters."""
    from lvzhi.org.models import Unit
    from lvzhi.proposals.factories import ProposalWorld

    world = ProposalWorld(personas)
    client.force_login(world.p.staff)
    small, small_queries, _ = field_page(client, "/proposals/", "unit")
    assert "data-picker-url" not in small["attrs"] and small["options"] > 1
    many = range(REMOTE_PICKER_MIN)
    Unit.objects.bulk_create([Unit(committee=world.committee, name=f"测试单位{i:04d}") for i in many])
    large, large_queries, _ = field_page(client, "/proposals/", "unit")
    Unit.objects.bulk_create([Unit(committee=world.committee, name=f"另一单位{i:04d}") for i in range(400)])
    larger, larger_queries, _ = field_page(client, "/proposals/", "unit")
    assert small_queries == large_queries == larger_queries
    for select in (large, larger):
        assert "data-picker" in select["attrs"] and select["attrs"]["data-picker-url"].startswith("/pick/?t=")
        assert select["options"] == 1  # "全部承办单位"
    found = search(client, larger, world.unit2.name)
    assert [row["value"] for row in found] == [str(world.unit2.pk)]
    chosen, _, html = field_page(client, f"/proposals/?unit={world.unit2.pk}", "unit")
    assert chosen["options"] == 2 and f'value="{world.unit2.pk}" selected' in html


def test_without_script_the_list_filter_among_many_units_takes_a_typed_name(personas, client):
    """The proposal list's 承办单位 filter past REMOTE_PICKER_MIN units, in a browser without script:
    a text field of the same name follows the select (<noscript>), and the unit's name typed there
    filters as choosing it does."""
    from lvzhi.org.models import Unit
    from lvzhi.proposals.factories import ProposalWorld

    world = ProposalWorld(personas)
    client.force_login(world.p.staff)
    Unit.objects.bulk_create(
        [Unit(committee=world.committee, name=f"测试单位{i:04d}") for i in range(REMOTE_PICKER_MIN)]
    )
    proposal = world.assigned()  # the lead unit and 武威市财政局 as co-unit
    html = client.get("/proposals/").content.decode()
    assert re.search(r'<noscript><input type="text"[^>]*name="unit"', html)

    def listed(query):
        return set(re.findall(r'href="/proposals/(\d+)/"', client.get(f"/proposals/?{query}").content.decode()))

    by_id = listed(f"unit={world.unit2.pk}")
    assert str(proposal.pk) in by_id
    assert listed(f"unit=&unit={quote(world.unit2.name)}") == by_id  # the select sends "", the text field the name
    assert listed(f"unit={world.unit2.pk}&unit={quote('测试单位0001')}") == set()  # what was typed counts
