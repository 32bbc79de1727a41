"""The duty events of 文史 work (see docs/adding-a-module.md, "Duty events"):

- `wenshi.adopted`: a member's manuscript was adopted (the member author, dated the day adopted);
- `wenshi.clue`: a member's clue was adopted (the contributor, dated the day adopted);
- `wenshi.reviewed`: a member who reviews for the office (a 文史 expert with a member's account)
  took the first or the second review of a manuscript that was adopted, dated the day it was adopted.
"""

from django.db.models import Case, CharField, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lvzhi.core.registry import DutyFact, DutyProducer, Titles, fact_rows
from lvzhi.wenshi.choices import ManuscriptKind, ManuscriptState
from lvzhi.wenshi.models import Manuscript

CHUNK = 2000


def _adopted(kind):
    def events(committee_ids=None, year=None, source_ids=None):
        qs = Manuscript.objects.filter(kind=kind, state=ManuscriptState.ADOPTED, member__isnull=False)
        if committee_ids is not None:
            qs = qs.filter(committee_id__in=committee_ids)
        if year is not None:
            qs = qs.filter(decided_on__year=year)
        if source_ids is not None:
            qs = qs.filter(pk__in=source_ids)
        rows = qs.order_by("pk").values_list("member_id", "committee_id", "decided_on", "pk")
        for member_id, committee_id, day, pk in rows.iterator(chunk_size=CHUNK):
            yield DutyFact(member_id, committee_id, day, pk)

    return events


def _reviewed(committee_ids=None, year=None, source_ids=None):
    qs = Manuscript.objects.filter(state=ManuscriptState.ADOPTED)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    if year is not None:
        qs = qs.filter(decided_on__year=year)
    if source_ids is not None:
        qs = qs.filter(pk__in=source_ids)
    qs = qs.filter(Q(first_reviewer__member__isnull=False) | Q(second_reviewer__member__isnull=False))
    rows = qs.order_by("pk").values_list(
        "pk", "committee_id", "decided_on", "first_reviewer__member_id", "second_reviewer__member_id"
    )
    for pk, committee_id, day, first, second in rows.iterator(chunk_size=CHUNK):
        for member_id in {m for m in (first, second) if m}:
            yield DutyFact(member_id, committee_id, day, pk)


def _adopted_facts(committee_ids=None, year=None):
    """Adopted manuscripts and clues in one query."""
    qs = Manuscript.objects.filter(kind__in=ADOPTED_KINDS, state=ManuscriptState.ADOPTED, member__isnull=False)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    if year is not None:
        qs = qs.filter(decided_on__year=year)
    kind = Case(*[When(kind=k, then=Value(code)) for k, code in ADOPTED_KINDS.items()], output_field=CharField())
    return fact_rows(qs, kind=kind, member="member_id", committee="committee_id", date="decided_on", source="pk")


def _reviewed_facts(committee_ids=None, year=None):
    """The first reviewers and the second reviewers, one row for a member who took both (UNION)."""
    qs = Manuscript.objects.filter(state=ManuscriptState.ADOPTED)
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    if year is not None:
        qs = qs.filter(decided_on__year=year)
    first, second = (
        fact_rows(
            qs.filter(**{f"{which}__member__isnull": False}),
            kind="wenshi.reviewed",
            member=f"{which}__member_id",
            committee="committee_id",
            date="decided_on",
            source="pk",
        )
        for which in ("first_reviewer", "second_reviewer")
    )
    return first.union(second)


def _affected(obj):
    return [obj.pk] if isinstance(obj, Manuscript) else None


_describe = Titles(Manuscript, ("title",), lambda pk, title: (title, reverse("wenshi:manuscript_detail", args=[pk])))


ADOPTED_KINDS = {ManuscriptKind.MANUSCRIPT: "wenshi.adopted", ManuscriptKind.CLUE: "wenshi.clue"}

PRODUCERS = [
    DutyProducer(
        kind="wenshi.adopted",
        label=_("文史稿件被采用"),
        source="wenshi.Manuscript",
        events=_adopted(ManuscriptKind.MANUSCRIPT),
        affected=_affected,
        default_points=3,
        describe=_describe,
        facts_query=_adopted_facts,
    ),
    DutyProducer(
        kind="wenshi.clue",
        label=_("提供文史线索被采用"),
        source="wenshi.Manuscript",
        events=_adopted(ManuscriptKind.CLUE),
        affected=_affected,
        default_points=1,
        default_cap=5,
        describe=_describe,
        facts_query=_adopted_facts,
    ),
    DutyProducer(
        kind="wenshi.reviewed",
        label=_("参与文史稿件审稿"),
        source="wenshi.Manuscript",
        events=_reviewed,
        affected=_affected,
        default_points=1,
        default_cap=10,
        describe=_describe,
        facts_query=_reviewed_facts,
    ),
]
