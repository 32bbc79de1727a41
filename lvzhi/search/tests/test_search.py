"""The full-text search over the real services and the real database (FTS5 on SQLite, tsvector on
PostgreSQL): segmentation, pinyin, 案号, scope, upkeep in the record's transaction, the drift check,
ranking, the API and the page."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from lvzhi.accounts.choices import Role
from lvzhi.activities import services as activities
from lvzhi.activities.factories import make_activity
from lvzhi.org.factories import make_member, make_user
from lvzhi.proposals import services as proposals
from lvzhi.proposals.models import Proposal
from lvzhi.search import selectors, services
from lvzhi.search.models import SearchEntry
from lvzhi.stats import services as stats

pytestmark = pytest.mark.django_db


def found(user, q, **filters):
    params = selectors.parse_params(user, {"q": q, **filters})
    results, counts = selectors.search(user, params, limit=50)
    return [(r.kind, r.id) for r in results]


def test_it_finds_a_word_inside_a_longer_compound(world, personas):
    proposal = world.filed(title="关于提升政协委员履职能力的建议")
    # 委员 is inside 政协委员, 履职 inside 履职能力
    assert ("proposals.proposal", proposal.pk) in found(personas.staff, "委员")
    assert ("proposals.proposal", proposal.pk) in found(personas.staff, "履职")
    assert ("proposals.proposal", proposal.pk) in found(personas.staff, "政协委员 能力")
    assert found(personas.staff, "乡村振兴") == []


def test_it_finds_a_member_by_pinyin_and_initials(personas):
    person = make_member(personas.wuwei, "欧阳振华")
    for q in ("oyzh", "ouyang", "ouyangzhenhua", "zhenhua", "欧阳"):
        assert ("org.member", person.pk) in found(personas.staff, q), q
    # people are the office's to search: a member finds no one
    assert not [hit for hit in found(personas.member, "oyzh") if hit[0] == "org.member"]


def test_it_finds_a_proposal_by_its_number(world, personas):
    world.filed(title="关于规范校外托管的建议")
    target = world.filed(title="关于加强校外托管安全的建议")
    assert target.number
    hits = found(personas.staff, target.number)
    assert hits[0] == ("proposals.proposal", target.pk)
    digits = "".join(ch for ch in target.number if ch.isdigit())[-4:]
    assert ("proposals.proposal", target.pk) in found(personas.staff, digits)


def test_a_synonym_finds_the_same_records(world, personas):
    proposal = world.filed(title="关于完善城区停车管理的提案")
    assert ("proposals.proposal", proposal.pk) in found(personas.staff, "停车 建议")


def test_a_pingliang_user_never_finds_wuwei_records(world, personas):
    proposal = world.filed(title="关于凉州区葡萄产业发展的建议")
    make_activity(actor=personas.staff, committee=personas.wuwei, topic="凉州区葡萄产业调研")
    make_member(personas.wuwei, "葡萄园")
    assert found(personas.staff, "葡萄")
    assert found(personas.other_staff, "葡萄") == []
    params = selectors.parse_params(personas.other_staff, {"q": "葡萄"})
    assert selectors.search(personas.other_staff, params)[1] == {}
    client = Client()
    client.force_login(personas.other_staff)
    body = client.get("/api/v1/search", {"q": "葡萄"}).json()
    assert body == {"items": [], "count": 0, "count_estimated": False}
    assert client.get(f"/api/v1/search?q=葡萄&committee={personas.wuwei.code}").status_code == 422
    assert ("proposals.proposal", proposal.pk) not in found(personas.unit_user, "葡萄")


def test_a_member_never_finds_another_members_draft(world, personas):
    draft = world.draft(title="关于黄河流域生态补偿的建议")
    assert ("proposals.proposal", draft.pk) in found(personas.member, "生态补偿")
    assert found(world.co, "生态补偿") == []
    world.filed(title="关于生态补偿资金管理的建议")
    assert len(found(world.co, "生态补偿")) == 1  # the filed one, not the draft


def test_the_index_follows_an_edit_and_a_delete_in_the_same_transaction(personas):
    activity = make_activity(actor=personas.staff, committee=personas.wuwei, topic="祁连山生态保护视察")
    with transaction.atomic():
        outcome = activities.record_outcome(
            actor=personas.staff, activity=activity, data={"title": "祁连山生态保护视察报告", "kind": "inspection"}
        )
        assert ("activities.outcome", outcome.pk) in found(personas.staff, "视察报告")
        activities.update_outcome(actor=personas.staff, outcome=outcome, data={"title": "石羊河治理调研报告"})
        assert ("activities.outcome", outcome.pk) not in found(personas.staff, "祁连山 报告")
        assert ("activities.outcome", outcome.pk) in found(personas.staff, "石羊河")
        activities.delete_outcome(actor=personas.staff, outcome=outcome)
        assert found(personas.staff, "石羊河") == []
        assert not services.differences()
        transaction.set_rollback(True)
    assert not SearchEntry.objects.filter(kind="activities.outcome").exists()


def test_a_reply_is_found_by_whoever_may_read_it(world, personas):
    proposal = world.assigned(title="关于校外托管的建议")
    lead = world.lead(proposal)
    proposals.sign_assignment(actor=personas.unit_user, assignment=lead)
    proposals.reply_assignment(actor=personas.unit_user, assignment=lead, category="A", text="已建成托管监管平台。")
    assert ("proposals.reply", lead.pk) in found(personas.unit_user, "监管平台")
    assert ("proposals.reply", lead.pk) in found(personas.staff, "监管平台")
    # the co-handling unit sees the proposal, not the lead unit's reply
    assert found(world.unit2_user, "监管平台") == []
    assert found(world.unit2_user, "托管") == [("proposals.proposal", proposal.pk)]


def test_the_drift_check_reports_missing_stale_and_orphaned_entries(world, personas):
    proposal = world.filed(title="关于加强古浪县防沙治沙的建议")
    regulation = stats.create_regulation(
        actor=personas.staff,
        committee=personas.wuwei,
        data={"title": "提案办理协商制度", "kind": "system", "adopted_on": datetime.date(2023, 3, 1)},
    )
    assert not services.differences()
    # a write that bypassed the services (a bulk update) leaves the entry stale
    Proposal.objects.filter(pk=proposal.pk).update(title="关于古浪县生态移民的建议")
    SearchEntry.objects.filter(kind="stats.regulation", object_id=regulation.pk).delete()
    SearchEntry.objects.create(kind="notices.notice", object_id=999_999, title="x", url="/", digest="x")
    diff = services.differences()
    assert diff.stale == [("proposals.proposal", proposal.pk)]
    assert diff.missing == [("stats.regulation", regulation.pk)]
    assert diff.orphaned == [("notices.notice", 999_999)]
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("rebuild_search", "--check", stdout=out, stderr=err)
    assert exit_.value.code == 1
    assert f"过期 proposals.proposal #{proposal.pk}" in out.getvalue()
    assert "缺少 1 条，过期 1 条，多余 1 条" in err.getvalue()
    call_command("rebuild_search", stdout=io.StringIO())
    assert not services.differences()
    assert ("stats.regulation", regulation.pk) in found(personas.staff, "协商制度")
    out = io.StringIO()
    call_command("rebuild_search", "--check", stdout=out)
    assert "一致" in out.getvalue()


def test_a_title_match_ranks_above_a_body_match_and_newer_above_older(world, personas):
    body_only = world.filed(title="关于城区供暖的建议", situation="冬季供暖不足，涉及防沙治沙工程的配套。")
    older = world.filed(title="关于防沙治沙的建议")
    newer = world.filed(title="关于防沙治沙的建议")
    hits = [pk for kind, pk in found(personas.staff, "防沙治沙") if kind == "proposals.proposal"]
    assert hits.index(newer.pk) < hits.index(older.pk) < hits.index(body_only.pk)


def test_snippets_are_escaped_and_highlighted(world, personas):
    world.filed(title="关于<script>alert(1)</script>停车的建议")
    params = selectors.parse_params(personas.staff, {"q": "停车"})
    [result], _ = selectors.search(personas.staff, params)
    assert "<script>" not in str(result.title_html)
    assert "&lt;script&gt;" in str(result.title_html)
    assert "<mark>停车</mark>" in str(result.title_html)


def test_filters_by_kind_committee_and_year(world, personas):
    proposal = world.filed(title="关于民勤县节水农业的建议")
    make_activity(actor=personas.staff, committee=personas.liangzhou, topic="民勤县节水农业调研")
    year = proposal.submitted_at.year
    assert {k for k, _ in found(personas.staff, "节水")} == {"proposals.proposal", "activities.activity"}
    assert {k for k, _ in found(personas.staff, "节水", kind="activities.activity")} == {"activities.activity"}
    assert {k for k, _ in found(personas.staff, "节水", committee="620602")} == {"activities.activity"}
    assert {k for k, _ in found(personas.staff, "节水", year=str(year))} == {
        "proposals.proposal",
        "activities.activity",
    }
    assert found(personas.staff, "节水", year=str(year - 3)) == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"year": "20x4"}, "year"),
        ({"year": "1800"}, "year"),
        ({"kind": "nope"}, "kind"),
        ({"committee": "999999"}, "committee"),
        ({"q": "字" * 101}, "q"),
    ],
)
def test_bad_input_is_a_clear_422(personas, query, field):
    client = Client()
    client.force_login(personas.staff)
    response = client.get("/api/v1/search", {"q": "政协", **query})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and field in body["errors"]
    page = client.get("/search/", {"q": "政协", **query})
    assert page.status_code == 200
    assert body["errors"][field][0] in page.content.decode()


def test_anonymous_callers_are_refused(db):
    assert Client().get("/api/v1/search?q=政协").status_code == 401
    assert Client().get("/search/?q=政协").status_code == 302
    assert Client().get("/search/quick/?q=政协").status_code == 302


def test_the_api_answers_items_and_count(world, personas):
    proposal = world.filed(title="关于崆峒区文旅融合的建议")
    client = Client()
    client.force_login(personas.staff)
    body = client.get("/api/v1/search", {"q": "文旅融合", "kind": "proposals.proposal"}).json()
    assert body["count"] == 1
    [item] = body["items"]
    assert item["kind"] == "proposals.proposal" and item["id"] == proposal.pk
    assert item["url"] == f"/proposals/{proposal.pk}/"
    assert "<mark>" in item["snippet"] or "文旅" in item["title"]


def _queries(django_assert_max_num_queries, client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_do_not_grow_with_the_results(world, personas, django_assert_max_num_queries):
    client = Client()
    client.force_login(personas.staff)
    world.filed(title="关于天祝县草原保护的建议")
    make_activity(actor=personas.staff, committee=personas.wuwei, topic="天祝县草原保护调研")
    urls = ["/search/?q=草原保护", "/search/quick/?q=草原保护", "/api/v1/search?q=草原保护"]
    few = [_queries(django_assert_max_num_queries, client, url) for url in urls]
    for n in range(9):
        world.filed(title=f"关于天祝县草原保护第{n}项措施的建议")
        make_activity(actor=personas.staff, committee=personas.wuwei, topic=f"天祝县草原保护调研{n}")
    many = [_queries(django_assert_max_num_queries, client, url) for url in urls]
    assert many == few
    # the page shell's own queries (user, menu, scope, notifications) and two for the search
    assert max(many) <= 20


def test_the_search_page_shows_tabs_with_counts_and_quick_results_group_by_kind(world, personas):
    world.filed(title="关于静宁县苹果产业的建议")
    make_activity(actor=personas.staff, committee=personas.wuwei, topic="苹果产业调研")
    client = Client()
    client.force_login(personas.staff)
    html = client.get("/search/", {"q": "苹果产业"}).content.decode()
    assert 'data-kind="proposals.proposal"' in html and 'data-kind="activities.activity"' in html
    assert "<mark>苹果</mark>" in html or "<mark>苹果产业</mark>" in html
    quick = client.get("/search/quick/", {"q": "苹果"}).content.decode()
    assert quick.count('role="option"') == 3  # two records and "查看全部结果"
    assert "/search/?q=" in quick


def test_a_member_may_search_but_sees_only_what_they_may_open(world, personas):
    other = make_user(
        "other_member", roles=[Role.MEMBER], committee=personas.pingliang, member=personas.pingliang_person
    )
    world.filed(title="关于武威市冬季供暖的建议")
    assert found(personas.member, "冬季供暖")
    assert found(other, "冬季供暖") == []
    assert selectors.allowed(personas.sysadmin).get("proposals.proposal") is not None
    assert found(personas.sysadmin, "冬季供暖") == []


def test_a_bulk_load_skips_upkeep_and_its_final_step_builds_the_index(world, personas):
    from lvzhi.core import registry
    from lvzhi.search.module import load_demo

    with registry.bulk_loading():
        proposal = world.filed(title="关于华亭市煤电转型的建议")
        assert found(personas.staff, "煤电转型") == []
        out = io.StringIO()
        load_demo(stdout=out)
    assert "全文检索索引" in out.getvalue()
    assert found(personas.staff, "煤电转型") == [("proposals.proposal", proposal.pk)]
    assert not services.differences()
    assert registry.module("search").demo_finishers == [load_demo]


@pytest.mark.parametrize(
    "text",
    [
        "关于加强凉州区乡村振兴的建议：目前，政协委员在调研中发现，部分乡镇基础设施薄弱。",
        "五届2次会议第00012号 5-3-0012 a.b，Wi-Fi 与 ５Ｇ（全角）\n\t新能源㐀汽车 café 中小学教育！",
        "",
        "　，。、；",
    ],
)
def test_a_text_is_cut_block_by_block_as_jieba_cuts_it_whole(text):
    from lvzhi.search import text as module

    whole = []
    for token in module.tokenizer().cut_for_search(text.lower()):
        if token in module.STOPWORDS:
            continue
        whole.extend([token] if module._WORD.fullmatch(token) else module._WORD.findall(token))
    assert module.index_tokens(text) == whole


def test_a_members_seats_are_read_once_for_every_module_that_addresses_records_to_them(personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        kinds = selectors.allowed(personas.member)
    assert {"notices.notice", "learning.material", "deliberation.topic"} <= set(kinds)
    seats = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith('SELECT "org_membership"."id"')]
    assert len(seats) == 1
