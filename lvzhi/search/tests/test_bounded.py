"""The bounded search: a query matching more records of a kind than the bound is answered from that
kind's best candidates by the index's rank; the count becomes an estimate ("约 N"), the page and the
quick results stay what the full ranking gives, and scope stays exact (the bound is lowered to two
so that a handful of records exercises it)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lvzhi.search import backends, selectors

pytestmark = pytest.mark.django_db

KIND = "proposals.proposal"


@pytest.fixture
def bound(monkeypatch):
    monkeypatch.setattr(backends.base, "BOUND", 2)  # where the backends read it
    # a kind of which the user may open none of the candidates is counted exactly
    monkeypatch.setattr(backends.base, "SPARSE", 1)
    return 2


@pytest.fixture
def many(world, personas):
    filed = [world.filed(title=f"关于古浪县防沙治沙第{n}片区的建议") for n in range(5)]
    body_only = world.filed(title="关于城区供暖的建议", situation="涉及防沙治沙工程的配套资金。")
    return filed, body_only


def exact(user, q, **kwargs):
    params = selectors.parse_params(user, {"q": q})
    return backends.backend().exact(params.query, selectors.allowed(user), params.filters, **kwargs)


def page(user, q, *, limit, offset=0, **filters):
    params = selectors.parse_params(user, {"q": q, **filters})
    results, counts = selectors.search(user, params, limit=limit, offset=offset)
    return [(r.kind, r.id) for r in results], counts


def estimate(user, q, visible):
    """What the count of a cut-off kind is: its matches in the index within the user's committees
    × the share of the candidates the user may open."""
    params = selectors.parse_params(user, {"q": q})
    backend = backends.backend()
    bounds = backend._bounds(selectors.allowed(user), [KIND], params.filters)  # the user's committees
    matches = backend.totals(params.query, {KIND: bounds[KIND]})[KIND]
    return max(visible, round(matches * visible / 2))


def test_the_pages_equal_the_full_ranking_and_the_count_is_an_estimate(many, personas, bound):
    filed, body_only = many
    full = [(h.kind, h.object_id) for h in exact(personas.staff, "防沙治沙", limit=50).hits]
    assert len(full) == 6
    assert full[-1] == (KIND, body_only.pk)  # a title match first
    first, counts = page(personas.staff, "防沙治沙", limit=2)
    if connection.vendor == "sqlite":  # the best candidates over all matches: the full ranking's first page
        assert first == full[:2]
    else:  # candidates by entry id: the two newest matches, ranked (the title match first)
        assert first == [(KIND, filed[-1].pk), (KIND, body_only.pk)]
    for offset in (2, 4):  # beyond the candidates: the exact query
        assert page(personas.staff, "防沙治沙", limit=2, offset=offset)[0] == full[offset : offset + 2]
    assert counts.is_estimated() and counts.is_estimated(KIND)
    assert counts[KIND] == estimate(personas.staff, "防沙治沙", 2)
    if connection.vendor == "sqlite":  # the index's 6 matches × the 2 of 2 candidates the officer may open
        assert counts[KIND] == 6


def test_an_estimate_never_counts_what_the_user_may_not_open(many, personas, bound):
    hits, counts = page(personas.other_staff, "防沙治沙", limit=20)
    assert hits == [] and counts == {}


def test_a_draft_among_the_candidates_is_found_only_by_its_author(world, many, personas, bound):
    draft = world.draft(title="关于防沙治沙补偿的建议")  # a short title: the best candidate by rank
    hits, counts = page(personas.member, "防沙治沙", limit=20)
    assert (KIND, draft.pk) in hits
    hits, counts = page(personas.staff, "防沙治沙", limit=20)
    assert (KIND, draft.pk) not in hits and len(hits) == 6
    # the draft (the best by rank, the newest) took one of the two candidates
    assert counts[KIND] == estimate(personas.staff, "防沙治沙", 1)
    if connection.vendor == "sqlite":  # 7 matches × 1 of 2
        assert counts[KIND] == 4


def test_quick_results_take_the_best_of_each_kind(many, personas, bound):
    params = selectors.parse_params(personas.staff, {"q": "防沙治沙"})
    [(kind, label, n, estimated, results)] = selectors.quick(personas.staff, params, per_kind=3)
    # fewer candidates (2) than quick results (3): the exact query answers
    full = [h.object_id for h in exact(personas.staff, "防沙治沙", limit=3).hits]
    assert (kind, estimated) == (KIND, True) and [r.id for r in results] == full
    [(kind, label, n, estimated, results)] = selectors.quick(personas.staff, params, per_kind=2)
    assert len(results) == 2 and estimated


def test_the_page_and_the_api_say_the_count_is_an_estimate(many, personas, bound):
    client = Client()
    client.force_login(personas.staff)
    body = client.get("/api/v1/search", {"q": "防沙治沙", "page_size": 2}).json()
    n = estimate(personas.staff, "防沙治沙", 2)
    assert body["count_estimated"] is True and body["count"] == n and len(body["items"]) == 2
    html = client.get("/search/", {"q": "防沙治沙"}).content.decode()
    assert f"约{n}" in html.replace(" ", "")
    quick = client.get("/search/quick/", {"q": "防沙治沙"}).content.decode()
    assert f"约 {n} 条" in quick
    # below the bound the count is exact and says so
    body = client.get("/api/v1/search", {"q": "供暖"}).json()
    assert body == {**body, "count": 1, "count_estimated": False}


def test_a_bounded_search_takes_a_fixed_number_of_statements(many, personas, bound):
    params = selectors.parse_params(personas.staff, {"q": "防沙治沙"})
    with CaptureQueriesContext(connection) as ctx:
        selectors.search(personas.staff, params, limit=2)
    # candidates, the index's count (PostgreSQL: the planner's estimate), the page's rows; on SQLite
    # first the count that sends narrow queries to the exact path
    sql = [q["sql"] for q in ctx.captured_queries]
    expected = 4 if connection.vendor == "sqlite" else 3
    assert len([s for s in sql if "search_searchentry" in s or "search_fts" in s]) == expected


def test_filters_are_applied_inside_the_index(world, personas, bound):
    from lvzhi.activities.factories import make_activity

    proposals = [world.filed(title=f"关于民勤县节水农业第{n}项的建议") for n in range(3)]
    activity = make_activity(actor=personas.staff, committee=personas.liangzhou, topic="民勤县节水农业调研")
    assert page(personas.staff, "节水", limit=20, committee="620602")[0] == [("activities.activity", activity.pk)]
    year = str(proposals[0].submitted_at.year)
    hits, counts = page(personas.staff, "节水", limit=20, kind=KIND, year=year)
    assert sorted(hits) == sorted((KIND, p.pk) for p in proposals)
    assert page(personas.staff, "节水", limit=20, year=str(int(year) - 3))[0] == []


def test_a_user_who_may_open_few_of_the_matches_is_answered_exactly(world, personas, bound):
    # the unit's proposal matches in its text only and is the oldest: outside the candidates by
    # rank (SQLite) and by entry id (PostgreSQL)
    assigned = world.assigned(title="关于城区供暖的建议", situation="涉及防沙治沙工程的配套资金。")
    for n in range(4):
        world.filed(title=f"关于古浪县防沙治沙第{n}片区的建议")
    hits, counts = page(personas.unit_user, "防沙治沙", limit=20)
    assert hits == [(KIND, assigned.pk)]
    assert counts == {KIND: 1} and not counts.is_estimated()
    params = selectors.parse_params(personas.unit_user, {"q": "防沙治沙"})
    [(kind, label, n, estimated, results)] = selectors.quick(personas.unit_user, params)
    assert [r.id for r in results] == [assigned.pk] and (n, estimated) == (1, False)


def test_the_index_is_asked_only_for_the_committees_the_visibility_confines_a_user_to(world, personas):
    allowed = selectors.allowed(personas.staff)
    # proposals: `committee IN (the officer's committees) AND …` → the candidates come from those only
    assert backends.committee_bound(KIND, allowed[KIND]) == selectors.committee_ids(personas.staff)
    # members: a committee's own OR those with a membership in it → no bound, the visibility decides
    assert backends.committee_bound("org.member", allowed["org.member"]) is None
    assert backends.committee_bound(KIND, selectors.allowed(personas.other_staff)[KIND]) == {personas.pingliang.pk}


def test_candidates_of_other_committees_do_not_crowd_out_the_users_own(personas, bound):
    from lvzhi.activities.factories import make_activity

    kind = "activities.activity"
    wuwei = [
        make_activity(actor=personas.staff, committee=personas.wuwei, topic=f"古浪县防沙治沙第{n}片区综合治理现场调研")
        for n in range(2)
    ]
    # Pingliang's rank best (short topics) and are the newest: without the committee bound they
    # would be the two candidates, and the Wuwei officer's answer would need the exact query
    others = [
        make_activity(actor=personas.other_staff, committee=personas.pingliang, topic="防沙治沙") for _ in range(3)
    ]
    params = selectors.parse_params(personas.staff, {"q": "防沙治沙"})
    with CaptureQueriesContext(connection) as ctx:
        results, counts = selectors.search(personas.staff, params, limit=20)
    assert sorted(r.id for r in results if r.kind == kind) == sorted(a.pk for a in wuwei)
    assert counts[kind] == 2 and not counts.is_estimated(kind)
    # PostgreSQL: candidates, rows; SQLite: the count finds no more matches in the officer's
    # committees than a kind's candidates, so the exact path's count and page answer
    sql = [q["sql"] for q in ctx.captured_queries]
    expected = 3 if connection.vendor == "sqlite" else 2
    assert len([s for s in sql if "search_searchentry" in s or "search_fts" in s]) == expected
    assert len(page(personas.other_staff, "防沙治沙", limit=20, kind=kind)[0]) == len(others)
