"""Full-text search finds the liaison records by a word of their text, for the office and leaders of
their committee only."""

import pytest

from lvzhi.search import selectors

pytestmark = pytest.mark.django_db


def found(user, q):
    params = selectors.parse_params(user, {"q": q})
    return [(r.kind, r.id) for r in selectors.search(user, params, limit=50)[0]]


def test_a_hosted_visit_and_a_report_are_found_by_a_word_of_their_text(world):
    visit = world.hosted(topic="祁连山生态保护和修复", support="争取国家林草专项资金")
    report = world.report(body="拟于二月下旬召开全体会议")
    assert ("liaison.hosted_visit", visit.pk) in found(world.staff, "祁连山")
    assert ("liaison.hosted_visit", visit.pk) in found(world.p.leader, "林草")
    assert ("liaison.party_report", report.pk) in found(world.staff, "全体会议")
    assert found(world.p.other_staff, "祁连山") == []
    assert found(world.p.member, "祁连山") == []
