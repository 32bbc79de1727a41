"""The committee's library: the versions of a rule with their texts and the diff between two, the
reference documents and whom they reach, scope, bad input, the pages and the API."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lvzhi.accounts.choices import Role
from lvzhi.core.api import openapi_mismatches
from lvzhi.core.errors import Invalid
from lvzhi.core.models import AuditEntry
from lvzhi.core.tests.openapi import openapi_document
from lvzhi.org.factories import make_member, make_user
from lvzhi.org.models import Committee, Sector
from lvzhi.stats import library, services
from lvzhi.stats.models import ReferenceDocument, Regulation, RegulationRevision
from lvzhi.stats.selectors import evaluate

pytestmark = pytest.mark.django_db

FIRST = "第一条 委员每年提交提案一件。\n第二条 本办法自印发之日起施行。"
END = datetime.date(2024, 12, 31)
SECOND = "第一条 委员每年至少提交提案两件。\n第二条 本办法自印发之日起施行。\n第三条 由办公室负责解释。"


@pytest.fixture
def rule(world):
    """常委会工作规则 of 武威 with the text of both its versions."""
    services.update_regulation(
        actor=world.staff, regulation=world.system, data={"text": FIRST, "adopted_by": "市政协常委会第一次会议"}
    )
    revision = world.system.revisions.get()
    services.update_revision(
        actor=world.staff, revision=revision, data={"text": SECOND, "adopted_by": "市政协常委会第十次会议"}
    )
    return world.system


@pytest.fixture
def documents(world):
    p = world.p
    for_all = services.create_reference_document(
        actor=world.staff,
        committee=p.wuwei,
        data={"title": "政协章程（节选）", "kind": "charter", "text": "政治协商、民主监督、参政议政。"},
    )
    for_standing = services.create_reference_document(
        actor=world.staff,
        committee=p.wuwei,
        data={"title": "常委履职参阅", "kind": "other", "audience": "roles", "roles": ["standing"]},
    )
    pingliang = services.create_reference_document(
        actor=p.other_staff, committee=p.pingliang, data={"title": "平凉参阅文件", "kind": "other"}
    )
    return for_all, for_standing, pingliang


def test_each_version_keeps_its_text_and_the_body_that_adopted_it(world, rule):
    versions = library.versions(rule)
    assert [(v.number, v.step, v.text) for v in versions] == [(1, "established", FIRST), (2, "revised", SECOND)]
    assert versions[1].adopted_by == "市政协常委会第十次会议"
    assert library.current_text(versions) == SECOND
    services.repeal_regulation(actor=world.staff, regulation=rule, data={"repealed_on": "2024-05-01"})
    rule.refresh_from_db()
    assert [s.label for s in library.steps(rule, library.versions(rule))] == ["立", "改", "废"]
    assert {"stats.regulation.update", "stats.regulation_revision.update"} <= set(
        AuditEntry.objects.values_list("action", flat=True)
    )


def test_revising_with_a_text_adds_the_next_version(world, rule):
    services.revise_regulation(
        actor=world.staff,
        regulation=rule,
        data={"revised_on": "2024-03-01", "text": SECOND + "\n第四条 附则。", "adopted_by": "主席会议"},
    )
    assert [v.number for v in library.versions(rule)] == [1, 2, 3]
    assert library.current_text(library.versions(rule)).endswith("第四条 附则。")


def test_a_version_dated_before_the_rule_is_refused_and_nothing_changes(world, rule):
    revision = rule.revisions.get()
    with pytest.raises(Invalid) as caught:
        services.update_revision(actor=world.staff, revision=revision, data={"revised_on": "2001-01-01", "text": "x"})
    assert "revised_on" in caught.value.errors
    revision.refresh_from_db()
    assert revision.text == SECOND


def test_the_reading_page_shows_the_timeline_the_text_and_the_diff(world, rule, client):
    client.force_login(world.p.member)
    url = f"/stats/library/rules/{rule.pk}/"
    page = client.get(url).content.decode()
    assert 'data-testid="timeline"' in page and "第十次会议" in page
    assert "第三条 由办公室负责解释。" in page  # the text in force
    old = client.get(url, {"v": 1}).content.decode()
    assert "委员每年提交提案一件。" in old and "历史版本" in old
    diff = client.get(url, {"v": 2, "compare": 1}).content.decode()
    assert "<ins" in diff and ">至少</ins>" in diff and ">一</del>" in diff
    assert "新增 1 行，删除 0 行，修改 1 行" in diff


def test_the_diff_and_the_text_are_escaped(world, rule, client):
    services.revise_regulation(
        actor=world.staff, regulation=rule, data={"revised_on": "2024-03-01", "text": SECOND + "\n<script>x()</script>"}
    )
    client.force_login(world.p.member)
    for params in ({}, {"v": 3, "compare": 2}):
        page = client.get(f"/stats/library/rules/{rule.pk}/", params).content.decode()
        assert "<script>x()" not in page and "&lt;script&gt;x()" in page


def test_a_pingliang_user_never_sees_wuwei_rules_or_documents(world, rule, documents, client, api):
    for_all, _for_standing, pingliang = documents
    pl_member = make_user(
        "pl_member", roles=[Role.MEMBER], committee=world.p.pingliang, member=world.p.pingliang_person
    )
    for user in (world.p.other_staff, pl_member):
        client.force_login(user)
        listing = client.get("/stats/library/").content.decode()
        assert "常委会工作规则" not in listing and "政协章程" not in listing and "平凉参阅文件" in listing
        assert client.get(f"/stats/library/rules/{rule.pk}/").status_code == 404
        assert client.get(f"/stats/library/documents/{for_all.pk}/").status_code == 404
        assert api(user, "get", f"/library/rules/{rule.pk}")[0] == 404
        assert api(user, "get", f"/library/documents/{for_all.pk}")[0] == 404
        assert [d["id"] for d in api(user, "get", "/library/documents/")[1]["items"]] == [pingliang.pk]


def test_a_member_reads_only_the_documents_addressed_to_them(world, documents, client, api):
    for_all, for_standing, _pingliang = documents
    standing = make_user(
        "standing",
        roles=[Role.MEMBER],
        committee=world.p.wuwei,
        member=make_member(world.p.wuwei, "孙涛", role="standing"),
    )
    assert {d["id"] for d in api(world.p.member, "get", "/library/documents/")[1]["items"]} == {for_all.pk}
    assert {d["id"] for d in api(standing, "get", "/library/documents/")[1]["items"]} == {for_all.pk, for_standing.pk}
    client.force_login(world.p.member)
    assert client.get(f"/stats/library/documents/{for_standing.pk}/").status_code == 404
    assert "常委履职参阅" not in client.get("/stats/library/").content.decode()
    client.force_login(standing)
    assert "常委履职参阅" in client.get(f"/stats/library/documents/{for_standing.pk}/").content.decode()


def test_units_and_administrators_are_refused(world, client, api):
    for user in (world.p.unit_user, world.p.sysadmin, world.p.auditor):
        client.force_login(user)
        assert client.get("/stats/library/").status_code == 403
        assert api(user, "get", "/library/documents/")[0] == 403


def test_the_list_filters_by_kind_and_searches_the_text(world, rule, documents, client):
    client.force_login(world.p.member)
    charters = client.get("/stats/library/", {"kind": "charter"}).content.decode()
    assert "政协章程" in charters and "常委会工作规则" not in charters
    found = client.get("/stats/library/", {"q": "办公室负责解释"}).content.decode()
    assert "常委会工作规则" in found and "招商引资工作机制" not in found and "政协章程" not in found


def test_the_list_costs_the_same_queries_for_more_rows(world, rule, client):
    client.force_login(world.p.member)
    client.get("/stats/library/")
    with CaptureQueriesContext(connection) as few:
        client.get("/stats/library/")
    for i in range(15):
        services.create_regulation(
            actor=world.staff,
            committee=world.p.wuwei,
            data={"title": f"制度{i}", "kind": "system", "adopted_on": "2020-01-01"},
        )
    with CaptureQueriesContext(connection) as many:
        client.get("/stats/library/")
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "", "kind": "law"}, "title"),
        ({"title": "法", "kind": "novel"}, "kind"),
        ({"title": "法", "kind": "law", "audience": "sectors"}, "sectors"),
        ({"title": "法", "kind": "law", "audience": "roles"}, "roles"),
        ({"title": "法", "kind": "law", "issued_on": "1900-01-01"}, "issued_on"),
    ],
)
def test_bad_documents_are_refused_with_a_message_and_nothing_is_written(world, api, data, field):
    status, body = api(world.staff, "post", "/library/documents/", {"committee": "620600", **data})
    assert status == 422 and field in body["errors"], body
    assert not ReferenceDocument.objects.exists()


def test_the_api_writes_documents_and_versions(world, rule, api):
    status, body = api(
        world.staff,
        "post",
        "/library/documents/",
        {
            "committee": "620600",
            "title": "提案工作条例",
            "kind": "regulations",
            "audience": "sectors",
            "sectors": [world.p.sector.pk],
        },
    )
    assert status == 201 and body["sectors"] == [world.p.sector.pk]
    status, body = api(world.staff, "patch", f"/library/documents/{body['id']}", {"audience": "all", "text": "全文"})
    assert status == 200 and body["audience"] == "all" and body["text"] == "全文"
    revision = rule.revisions.get()
    status, body = api(world.staff, "patch", f"/regulations/{rule.pk}/versions/{revision.pk}", {"note": "文字修改"})
    assert status == 200 and body["versions"][1]["note"] == "文字修改" and body["text"] == SECOND
    status, body = api(world.staff, "patch", f"/regulations/{rule.pk}/versions/{revision.pk}", {"text": None})
    assert status == 422 and RegulationRevision.objects.get(pk=revision.pk).text == SECOND
    assert api(world.p.member, "patch", f"/regulations/{rule.pk}/versions/{revision.pk}", {"note": "x"})[0] == 403
    assert api(world.p.other_staff, "patch", f"/regulations/{rule.pk}/versions/{revision.pk}", {"note": "x"})[0] == 404
    status, body = api(world.p.member, "get", f"/library/rules/{rule.pk}")
    assert status == 200 and [v["text"] for v in body["versions"]] == [FIRST, SECOND]


def test_the_office_adds_a_document_and_a_version_through_the_pages(world, rule, client):
    client.force_login(world.staff)
    response = client.post(
        "/stats/library/documents/new/",
        {"committee": world.p.wuwei.pk, "title": "", "kind": "law", "audience": "all"},
    )
    assert response.status_code == 200 and "必填" in response.content.decode()
    assert not ReferenceDocument.objects.exists()
    response = client.post(
        "/stats/library/documents/new/",
        {"committee": world.p.wuwei.pk, "title": "中华人民共和国立法法", "kind": "law", "audience": "all"},
    )
    assert response.status_code == 302 and ReferenceDocument.objects.filter(title="中华人民共和国立法法").exists()
    response = client.post(
        f"/stats/regulations/{rule.pk}/revise/",
        {"revised_on": "2024-06-01", "adopted_by": "主席会议", "text": "第一条 新文本。"},
    )
    assert response.status_code == 302
    assert library.current_text(library.versions(rule)) == "第一条 新文本。"
    revision = rule.revisions.order_by("-revised_on").first()
    response = client.post(
        f"/stats/regulations/{rule.pk}/versions/{revision.pk}/edit/",
        {"revised_on": "2024-06-01", "adopted_by": "主席会议", "text": "第一条 改正后的文本。"},
    )
    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.text == "第一条 改正后的文本。"
    client.force_login(world.p.member)
    assert client.get(f"/stats/regulations/{rule.pk}/versions/{revision.pk}/edit/").status_code == 403
    assert client.get("/stats/library/documents/new/").status_code == 403


def test_the_documents_committee_is_chosen_above_the_form_and_its_lists_are_that_committees(world, client):
    """The audience lists were every managed committee's sectors and parties in one list, "经济界" once
    per committee with nothing to tell them apart; they are the chosen committee's and those below it
    now, a lower committee's named, and a committee the user does not manage is refused."""
    Sector.objects.create(committee=world.p.liangzhou, name="经济界")
    client.force_login(world.staff)
    page = client.get("/stats/library/documents/new/").content.decode()
    assert f'<input type="hidden" name="committee" value="{world.p.wuwei.pk}"' in page
    chooser = re.search(r'<select id="pick-committee".*?</select>', page, re.S).group(0)
    assert "武威市" in chooser and "凉州区" in chooser
    sectors = re.search(r'<select name="sectors".*?</select>', page, re.S).group(0)
    assert re.findall(r"<option[^>]*>([^<]*)</option>", sectors) == ["经济界", "经济界 · 凉州区"]
    county = client.get(f"/stats/library/documents/new/?committee={world.p.liangzhou.pk}").content.decode()
    sectors = re.search(r'<select name="sectors".*?</select>', county, re.S).group(0)
    assert re.findall(r"<option[^>]*>([^<]*)</option>", sectors) == ["经济界"]
    response = client.post(
        "/stats/library/documents/new/",
        {"committee": world.p.pingliang.pk, "title": "条例", "kind": "law", "audience": "all"},
    )
    assert response.status_code == 200 and "委员会：" in response.content.decode()  # shown above the form
    assert not ReferenceDocument.objects.exists()


def test_the_demo_library_has_texts_and_versions_and_keeps_w10_and_w21(demo, demo_users):
    wuwei = Committee.objects.get(code="620600")
    assert evaluate("regulations.mechanisms", wuwei, "self", "current", END).value == 3  # W10
    assert evaluate("regulations.revised", wuwei, "self", "term", END).value == 51  # W21
    rules = Regulation.objects.filter(committee__code__in=["620600", "620800"]).prefetch_related("revisions")
    assert all(library.current_text(library.versions(r)) for r in rules)
    written = [r for r in rules if len(library.versions(r)) >= 3]
    assert written and all(len({v.text for v in library.versions(r)}) == len(library.versions(r)) for r in written)
    for code in ("620600", "620800"):
        assert ReferenceDocument.objects.filter(committee__code=code, kind="regulations").count() == 2
    member = demo_users["wuwei_member"]
    titles = {d.title for d in library.documents_for(member)}
    assert "中国人民政治协商会议章程（节选）" in titles and "常务委员履职参阅资料" not in titles


def test_the_library_responses_match_the_openapi_document(world, rule, documents, api):
    document = openapi_document()
    for_all = documents[0]
    revision = rule.revisions.get()
    calls = [
        (world.p.member, "get", "/library/rules/", None, "/api/v1/library/rules/"),
        (world.p.member, "get", f"/library/rules/{rule.pk}", None, "/api/v1/library/rules/{regulation_id}"),
        (world.p.member, "get", "/library/documents/", None, "/api/v1/library/documents/"),
        (world.staff, "patch", f"/library/documents/{for_all.pk}", {"issuer": "全国政协"}, None),
        (world.staff, "post", "/library/documents/", {"committee": "620600", "title": "", "kind": "law"}, None),
        (world.p.member, "patch", f"/library/documents/{for_all.pk}", {"issuer": "x"}, None),
        (world.staff, "patch", f"/regulations/{rule.pk}/versions/{revision.pk}", {"adopted_by": "主席会议"}, None),
        (world.p.other_staff, "patch", f"/regulations/{rule.pk}/versions/{revision.pk}", {"note": "x"}, None),
    ]
    specs = {
        "/library/documents/": "/api/v1/library/documents/",
        f"/library/documents/{for_all.pk}": "/api/v1/library/documents/{document_id}",
        f"/regulations/{rule.pk}/versions/{revision.pk}": "/api/v1/regulations/{regulation_id}/versions/{revision_id}",
    }
    for user, method, path, body, spec in calls:
        status, data = api(user, method, path, body)
        assert status in (200, 201, 403, 404, 422), (path, status, data)
        assert not openapi_mismatches(document, method, spec or specs[path], status, data), (method, path, status)
