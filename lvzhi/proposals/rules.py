"""The committee's proposal rules as read: deadlines, windows, numbering patterns and its lists
(categories, rejection reasons, answer categories). Reading never writes: a committee whose office
has not saved its rules yet reads the defaults (`read_policy` returns an unsaved row); the services
in `services/rules.py` create and change the rows, audited."""

import calendar
import datetime

from lvzhi.proposals.choices import DEFAULT_ANSWER_CATEGORIES, DEFAULT_CATEGORIES, DEFAULT_REJECTION_REASONS
from lvzhi.proposals.models import AnswerCategory, ProposalCategory, ProposalPolicy, RejectionReason

LIST_MODELS = {"categories": ProposalCategory, "reasons": RejectionReason, "answers": AnswerCategory}
POLICY_FIELDS = ("deadline_months", "objection_days", "rating_days", "number_pattern", "between_sessions_pattern")
POLICY_LIMITS = {"deadline_months": (1, 24), "objection_days": (1, 90), "rating_days": (1, 365)}


def _id(committee):
    return getattr(committee, "pk", committee)


def read_policy(committee) -> ProposalPolicy:
    """The committee's rules, or the defaults (an unsaved row) if its office has not saved any."""
    committee_id = _id(committee)
    return ProposalPolicy.objects.filter(committee_id=committee_id).first() or ProposalPolicy(committee_id=committee_id)


def default_lists(committee_id) -> dict[str, list]:
    """The default entries of each list, unsaved."""
    return {
        "categories": [
            ProposalCategory(committee_id=committee_id, name=n, sort=i) for i, n in enumerate(DEFAULT_CATEGORIES)
        ],
        "reasons": [
            RejectionReason(committee_id=committee_id, name=n, sort=i) for i, n in enumerate(DEFAULT_REJECTION_REASONS)
        ],
        "answers": [
            AnswerCategory(committee_id=committee_id, code=code, name=name, sort=i)
            for i, (code, name) in enumerate(DEFAULT_ANSWER_CATEGORIES)
        ],
    }


def active_items(committee, kind: str) -> list:
    """The active entries of one of the committee's lists; its defaults (unsaved, without an id)
    while the committee has none. A form offers an unsaved entry by its name (or code), which the
    services accept as well as an id."""
    committee_id = _id(committee)
    entries = list(LIST_MODELS[kind].objects.filter(committee_id=committee_id))  # one query, active or not
    if not entries:
        return default_lists(committee_id)[kind]
    return [entry for entry in entries if entry.is_active]


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_deadline(committee, start: datetime.date) -> datetime.date:
    return add_months(start, read_policy(committee).deadline_months)
