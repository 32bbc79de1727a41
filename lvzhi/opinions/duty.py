"""The duty events of social-conditions and public-opinion reports (see docs/adding-a-module.md,
"Duty events"), for the submitters credited with a report who are members (organisations,
information officers and lower committees are not members):

- `opinions.submitted`: a report submitted, dated by its submission. It counts while it is
  submitted, whatever the office then decided (accepted, rejected, merged into another item,
  published …); a report returned for revision is a draft again and counts once resubmitted.
  Not for credits that came with a merged report (that report counts on its own).
- `opinions.used`: an item the office used (编发采用: published in an issue, then sent or fed
  back), for every submitter credited on it (merged reports' submitters included), dated by
  its publication.
- `opinions.instructed.<level>`: one per leader's instruction (批示) on the item, by level,
  dated by the instruction (source: the `Instruction`).
- `opinions.adopted.<level>`: one per adoption (采用) by a higher committee, by level, dated by
  the adoption (source: the `Adoption`; a county item taken into the city's bulletin is adopted
  on the county's report).

The same facts as the information points table (`selectors.points_table`)."""

from django.db.models import CharField, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lvzhi.core.registry import DutyFact, DutyProducer, Titles, fact_rows, local_date
from lvzhi.opinions.choices import USED_STATES, AdoptionLevel, InstructionLevel, OpinionState
from lvzhi.opinions.models import Adoption, Credit, Instruction, OpinionReport

REPORT = "opinions.OpinionReport"
CHUNK = 2000


def _member_credits(committee_ids, source_ids):
    qs = Credit.objects.filter(member__isnull=False)
    if committee_ids is not None:
        qs = qs.filter(report__committee_id__in=committee_ids)
    if source_ids is not None:
        qs = qs.filter(report_id__in=source_ids)
    return qs


def _submitted_credits(committee_ids, source_ids):
    return (
        _member_credits(committee_ids, source_ids)
        .filter(via_combine=False, report__submitted_at__isnull=False)
        .exclude(report__state=OpinionState.DRAFT)
    )


def _used_credits(committee_ids, source_ids):
    return _member_credits(committee_ids, source_ids).filter(
        report__state__in=USED_STATES, report__published_at__isnull=False
    )


def _submitted(committee_ids=None, year=None, source_ids=None):
    qs = _submitted_credits(committee_ids, source_ids)
    rows = qs.values_list("member_id", "report__committee_id", "report__submitted_at", "report_id")
    for member_id, committee_id, at, pk in rows.iterator(chunk_size=CHUNK):
        yield DutyFact(member_id, committee_id, timezone.localdate(at), pk)


def _used(committee_ids=None, year=None, source_ids=None):
    qs = _used_credits(committee_ids, source_ids)
    rows = qs.values_list("member_id", "report__committee_id", "report__published_at", "report_id")
    for member_id, committee_id, at, pk in rows.iterator(chunk_size=CHUNK):
        yield DutyFact(member_id, committee_id, timezone.localdate(at), pk)


def _submitted_facts(committee_ids=None, year=None):
    return fact_rows(
        _submitted_credits(committee_ids, None),
        kind="opinions.submitted",
        member="member_id",
        committee="report__committee_id",
        date=local_date("report__submitted_at"),
        source="report_id",
    )


def _used_facts(committee_ids=None, year=None):
    return fact_rows(
        _used_credits(committee_ids, None),
        kind="opinions.used",
        member="member_id",
        committee="report__committee_id",
        date=local_date("report__published_at"),
        source="report_id",
    )


def _report_affected(obj):
    """A report (its state, submission or publication changed) or one of its credits."""
    if isinstance(obj, OpinionReport):
        return [obj.pk]
    if isinstance(obj, Credit):
        return [obj.report_id]
    return None


def _all_levels(model, prefix, levels, date_field):
    """The facts of every level of instructions or adoptions in one query (a producer's
    `facts_query`, shared by the levels' producers): one per (row, member credited on its report),
    the kind `prefix` + the row's level."""

    def facts_query(committee_ids=None, year=None):
        # one filter: the credits' join is the one the member column reads
        rows = model.objects.filter(level__in=levels, report__credits__member__isnull=False)
        if committee_ids is not None:
            rows = rows.filter(committee_id__in=committee_ids)
        if year is not None:
            rows = rows.filter(**{f"{date_field}__year": year})
        return fact_rows(
            rows,
            kind=Concat(Value(prefix), "level", output_field=CharField()),
            member="report__credits__member_id",
            committee="committee_id",
            date=date_field,
            source="pk",
        )

    return facts_query


def _per_row(model, level, date_field):
    """Events of one level from instructions or adoptions: one per (row, member credited on its
    report)."""

    def events(committee_ids=None, year=None, source_ids=None):
        rows = model.objects.filter(level=level)
        if committee_ids is not None:
            rows = rows.filter(committee_id__in=committee_ids)
        if source_ids is not None:
            rows = rows.filter(pk__in=source_ids)
        if year is not None:
            rows = rows.filter(**{f"{date_field}__year": year})
        found = {}  # report id -> [(row id, committee id, date)]
        for pk, report_id, committee_id, day in rows.values_list("pk", "report_id", "committee_id", date_field):
            found.setdefault(report_id, []).append((pk, committee_id, day))
        report_ids = sorted(found)
        for i in range(0, len(report_ids), CHUNK):
            credits = Credit.objects.filter(member__isnull=False, report_id__in=report_ids[i : i + CHUNK])
            for report_id, member_id in credits.values_list("report_id", "member_id").order_by("report_id", "id"):
                for pk, committee_id, day in found[report_id]:
                    yield DutyFact(member_id, committee_id, day, pk)

    def affected(obj):
        if isinstance(obj, model):
            return [obj.pk]
        report_id = obj.pk if isinstance(obj, OpinionReport) else obj.report_id if isinstance(obj, Credit) else None
        if report_id is None:
            return None
        return list(model.objects.filter(report_id=report_id).values_list("pk", flat=True))

    return events, affected


_describe_reports = Titles(OpinionReport, ("title",), lambda pk, title: (title, reverse("opinions:detail", args=[pk])))
_describe_instructions = Titles(
    Instruction,
    ("report_id", "report__title", "leader"),
    lambda pk, report, title, leader: (
        gettext("%(t)s（%(l)s批示）") % {"t": title, "l": leader},
        reverse("opinions:detail", args=[report]),
    ),
)
_describe_adoptions = Titles(
    Adoption,
    ("report_id", "report__title", "body"),
    lambda pk, report, title, body: (
        gettext("%(t)s（%(b)s采用）") % {"t": title, "b": body},
        reverse("opinions:detail", args=[report]),
    ),
)


INSTRUCTED = {  # level: (label, default points)
    InstructionLevel.NATIONAL: (_("社情民意信息获中央领导批示"), 10),
    InstructionLevel.PROVINCIAL: (_("社情民意信息获省级领导批示"), 8),
    InstructionLevel.CITY: (_("社情民意信息获市级领导批示"), 5),
    InstructionLevel.COUNTY: (_("社情民意信息获县级领导批示"), 3),
}
ADOPTED = {
    AdoptionLevel.NATIONAL: (_("社情民意信息被全国政协采用"), 10),
    AdoptionLevel.PROVINCIAL: (_("社情民意信息被省政协采用"), 6),
    AdoptionLevel.CITY: (_("社情民意信息被市政协采用"), 4),
}

_instruction_facts = _all_levels(Instruction, "opinions.instructed.", list(INSTRUCTED), "given_on")
_adoption_facts = _all_levels(Adoption, "opinions.adopted.", list(ADOPTED), "adopted_on")

PRODUCERS = [
    DutyProducer(
        "opinions.submitted",
        _("报送社情民意信息"),
        REPORT,
        _submitted,
        _report_affected,
        default_points=2,
        default_cap=20,
        describe=_describe_reports,
        facts_query=_submitted_facts,
    ),
    DutyProducer(
        "opinions.used",
        _("社情民意信息被编发采用"),
        REPORT,
        _used,
        _report_affected,
        default_points=3,
        describe=_describe_reports,
        facts_query=_used_facts,
    ),
    *[
        DutyProducer(
            f"opinions.instructed.{level.value}",
            label,
            "opinions.Instruction",
            *_per_row(Instruction, level, "given_on"),
            default_points=points,
            describe=_describe_instructions,
            facts_query=_instruction_facts,
        )
        for level, (label, points) in INSTRUCTED.items()
    ],
    *[
        DutyProducer(
            f"opinions.adopted.{level.value}",
            label,
            "opinions.Adoption",
            *_per_row(Adoption, level, "adopted_on"),
            default_points=points,
            describe=_describe_adoptions,
            facts_query=_adoption_facts,
        )
        for level, (label, points) in ADOPTED.items()
    ],
]
