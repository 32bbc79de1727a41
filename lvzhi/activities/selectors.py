"""Reads of meetings and activities that are more than a filter: the one filter of the list page,
its export and the API; the list's counts; the dashboard's aggregates."""

import calendar
import datetime

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from lvzhi.activities.choices import ActivityKind, ActivityState, AttendanceState
from lvzhi.activities.figures import held
from lvzhi.activities.models import Attendance
from lvzhi.core import figure_cache, scope
from lvzhi.core.cleaning import date_in_range, date_range_message
from lvzhi.core.errors import Invalid
from lvzhi.org.models import Committee


def day_start(day: datetime.date, *, end=False):
    """The local midnight that starts `day` (with `end`, the one after it)."""
    tz = timezone.get_current_timezone()
    if end:
        day = day + datetime.timedelta(days=1)
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)


def date_param(params, name) -> datetime.date | None:
    """A YYYY-MM-DD query parameter: None when absent or not a date at all; Invalid for an impossible
    date (2024-02-30) or one outside the dates the platform accepts."""
    text = str(params.get(name) or "").strip()
    try:
        day = parse_date(text) if text else None
    except ValueError:
        raise Invalid(errors={name: [_("日期格式应为 YYYY-MM-DD。")]}) from None
    if day is not None and not date_in_range(day):
        raise Invalid(errors={name: [date_range_message()]})
    return day


def filter_activities(qs, params, user):
    """One filter for the list page, its export and (by the same names) the API."""
    kind = params.get("kind") or ""
    if kind in ActivityKind.values:
        qs = qs.filter(kind=kind)
    if params.get("subkind"):
        qs = qs.filter(subkind=params["subkind"].strip())
    state = params.get("state") or ""
    if state in ActivityState.values:
        qs = qs.filter(state=state)
    committee = (params.get("committee") or "").strip()
    if committee:
        found = scope.committee_named(committee, scope.committee_ids(user))
        qs = qs.filter(committee=found) if found is not None else qs.none()
    start = date_param(params, "date_from")
    if start:
        qs = qs.filter(start__gte=day_start(start))
    end = date_param(params, "date_to")
    if end:
        qs = qs.filter(start__lt=day_start(end, end=True))
    q = (params.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(topic__icontains=q) | Q(place__icontains=q) | Q(organiser__icontains=q) | Q(subkind=q))
    return qs


def safe_filter(qs, params, user):
    """The filter for a page: a bad date shows nothing rather than an error."""
    try:
        return filter_activities(qs, params, user)
    except Invalid:
        return qs.none()


def with_counts(qs):
    """Invited and present counts as correlated subqueries: computed for the rows a page shows (and
    left out of the paginator's COUNT), not by joining and grouping every attendance row in scope."""
    rows = Attendance.objects.filter(activity=OuterRef("pk")).order_by().values("activity")
    invited = rows.annotate(n=Count("pk")).values("n")
    present = rows.filter(state=AttendanceState.PRESENT).annotate(n=Count("pk")).values("n")
    return qs.annotate(
        invited_count=Coalesce(Subquery(invited, output_field=IntegerField()), 0),
        present_count=Coalesce(Subquery(present, output_field=IntegerField()), 0),
    )


def _month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def months_of(period, first_seen: datetime.date | None) -> list[datetime.date]:
    """The first days of the months the period covers (an open period starts at the first record)."""
    start = period.start or first_seen or period.end
    current, months = start.replace(day=1), []
    while current <= period.end and len(months) < 600:
        months.append(current)
        current = _month_end(current) + datetime.timedelta(days=1)
    return months


def per_month_by_kind(committee_ids, period) -> dict:
    """{"months": [date], "counts": {kind: {month: n}}} of the activities held in the period (one query,
    kept in the figure cache until an activity is written)."""

    def build():
        tz = timezone.get_default_timezone()
        rows = (
            held(committee_ids, period)
            .annotate(month=TruncMonth("start", tzinfo=tz))
            .values("month", "kind")
            .annotate(n=Count("id"))
            .order_by()
        )
        counts: dict[str, dict[datetime.date, int]] = {}
        first_seen = None
        for row in rows:
            month = row["month"]
            month = timezone.localtime(month, tz).date() if isinstance(month, datetime.datetime) else month
            counts.setdefault(row["kind"], {})[month] = row["n"]
            first_seen = month if first_seen is None or month < first_seen else first_seen
        return {"months": months_of(period, first_seen), "counts": counts}

    return figure_cache.derived("activities.per_month_by_kind", committee_ids, period, build)


def month_range(month: datetime.date, period) -> str:
    """The period text (range:A..B) of one month, clipped to the period."""
    first = max(month, period.start) if period.start else month
    last = min(_month_end(month), period.end)
    return f"range:{first.isoformat()}..{last.isoformat()}"


def by_lower_committee(root: Committee, committee_ids, period, kinds) -> list[dict]:
    """For the root committee itself (本级) and each committee directly below it (with what lies below
    that): the number of activities of each kind held in the period. Two queries."""
    tree = list(
        Committee.objects.descendants_of(root.pk).filter(id__in=committee_ids).values("id", "path", "parent_id")
    )
    children = list(Committee.objects.filter(parent=root, id__in=committee_ids).order_by("code"))
    owner = {}
    for node in tree:
        owner[node["id"]] = next((c.pk for c in children if node["path"].startswith(c.path)), root.pk)

    def build():  # kept in the figure cache until an activity is written
        rows = (
            held([n["id"] for n in tree], period)
            .filter(kind__in=kinds)
            .values_list("committee_id", "kind")
            .annotate(n=Count("id"))
            .order_by()
        )
        return [list(row) for row in rows]

    key = f"activities.by_committee_and_kind|{','.join(sorted(kinds))}"
    totals: dict[tuple[int, str], int] = {}
    for committee_id, kind, n in figure_cache.derived(key, [n["id"] for n in tree], period, build):
        totals[(owner[committee_id], kind)] = totals.get((owner[committee_id], kind), 0) + n
    groups = [{"committee": root, "scope": "self", "own": True}] + [
        {"committee": c, "scope": "tree", "own": False} for c in children
    ]
    for group in groups:
        group["counts"] = {kind: totals.get((group["committee"].pk, kind), 0) for kind in kinds}
    return groups


KIND_LABELS = dict(ActivityKind.choices)
