"""PostgreSQL: a common word's candidates come from a walk of the kind's newest entries instead of the
GIN bitmap of all its matches. The walk must give what the bitmap gives — a kind's newest matches in
the user's committees, ranked — and fall back to the bitmap when the newest entries hold too few
matches (the bound is lowered to two, so a handful of records exercises both)."""

import json

import pytest
from django.db import connection

from lvzhi.activities.factories import make_activity
from lvzhi.search import backends, selectors
from lvzhi.search.text import parse_query

pytestmark = pytest.mark.django_db

KIND = "activities.activity"


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("the walk of the newest entries is the PostgreSQL backend's")


@pytest.fixture
def bound(monkeypatch):
    monkeypatch.setattr(backends.base, "BOUND", 2)  # where the backends read it
    monkeypatch.setattr(backends.base, "SPARSE", 1)
    return 2


def answer(monkeypatch, user, q, *, walk: bool, rows: int = 3000, limit: int = 20, **filters):
    """The page, the counts and whether the GIN bitmap was read, with the walk tried (every word
    counted as common) or not."""
    monkeypatch.setattr(backends.PostgresBackend, "COMMON", 0.0 if walk else 2.0)
    monkeypatch.setattr(backends.PostgresBackend, "WALK", rows)
    params = selectors.parse_params(user, {"q": q, **filters})
    results, counts = selectors.search(user, params, limit=limit)
    return [(r.kind, r.id) for r in results], dict(counts), counts.estimated


def bitmap_read(user, q) -> bool:
    """Whether the kind's candidates statement ran its bitmap branch (from EXPLAIN ANALYZE)."""
    backend = backends.backend()
    params = selectors.parse_params(user, {"q": q})
    bounds = backend._bounds(selectors.allowed(user), [KIND], params.filters)
    sql, values = backend.candidates(params.query, KIND, bounds[KIND], backends.base.BOUND + 1)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, values)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan

    def nodes(node):
        yield node
        for child in node.get("Plans", ()):
            yield from nodes(child)

    def tagged(node):  # the bitmap branch's condition, whatever scan the planner picks for it
        return any("search_tagged" in str(node.get(key, "")) for key in ("Index Cond", "Recheck Cond", "Filter"))

    return any(tagged(n) and n.get("Actual Loops", 0) for n in nodes(plan[0]["Plan"]))


@pytest.fixture
def newest(personas):
    """Wuwei's activities on 防沙治沙 (the officer's), then newer ones of Pingliang (not theirs) that
    rank best (short topics): the walk must pass over those."""
    wuwei = [
        make_activity(actor=personas.staff, committee=personas.wuwei, topic=f"古浪县防沙治沙第{n}片区综合治理现场调研")
        for n in range(4)
    ]
    others = [
        make_activity(actor=personas.other_staff, committee=personas.pingliang, topic="防沙治沙") for _ in range(3)
    ]
    return wuwei, others


def test_a_word_in_more_entries_than_the_bound_is_answered_from_the_newest(monkeypatch, personas, newest, bound):
    wuwei, others = newest
    walked = answer(monkeypatch, personas.staff, "防沙治沙", walk=True, limit=2)
    assert not bitmap_read(personas.staff, "防沙治沙")  # three of the officer's among the newest: no bitmap
    # the same as the bitmap's answer: the newest matches in the officer's committees, ranked
    assert walked == answer(monkeypatch, personas.staff, "防沙治沙", walk=False, limit=2)
    hits, counts, estimated = walked
    assert sorted(hits) == sorted((KIND, a.pk) for a in wuwei[-2:])
    assert KIND in estimated and counts[KIND] >= 2
    # the other committee's officer sees their own only, the same either way
    theirs = answer(monkeypatch, personas.other_staff, "防沙治沙", walk=True)
    assert theirs == answer(monkeypatch, personas.other_staff, "防沙治沙", walk=False)
    assert sorted(theirs[0]) == sorted((KIND, a.pk) for a in others)


def test_too_few_matches_among_the_newest_fall_back_to_the_bitmap(monkeypatch, personas, newest, bound):
    # the walk reads the five newest entries: three are Pingliang's, two the officer's — fewer than
    # the three candidates, so the bitmap answers, and the answer is the same
    walked = answer(monkeypatch, personas.staff, "防沙治沙", walk=True, rows=5, limit=2)
    assert bitmap_read(personas.staff, "防沙治沙")
    assert walked == answer(monkeypatch, personas.staff, "防沙治沙", walk=False, limit=2)


def test_a_rare_word_is_answered_as_before(monkeypatch, personas, newest, bound):
    rare = make_activity(actor=personas.staff, committee=personas.wuwei, topic="民勤县节水农业调研")
    for rows in (3000, 1):
        walked = answer(monkeypatch, personas.staff, "节水", walk=True, rows=rows)
        assert walked == answer(monkeypatch, personas.staff, "节水", walk=False)
        assert walked[0] == [(KIND, rare.pk)] and walked[1] == {KIND: 1} and not walked[2]
    # filters (a year with no entries) apply in the walk as in the bitmap
    for walk in (True, False):
        assert answer(monkeypatch, personas.staff, "防沙治沙", walk=walk, year="2001")[0] == []


def test_a_word_is_common_by_the_statistics_of_the_index(monkeypatch, personas, newest):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchentry")
    monkeypatch.setattr(backends.PostgresBackend, "_frequencies", (float("-inf"), {}))
    backend = backends.PostgresBackend()
    assert backend._frequency(parse_query("防沙治沙")) >= backend.COMMON  # in every entry
    assert backend._frequency(parse_query("乡村振兴 饮水安全")) == 0.0  # in none
