"""The duty events of liaison work (see docs/adding-a-module.md, "Duty events"), derived from the
records: a member made a contact (a visit, a talk or a themed activity; dated by the day it was
held), a member accompanied a visit of the national or provincial committee (dated by its start)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lvzhi.core.registry import DutyFact, DutyProducer, fact_rows
from lvzhi.liaison.models import Engagement, HostedVisit


def _m2m(kind, model, field, date_field, title, url_name):
    """Events of `kind` from a members many-to-many: one per (record, member)."""
    through = getattr(model, field).through
    fk = model._meta.model_name

    def events(committee_ids=None, year=None, source_ids=None):
        qs = through.objects.all()
        if committee_ids is not None:
            qs = qs.filter(**{f"{fk}__committee_id__in": committee_ids})
        if source_ids is not None:
            qs = qs.filter(**{f"{fk}_id__in": source_ids})
        if year is not None:
            qs = qs.filter(**{f"{fk}__{date_field}__year": year})
        rows = qs.values_list("member_id", f"{fk}__committee_id", f"{fk}__{date_field}", f"{fk}_id")
        for member_id, committee_id, day, pk in rows.iterator(chunk_size=5000):
            yield DutyFact(member_id, committee_id, day, pk)

    def facts_query(committee_ids=None, year=None):
        qs = through.objects.all()
        if committee_ids is not None:
            qs = qs.filter(**{f"{fk}__committee_id__in": committee_ids})
        if year is not None:
            qs = qs.filter(**{f"{fk}__{date_field}__year": year})
        return fact_rows(
            qs,
            kind=kind,
            member="member_id",
            committee=f"{fk}__committee_id",
            date=f"{fk}__{date_field}",
            source=f"{fk}_id",
        )

    def affected(obj):
        return [obj.pk] if isinstance(obj, model) else None

    def describe(source_ids):
        rows = model.objects.filter(pk__in=source_ids).values_list("pk", title)
        return {pk: (text, reverse(url_name, args=[pk])) for pk, text in rows}

    return {"events": events, "affected": affected, "describe": describe, "facts_query": facts_query}


PRODUCERS = [
    DutyProducer(
        "liaison.contact",
        _("走访联系、谈心谈话代表人士和党外人士"),
        "liaison.Engagement",
        **_m2m("liaison.contact", Engagement, "members", "held_on", "title", "liaison:engagement_detail"),
        default_points=1,
    ),
    DutyProducer(
        "liaison.hosted_visit",
        _("陪同全国政协、省政协调研视察"),
        "liaison.HostedVisit",
        **_m2m("liaison.hosted_visit", HostedVisit, "members", "started_on", "topic", "liaison:hosted_detail"),
        default_points=1,
    ),
]
