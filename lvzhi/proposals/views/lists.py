"""The lists: mine, the review queue, all proposals (filters, search, export), the unit inbox,
and the dashboard of figures."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import F, Value
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.accounts.choices import Permission, Role
from lvzhi.core import exports, registry
from lvzhi.core.errors import Forbidden
from lvzhi.core.exports import choice_label
from lvzhi.core.forms import filter_choices
from lvzhi.core.listing import DATE_RANGE, Column, Filter, Listing
from lvzhi.core.periods import parse_period, period_words, scope_words
from lvzhi.core.scope import active_committee_ids, scope_committees
from lvzhi.org.models import Party, Sector, Session
from lvzhi.org.selectors import active_units_of
from lvzhi.proposals import figures as proposal_figures
from lvzhi.proposals.choices import (
    AssignmentState,
    ProposalState,
    ProposerKind,
    Rating,
)
from lvzhi.proposals.filters import ProposalFilter, filter_proposals
from lvzhi.proposals.models import Assignment, Evaluation, Proposal, ProposalCategory

LIST_RELATED = ("committee", "proposer", "category", "party", "sector", "special_committee", "session__term")


def _submitted(p):
    return timezone.localtime(p.submitted_at).strftime("%Y-%m-%d") if p.submitted_at else ""


EXPORT_COLUMNS = [
    exports.Column(_("案号"), lambda p: p.number, 26),
    exports.Column(_("案由"), lambda p: p.title, 50),
    exports.Column(_("提案人"), lambda p: p.proposer_label, 16),
    exports.Column(_("提案类型"), lambda p: choice_label(p, "kind"), 14),
    exports.Column(_("类别"), lambda p: str(p.category or ""), 12),
    exports.Column(_("状态"), lambda p: choice_label(p, "state"), 10),
    exports.Column(_("重点提案"), lambda p: _("是") if p.is_key else "", 8),
    exports.Column(_("委员会"), lambda p: p.committee.short_name, 10),
    exports.Column(_("提交时间"), _submitted, 12),
]

# The columns of every proposal list (proposals/_rows.html); each list orders them its own way.
COLUMNS = (
    Column(_("案号"), "number"),
    Column(_("案由"), "title"),
    Column(_("提案人"), "proposer", order=("proposer__name_pinyin", "proposer__name"), css="d-none d-md-table-cell"),
    Column(_("类别"), "category", order=("category__name",), css="d-none d-lg-table-cell"),
    Column(_("委员会"), "committee", order=("committee__path",), css="d-none d-lg-table-cell"),
    Column(_("提交时间"), "submitted", order=("submitted_at",), css="d-none d-sm-table-cell"),
    Column(_("状态"), "state"),
)


def _listing(key, default_sort, **kwargs):
    return Listing(
        key=key,
        columns=COLUMNS,
        default_sort=default_sort,
        export_name=_("提案"),
        export_columns=tuple(EXPORT_COLUMNS),
        by_ids=True,  # a deferred join: cheap at 100,000 proposals (see paging.py)
        **kwargs,
    )


MINE = _listing("proposals.mine", "-submitted")
REVIEW = _listing("proposals.review", "submitted")  # the queue: the longest waiting first
ALL = _listing(
    "proposals",
    "-submitted",
    filters=(Filter("submitted", _("提交日期"), kind=DATE_RANGE, field="submitted_at", is_datetime=True),),
)


def _rows_page(request, listing, qs, template, context=None, **kwargs):
    result = listing.run(request, qs, **kwargs)
    if result.response:
        return result.response
    return render(request, template, {"listing": result, "page": result.page, **(context or {})})


@login_required
def mine(request):
    user = request.user
    if not user.member_id:
        raise Forbidden(_("只有委员有“我的提案”。"))
    # theirs and those they entered, as one IN over a UNION: with an OR the planner walks every
    # proposal in the list's order looking for a member's few
    own = Proposal.objects.owned_by(user.member_id).order_by().values("pk")
    qs = Proposal.objects.filter(
        pk__in=own.union(Proposal.objects.filter(created_by=user).order_by().values("pk"))
    ).select_related(*LIST_RELATED)
    return _rows_page(request, MINE, qs, "proposals/mine.html")


def _require_reader(user):
    if not user.can_read_module(Permission.PROPOSALS):
        raise Forbidden()


@login_required
def review(request):
    _require_reader(request.user)
    qs = (
        Proposal.objects.visible_to(request.user)
        .filter(committee_id__in=active_committee_ids(request), state=ProposalState.SUBMITTED)
        .select_related(*LIST_RELATED)
    )
    return _rows_page(request, REVIEW, qs, "proposals/review.html")


@login_required
def all_proposals(request):
    user = request.user
    _require_reader(user)
    flt = ProposalFilter.from_params(request.GET)
    figure = request.GET.get("figure", "")
    base = _figure_records(request, figure) if figure else None  # a figure's records, narrowed by the filters
    qs = filter_proposals(user, flt, base=base, committee_ids=active_committee_ids(request))
    qs = qs.select_related(*LIST_RELATED)
    ids = active_committee_ids(request)
    context = {
        "filter": flt,
        "figure": figure,
        "figure_summary": _figure_summary(request, figure) if figure else None,
        "states": ProposalState.choices,
        "kinds": ProposerKind.choices,
        "ratings": Rating.choices,
        # every committee has its own row of the same category: each name once, as the filter takes it
        "categories": [
            (name, name)
            for name in dict.fromkeys(
                ProposalCategory.objects.filter(committee_id__in=ids).values_list("name", flat=True)
            )
        ],
        "sessions": [
            (s.pk, f"{s.committee.short_name} {s}")
            for s in Session.objects.filter(committee_id__in=ids).select_related("term", "committee")
        ],
    }
    context["parties"], context["sectors"] = _party_and_sector_names(ids)
    # a province has thousands of units: past a few hundred the filter searches them (a picker)
    context["units"], context["units_picker"] = filter_choices(active_units_of, sorted(ids), chosen=flt.unit)
    filters = {**flt.as_dict(), **({"figure": figure} if figure else {})}
    return _rows_page(request, ALL, qs, "proposals/list.html", context, filters=filters)


def _party_and_sector_names(ids) -> tuple[list[str], list[str]]:
    """The active parties' and sectors' names, each once — every committee has its own row of the
    same party and sector — in tree order, read in one statement."""

    def rows(model, source):
        return (
            model.objects.filter(committee_id__in=ids, is_active=True)
            .annotate(source=Value(source), at=F("committee__path"))
            .values_list("source", "at", "pk", "name")
            .order_by()  # the union is ordered, not its parts
        )

    names = {"party": {}, "sector": {}}
    for source, _at, _pk, name in rows(Party, "party").union(rows(Sector, "sector"), all=True).order_by("at", "pk"):
        names[source][name] = None
    return list(names["party"]), list(names["sector"])


def _figure_summary(request, key):
    """The figure the list was opened from, in words: its label, value, period and scope (the home
    page's card and this list count the same records)."""
    figure = registry.figures().get(key)
    if figure is None or not key.startswith("proposals."):
        return None
    ids = active_committee_ids(request)
    period = parse_period(request.GET.get("period", "term"))
    # the scope's committees in tree order are read once a request (the header's scope switcher)
    top = next((c for c in scope_committees(request.user) if c.id in ids), None)
    scope = "tree" if len(ids) > 1 else "self"
    return {
        "label": figure.label,
        "unit": figure.unit,
        "value": figure.compute(ids, period),
        "period": period_words(period),
        "scope": scope_words(scope, top) if top else "",
    }


def _figure_records(request, key):
    figure = registry.figures().get(key)
    if figure is None or not key.startswith("proposals."):
        return Proposal.objects.none()
    period = parse_period(request.GET.get("period", "term"))
    records = figure.records(active_committee_ids(request), period)
    if records.model is not Proposal:
        link = "assignment__proposal_id" if records.model is Evaluation else "proposal_id"
        records = Proposal.objects.filter(pk__in=records.values(link))
    return records.filter(pk__in=Proposal.objects.visible_to(request.user).values("pk")).order_by("-id")


def _assigned_on(a):
    return timezone.localtime(a.assigned_at).date()


INBOX = Listing(
    key="proposals.inbox",
    columns=(
        Column(_("案号"), "number", order=("proposal__number",), value=lambda a: a.proposal.number, width=26),
        Column(_("案由"), "title", order=("proposal__title",), value=lambda a: a.proposal.title, width=50),
        Column(_("办理方式"), "role", value=lambda a: choice_label(a, "role"), width=10),
        Column(_("承办单位"), "unit", order=("unit__name",), value=lambda a: str(a.unit), css="d-none d-md-table-cell"),
        Column(_("交办日期"), "assigned", order=("assigned_at",), value=_assigned_on, css="d-none d-lg-table-cell"),
        Column(_("期限"), "deadline", value=lambda a: a.deadline, width=12),
        Column(_("状态"), "state", value=lambda a: choice_label(a, "state"), width=10),
    ),
    default_sort="deadline",  # the most urgent first
    export_name=_("交办提案"),
)


@login_required
def inbox(request):
    """A unit's assignments (or, for the office, every assignment in scope), overdue first."""
    user = request.user
    if not (user.has_role(Role.UNIT) and user.unit_id) and not user.can_read_module(Permission.PROPOSALS):
        raise Forbidden()
    qs = Assignment.objects.visible_to(user)
    if user.has_role(Role.UNIT) and user.unit_id:
        qs = qs.filter(unit_id=user.unit_id)
    else:
        qs = qs.filter(committee_id__in=active_committee_ids(request))
    state = request.GET.get("state", "open")
    today = timezone.localdate()
    if state == "open":
        qs = qs.filter(state__in=[AssignmentState.PENDING, AssignmentState.SIGNED])
    elif state == "overdue":
        qs = qs.filter(state__in=[AssignmentState.PENDING, AssignmentState.SIGNED], deadline__lt=today)
    elif state in AssignmentState.values:
        qs = qs.filter(state=state)
    qs = qs.select_related("unit", "proposal__proposer", "proposal__committee", "reply_category")
    context = {"state": state, "states": AssignmentState.choices, "today": today}
    return _rows_page(request, INBOX, qs, "proposals/inbox.html", context, filters={"state": state})


@login_required
def dashboard(request):
    _require_reader(request.user)
    period = parse_period(request.GET.get("period", "term"))
    ids = active_committee_ids(request)
    shown = [
        f
        for key, f in registry.figures().items()
        if key.startswith("proposals.") and key not in proposal_figures.BREAKDOWN_KEYS
    ]
    rows = list(zip(shown, registry.compute_figures(shown, ids, period), strict=True))
    breakdowns = [
        (title, code, [(label, n, urlencode(query)) for label, n, query in items])
        for title, code, items in (
            (_("按类别"), "category", proposal_figures.by_category(ids, period)),
            (_("按提案类型"), "kind", proposal_figures.by_kind(ids, period)),
            (_("按党派团体（民主党派等提交提案）"), "party", proposal_figures.by_party(ids, period)),
        )
    ]
    context = {"rows": rows, "period": period, "breakdowns": breakdowns}
    return render(request, "proposals/dashboard.html", context)


def home_panel(request):
    """A member's drafts on the home page. What awaits a user (co-proposals to confirm, replies to rate,
    the review queue, overdue replies, assignments to sign) is counted by the to-do centre's panel from
    the kinds in lvzhi/proposals/todos.py, so each count is the rows its link opens."""
    user = request.user
    items = []
    if user.member_id and user.has_role(Role.MEMBER):
        mine_qs = Proposal.objects.owned_by(user.member_id)
        items.append((_("我的草稿"), mine_qs.filter(state=ProposalState.DRAFT).count(), reverse("proposals:mine")))
    if not items:
        return None
    return {"key": "proposals", "title": _("提案"), "template": "proposals/_home_panel.html", "items": items}
