"""The statistics API: catalogue, values, records, summary templates; permissions and bad input."""

import pytest

from lvzhi.core.api import openapi_mismatches
from lvzhi.stats.models import SummaryTemplate


def test_the_catalogue_lists_every_figure_with_its_definition(world, api):
    status, body = api(world.staff, "get", "/figures/")
    assert status == 200
    by_key = {f["key"]: f for f in body}
    assert by_key["regulations.mechanisms"] == {
        **by_key["regulations.mechanisms"],
        "kind": "count",
        "unit": "项",
        "scopes": ["self", "tree"],
        "module": "regulations",
    }
    assert "org.studios" in by_key and all(f["definition"] for f in body)


def test_a_value_equals_its_records_and_names_its_period(world, api):
    status, body = api(world.staff, "get", "/figures/regulations.mechanisms?committee=620600&scope=tree&period=current")
    assert status == 200
    assert body["value"] == 2 and body["committee"] == "620600" and body["scope"] == "tree"
    assert body["records_url"].startswith("/stats/figures/regulations.mechanisms/?")
    status, records = api(world.staff, "get", "/figures/regulations.mechanisms/records?committee=620600&scope=tree")
    assert status == 200 and records["count"] == 2
    assert {r["committee"] for r in records["items"]} == {"620600", "620602"}
    # the committee by id works as by code; as_of moves the window
    wuwei = world.p.wuwei.pk
    status, body = api(
        world.staff, "get", f"/figures/regulations.mechanisms?committee={wuwei}&period=current&as_of=2023-01-01"
    )
    assert status == 200 and body["value"] == 0 and body["as_of"] == "2023-01-01"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("period=lastyear", "period"),
        ("period=range:2024-12-01..2024-01-01", "period"),
        ("period=since:2024-02-30", "period"),
        ("scope=everything", "scope"),
        ("as_of=2024-31-12", "as_of"),
    ],
)
def test_bad_input_is_422_with_the_field_named(world, api, query, field):
    status, body = api(world.staff, "get", f"/figures/regulations.revised?{query}")
    assert status == 422 and body["code"] == "invalid" and field in body["errors"]


def test_a_period_the_figure_does_not_support_is_422(world, api):
    status, body = api(world.staff, "get", "/figures/org.party_branches?period=year:2024")
    assert status == 422 and "period" in body["errors"]
    status, body = api(world.staff, "get", "/figures/org.party_branches?scope=tree&period=current")
    assert status == 422 and "scope" in body["errors"]


def test_scope_isolation_another_committee_is_404(world, api):
    p = world.p
    assert api(p.other_staff, "get", "/figures/regulations.mechanisms?committee=620600")[0] == 404
    assert api(p.other_staff, "get", "/figures/regulations.mechanisms/records?committee=620600")[0] == 404
    assert api(p.staff, "get", "/figures/regulations.mechanisms?committee=620800")[0] == 404
    # a county officer sees their county, not the city
    assert api(p.county_staff, "get", "/figures/regulations.mechanisms?committee=620600")[0] == 404
    status, body = api(p.county_staff, "get", "/figures/regulations.mechanisms?period=current")
    assert status == 200 and body["committee"] == "620602" and body["value"] == 1
    # tree from the county never reaches upwards or sideways
    status, body = api(p.county_staff, "get", "/figures/regulations.mechanisms?scope=tree&period=current")
    assert body["value"] == 1
    assert api(p.staff, "get", "/figures/no.such_figure")[0] == 404


def test_leaders_read_their_scope_and_members_units_and_admins_are_refused(world, api):
    p = world.p
    status, body = api(p.leader, "get", "/figures/regulations.mechanisms?scope=tree&period=current")
    assert status == 200 and body["value"] == 2
    for user in (p.member, p.unit_user, *p.admins):
        assert api(user, "get", "/figures/")[0] == 403, user
        assert api(user, "get", "/figures/regulations.mechanisms")[0] == 403, user
    assert api(None, "get", "/figures/")[0] == 401


BODY = (
    "本届修订制度{{ figure:regulations.revised | period=term | note=W21 修订制度 }}项，{{ figure:x.y | note=缺口径 }}。"
)


def test_summary_templates_through_the_api(world, api):
    p = world.p
    status, created = api(
        p.staff,
        "post",
        "/summary-templates/",
        {"committee": "620600", "slug": "year-end", "title": "年终综述", "body": BODY},
    )
    assert status == 201 and created["slug"] == "year-end"
    pk = created["id"]
    status, page = api(p.staff, "get", "/summary-templates/")
    assert status == 200 and page["count"] == 1 and page["items"][0]["title"] == "年终综述"
    status, rendered = api(p.staff, "post", f"/summary-templates/{pk}/render", {"as_of": "2024-12-31"})
    assert status == 200
    assert "本届修订制度1项" in rendered["text"] and "【缺：缺口径】" in rendered["text"]
    assert rendered["missing"] == [{"keys": ["x.y"], "name": "缺口径", "reason": "missing"}]
    status, html = api(p.staff, "get", "/summaries/year-end/render?committee=620600&as_of=2024-12-31&format=html")
    assert status == 200 and 'href="/stats/figures/regulations.revised/' in html["text"]
    status, patched = api(p.staff, "patch", f"/summary-templates/{pk}", {"title": "年终工作综述"})
    assert status == 200 and patched["title"] == "年终工作综述"
    # a leader reads and renders but does not write; another committee gets 404
    assert api(p.leader, "post", f"/summary-templates/{pk}/render", {})[0] == 200
    assert api(p.leader, "patch", f"/summary-templates/{pk}", {"title": "改"})[0] == 403
    assert api(p.other_staff, "get", f"/summary-templates/{pk}")[0] == 404
    assert api(p.other_staff, "post", f"/summary-templates/{pk}/render", {})[0] == 404
    assert api(p.other_staff, "get", "/summaries/year-end/render?committee=620600")[0] == 404
    assert api(p.staff, "delete", f"/summary-templates/{pk}")[0] == 200
    assert not SummaryTemplate.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"slug": "Bad Slug", "title": "t", "body": "x"}, "slug"),
        ({"slug": "ok", "title": "", "body": "x"}, "title"),
        ({"slug": "ok", "title": "t", "body": "{{ figure:a.b | round=maybe }}"}, "body"),
        ({"slug": "ok", "title": "t", "body": "{{ figure:a.b"}, "body"),
    ],
)
def test_a_bad_template_is_422_and_writes_nothing(world, api, body, field):
    status, answer = api(world.staff, "post", "/summary-templates/", {"committee": "620600", **body})
    assert status == 422 and field in answer["errors"]
    assert not SummaryTemplate.objects.exists()


def test_the_responses_match_the_openapi_document(world, api, client):
    document = client.get("/api/v1/openapi.json").json()
    cases = [
        ("/figures/", "/api/v1/figures/"),
        ("/figures/regulations.revised", "/api/v1/figures/{key}"),
        ("/figures/regulations.revised/records", "/api/v1/figures/{key}/records"),
        ("/regulations/", "/api/v1/regulations/"),
        (f"/regulations/{world.system.pk}", "/api/v1/regulations/{regulation_id}"),
    ]
    for path, documented in cases:
        status, body = api(world.staff, "get", path)
        assert status == 200, path
        assert openapi_mismatches(document, "get", documented, 200, body) == [], path


def test_regulations_through_the_api(world, api):
    status, created = api(
        world.staff, "post", "/regulations/", {"committee": "620600", "title": "督办机制", "kind": "mechanism",
                                               "adopted_on": "2024-03-01"},
    )  # fmt: skip
    assert status == 201 and created["kind"] == "mechanism"
    status, revised = api(world.staff, "post", f"/regulations/{created['id']}/revise", {"revised_on": "2024-06-01"})
    assert status == 200 and revised["revisions"] == ["2024-06-01"]
    status, repealed = api(world.staff, "post", f"/regulations/{created['id']}/repeal", {"repealed_on": "2024-07-01"})
    assert status == 200 and repealed["repealed_on"] == "2024-07-01"
    assert api(world.staff, "post", f"/regulations/{created['id']}/repeal", {"repealed_on": "2024-08-01"})[0] == 409
    status, page = api(world.staff, "get", "/regulations/?kind=mechanism&state=in_force")
    assert status == 200 and {r["title"] for r in page["items"]} == {"招商引资工作机制", "凉州区协商议事工作机制"}
    assert api(world.p.other_staff, "get", f"/regulations/{created['id']}")[0] == 404
