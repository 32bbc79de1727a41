"""Reads that are more than a filter: the list filter shared by pages, export and API; the
information points table; the overdue-feedback to-do list; the links other modules' pages show
(a proposal's opinion report)."""

from collections import defaultdict

from django.db.models import Exists, OuterRef, Q, Value
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core import registry
from lvzhi.core.scope import committee_named
from lvzhi.opinions.choices import USED_STATES, OpinionState, SubmitterKind
from lvzhi.opinions.figures import received
from lvzhi.opinions.models import Adoption, Credit, Instruction, OpinionReport, Sending
from lvzhi.opinions.services import overdue_q, points_tables
from lvzhi.org.models import Committee

FILTERS = (
    "state",
    "year",
    "category",
    "submitter_kind",
    "party",
    "recipient",
    "instructed",
    "adopted",
    "committee",
    "q",
)


def _int(value):
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 12 else None


def filter_reports(qs, params, *, allowed_committees=None):
    """One filter for the list pages, their export and the API (same parameter names)."""
    state = params.get("state") or ""
    if state in OpinionState.values:
        qs = qs.filter(state=state)
    year = _int(params.get("year"))
    if year is not None:
        qs = qs.filter(submitted_at__year=year) if 1900 < year < 3000 else qs.none()
    category = (params.get("category") or "").strip()
    if category:
        qs = qs.filter(category=category)
    kind = params.get("submitter_kind") or ""
    if kind in SubmitterKind.values:
        qs = qs.filter(submitter_kind=kind)
    # a party or recipient by id, or by name: each committee keeps its own rows of the same party
    # (民盟 of the city and of each county), and the page's filter lists each name once
    party = (params.get("party") or "").strip()[:100]
    if party:
        by = {"party_id": int(party)} if party.isdigit() else {"party__name": party}
        qs = qs.filter(Exists(Credit.objects.filter(report=OuterRef("pk"), **by)))
    recipient = (params.get("recipient") or "").strip()[:100]
    if recipient:
        by = {"recipient_id": int(recipient)} if recipient.isdigit() else {"recipient__name": recipient}
        qs = qs.filter(Exists(Sending.objects.filter(report=OuterRef("pk"), **by)))
    for name, model in (("instructed", Instruction), ("adopted", Adoption)):
        flag = (params.get(name) or "").strip().lower()
        if flag in ("1", "true", "yes"):
            qs = qs.filter(Exists(model.objects.filter(report=OuterRef("pk"))))
        elif flag in ("0", "false", "no"):
            qs = qs.exclude(Exists(model.objects.filter(report=OuterRef("pk"))))
    committee = (params.get("committee") or "").strip()
    if committee:
        allowed = Committee.objects.values("pk") if allowed_committees is None else allowed_committees
        found = committee_named(committee, allowed)
        qs = qs.filter(committee=found) if found is not None else qs.none()
    q = (params.get("q") or "").strip()[:100]
    if q:
        qs = qs.filter(
            Q(title__icontains=q)
            | Q(content__icontains=q)
            | Q(suggestions__icontains=q)
            | Q(area__icontains=q)
            | Q(Exists(Credit.objects.filter(report=OuterRef("pk"), name__icontains=q)))
        )
    return qs


def with_lists(qs):
    """What a list row shows, in a constant number of queries."""
    return qs.select_related("committee", "issue").prefetch_related("credits")


def points_table(committee_ids, period):
    """Information points per submitter and per organisation, from each committee's table.

    For every credit on a report received in the period: the points for submitting it (not for
    a credit that came with a merged report, which was counted on its own report); and, on items
    (not merged reports), the points for its use, each instruction by level and each adoption by
    level."""
    credits = list(
        Credit.objects.filter(report__in=received(committee_ids, period).exclude(state=OpinionState.DRAFT))
        .select_related("report", "party")
        .order_by("id")
    )
    report_ids = {c.report_id for c in credits}
    instructed = defaultdict(list)
    for report_id, level in Instruction.objects.filter(report_id__in=report_ids).values_list("report_id", "level"):
        instructed[report_id].append(level)
    adopted = defaultdict(list)
    for report_id, level in Adoption.objects.filter(report_id__in=report_ids).values_list("report_id", "level"):
        adopted[report_id].append(level)
    tables = points_tables({c.committee_id for c in credits})
    people: dict[tuple, dict] = {}
    organisations: dict[int, dict] = {}

    def blank(name, kind):
        return {"name": name, "kind": kind, "submitted": 0, "used": 0, "instructed": 0, "adopted": 0, "points": 0}

    for credit in credits:
        table, report = tables[credit.committee_id], credit.report
        gained = blank(credit.name, credit.kind)
        if not credit.via_combine:
            gained["submitted"] = 1
            gained["points"] += table["submitted"]
        if report.state != OpinionState.COMBINED:
            if report.state in USED_STATES:
                gained["used"] = 1
                gained["points"] += table["used"]
            for level in instructed[report.pk]:
                gained["instructed"] += 1
                gained["points"] += table[f"instructed_{level}"]
            for level in adopted[report.pk]:
                gained["adopted"] += 1
                gained["points"] += table[f"adopted_{level}"]
        rows = [people.setdefault((credit.committee_id, credit.key), blank(credit.name, credit.get_kind_display()))]
        if credit.party_id:
            rows.append(organisations.setdefault(credit.party_id, blank(credit.party.name, _("参加单位"))))
        for row in rows:
            for field in ("submitted", "used", "instructed", "adopted", "points"):
                row[field] += gained[field]
    order = lambda row: (-row["points"], row["name"])  # noqa: E731
    return {"people": sorted(people.values(), key=order), "organisations": sorted(organisations.values(), key=order)}


def overdue(user, committee_ids_):
    return (
        OpinionReport.objects.visible_to(user).filter(committee_id__in=committee_ids_).filter(overdue_q(committee_ids_))
    )


def _reports_from_proposal(obj, user):
    """The opinion reports converted from `obj` when it is a proposal (转社情民意信息), as the
    proposal's page shows them: title and state to whoever sees the proposal, a link to those who may
    open the report."""
    if obj._meta.label != "proposals.Proposal":
        return None
    visible = OpinionReport.objects.visible_to(user)
    may_open = Value(False) if visible.query.is_empty() else Exists(visible.filter(pk=OuterRef("pk")))
    return OpinionReport.objects.filter(from_proposal_id=obj.pk).annotate(may_open=may_open).order_by("pk")


proposal_links = registry.LinkSource(
    "opinion-report", gettext_lazy("社情民意信息"), _reports_from_proposal, "opinions:detail"
)
