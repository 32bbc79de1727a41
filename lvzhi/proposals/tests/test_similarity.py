"""Similar proposals: a planted near-duplicate is found among hundreds; units are suggested."""

import datetime

from django.utils import timezone

from lvzhi.proposals import similarity
from lvzhi.proposals.demo import ANALYSIS, PATTERNS, SITUATION, SUGGESTIONS, TOPICS
from lvzhi.proposals.models import Assignment, Proposal


def _bulk(world, n):
    rows = []
    for i in range(n):
        topic, _ = TOPICS[i % len(TOPICS)]
        title = PATTERNS[i % len(PATTERNS)].format(topic) + f"（{i}）"
        p = Proposal(
            committee=world.committee,
            term=world.committee.current_term(),
            proposer=world.p.member_person,
            title=title,
            situation=SITUATION.format(topic),
            analysis=ANALYSIS,
            suggestions=SUGGESTIONS.format(topic),
            state="filed",
            submitted_at=timezone.now(),
        )
        p.tokens = similarity.tokens_for(p.title, p.situation, p.analysis, p.suggestions)
        rows.append(p)
    Proposal.objects.bulk_create(rows)


def test_it_finds_a_planted_near_duplicate_among_hundreds(world):
    _bulk(world, 400)
    planted = world.filed(
        title="关于规范城区中小学校外托管机构管理的建议",
        situation="城区校外托管机构无证经营、收费混乱，食品安全和消防安全隐患突出。",
        suggestions="建立校外托管机构备案登记制度，明确教育、市场监管、消防等部门职责。",
    )
    tokens = similarity.tokens_for(
        "关于加强校外托管机构监管的建议",
        "校外托管机构无证经营，收费混乱，存在消防和食品安全隐患。",
        "",
        "建立托管机构备案登记制度，明确监管部门职责。",
    )
    matches = similarity.similar(world.committee.pk, tokens)
    assert matches and matches[0].proposal == planted
    assert len(matches) <= 5


def test_it_suggests_the_units_of_similar_filed_proposals(world):
    earlier = world.assigned()
    again = world.submitted(title="关于加强中小学校外托管机构管理的建议")
    matches = similarity.similar_to_proposal(again)
    assert matches[0].proposal == earlier
    units = [u for u, _score in similarity.suggested_units(matches)]
    assert units[0] == world.unit and world.unit2 in units


def test_drafts_are_never_offered_as_similar(world):
    world.draft()
    tokens = similarity.tokens_for("关于规范中小学校外托管机构的建议")
    assert similarity.similar(world.committee.pk, tokens) == []


def test_tokens_leave_out_stopwords_and_single_characters():
    words = similarity.tokenize("关于进一步加强农村饮水安全工程的建议")
    assert "关于" not in words and "建议" not in words and "饮水" in words


def test_assignment_deadlines_default_to_the_policy(world):
    proposal = world.assigned()
    a = Assignment.objects.get(proposal=proposal, role="lead")
    assert a.deadline > timezone.localdate() + datetime.timedelta(days=80)
