"""Per-committee rules and lists of the proposal work, created with their defaults on first use."""

import calendar
import datetime

from django.db import transaction

from lvzhi.proposals.choices import DEFAULT_ANSWER_CATEGORIES, DEFAULT_CATEGORIES, DEFAULT_REJECTION_REASONS
from lvzhi.proposals.models import AnswerCategory, ProposalCategory, ProposalPolicy, RejectionReason


def policy_for(committee) -> ProposalPolicy:
    committee_id = getattr(committee, "pk", committee)
    policy = ProposalPolicy.objects.filter(committee_id=committee_id).first()
    if policy is None:
        with transaction.atomic():
            policy, _ = ProposalPolicy.objects.get_or_create(committee_id=committee_id)
            ensure_lists(committee_id)
    return policy


def ensure_lists(committee_id) -> None:
    """The default categories, rejection reasons and answer categories, if the committee has none."""
    if not ProposalCategory.objects.filter(committee_id=committee_id).exists():
        ProposalCategory.objects.bulk_create(
            [ProposalCategory(committee_id=committee_id, name=n, sort=i) for i, n in enumerate(DEFAULT_CATEGORIES)]
        )
    if not RejectionReason.objects.filter(committee_id=committee_id).exists():
        RejectionReason.objects.bulk_create(
            [
                RejectionReason(committee_id=committee_id, name=n, sort=i)
                for i, n in enumerate(DEFAULT_REJECTION_REASONS)
            ]
        )
    if not AnswerCategory.objects.filter(committee_id=committee_id).exists():
        AnswerCategory.objects.bulk_create(
            [
                AnswerCategory(committee_id=committee_id, code=code, name=name, sort=i)
                for i, (code, name) in enumerate(DEFAULT_ANSWER_CATEGORIES)
            ]
        )


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_deadline(committee, start: datetime.date) -> datetime.date:
    return add_months(start, policy_for(committee).deadline_months)
