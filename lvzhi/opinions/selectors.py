"""Reads that are more than a filter: the list filter shared by pages, export and API; the
information points table; the overdue-feedback to-do list; the links other modules' pages show
(a proposal's opinion report); a report's later life (sendings, instructions, adoptions, handlings)."""

from collections import defaultdict

from django.db import DEFAULT_DB_ALIAS
from django.db.models import CharField, DateField, Exists, F, IntegerField, OuterRef, Q, TextField, Value
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core import registry
from lvzhi.core.cleaning import id_or_name
from lvzhi.core.scope import committee_named
from lvzhi.opinions.choices import USED_STATES, OpinionState, SubmitterKind
from lvzhi.opinions.figures import received
from lvzhi.opinions.models import Adoption, Credit, Handling, Instruction, OpinionReport, Recipient, Sending
from lvzhi.opinions.services import overdue_q, points_tables
from lvzhi.org.models import Committee, Unit

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
    return int(text) if text.isascii() and text.isdigit() and len(text) < 12 else None


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
        by = id_or_name("party", party)
        qs = qs.filter(Exists(Credit.objects.filter(report=OuterRef("pk"), **by)))
    recipient = (params.get("recipient") or "").strip()[:100]
    if recipient:
        by = id_or_name("recipient", recipient)
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


# A report's later life, one UNION ALL of its four kinds of records in a shape they share: per kind,
# (model, list name, field of each column: date, level, three texts, the record it names — None: empty).
LIFE = {
    "sendings": (Sending, ("sent_on", "recipient__level", "recipient__name", None, None, "recipient_id")),
    "instructions": (Instruction, ("given_on", "level", "leader", "position", "text", None)),
    "adoptions": (Adoption, ("adopted_on", "level", "body", "reference", None, None)),
    "handlings": (Handling, ("handled_on", None, "unit_name", None, "result", "unit_id")),
}
LIFE_COLUMNS = (
    ("life_on", DateField()),
    ("life_level", CharField()),
    ("life_a", CharField()),
    ("life_b", CharField()),
    ("life_c", TextField()),
    ("life_ref", IntegerField()),
)


def lives(reports) -> dict[int, dict[str, list]]:
    """The sendings (with their recipients), instructions, adoptions and handlings of each report, each
    kind in its model's order (date, id): {report id: {"sendings": [...], ...}}. One statement for all
    the reports (a report and its copy forwarded upward); the records hold the fields the page shows."""
    ids = [r.pk for r in reports if r is not None and r.pk]
    found = {pk: {name: [] for name in LIFE} for pk in ids}
    if not ids:
        return found
    parts = []
    for n, (model, fields) in enumerate(LIFE.values()):
        columns = {
            name: F(field) if field else Value(None if name == "life_ref" else "", output_field=output)
            for (name, output), field in zip(LIFE_COLUMNS, fields, strict=True)
        }
        parts.append(
            model.objects.filter(report_id__in=ids)
            .order_by()
            .annotate(life_kind=Value(n), **columns)
            .values_list("life_kind", "report_id", "pk", *columns)
        )
    rows = parts[0].union(*parts[1:], all=True).order_by("life_kind", "life_on", "pk")
    names = list(LIFE)
    for kind, report_id, pk, on, level, a, b, c, ref in rows:
        name = names[kind]
        found[report_id][name].append(_life_record(name, pk, report_id, on, level, a, b, c, ref))
    return found


def _life_record(name, pk, report_id, on, level, a, b, c, ref):
    if name == "sendings":
        sending = _loaded(Sending, id=pk, report_id=report_id, recipient_id=ref, sent_on=on)
        sending.recipient = _loaded(Recipient, id=ref, name=a, level=level)
        return sending
    if name == "instructions":
        return _loaded(Instruction, id=pk, report_id=report_id, given_on=on, level=level, leader=a, position=b, text=c)
    if name == "adoptions":
        return _loaded(Adoption, id=pk, report_id=report_id, adopted_on=on, level=level, body=a, reference=b)
    return _loaded(Handling, id=pk, report_id=report_id, handled_on=on, unit_name=a, result=c, unit_id=ref)


def _loaded(model, **values):
    """An instance of `model` with these field values, its other fields deferred (as `.only()` reads)."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(DEFAULT_DB_ALIAS, names, [values[name] for name in names])


def recipients_and_units(committee_id, *, recipients=True, units=True) -> tuple[list, list]:
    """The committee's active recipients (the sending form's choices: id, name, level) and units (the
    handling form's: id, name), each in its list's order: one query for both."""
    parts = []
    if recipients:
        parts.append(Recipient.objects.filter(committee_id=committee_id, is_active=True).annotate(which=Value(0)))
    if units:
        parts.append(
            Unit.objects.filter(committee_id=committee_id, is_active=True).annotate(which=Value(1), level=Value(""))
        )
    found: tuple[list, list] = ([], [])
    if not parts:
        return found
    parts = [qs.order_by().values_list("which", "sort", "id", "name", "level") for qs in parts]
    for which, _sort, pk, name, level in parts[0].union(*parts[1:], all=True).order_by("which", "sort", "id"):
        if which == 0:
            found[0].append(_loaded(Recipient, id=pk, name=name, level=level))
        else:
            found[1].append(_loaded(Unit, id=pk, name=name))
    return found
