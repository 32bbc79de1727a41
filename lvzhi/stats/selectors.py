"""Figures computed from the records, every time they are asked for.

`compute(...)` turns (figure key, committee id or code, scope, period text, as-of date) into a
`Result`: the figure, the committees counted, the period and the value; `records(...)` gives the
queryset behind it. Both start from the user's scope: another committee's figures are 404.
Nothing is stored or cached, so a value cannot drift from its records.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist, FieldError
from django.db.models import F, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.accounts.choices import Permission
from lvzhi.core import figure_cache, permissions, registry
from lvzhi.core.errors import Forbidden, Invalid, NotFound
from lvzhi.core.periods import Period, parse_day, parse_period
from lvzhi.core.scope import committee_ids, committee_named
from lvzhi.org.models import Committee
from lvzhi.stats.choices import RegulationKind

SCOPES = ("self", "tree", "lower")  # lower: the lower committees without the committee itself
MEASURE_LABELS = {
    "count": gettext_lazy("计数"),
    "sum": gettext_lazy("合计"),
    "rate": gettext_lazy("比率"),
    "average": gettext_lazy("平均"),
}


@dataclass(frozen=True)
class Result:
    figure: registry.Figure
    committee: Committee
    scope: str
    period: Period
    as_of: datetime.date
    ids: frozenset
    value: object

    @property
    def query(self) -> dict:
        """The query string that names this result (for the records page and the API)."""
        return {
            "committee": self.committee.code,
            "scope": self.scope,
            "period": self.period.text,
            "as_of": self.as_of.isoformat(),
        }


def can_read(user) -> bool:
    """Staff holding the statistics permission and leaders, within their scope."""
    return permissions.can_read(user, Permission.STATISTICS)


def require_reader(user) -> None:
    if not can_read(user):
        raise Forbidden(_("只有具有统计权限的工作人员和领导可以查看统计。"))


def get_figure(key: str) -> registry.Figure:
    figure = registry.figures().get(str(key or ""))
    if figure is None:
        raise NotFound(_("没有这个统计口径。"))
    return figure


def committees_in(within) -> list[Committee]:
    """The committees among `within` (ids) in path order, read once per request: a page's committee
    selector, the committee it names, every card's scope and a chart's columns use the same rows."""
    memo = figure_cache.request_memo()
    key = ("stats.committees_in", frozenset(within))
    if key not in memo:
        memo[key] = list(Committee.objects.filter(id__in=key[1]).order_by("path"))
    return memo[key]


def _named_among(value, committees: list[Committee]) -> Committee | None:
    """`core.scope.committee_named` over rows already read: by GB/T 2260 code first, then by id."""
    text = str(value or "").strip()
    if not text or not text.isascii() or not text.isdigit() or len(text) > 18:
        return None
    return next((c for c in committees if c.code == text), None) or next(
        (c for c in committees if c.pk == int(text)), None
    )


def find_committee(value, *, within=None) -> Committee:
    """A committee by id or GB/T 2260 code, among `within` (ids) when given; else NotFound."""
    if within is None:
        found = committee_named(value, Committee.objects.values("id"))
    else:
        found = _named_among(value, committees_in(within))
    if found is None:
        raise NotFound(_("没有这个委员会，或不在您的范围内。"))
    return found


def visible_committee(user, value) -> Committee:
    """The committee named by id or code if the user may see it; default: the user's own."""
    ids = committee_ids(user)
    if value in (None, ""):
        value = user.committee_id
    return find_committee(value, within=ids)


def parse_as_of(value) -> datetime.date:
    """The as-of date (today when empty); Invalid when malformed or outside the platform's dates."""
    return parse_day(value, field="as_of")


def resolve_period(text, committee: Committee, as_of: datetime.date) -> Period:
    """Parse a period; `term` starts at the committee's term current on the as-of date."""
    text = (str(text) if text is not None else "").strip() or "term"
    term_start = None
    if text == "term":
        memo = figure_cache.request_memo()  # a summary or the big screen asks once per placeholder
        key = ("stats.term", committee.pk, as_of)
        if key not in memo:
            memo[key] = committee.current_term(as_of)
        term = memo[key]
        if term is None:
            raise Invalid(errors={"period": [_("%(c)s 在 %(d)s 没有当届。") % {"c": committee, "d": as_of}]})
        term_start = term.start_date
    period = parse_period(text, as_of=as_of, term_start=term_start)
    if period.is_empty and period.kind != "since":  # "since" a later date: nothing yet, counted as 0
        raise Invalid(errors={"period": [_("统计期间的开始日期晚于结束日期：%(p)s") % {"p": text}]})
    return period


def scope_ids(committee: Committee, scope: str, *, within=None) -> frozenset:
    """The committee alone (`self`) or with its lower committees (`tree`), within `within`."""
    if scope not in SCOPES:
        raise Invalid(errors={"scope": [_("范围应为 self（本级）、tree（含下级）或 lower（仅下级）。")]})
    if scope == "self":
        return frozenset([committee.pk])
    memo = figure_cache.request_memo()  # a dashboard asks once per card: read once per request
    key = ("stats.scope_ids", committee.pk, scope, within if within is None else frozenset(within))
    if key not in memo:
        if within is None:
            qs = Committee.objects.descendants_of(committee.pk, include_self=scope == "tree")
            memo[key] = frozenset(qs.values_list("id", flat=True))
        else:  # the committees below, by the path, among the rows the page has already read
            memo[key] = frozenset(c.pk for c in lower_committees(committee, within, include_self=scope == "tree"))
    return memo[key]


def check_supported(figure: registry.Figure, scope: str, period: Period) -> None:
    if scope not in figure.scopes and not (scope == "lower" and "tree" in figure.scopes):
        raise Invalid(errors={"scope": [_("“%(f)s”不支持这个范围：%(s)s") % {"f": figure.label, "s": scope}]})
    if not figure.supports_period(period):
        allowed = "、".join(figure.periods)
        raise Invalid(errors={"period": [_("“%(f)s”只按以下期间统计：%(a)s") % {"f": figure.label, "a": allowed}]})


def plain(value):
    """A JSON-friendly number: Decimal → int or float."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def evaluate(key, committee: Committee, scope="self", period="term", as_of=None, *, within=None) -> Result:
    """Compute a figure for a committee (no permission check: callers check the user first)."""
    figure = get_figure(key)
    as_of = parse_as_of(as_of)
    scope = (scope or "self").strip() if isinstance(scope, str) else "self"
    parsed = period if isinstance(period, Period) else resolve_period(period, committee, as_of)
    check_supported(figure, scope, parsed)
    ids = scope_ids(committee, scope, within=within)
    return Result(figure, committee, scope, parsed, as_of, ids, plain(figure.compute(ids, parsed)))


def compute(*, user, key, committee=None, scope="self", period="term", as_of=None) -> Result:
    """A figure as the user may see it: 403 without the statistics permission, 404 outside scope."""
    require_reader(user)
    figure = get_figure(key)
    found = visible_committee(user, committee)
    return evaluate(figure.key, found, scope, period, as_of, within=committee_ids(user))


# Breakdowns a chart may drill into: a name → the lookup on the records (never user-given lookups).
BREAKDOWNS = {
    "state": "state",
    "kind": "kind",
    "category": "category_id",
    "unit": "unit_id",
    "assignment_unit": "assignment__unit_id",
    "committee": "committee_id",
    "grade": "grade",
}


def records(result: Result, *, by: str = "", value: str = ""):
    """The queryset behind a result, optionally narrowed to one chart element (`by`=`value`)."""
    qs = result.figure.records(result.ids, result.period)
    if result.period.is_empty:
        return qs.none()
    if by:
        lookup = BREAKDOWNS.get(by)
        if lookup is None:
            raise Invalid(errors={"by": [_("无法按“%(b)s”细分。") % {"b": by}]})
        try:
            qs = qs.filter(**{lookup: value or None}) if value else qs.filter(**{f"{lookup}__isnull": True})
        except (FieldError, FieldDoesNotExist, ValueError):
            raise Invalid(errors={"by": [_("这个统计口径不能按“%(b)s”细分。") % {"b": by}]}) from None
    return qs


def derived(result: Result, name: str, build):
    """Rows computed from a result's records — a chart's groups, a summary's names — kept in the figure
    cache as the figure's own value is (core/figure_cache.py `derived`). `name` says what `build`
    computes and everything else it depends on besides the result's committees and period."""
    key = f"{result.figure.key}#{name}"
    return figure_cache.derived(key, result.ids, result.period, build, varies_with_time=result.figure.varies_with_time)


def named(qs, figure):
    """The records with `record_name`: what names each (`Figure.names`, a field or an expression)."""
    expression = F(figure.names) if isinstance(figure.names, str) else figure.names
    return qs.annotate(record_name=expression)


def ordered(qs):
    """Records in a stable order with what each row shows loaded with them: every record it points to
    (its name, date and committee are read from them) — one query per page, not one per row."""
    model = qs.model
    related = [f.name for f in model._meta.concrete_fields if f.many_to_one or f.one_to_one]
    related += getattr(model, "name_reads", ())  # what a model's name reads further away
    if any(f.name == "outcome" and f.is_relation for f in model._meta.concrete_fields):
        related.append("outcome__activity")  # a suggestion is dated by its outcome's activity
    if related:
        qs = qs.select_related(*related)
    return qs.order_by("-pk")


DATE_ATTRS = (
    "start",
    "date",
    "held_on",
    "submitted_at",
    "filed_at",
    "adopted_on",
    "established_on",
    "revised_on",
    "created_at",
    "founded_on",
)


def _pointed_to(obj, name):
    """The record `obj` points to by its own field `name` (None: no such field, or a reverse one — a
    topic's outcome is the outcome's, read once per row)."""
    field = next((f for f in obj._meta.concrete_fields if f.name == name and f.is_relation), None)
    return getattr(obj, name) if field is not None else None


def record_date(obj):
    activity = _pointed_to(obj, "activity")
    if activity is not None and hasattr(activity, "start"):
        return activity.start
    outcome = _pointed_to(obj, "outcome")
    if outcome is not None and hasattr(outcome, "activity"):
        return outcome.activity.start
    for attr in DATE_ATTRS:
        value = getattr(obj, attr, None)
        if isinstance(value, (datetime.date, datetime.datetime)):
            return value
    return None


def record_committee(obj):
    if isinstance(obj, Committee):
        return obj
    return getattr(obj, "committee", None)


# How to link a record to its own page when the model has no get_absolute_url.
RECORD_URLS = {
    "activities.activity": ("activities:detail", "pk"),
    "activities.attendance": ("activities:detail", "activity_id"),
    "activities.speech": ("activities:detail", "activity_id"),
    "activities.outcome": ("activities:outcome_detail", "pk"),
    "proposals.proposal": ("proposals:detail", "pk"),
    "proposals.assignment": ("proposals:detail", "proposal_id"),
}


def record_url(obj) -> str:
    from django.urls import NoReverseMatch, reverse

    if hasattr(obj, "get_absolute_url"):
        try:
            return obj.get_absolute_url()
        except NoReverseMatch:
            return ""
    entry = RECORD_URLS.get(obj._meta.label_lower)
    if entry is None:
        return ""
    try:
        return reverse(entry[0], args=[getattr(obj, entry[1])])
    except NoReverseMatch:
        return ""


def record_rows(objs, amount: str = "") -> list[dict]:
    """Each record as the records page and its export show it; `amount`: the field a sum adds up."""
    return [
        {
            "id": obj.pk,
            "text": str(obj),
            "date": record_date(obj),
            "committee": record_committee(obj),
            "url": record_url(obj),
            "type": str(obj._meta.verbose_name),
            "amount": getattr(obj, amount) if amount else None,
        }
        for obj in objs
    ]


def outliers(result: Result, limit: int = 20) -> dict:
    """The records that carry most of a typed sum (largest amount first), each with its share of the
    total and the running share: what a reviewer checks first when a total looks too large."""
    field = result.figure.amount
    if not field:
        raise Invalid(errors={"figure": [_("这个统计口径不是逐条填写数额的合计，没有离群值复核。")]})
    qs = records(result)
    total = qs.aggregate(n=Sum(field))["n"] or 0
    rows = record_rows(ordered(qs).order_by(f"-{field}", "-pk")[:limit], amount=field)
    running = 0
    for row in rows:
        running += row["amount"] or 0
        row["share"] = (row["amount"] or 0) * 100 / total if total else 0
        row["running"] = running * 100 / total if total else 0
    count = qs.count()
    return {"rows": rows, "total": total, "count": count, "mean": total / count if count else 0}


def catalogue(module_key: str | None = None) -> list[registry.Figure]:
    """Every registered figure, by module (registration order), or one module's."""
    return [f for m in registry.modules() for f in m.figures if module_key is None or m.key == module_key]


def module_figures() -> list[tuple[registry.Module, list[registry.Figure]]]:
    return [(m, list(m.figures)) for m in registry.modules() if m.figures]


def lower_committees(committee: Committee, within, *, include_self=False) -> list[Committee]:
    """The committees below `committee` (and itself with `include_self`) among `within`, in path order."""
    return [
        c for c in committees_in(within) if c.path.startswith(committee.path) and (include_self or c.pk != committee.pk)
    ]


def filter_regulations(qs, params, user):
    """One filter for the list, its export and the API: kind, committee (id or code), state, q."""
    kind = params.get("kind") or ""
    if kind in RegulationKind.values:
        qs = qs.filter(kind=kind)
    committee = (params.get("committee") or "").strip()
    if committee:  # by id or GB/T 2260 code, in the user's scope; any other matches nothing
        found = committee_named(committee, committee_ids(user))
        qs = qs.filter(committee=found) if found is not None else qs.none()
    state = params.get("state") or ""
    if state == "in_force":
        qs = qs.filter(repealed_on__isnull=True)
    elif state == "repealed":
        qs = qs.filter(repealed_on__isnull=False)
    q = (params.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(document_number__icontains=q))
    return qs
