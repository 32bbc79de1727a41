"""The duty events of the learning corner (see docs/adding-a-module.md, "Duty events"):

- `learning.required_studied`: a member marked a required material studied, dated by the marking
  (source: the `StudyRecord`). A material withdrawn afterwards no longer counts.
- `learning.reflection`: a member submitted a reflection (学习心得) on a material, dated by the
  submission (source: the `Reflection`); a withdrawn material's reflections no longer count.

Both are credited in the committee where the member sits (a county member studying the city's
material counts in the county)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lvzhi.core.registry import DutyFact, DutyProducer, Titles, fact_rows, local_date
from lvzhi.learning.choices import MaterialState, ReflectionState
from lvzhi.learning.models import Reflection, StudyMaterial, StudyRecord

CHUNK = 2000


def _narrow(qs, committee_ids, year, source_ids, date_field):
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    if source_ids is not None:
        qs = qs.filter(pk__in=source_ids)
    if year is not None:
        qs = qs.filter(**{f"{date_field}__year": year})
    return qs


def _studied(committee_ids=None, year=None, source_ids=None):
    qs = StudyRecord.objects.filter(material__required=True, material__state=MaterialState.PUBLISHED)
    qs = _narrow(qs, committee_ids, year, source_ids, "studied_at")
    for member_id, committee_id, at, pk in qs.values_list("member_id", "committee_id", "studied_at", "pk").iterator(
        chunk_size=CHUNK
    ):
        yield DutyFact(member_id, committee_id, timezone.localdate(at), pk)


def _reflections(committee_ids=None, year=None, source_ids=None):
    qs = Reflection.objects.filter(state=ReflectionState.SUBMITTED, material__state=MaterialState.PUBLISHED)
    qs = _narrow(qs, committee_ids, year, source_ids, "submitted_at")
    for member_id, committee_id, at, pk in qs.values_list("member_id", "committee_id", "submitted_at", "pk").iterator(
        chunk_size=CHUNK
    ):
        yield DutyFact(member_id, committee_id, timezone.localdate(at), pk)


def _studied_facts(committee_ids=None, year=None):
    qs = StudyRecord.objects.filter(material__required=True, material__state=MaterialState.PUBLISHED)
    qs = _narrow(qs, committee_ids, year, None, "studied_at")
    return fact_rows(
        qs,
        kind="learning.required_studied",
        member="member_id",
        committee="committee_id",
        date=local_date("studied_at"),
        source="pk",
    )


def _reflection_facts(committee_ids=None, year=None):
    qs = Reflection.objects.filter(state=ReflectionState.SUBMITTED, material__state=MaterialState.PUBLISHED)
    qs = _narrow(qs, committee_ids, year, None, "submitted_at")
    return fact_rows(
        qs,
        kind="learning.reflection",
        member="member_id",
        committee="committee_id",
        date=local_date("submitted_at"),
        source="pk",
    )


def _affected(model):
    def affected(obj):
        if isinstance(obj, model):
            return [obj.pk]
        if isinstance(obj, StudyMaterial):  # published, withdrawn, made required or not
            return list(model.objects.filter(material=obj).values_list("pk", flat=True))
        return None

    return affected


def _describe(model):
    return Titles(
        model,
        ("material_id", "material__title"),
        lambda pk, material, title: (title, reverse("learning:detail", args=[material])),
    )


PRODUCERS = [
    DutyProducer(
        kind="learning.required_studied",
        label=_("完成必学资料学习"),
        source="learning.StudyRecord",
        events=_studied,
        affected=_affected(StudyRecord),
        default_points=1,
        default_cap=20,
        describe=_describe(StudyRecord),
        facts_query=_studied_facts,
    ),
    DutyProducer(
        kind="learning.reflection",
        label=_("提交学习心得"),
        source="learning.Reflection",
        events=_reflections,
        affected=_affected(Reflection),
        default_points=2,
        default_cap=20,
        describe=_describe(Reflection),
        facts_query=_reflection_facts,
    ),
]
