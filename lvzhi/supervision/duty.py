"""The duty events of supervision and development (see docs/adding-a-module.md, "Duty events"),
derived from the records: a member mediated a case (dated by its receipt), contributed a litigation
clue (dated when it was found), was recommended as a special supervisor or reviewer or to a review
(dated by the recommendation), joined an investment visit (dated by its departure), did a practical
matter or solved a problem for people (dated when it was done; open ones are not yet events),
supervised a demonstration point (dated when it was built)."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core.registry import DutyFact, DutyProducer, fact_rows
from lvzhi.supervision.choices import ServiceState
from lvzhi.supervision.models import (
    DemoPoint,
    InvestmentVisit,
    LitigationClue,
    MediationCase,
    ServiceItem,
    SupervisorPost,
)


def _m2m(kind, model, field, date_field, **only):
    """Events of `kind` from a members many-to-many: one per (record, member) (of the records `only`
    selects), as a producer's `events`, `affected` and `facts_query`."""
    through = getattr(model, field).through
    fk = model._meta.model_name

    def events(committee_ids=None, year=None, source_ids=None):
        qs = through.objects.filter(**{f"{fk}__{k}": v for k, v in only.items()})
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
        qs = through.objects.filter(**{f"{fk}__{k}": v for k, v in only.items()})
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

    return {"events": events, "affected": affected, "facts_query": facts_query}


def _posts(committee_ids=None, year=None, source_ids=None):
    qs = SupervisorPost.objects.all()
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    if source_ids is not None:
        qs = qs.filter(pk__in=source_ids)
    if year is not None:
        qs = qs.filter(recommended_on__year=year)
    for member_id, committee_id, day, pk in qs.values_list("member_id", "committee_id", "recommended_on", "pk"):
        yield DutyFact(member_id, committee_id, day, pk)


def _post_facts(committee_ids=None, year=None):
    qs = SupervisorPost.objects.all()
    if committee_ids is not None:
        qs = qs.filter(committee_id__in=committee_ids)
    if year is not None:
        qs = qs.filter(recommended_on__year=year)
    return fact_rows(
        qs,
        kind="supervision.special_supervisor",
        member="member_id",
        committee="committee_id",
        date="recommended_on",
        source="pk",
    )


def _post_affected(obj):
    return [obj.pk] if isinstance(obj, SupervisorPost) else None


_mediated = _m2m("supervision.mediated", MediationCase, "mediators", "received_on")
_clues = _m2m("supervision.clue", LitigationClue, "contributors", "recorded_on")
_visits = _m2m("supervision.investment_visit", InvestmentVisit, "delegation", "started_on")
_served = _m2m("supervision.service", ServiceItem, "members", "done_on", state=ServiceState.DONE)
_points = _m2m("supervision.demo_point", DemoPoint, "supervisors", "built_on")

PRODUCERS = [
    DutyProducer("supervision.mediated", _("参与诉前调解"), "supervision.MediationCase", **_mediated, default_points=2),
    DutyProducer("supervision.clue", _("提供公益诉讼线索"), "supervision.LitigationClue", **_clues, default_points=2),
    DutyProducer(
        "supervision.special_supervisor",
        _("担任特邀监督员、评议员或参与评审"),
        "supervision.SupervisorPost",
        _posts,
        _post_affected,
        default_points=1,
        facts_query=_post_facts,
    ),
    DutyProducer(
        "supervision.investment_visit", _("参加招商考察"), "supervision.InvestmentVisit", **_visits, default_points=1
    ),
    DutyProducer(
        "supervision.service",
        _("帮办实事、解决群众问题（办结）"),
        "supervision.ServiceItem",
        **_served,
        default_points=1,
    ),
    DutyProducer(
        "supervision.demo_point", _("督导建成创城宣传示范点"), "supervision.DemoPoint", **_points, default_points=1
    ),
]
