"""The proposals' figures: each a queryset of records and its count, for a committee scope and period.

Periods: "term" (and "current") count within each committee's current term; other periods
(year:, since:, range:, cumulative) by the date of the counted event.
"""

from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import TruncDate
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from lvzhi.core import figure_cache
from lvzhi.core.registry import Figure, FromParts, percent
from lvzhi.org.choices import PartyKind
from lvzhi.proposals.choices import (
    ANSWERING_ROLES,
    HANDLED_STATES,
    OPEN_ASSIGNMENT_STATES,
    AssignmentState,
    ProposalState,
    ProposerKind,
    Rating,
    SupervisionKind,
)
from lvzhi.proposals.models import Assignment, Evaluation, Proposal, Supervision

PERIODS = ("term", "current", "year", "since", "range", "cumulative")


def _in_period(qs, field, period, term_field="term"):
    """Rows whose `field` (a datetime) falls in the period, by local date (`Period.q`). The term
    (and "current" without a start) also means: of the term that was running at the period's end."""
    return _in_term(qs, period, term_field).filter(period.q(field, is_datetime=True))


def _in_term(qs, period, term_field="term"):
    """For the term (and "current" without a start): rows of the term running at the period's end."""
    if period.kind in ("term", "current") and period.start is None:
        qs = qs.filter(
            Q(**{f"{term_field}__start_date__lte": period.end})
            & (Q(**{f"{term_field}__end_date__isnull": True}) | Q(**{f"{term_field}__end_date__gte": period.end}))
        )
    return qs


def received(ids, period):
    return _in_period(Proposal.objects.in_committees(ids).exclude(submitted_at=None), "submitted_at", period)


def _decided(state):
    def records(ids, period):
        return received(ids, period).filter(state=state)

    return records


def filed(ids, period):
    return _in_period(Proposal.objects.in_committees(ids).exclude(filed_at=None), "filed_at", period)


def handled(ids, period):
    """协调办理: filed and assigned to units (assigned, replied or closed)."""
    qs = Proposal.objects.in_committees(ids).filter(state__in=HANDLED_STATES).exclude(assigned_at=None)
    return _in_period(qs, "assigned_at", period)


def key(ids, period):
    return handled(ids, period).filter(is_key=True)


def onsite(ids, period):
    """现场督办: handled proposals with at least one onsite supervision in the period."""
    visits = Supervision.objects.filter(proposal=OuterRef("pk"), kind=SupervisionKind.ONSITE, date__lte=period.end)
    if period.start is not None:
        visits = visits.filter(date__gte=period.start)
    return handled(ids, period).filter(Exists(visits))


def by_organisation(ids, period):
    """民主党派等提交提案: received proposals submitted in the name of a party or organisation."""
    return received(ids, period).filter(kind=ProposerKind.ORGANISATION).exclude(state=ProposalState.WITHDRAWN)


def replied_on_time(ids, period):
    """Answering assignments replied no later than their deadline."""
    qs = Assignment.objects.in_committees(ids).filter(state=AssignmentState.REPLIED, role__in=ANSWERING_ROLES)
    qs = _in_period(qs, "replied_at", period, term_field="proposal__term")
    return qs.annotate(replied_day=TruncDate("replied_at")).filter(replied_day__lte=F("deadline"))


def due(ids, period):
    """Answering assignments that were due: replied, or still open past their deadline (as of the period end)."""
    qs = _in_term(Assignment.objects.in_committees(ids).filter(role__in=ANSWERING_ROLES), period, "proposal__term")
    replied = Q(state=AssignmentState.REPLIED) & period.q("replied_at", is_datetime=True)
    late = Q(state__in=OPEN_ASSIGNMENT_STATES, deadline__lt=period.end) & period.q("assigned_at", is_datetime=True)
    return qs.filter(replied | late)  # one scan of the committees' assignments, not IN (…) OR IN (…)


# the replies on time among the replies due (read with the other figures' counts: `FromParts`)
on_time_rate = FromParts(lambda ids, period: [replied_on_time(ids, period), due(ids, period)], percent)


def satisfied(ids, period):
    qs = Evaluation.objects.in_committees(ids).filter(rating__in=[Rating.SATISFIED, Rating.BASICALLY_SATISFIED])
    return _in_period(qs, "created_at", period, term_field="assignment__proposal__term")


def evaluations(ids, period):
    qs = Evaluation.objects.in_committees(ids)
    return _in_period(qs, "created_at", period, term_field="assignment__proposal__term")


# the satisfied ratings among all ratings
satisfaction_rate = FromParts(lambda ids, period: [satisfied(ids, period), evaluations(ids, period)], percent)


def _figure(key_, label, definition, unit, records, value=None):
    return Figure(
        key_,
        label,
        definition,
        unit,
        records,
        scopes=("self", "tree"),
        periods=PERIODS,
        value=value,
        records_url="proposals:list",
    )


FIGURES = [
    _figure("proposals.received", _("收到提案"), _("期间内提交（不含草稿）的提案件数。"), _("件"), received),
    _figure("proposals.filed", _("立案"), _("期间内立案的提案件数。"), _("件"), filed),
    _figure(
        "proposals.rejected",
        _("不予立案"),
        _("期间内提交、审查结果为不予立案的件数。"),
        _("件"),
        _decided(ProposalState.REJECTED),
    ),
    _figure(
        "proposals.merged",
        _("并案"),
        _("期间内提交、并入其他提案办理的件数。"),
        _("件"),
        _decided(ProposalState.MERGED),
    ),
    _figure(
        "proposals.converted",
        _("转办"),
        _("期间内提交、转为意见建议或社情民意信息的件数。"),
        _("件"),
        _decided(ProposalState.CONVERTED),
    ),
    _figure(
        "proposals.handled",
        _("协调办理提案"),
        _("期间内立案并交承办单位办理（办理中、已答复、已办结）的提案件数。"),
        _("件"),
        handled,
    ),
    _figure("proposals.key", _("重点提案"), _("交办办理的提案中确定为重点提案的件数。"), _("件"), key),
    _figure("proposals.onsite", _("现场督办提案"), _("交办办理的提案中期间内有现场督办记录的件数。"), _("件"), onsite),
    _figure(
        "proposals.by_organisation",
        _("民主党派等提交提案"),
        _("期间内以民主党派、工商联、人民团体等参加单位名义提交的提案件数（不含撤案）。"),
        _("件"),
        by_organisation,
    ),
    _figure(
        "proposals.replied_on_time",
        _("按期答复"),
        _("主办（分办）单位在办理期限内作出答复的交办件数。"),
        _("件"),
        replied_on_time,
    ),
    _figure(
        "proposals.on_time_rate",
        _("按期答复率"),
        _("按期答复的交办占已到期交办（已答复，或逾期仍未答复）的百分比；主办、分办单位。"),
        "%",
        replied_on_time,
        value=on_time_rate,
    ),
    _figure(
        "proposals.satisfaction",
        _("满意率"),
        _("提案人评价为满意或基本满意的评价占全部评价的百分比。"),
        "%",
        satisfied,
        value=satisfaction_rate,
    ),
]


def _received_where(**lookup):
    def records(ids, period):
        return received(ids, period).filter(**lookup)

    return records


def _organisations_where(**lookup):
    def records(ids, period):
        return by_organisation(ids, period).filter(**lookup)

    return records


# The breakdowns (P23 and the office's tables), each part a figure with its records.
CATEGORY_KEYS = {
    "经济建设": "economy",
    "政治建设": "politics",
    "文化建设": "culture",
    "社会建设": "society",
    "生态文明建设": "ecology",
    "党的建设": "party_building",
    "其他": "other",
}
BREAKDOWN_FIGURES = (
    [
        _figure(
            f"proposals.category.{code}",
            format_lazy(_("{c}类提案"), c=name),
            format_lazy(_("期间内提交、类别为“{c}”的提案件数。"), c=name),
            _("件"),
            _received_where(category__name=name),
        )
        for name, code in CATEGORY_KEYS.items()
    ]
    + [
        _figure(
            f"proposals.kind.{kind.value}",
            kind.label,
            format_lazy(_("期间内提交的{k}件数。"), k=kind.label),
            _("件"),
            _received_where(kind=kind.value),
        )
        for kind in ProposerKind
    ]
    + [
        _figure(
            f"proposals.party.{kind.value}",
            format_lazy(_("{k}提交提案"), k=kind.label),
            format_lazy(_("期间内以{k}名义提交的提案件数（不含撤案）。"), k=kind.label),
            _("件"),
            _organisations_where(party__kind=kind.value),
        )
        for kind in PartyKind
        if kind != PartyKind.CPC
    ]
)
FIGURES += BREAKDOWN_FIGURES
BREAKDOWN_KEYS = {f.key for f in BREAKDOWN_FIGURES}


def by_category(ids, period):
    """[(category name, count, drill-down query)] of received proposals, largest first."""
    rows = figure_cache.derived(
        "proposals.received#by_category",
        ids,
        period,
        lambda: list(
            received(ids, period).values("category__name").annotate(n=Count("id")).order_by("-n", "category__name")
        ),
    )
    return [
        (r["category__name"] or "—", r["n"], {"figure": "proposals.received", "category": r["category__name"] or ""})
        for r in rows
    ]


def by_kind(ids, period):
    labels = dict(ProposerKind.choices)
    rows = figure_cache.derived(
        "proposals.received#by_kind",
        ids,
        period,
        lambda: list(received(ids, period).values("kind").annotate(n=Count("id")).order_by("-n", "kind")),
    )
    return [(labels.get(r["kind"], r["kind"]), r["n"], {"figure": f"proposals.kind.{r['kind']}"}) for r in rows]


def by_party(ids, period):
    rows = figure_cache.derived(
        "proposals.by_organisation#by_party",
        ids,
        period,
        lambda: list(
            by_organisation(ids, period)
            .values("party_id", "party__name")
            .annotate(n=Count("id"))
            .order_by("-n", "party__name")
        ),
    )
    return [
        (r["party__name"] or "—", r["n"], {"figure": "proposals.by_organisation", "party": r["party_id"] or ""})
        for r in rows
    ]
