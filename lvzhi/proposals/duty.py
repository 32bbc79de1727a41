"""The duty events of the proposals module (see docs/adding-a-module.md, "Duty events"): a member
filed a proposal as first proposer or as co-proposer, and the first proposer of a key or an
excellent proposal. A proposal counts while it is filed (filed, assigned, replied or closed): a
filing undone (withdrawn, merged into another) removes its events. Dated by the filing."""

from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.core.registry import DutyFact, DutyProducer, Titles, fact_rows, local_date
from lvzhi.proposals.choices import FILED_STATES
from lvzhi.proposals.models import CoProposer, Proposal


def _filed(committee_ids=None, source_ids=None, **flags):
    qs = Proposal.objects.filter(state__in=FILED_STATES, **flags)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    if source_ids is not None:
        qs = qs.filter(pk__in=source_ids)
    return qs


def _day(filed_at, submitted_at, created_at):
    return timezone.localdate(filed_at or submitted_at or created_at)


def _filing_day(prefix=""):
    """`_day` in SQL."""
    return local_date(Coalesce(f"{prefix}filed_at", f"{prefix}submitted_at", f"{prefix}created_at"))


def _first_proposers(kind, **flags):
    """The producer's `events` and `facts_query`: the first proposers of the filed proposals `flags`
    select."""

    def events(committee_ids=None, year=None, source_ids=None):
        rows = _filed(committee_ids, source_ids, **flags).values_list(
            "pk", "proposer_id", "committee_id", "filed_at", "submitted_at", "created_at"
        )
        for pk, member_id, committee_id, *times in rows.iterator(chunk_size=2000):
            yield DutyFact(member_id, committee_id, _day(*times), pk)

    def facts_query(committee_ids=None, year=None):
        return fact_rows(
            _filed(committee_ids, None, **flags),
            kind=kind,
            member="proposer_id",
            committee="committee_id",
            date=_filing_day(),
            source="pk",
        )

    return {"events": events, "facts_query": facts_query}


def _coproposers(committee_ids=None, year=None, source_ids=None):
    proposals = _filed(committee_ids, source_ids)
    rows = CoProposer.objects.filter(proposal__in=proposals).values_list(
        "proposal_id",
        "member_id",
        "proposal__committee_id",
        "proposal__filed_at",
        "proposal__submitted_at",
        "proposal__created_at",
    )
    for pk, member_id, committee_id, *times in rows.iterator(chunk_size=2000):
        yield DutyFact(member_id, committee_id, _day(*times), pk)


def _coproposer_facts(committee_ids=None, year=None):
    return fact_rows(
        CoProposer.objects.filter(proposal__in=_filed(committee_ids, None)),
        kind="proposals.co",
        member="member_id",
        committee="proposal__committee_id",
        date=_filing_day("proposal__"),
        source="proposal_id",
    )


def affected(obj):
    """A proposal (its state, flags or filing changed) or one of its co-proposer rows."""
    if isinstance(obj, Proposal):
        return [obj.pk]
    if isinstance(obj, CoProposer):
        return [obj.proposal_id]
    return None


describe = Titles(
    Proposal,
    ("number", "title"),
    lambda pk, number, title: (f"{number} {title}".strip(), reverse("proposals:detail", args=[pk])),
)


SOURCE = "proposals.Proposal"


def _first(kind, label, points, cap, **flags):
    return DutyProducer(
        kind,
        label,
        SOURCE,
        affected=affected,
        default_points=points,
        default_cap=cap,
        describe=describe,
        **_first_proposers(kind, **flags),
    )


PRODUCERS = [
    _first("proposals.first", _("提交提案（第一提案人）"), 5, 20),
    DutyProducer(
        "proposals.co",
        _("提交提案（附议人）"),
        SOURCE,
        _coproposers,
        affected,
        2,
        10,
        describe,
        facts_query=_coproposer_facts,
    ),
    _first("proposals.key", _("重点提案"), 5, None, is_key=True),
    _first("proposals.excellent", _("优秀提案"), 10, None, is_excellent=True),
]
