"""The figures of social-conditions and public-opinion reports. Each is a count over records whose
date falls in the period (receipt, publication, sending, instruction, adoption, feedback);
`records` is the queryset behind it."""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from lvzhi.core.registry import Figure
from lvzhi.opinions.choices import (
    LOCAL_LEVELS,
    USED_STATES,
    AdoptionLevel,
    InstructionLevel,
    OpinionState,
    RecipientLevel,
    SubmitterKind,
)
from lvzhi.opinions.models import Adoption, Credit, Instruction, OpinionIssue, OpinionReport, Sending
from lvzhi.org.choices import PartyKind

PERIODS = ("current", "cumulative", "term", "year", "since", "range")
SCOPES = ("self", "tree")
# 民主党派、人民团体、无党派人士 (and 工商联): the parties and organisations other than the CPC.
NON_CPC_KINDS = (PartyKind.DEMOCRATIC, PartyKind.NON_PARTY, PartyKind.FEDERATION, PartyKind.ORGANISATION)


def reports(committee_ids):
    return OpinionReport.objects.filter(committee_id__in=committee_ids)


def received(committee_ids, period):
    return reports(committee_ids).filter(period.q("submitted_at", is_datetime=True))


def received_from(kind):
    def records(committee_ids, period):
        return received(committee_ids, period).filter(submitter_kind=kind)

    return records


def used(committee_ids, period):
    """Reports the office used: published in an issue, or merged into an item that was."""
    inside = period.q("published_at", is_datetime=True)
    merged = period.q("combined_into__published_at", is_datetime=True)
    return reports(committee_ids).filter(
        (Q(state__in=USED_STATES) & inside)
        | (Q(state=OpinionState.COMBINED, combined_into__state__in=USED_STATES) & merged)
    )


def rejected(committee_ids, period):
    return reports(committee_ids).filter(period.q("rejected_at", is_datetime=True), state=OpinionState.REJECTED)


def published(committee_ids, period):
    return reports(committee_ids).filter(period.q("published_at", is_datetime=True), state__in=USED_STATES)


def issues(committee_ids, period):
    return OpinionIssue.objects.filter(period.q("issued_on"), committee_id__in=committee_ids)


def sent(levels=None):
    """Reports sent in the period (each once, however many recipients)."""

    def records(committee_ids, period):
        sendings = Sending.objects.filter(period.q("sent_on"), report=OuterRef("pk"))
        if levels:
            sendings = sendings.filter(recipient__level__in=levels)
        return reports(committee_ids).filter(Exists(sendings))

    return records


def instructions(level=None):
    def records(committee_ids, period):
        qs = Instruction.objects.filter(period.q("given_on"), committee_id__in=committee_ids)
        return qs.filter(level=level) if level else qs

    return records


def adoptions(level=None):
    def records(committee_ids, period):
        qs = Adoption.objects.filter(period.q("adopted_on"), committee_id__in=committee_ids)
        return qs.filter(level=level) if level else qs

    return records


def closed(committee_ids, period):
    return reports(committee_ids).filter(
        period.q("closed_at", is_datetime=True), state=OpinionState.CLOSED, submitted_at__isnull=False
    )


def average_days_to_feedback(committee_ids, period):
    spans = [
        (c - s).total_seconds() / 86400
        for s, c in closed(committee_ids, period).values_list("submitted_at", "closed_at")
    ]
    return round(sum(spans) / len(spans), 1) if spans else 0


def party_reports(committee_ids, period):
    """P24's share: reports received from the democratic parties, non-party people, 工商联 and
    people's organisations — the organisations themselves or their members."""
    credited = Credit.objects.filter(report=OuterRef("pk"), party__kind__in=NON_CPC_KINDS)
    return received(committee_ids, period).filter(Exists(credited))


def figure(key, label, definition, unit, records, value=None, kind=""):
    return Figure(
        key,
        label,
        definition,
        unit,
        records,
        scopes=SCOPES,
        periods=PERIODS,
        value=value,
        records_url="opinions:figures",
        kind=kind,
    )


def _fill(message, **values):
    """`message % values`, evaluated when shown, so that the figures (built at import) follow the
    reader's language."""
    return lazy(lambda: str(message) % {k: str(v) for k, v in values.items()}, str)()


FIGURES = [
    figure(
        "opinions.received", _("收到信息"), _("期间内提交（含下级政协上报）的社情民意信息条数。"), _("条"), received
    ),
    *[
        figure(
            f"opinions.received.{kind}",
            _fill(_("收到信息：%(k)s"), k=label),
            _fill(_("期间内由%(k)s报送的信息条数。"), k=label),
            _("条"),
            received_from(kind),
        )
        for kind, label in SubmitterKind.choices
    ],
    figure("opinions.used", _("采用信息"), _("期间内编发采用的信息条数（含并入编发条目的信息）。"), _("条"), used),
    figure("opinions.rejected", _("不采用信息"), _("期间内决定不采用的信息条数。"), _("条"), rejected),
    figure("opinions.published", _("编发条目"), _("期间内编入《社情民意》各期的条目数。"), _("条"), published),
    figure("opinions.issues", _("编发期数"), _("期间内编发的《社情民意》及专报期数。"), _("期"), issues),
    figure("opinions.sent", _("报送信息"), _("期间内报送（任一报送对象）的信息条数，每条计一次。"), _("条"), sent()),
    figure(
        "opinions.sent_local",
        _("向党委、政府及相关部门报送"),
        _("期间内报送本级党委（市委）、政府及相关部门的信息条数，每条计一次。"),
        _("条"),
        sent(LOCAL_LEVELS),
    ),
    *[
        figure(
            f"opinions.sent.{level}",
            _fill(_("报送%(l)s"), l=label),
            _fill(_("期间内报送层级为“%(l)s”的对象的信息条数。"), l=label),
            _("条"),
            sent([level]),
        )
        for level, label in RecipientLevel.choices
    ],
    figure("opinions.instructions", _("获领导批示"), _("期间内登记的领导批示件次。"), _("件次"), instructions()),
    *[
        figure(
            f"opinions.instructions.{level}",
            _fill(_("%(l)s批示"), l=label),
            _fill(_("期间内%(l)s的批示件次。"), l=label),
            _("件次"),
            instructions(level),
        )
        for level, label in InstructionLevel.choices
    ],
    figure("opinions.adoptions", _("被上级采用"), _("期间内被上级政协采用的件次。"), _("件次"), adoptions()),
    *[
        figure(
            f"opinions.adoptions.{level}",
            _fill(_("被%(l)s采用"), l=label),
            _fill(_("期间内被%(l)s采用的件次。"), l=label),
            _("件次"),
            adoptions(level),
        )
        for level, label in AdoptionLevel.choices
    ],
    figure(
        "opinions.feedback_days",
        _("平均反馈天数"),
        _("期间内反馈办结的信息，从提交到反馈的平均天数。"),
        _("天"),
        closed,
        value=average_days_to_feedback,
        kind="average",
    ),
    figure(
        "opinions.party_reports",
        _("民主党派、人民团体、无党派人士报送信息"),
        _("期间内收到的、由民主党派、工商联、人民团体、无党派人士（单位或其成员）报送的信息条数。"),
        _("条"),
        party_reports,
    ),
]

# The figures of seed-figures.md: seed → (figure, committee code, scope, period).
SEED_FIGURES = {
    "W14": ("opinions.sent_local", "620600", "self", "year:2024"),
    "P21": ("opinions.sent", "620800", "self", "term"),
    "P24": ("opinions.party_reports", "620800", "self", "term"),
}


def breakdown(committee_ids, period):
    """Received, used and rejected by submitter kind and by party (organisations and the parties
    of credited members)."""
    base = received(committee_ids, period)
    by_kind = {
        row["submitter_kind"]: row
        for row in base.values("submitter_kind").annotate(
            n=Count("pk"),
            used=Count("pk", filter=Q(state__in=USED_STATES) | Q(combined_into__state__in=USED_STATES)),
            rejected=Count("pk", filter=Q(state=OpinionState.REJECTED)),
        )
    }
    kinds = [
        {"label": label, "n": by_kind.get(kind, {}).get("n", 0), "used": by_kind.get(kind, {}).get("used", 0),
         "rejected": by_kind.get(kind, {}).get("rejected", 0)}
        for kind, label in SubmitterKind.choices
    ]  # fmt: skip
    parties = list(
        Credit.objects.filter(report__in=base, party__isnull=False, via_combine=False)
        .values("party__name", "party__kind")
        .annotate(
            n=Count("report", distinct=True),
            used=Count(
                "report",
                distinct=True,
                filter=Q(report__state__in=USED_STATES) | Q(report__combined_into__state__in=USED_STATES),
            ),
            rejected=Count("report", distinct=True, filter=Q(report__state=OpinionState.REJECTED)),
        )
        .order_by("-n", "party__name")
    )
    return {"kinds": kinds, "parties": parties}
