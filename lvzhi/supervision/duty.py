"""The duty events of supervision and development (see docs/adding-a-module.md, "Duty events"),
derived from the records: a member mediated a case (dated by its receipt), contributed a litigation
clue (dated when it was found), was recommended as a special supervisor or reviewer or to a review
(dated by the recommendation), joined an investment visit (dated by its departure), did a practical
matter or solved a problem for people (dated when it was done; open ones are not yet events),
supervised a demonstration point (dated when it was built)."""

from django.utils.translation import gettext_lazy as _

from lvzhi.core.registry import DutyFact, DutyProducer, Titles, fact_rows, member_facts
from lvzhi.supervision.choices import PostRole, ServiceState
from lvzhi.supervision.models import (
    DemoPoint,
    InvestmentVisit,
    LitigationClue,
    MediationCase,
    ServiceItem,
    SupervisorPost,
)


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


def _role(role) -> str:
    return PostRole(role).label if role in PostRole.values else role or ""


def _named(model, *fields, present) -> Titles:
    """How the duty record names a record by several of its fields, unlinked — the registers' pages
    are the office's and leaders' (a member following the link from their own record would be
    refused). A record named by one field: `member_facts(..., title=field)`, unlinked likewise."""
    return Titles(model, fields, lambda pk, *values: (present(*values), None))


_mediated = member_facts("supervision.mediated", MediationCase, "mediators", "received_on")
_clues = member_facts("supervision.clue", LitigationClue, "contributors", "recorded_on", title="title")
_visits = member_facts("supervision.investment_visit", InvestmentVisit, "delegation", "started_on", title="destination")
_served = member_facts("supervision.service", ServiceItem, "members", "done_on", title="title", state=ServiceState.DONE)
_points = member_facts("supervision.demo_point", DemoPoint, "supervisors", "built_on", title="name")


PRODUCERS = [
    DutyProducer(
        "supervision.mediated",
        _("参与诉前调解"),
        "supervision.MediationCase",
        **_mediated,
        describe=_named(MediationCase, "court", "case_number", present=lambda court, number: f"{court} {number}"),
        default_points=2,
    ),
    DutyProducer(
        "supervision.clue",
        _("提供公益诉讼线索"),
        "supervision.LitigationClue",
        **_clues,
        default_points=2,
    ),
    DutyProducer(
        "supervision.special_supervisor",
        _("担任特邀监督员、评议员或参与评审"),
        "supervision.SupervisorPost",
        _posts,
        _post_affected,
        default_points=1,
        facts_query=_post_facts,
        describe=_named(SupervisorPost, "body", "role", present=lambda body, role: f"{body}（{_role(role)}）"),
    ),
    DutyProducer(
        "supervision.investment_visit",
        _("参加招商考察"),
        "supervision.InvestmentVisit",
        **_visits,
        default_points=1,
    ),
    DutyProducer(
        "supervision.service",
        _("帮办实事、解决群众问题（办结）"),
        "supervision.ServiceItem",
        **_served,
        default_points=1,
    ),
    DutyProducer(
        "supervision.demo_point",
        _("督导建成创城宣传示范点"),
        "supervision.DemoPoint",
        **_points,
        default_points=1,
    ),
]
