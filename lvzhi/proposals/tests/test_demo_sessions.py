"""The demo proposals run over the whole term, session by session, with the replies and evaluations
a committee sees: mostly A (solved or being solved), about one in ten C, most proposers 满意."""

import datetime

from django.utils import timezone

from lvzhi.proposals.models import Assignment, Evaluation, Proposal


def test_every_session_of_the_term_has_its_proposals(shared_demo):
    today = timezone.localdate()
    for code in ("620600", "620800"):
        submitted = Proposal.objects.filter(committee__code=code, submitted_at__isnull=False)
        for year in range(2022, today.year + 1):
            of_year = submitted.filter(session__start_date__year=year)
            # this year's session of 武威 is the demo members' own (some 80 proposals)
            assert of_year.count() >= (50 if year == today.year else 100), (code, year)
            assert of_year.filter(state="closed").exists(), (code, year)
        # a session's proposals are submitted around its opening, in January
        assert (
            not submitted.filter(submitted_at__month__in=[4, 5, 6, 7, 8, 9, 10])
            .exclude(session=None)
            .filter(session__start_date__year__lt=today.year)
            .exists()
        )
    # none of 平凉's later sessions reaches back into the summaries' year
    later = Proposal.objects.filter(committee__code="620800", session__start_date__year__gte=2025)
    assert later.exists()
    assert not later.filter(submitted_at__date__lte=datetime.date(2024, 12, 31)).exists()


def test_reply_categories_and_satisfaction_are_distributed_as_a_committee_sees_them(shared_demo):
    replies = Assignment.objects.filter(role="lead", reply_category__isnull=False)
    n = replies.count()
    assert n > 500
    share = {code: replies.filter(reply_category__code=code).count() / n for code in "ABC"}
    assert 0.5 <= share["A"] <= 0.75 and 0.2 <= share["B"] <= 0.4 and 0.04 <= share["C"] <= 0.16, share
    ratings = Evaluation.objects.all()
    m = ratings.count()
    satisfied = ratings.filter(rating="satisfied").count() / m
    assert m > 300 and 0.65 <= satisfied <= 0.9, satisfied
    assert ratings.filter(rating="basically_satisfied").count() / m >= 0.1
