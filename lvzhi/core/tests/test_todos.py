"""我的待办: one to-do centre for every role. The home page's counts, the page and the API read the
same kinds (registry.todos_for); each count is the number of rows its link opens, each item opens
exactly its record, and a user never sees another committee's items."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lvzhi.activities import services as activity_services
from lvzhi.activities.factories import make_activity
from lvzhi.core import registry
from lvzhi.core.todos import PAGE_SIZE
from lvzhi.duties import services as duty_services
from lvzhi.duties.todos import report_year
from lvzhi.opinions import services as opinion_services
from lvzhi.org.factories import make_member
from lvzhi.proposals import services as proposal_services
from lvzhi.proposals.factories import ProposalWorld
from lvzhi.proposals.models import Assignment, Proposal
from lvzhi.supervision.factories import make_case, make_clue

pytestmark = pytest.mark.django_db

REPORT = {"title": "关于改善农村冬季供暖条件的建议", "category": "社会民生", "content": "农村冬季供暖设施老化。" * 10}


class World(ProposalWorld):
    """Something waits for each persona: the member confirms a co-proposal, rates a reply and answers an
    invitation; the units sign and reply; the office reviews a proposal and a report, decides a leave
    request; the leader follows a key proposal they supervise."""

    def __init__(self, personas):
        super().__init__(personas)
        p = personas
        self.to_confirm = self.draft(actor=self.co, kind="joint", coproposers=[p.member_person.pk], title="联名草稿")
        self.replied_proposal = self.replied(title="已答复的提案")
        self.to_review = self.submitted(title="待审查的提案")
        now = timezone.now()
        self.activity = make_activity(
            actor=p.staff,
            committee=p.wuwei,
            topic="乡村振兴专题协商会",
            start=now + datetime.timedelta(days=3),
            end=now + datetime.timedelta(days=3, hours=2),
        )
        activity_services.invite(actor=p.staff, activity=self.activity, values=[p.member_person.pk, self.co_person.pk])
        activity_services.respond(actor=self.co, activity=self.activity, answer="leave", reason="出差")
        self.report = opinion_services.create_report(actor=p.member, data=REPORT, submit=True)
        self.key = self.assigned(title="重点提案")
        leader_person = make_member(p.wuwei, "张主席")
        p.leader.member = leader_person
        p.leader.save(update_fields=["member"])
        Proposal.objects.filter(pk=self.key.pk).update(is_key=True)
        self.key.supervising_leaders.add(leader_person)


@pytest.fixture
def world(personas):
    return World(personas)


def login(client, user):
    client.force_login(user)
    return client


def todo_panel(response):
    return next((p for p in response.context["panels"] if p.get("key") == "todos"), None)


def rows_opened(client, url):
    """How many rows the link opens: the to-do centre's filtered list (every page of it), or a module's
    own list (its paginated `page`)."""
    response = client.get(url)
    assert response.status_code == 200
    page = response.context["page"]
    if url.startswith("/me/todos/"):
        assert len(page.object_list) == min(page.paginator.count, PAGE_SIZE)
        assert response.content.decode().count('data-testid="todo-item"') == len(page.object_list)
    return page.paginator.count


PERSONAS = ["member", "co", "staff", "county_staff", "other_staff", "unit_user", "unit2_user", "leader"]


def persona(world, name):
    return getattr(world, name, None) or getattr(world.p, name)


@pytest.mark.parametrize("name", PERSONAS)
def test_each_count_on_the_home_page_is_the_rows_its_link_opens(client, world, name):
    user = persona(world, name)
    panel = todo_panel(login(client, user).get("/"))
    groups = registry.todos_for(user)
    if not groups:
        assert panel is None
        return
    assert [item["key"] for item in panel["items"]] == [g.kind.key for g in groups]
    for item in panel["items"]:
        assert item["value"] > 0
        assert rows_opened(client, item["url"]) == item["value"], item["key"]


def kinds_of(user):
    return {g.kind.key: g.count for g in registry.todos_for(user)}


def test_each_role_finds_what_waits_for_it(world):
    p = world.p
    member = kinds_of(p.member)
    assert member["proposals.confirm"] == 1
    assert member["proposals.rate"] == 1
    assert member["activities.invitation"] == 1
    assert "proposals.review" not in member
    assert "proposals.confirm" not in kinds_of(world.co)  # the first proposer of that draft
    staff = kinds_of(p.staff)
    assert staff["proposals.review"] == 1
    assert staff["opinions.review"] == 1
    assert staff["activities.leave"] == 1
    assert kinds_of(p.unit_user) == {"proposals.sign": 1}  # the key proposal's lead assignment
    unit2 = kinds_of(world.unit2_user)
    assert unit2["proposals.sign"] == 2  # co-handling of the replied proposal and of the key one
    assert kinds_of(p.leader)["proposals.supervise"] == 1


def test_the_annual_report_waits_in_its_season(world):
    in_season = report_year(timezone.localdate()) is not None
    assert ("duties.report" in kinds_of(world.p.member)) == in_season


def test_each_item_opens_exactly_its_record(client, world):
    login(client, world.p.member)
    response = client.get("/me/todos/?kind=proposals.confirm")
    (group, item) = response.context["page"].object_list[0]
    assert item.url == f"/proposals/{world.to_confirm.pk}/"
    assert client.get(item.url).status_code == 200
    (_, invitation) = client.get("/me/todos/?kind=activities.invitation").context["page"].object_list[0]
    assert invitation.url == f"/activities/{world.activity.pk}/"
    assert invitation.due == timezone.localtime(world.activity.start).date()
    assert client.get(invitation.url).status_code == 200


def test_a_member_of_another_committee_sees_none_of_these(world):
    other = kinds_of(world.p.other_staff)
    assert not any(other.values())
    assert registry.todos_for(world.p.other_staff) == []


@pytest.mark.parametrize("name", ["sysadmin", "secadmin", "auditor"])
def test_the_administrator_roles_have_no_business_to_dos(client, world, name):
    user = getattr(world.p, name)
    assert registry.todos_for(user) == []
    response = login(client, user).get("/me/todos/")
    assert response.status_code == 200
    assert 'data-testid="todo-empty"' in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_log_in(client, db):
    assert client.get("/me/todos/").status_code == 302
    assert client.get("/api/v1/me/todos").status_code == 401


def test_an_overdue_reply_is_marked_for_the_unit_and_the_office(client, world):
    lead = world.key.assignments.get(unit=world.unit)
    proposal_services.sign_assignment(actor=world.p.unit_user, assignment=lead)
    Assignment.objects.filter(pk=lead.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    (group,) = registry.todos_for(world.p.unit_user, limit=5)
    assert group.kind.key == "proposals.reply"
    assert group.items[0].overdue
    assert kinds_of(world.p.staff)["proposals.overdue"] == 1
    body = login(client, world.p.unit_user).get("/api/v1/me/todos").json()
    assert body["items"][0]["overdue"] is True
    assert body["items"][0]["due"] == (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    assert 'data-testid="todo-overdue"' in client.get("/me/todos/").content.decode()


def test_the_api_lists_items_and_counts_per_kind(client, world):
    body = login(client, world.p.member).get("/api/v1/me/todos").json()
    kinds = {k["kind"]: k for k in body["kinds"]}
    assert body["count"] == sum(k["count"] for k in body["kinds"]) == len(body["items"])
    assert kinds["proposals.confirm"]["source"] == "提案"
    assert kinds["proposals.confirm"]["url"] == "/me/todos/?kind=proposals.confirm"
    first = body["items"][0]
    assert set(first) == {"kind", "source", "title", "note", "url", "due", "overdue"}
    assert first["kind"] == "proposals.confirm" and first["url"] == f"/proposals/{world.to_confirm.pk}/"


def test_the_api_pages_across_the_kinds(client, world):
    login(client, world.p.member)
    everything = client.get("/api/v1/me/todos").json()["items"]
    paged = [client.get("/api/v1/me/todos", {"page": n, "page_size": 1}).json()["items"] for n in (1, 2, 3)]
    assert [page[0] for page in paged] == everything[:3]
    only = client.get("/api/v1/me/todos", {"kind": "activities.invitation"}).json()
    assert only["count"] == 1 and [i["kind"] for i in only["items"]] == ["activities.invitation"]


def test_a_kind_that_does_not_exist_is_a_clear_error(client, world):
    login(client, world.p.member)
    response = client.get("/api/v1/me/todos", {"kind": "nothing.here"})
    assert response.status_code == 422
    assert "kind" in response.json()["errors"]
    assert client.get("/api/v1/me/todos", {"page_size": 0}).status_code == 422
    assert client.get("/me/todos/", {"kind": "nothing.here"}).status_code in (400, 422)


def add_rows(world, n):
    """More of everything the staff officer and the member wait for."""
    for i in range(n):
        world.submitted(title=f"又一件提案{i}")
        world.draft(actor=world.co, kind="joint", coproposers=[world.p.member_person.pk], title=f"又一件联名{i}")
        opinion_services.create_report(actor=world.p.member, data={**REPORT, "title": f"又一条信息{i}"}, submit=True)


@pytest.mark.parametrize("name", ["member", "staff"])
def test_the_query_count_does_not_grow_with_the_rows(client, world, name):
    user = persona(world, name)
    login(client, user)
    urls = ["/me/todos/", "/", "/api/v1/me/todos", "/me/todos/?kind=proposals.review"]
    before = {}
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        before[url] = len(ctx)
    add_rows(world, 4)
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        assert len(ctx) == before[url], url


def test_a_kind_costs_at_most_two_queries(client, world, django_assert_max_num_queries):
    user = world.p.staff
    kinds = len(registry.todo_kinds())
    user = type(user).objects.get(pk=user.pk)
    with django_assert_max_num_queries(2 * kinds + 2):
        registry.todos_for(user, limit=5)


def test_the_annual_report_season_runs_from_december_to_march():
    assert report_year(datetime.date(2026, 12, 1)) == 2026
    assert report_year(datetime.date(2027, 3, 31)) == 2026
    assert report_year(datetime.date(2027, 4, 1)) is None


@pytest.mark.skipif(report_year(timezone.localdate()) is None, reason="outside the annual report season")
def test_a_submitted_annual_report_is_no_longer_awaited(client, world):
    p = world.p
    year = report_year(timezone.localdate())
    (item,) = registry.todos_for(p.member, kinds={"duties.report"}, limit=5)[0].items
    assert item.url == f"/duties/me/report/?committee={p.wuwei.pk}&year={year}"
    assert item.due == datetime.date(year + 1, 3, 31)
    report = duty_services.save_report(actor=p.member, year=year, text="一年来认真履职。", committee=p.wuwei)
    assert kinds_of(p.member)["duties.report"] == 1  # a draft is still to be submitted
    duty_services.submit_report(actor=p.member, report=report)
    assert "duties.report" not in kinds_of(p.member)
    assert kinds_of(p.staff)["duties.review"] == 1


def test_the_supervision_office_finds_its_open_cases_and_clues(world):
    p = world.p
    make_case(p.staff, p.wuwei, [p.member_person])
    make_clue(p.staff, p.wuwei, [p.member_person])
    staff = kinds_of(p.staff)
    assert (staff["supervision.mediation"], staff["supervision.clue"]) == (1, 1)
    assert "supervision.mediation" not in kinds_of(p.other_staff)
    assert "supervision.mediation" not in kinds_of(p.member)


def test_the_counts_are_kept_until_their_records_change(world, django_capture_on_commit_callbacks):
    """Each kind's count and first items are kept in the figure cache (core/figure_cache.py `counts`,
    `rows`): read again nothing while their tables are unchanged, and a new proposal to review is
    counted and listed on the next call."""
    from django.core.cache import cache

    from lvzhi.core import figure_cache

    figure_cache.flush(connection)  # the world published, as at its commit
    cache.clear()
    staff = world.p.staff

    def counted(tables=('"proposals_proposal"',)):
        with CaptureQueriesContext(connection) as queries:
            groups = registry.todos_for(staff, limit=5)
            found = {g.kind.key: g.count for g in groups}
            found["titles"] = sorted(str(item.title) for g in groups for item in g.items)
        return found, [q["sql"] for q in queries.captured_queries if any(t in q["sql"] for t in tables)]

    first, statements = counted()
    assert first["proposals.review"] == 1 and statements
    # the kinds compared with the moment (an activity past its end, a meeting under way) are not read
    # again either: they compare with it to the minute (`registry.this_minute`)
    for _attempt in range(3):  # a pair of calls that straddles a minute reads those kinds again
        minute = registry.this_minute()
        again = counted(tables=('"proposals_proposal"', '"activities_activity"', '"meetings_meeting"'))
        if registry.this_minute() == minute:
            break
    assert again == (first, [])
    with django_capture_on_commit_callbacks(execute=True):
        world.submitted(title="又一件待审查的提案")
    after, statements = counted()
    assert after["proposals.review"] == 2 and statements
    assert "又一件待审查的提案" in after["titles"] and "又一件待审查的提案" not in first["titles"]
