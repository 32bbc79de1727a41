"""The demo proposals run over the whole term, session by session, with the replies and evaluations
a committee sees: mostly A (solved or being solved), about one in ten C, most proposers 满意."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from lvzhi.core.models import Transition
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


def test_a_few_proposers_are_not_satisfied_and_the_office_reopens_their_proposals(shared_demo):
    """About one rated lead reply in thirty is 不满意, each with the proposer's reason; the office
    reopens (重办) them with a new deadline, the unit replies again and the proposer rates again."""
    first = Evaluation.objects.filter(round=1, assignment__role="lead")
    unsatisfied = first.filter(rating="unsatisfied")
    share = unsatisfied.count() / first.count()
    assert 0.01 <= share <= 0.06, share
    assert not unsatisfied.filter(comment="").exists()
    reopened = Assignment.objects.filter(round=2, role="lead")
    assert reopened.count() >= 0.8 * unsatisfied.count()
    ct = ContentType.objects.get_for_model(Assignment)
    for a in reopened.select_related("proposal"):
        rated = a.evaluations.get(round=1)
        assert rated.rating == "unsatisfied"
        steps = list(
            Transition.objects.filter(content_type=ct, object_id=a.pk).order_by("at", "pk").values_list("action", "at")
        )
        actions = [s for s, _ in steps]
        assert actions[:3] == ["sign", "reply", "reopen"], actions
        at = next(t for s, t in steps if s == "reopen")
        assert rated.created_at < at and a.deadline > timezone.localdate(at)
        if a.state == "replied":
            assert actions == ["sign", "reply", "reopen", "reply"] and a.replied_at > at
        else:  # still in its second round
            assert a.state == "signed" and a.proposal.state == "assigned" and a.replied_at is None
    second = Evaluation.objects.filter(round=2)
    assert second.exists() and second.exclude(rating="unsatisfied").count() == second.count()
    assert Proposal.objects.filter(state="closed", assignments__round=2).exists()
