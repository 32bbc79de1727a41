"""Reads that are more than a filter: the units' performance per session and the overview rows."""

from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from lvzhi.org.models import Unit
from lvzhi.proposals import figures
from lvzhi.proposals.choices import (
    ANSWERING_ROLES,
    FILED_STATES,
    OPEN_ASSIGNMENT_STATES,
    AssignmentRole,
    AssignmentState,
    Rating,
)
from lvzhi.proposals.models import Assignment, CoProposer, Evaluation, Proposal


def _rate(part, whole):
    return round(100 * part / whole, 1) if whole else None


@dataclass
class UnitPerformance:
    """One unit's handling of a session's proposals."""

    unit: Unit
    assigned: int = 0  # assignments (every role), not counting those handed on after an objection
    answering: int = 0  # as lead or split unit: the ones that answer
    replied: int = 0
    replied_on_time: int = 0
    overdue: int = 0  # open and past the deadline today
    objections: int = 0
    evaluations: int = 0
    satisfied: int = 0  # 满意 or 基本满意
    unsatisfied: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def due(self):
        return self.replied + self.overdue

    @property
    def on_time_rate(self):
        """Replied by the deadline ÷ due (replied, or open past the deadline)."""
        return _rate(self.replied_on_time, self.due)

    @property
    def satisfaction_rate(self):
        return _rate(self.satisfied, self.evaluations)


def _session_filter(session, prefix=""):
    if session == "between":
        return Q(**{f"{prefix}session__isnull": True})
    if session:
        return Q(**{f"{prefix}session_id": session})
    return Q()


def unit_performance(committee_ids, *, session=None, today=None) -> list[UnitPerformance]:
    """Each unit's on-time reply rate, satisfaction rate and objections for the proposals of one
    session (an id; "between" = between sessions; None = all), in three queries."""
    today = today or timezone.localdate()
    qs = Assignment.objects.filter(committee_id__in=committee_ids).filter(_session_filter(session, "proposal__"))
    answering = Q(role__in=ANSWERING_ROLES) & ~Q(state=AssignmentState.REASSIGNED)
    rows = (
        qs.annotate(replied_day=TruncDate("replied_at"))
        .values("unit_id")
        .annotate(
            assigned=Count("id", filter=~Q(state=AssignmentState.REASSIGNED)),
            answering=Count("id", filter=answering),
            replied=Count("id", filter=answering & Q(state=AssignmentState.REPLIED)),
            replied_on_time=Count(
                "id", filter=answering & Q(state=AssignmentState.REPLIED, replied_day__lte=F("deadline"))
            ),
            overdue=Count("id", filter=answering & Q(state__in=OPEN_ASSIGNMENT_STATES, deadline__lt=today)),
            objections=Count("id", filter=Q(objected_at__isnull=False)),
        )
        .order_by()
    )
    stats = {r["unit_id"]: r for r in rows}
    ratings = (
        Evaluation.objects.filter(assignment__committee_id__in=committee_ids)  # joined, not `IN (subquery)`:
        .filter(_session_filter(session, "assignment__proposal__"))  # the planner starts from the ratings
        .values("assignment__unit_id")
        .annotate(
            evaluations=Count("id"),
            satisfied=Count("id", filter=Q(rating__in=[Rating.SATISFIED, Rating.BASICALLY_SATISFIED])),
            unsatisfied=Count("id", filter=Q(rating=Rating.UNSATISFIED)),
        )
        .order_by()
    )
    for r in ratings:
        stats.setdefault(r["assignment__unit_id"], {"unit_id": r["assignment__unit_id"]}).update(
            {k: r[k] for k in ("evaluations", "satisfied", "unsatisfied")}
        )
    units = Unit.objects.filter(pk__in=stats).select_related("committee").order_by("committee_id", "sort", "name")
    result = []
    for unit in units:
        data = {k: v for k, v in stats[unit.pk].items() if k != "unit_id"}
        result.append(UnitPerformance(unit=unit, **data))
    return result


def totals(rows: list[UnitPerformance]) -> UnitPerformance:
    total = UnitPerformance(unit=None)
    for r in rows:
        for name in (
            "assigned",
            "answering",
            "replied",
            "replied_on_time",
            "overdue",
            "objections",
            "evaluations",
            "satisfied",
            "unsatisfied",
        ):
            setattr(total, name, getattr(total, name) + getattr(r, name))
    return total


def overview_rows(committee_ids, *, session=None):
    """The proposals overview (提案总览) of a session: every filed (and later) proposal in number
    order with its proposers, units, reply categories and ratings, in a constant number of queries."""
    qs = (
        Proposal.objects.filter(committee_id__in=committee_ids, state__in=FILED_STATES)
        .filter(_session_filter(session))
        .select_related("proposer", "category", "party", "sector", "special_committee", "session__term")
        .prefetch_related(
            Prefetch("coproposers", queryset=CoProposer.objects.select_related("member")),
            Prefetch(
                "assignments",
                queryset=Assignment.objects.exclude(state=AssignmentState.REASSIGNED)
                .select_related("unit", "reply_category")
                .prefetch_related("evaluations"),
            ),
        )
        .order_by("committee_id", "session_id", "serial", "id")
    )
    return qs


def unit_chart(on_time, satisfied, *, limit=12) -> list[dict]:
    """The statistics dashboard's unit chart (provided as "proposals.unit_chart"): per unit, the
    answering assignments (lead or split) replied within the period of `on_time`, those of them
    replied on time, and the evaluations and satisfied evaluations within the period of
    `satisfied`. `on_time` and `satisfied` are the dashboard's results of the figures
    "proposals.replied_on_time" and "proposals.satisfaction" (anything with `ids`, `period` and
    `figure.records(ids, period)`). The `limit` units with the most replies, most first:

        [{"unit_id", "unit_name", "answered", "on_time", "rated", "satisfied"}, ...]

    The rates are on_time / answered and satisfied / rated (no rate when nothing was rated)."""
    window = {"replied_at__date__lte": on_time.period.end}
    if on_time.period.start is not None:
        window["replied_at__date__gte"] = on_time.period.start
    answered = list(
        Assignment.objects.in_committees(on_time.ids)
        .filter(state=AssignmentState.REPLIED, role__in=[AssignmentRole.LEAD, AssignmentRole.SPLIT], **window)
        .order_by()
        .values("unit_id", "unit__name")
        .annotate(n=Count("pk"))
        .order_by("-n")[:limit]
    )
    ids = [row["unit_id"] for row in answered]
    on_time_by = dict(
        on_time.figure.records(on_time.ids, on_time.period)
        .filter(unit_id__in=ids)
        .order_by()
        .values_list("unit_id")
        .annotate(n=Count("pk"))
    )
    rated = figures.evaluations(satisfied.ids, satisfied.period).filter(assignment__unit_id__in=ids)
    rated_by = dict(rated.order_by().values_list("assignment__unit_id").annotate(n=Count("pk")))
    satisfied_by = dict(
        satisfied.figure.records(satisfied.ids, satisfied.period)
        .filter(assignment__unit_id__in=ids)
        .order_by()
        .values_list("assignment__unit_id")
        .annotate(n=Count("pk"))
    )
    return [
        {
            "unit_id": row["unit_id"],
            "unit_name": row["unit__name"],
            "answered": row["n"],
            "on_time": on_time_by.get(row["unit_id"], 0),
            "rated": rated_by.get(row["unit_id"], 0),
            "satisfied": satisfied_by.get(row["unit_id"], 0),
        }
        for row in answered
    ]
