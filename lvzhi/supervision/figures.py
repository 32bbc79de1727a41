"""The figures of supervision and service to development. Each counts or sums records whose date
of the counted event (received, concluded, filed, signed, …) falls in the period; `records` is the
queryset behind the value, so every number opens to its list."""

import decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from lvzhi.core.registry import Figure
from lvzhi.org.choices import PartyKind
from lvzhi.org.models import Member, Membership
from lvzhi.supervision.choices import (
    REVIEW_ROLES,
    SUPERVISOR_ROLES,
    MediationResult,
    MediationState,
    ProblemState,
    ServiceKind,
    ServiceState,
    SupportKind,
)
from lvzhi.supervision.models import (
    DemoPoint,
    EnterpriseProblem,
    InvestmentProject,
    InvestmentVisit,
    LitigationClue,
    MediationCase,
    PartnerCommittee,
    ServiceItem,
    SupervisorPost,
    SupportItem,
    VisitEnterprise,
)

PERIODS = ("current", "cumulative", "term", "year", "since", "range")
SCOPES = ("self", "tree")


def dated(model, field, **extra):
    def records(committee_ids, period):
        return model.objects.in_committees(committee_ids).filter(period.q(field), **extra)

    return records


def active_cases(committee_ids, period):
    """Cases under mediation at some time in the period: received by its end, not closed before it."""
    qs = MediationCase.objects.in_committees(committee_ids).filter(received_on__lte=period.end)
    if period.start is not None:
        qs = qs.filter(Q(closed_on__isnull=True) | Q(closed_on__gte=period.start))
    return qs


def mediators(committee_ids, period):
    """Members who mediated a case in the period (each person once)."""
    through = MediationCase.mediators.through.objects.filter(mediationcase__in=active_cases(committee_ids, period))
    return Member.objects.filter(pk__in=through.values("member_id"))


def party_reviewers(committee_ids, period):
    """Members of democratic parties recommended to project reviews, trials, plan reviews and exam
    supervision (each person once)."""
    posts = dated(SupervisorPost, "recommended_on", role__in=REVIEW_ROLES)(committee_ids, period)
    democratic = Membership.objects.filter(committee_id__in=committee_ids, party__kind=PartyKind.DEMOCRATIC)
    return Member.objects.filter(pk__in=posts.values("member_id")).filter(pk__in=democratic.values("member_id"))


def visit_enterprises(committee_ids, period):
    return VisitEnterprise.objects.filter(period.q("visit__started_on"), committee_id__in=committee_ids).select_related(
        "visit"
    )


def distinct_enterprises(committee_ids, period):
    return visit_enterprises(committee_ids, period).values("name").distinct().count()


def total(records, field, *, scale=1):
    def value(committee_ids, period):
        amount = records(committee_ids, period).aggregate(n=Sum(field))["n"] or decimal.Decimal(0)
        amount = (decimal.Decimal(amount) / scale).quantize(decimal.Decimal("0.01"))
        return int(amount) if amount == amount.to_integral_value() else amount.normalize()

    return value


def figure(key, label, definition, unit, records, value=None, names=""):
    return Figure(
        f"supervision.{key}",
        label,
        definition,
        unit,
        records,
        scopes=SCOPES,
        periods=PERIODS,
        value=value,
        records_url="supervision:figures",
        names=names,
    )


projects = dated(InvestmentProject, "signed_on")
rural_funds = dated(SupportItem, "occurred_on", kind=SupportKind.RURAL_FUNDS)
civilised_points = dated(DemoPoint, "built_on")
matters_done = dated(ServiceItem, "done_on", kind=ServiceKind.MATTER, state=ServiceState.DONE)
service_problems = dated(ServiceItem, "done_on", kind=ServiceKind.PROBLEM, state=ServiceState.DONE)

FIGURES = [
    figure(
        "mediation_cases",
        _("诉前调解案件"),
        _("期间内受理的诉前调解案件件数。"),
        _("件"),
        dated(MediationCase, "received_on"),
    ),
    figure(
        "mediators",
        _("政协委员参与诉前调解"),
        _("期间内参与调解案件（期间内在调或结案）的委员人数，同一委员只计一次。"),
        _("名"),
        mediators,
    ),
    figure(
        "mediation_concluded",
        _("调结案件"),
        _("期间内调结（调解成功或调解不成）的案件件数，不含退回法院的。"),
        _("件"),
        dated(MediationCase, "closed_on", state=MediationState.CONCLUDED),
    ),
    figure(
        "mediation_successful",
        _("调解成功"),
        _("期间内调结且调解成功的案件件数。"),
        _("件"),
        dated(MediationCase, "closed_on", state=MediationState.CONCLUDED, result=MediationResult.SUCCESSFUL),
    ),
    figure(
        "clues",
        _("公益诉讼案件线索"),
        _("期间内从提案、社情民意信息等发现并登记的公益诉讼案件线索条数。"),
        _("条"),
        dated(LitigationClue, "recorded_on"),
    ),
    figure(
        "clues_filed",
        _("立案办理公益诉讼案件"),
        _("检察机关对线索立案、立案日期在期间内的件数。"),
        _("件"),
        dated(LitigationClue, "filed_on"),
    ),
    figure(
        "clue_suggestions",
        _("制发检察建议"),
        _("检察机关就线索制发检察建议、制发日期在期间内的件数。"),
        _("件"),
        dated(LitigationClue, "suggestion_on"),
    ),
    figure(
        "supervisor_posts",
        _("推荐委员担任特邀监督员、评议员"),
        _("期间内推荐委员担任特邀监督员、特邀评议员的人次。"),
        _("人次"),
        dated(SupervisorPost, "recommended_on", role__in=SUPERVISOR_ROLES),
    ),
    figure(
        "party_reviewers",
        _("推荐民主党派委员参与项目论证等"),
        _("期间内被推荐参与项目论证、案件庭审、规划评审、考试监督的民主党派委员人数，同一委员只计一次。"),
        _("名"),
        party_reviewers,
    ),
    figure(
        "investment_visits",
        _("招商考察"),
        _("期间内出发的招商考察批次。"),
        _("批次"),
        dated(InvestmentVisit, "started_on"),
        names="destination",
    ),
    figure(
        "visit_enterprises",
        _("对接产业链重点企业"),
        _("期间内招商考察对接的企业户数，同名企业只计一次。"),
        _("户"),
        visit_enterprises,
        value=distinct_enterprises,
    ),
    figure(
        "projects",
        _("签约引进项目"),
        _("期间内签约的招商引资项目个数。"),
        _("个"),
        projects,
    ),
    figure(
        "project_investment",
        _("签约项目总投资"),
        _("期间内签约项目的投资额之和（登记为万元，以亿元显示）。"),
        _("亿元"),
        projects,
        value=total(projects, "amount_wan", scale=10000),
    ),
    figure(
        "problems_solved",
        _("包抓联企业协调解决问题"),
        _("包抓联企业中企业反映、期间内协调解决的问题个数。"),
        _("个"),
        dated(EnterpriseProblem, "resolved_on", state=ProblemState.SOLVED),
    ),
    figure(
        "rural_funds",
        _("协调落实乡村振兴帮扶资金"),
        _("期间内登记的乡村振兴帮扶资金之和。"),
        _("万元"),
        rural_funds,
        value=total(rural_funds, "amount"),
    ),
    figure(
        "civilised_city_points",
        _("督导建成创城宣传示范点"),
        _("建成日期在期间内的创城宣传示范点处数（逐处登记：名称、地点、期间、督导委员）。"),
        _("处"),
        civilised_points,
    ),
    figure(
        "matters_done",
        _("帮办实事"),
        _("委员帮办实事、办结日期在期间内的件数（逐件登记：事项、服务对象、办理委员、日期）。"),
        _("件"),
        matters_done,
    ),
    figure(
        "service_problems",
        _("解决问题"),
        _(
            "委员在基层协商等活动中解决群众反映的问题、办结日期在期间内的件数（逐件登记：问题、地点、反映人、解决委员、日期）。"
        ),
        _("件"),
        service_problems,
    ),
    figure(
        "partner_committees",
        _("友好（联动）政协"),
        _("截至期末已建立友好政协或联动联谊机制的政协个数。"),
        _("个"),
        lambda committee_ids, period: PartnerCommittee.objects.in_committees(committee_ids).filter(
            agreement_on__lte=period.end
        ),
        names="partner",
    ),
]

# Which figure (key, committee, scope, period) gives each supervision figure of seed-figures.md.
SEED_FIGURES = {
    "W4": ("supervision.mediators", "620600", "tree", "since:2024-01-01", 124),
    "W5": ("supervision.mediation_concluded", "620600", "tree", "since:2024-01-01", 35),
    "W6": ("supervision.mediation_successful", "620600", "tree", "since:2024-01-01", 27),
    "W7": ("supervision.clues", "620600", "tree", "term", 78),
    "W8": ("supervision.clues_filed", "620600", "tree", "term", 69),
    "W9": ("supervision.clue_suggestions", "620600", "tree", "term", 57),
    "W11": ("supervision.projects", "620600", "tree", "term", 23),
    "W12": ("supervision.project_investment", "620600", "tree", "term", decimal.Decimal("91.69")),
    "W13": ("supervision.problems_solved", "620600", "self", "term", 23),
    "P6": ("supervision.rural_funds", "620800", "self", "term", decimal.Decimal("263.8")),
    "P7": ("supervision.civilised_city_points", "620800", "self", "term", 16),
    "W17": ("supervision.matters_done", "620600", "tree", "term", 397),
    "W19": ("supervision.service_problems", "620600", "tree", "cumulative", 19_038),
    "P15": ("supervision.matters_done", "620800", "tree", "term", 765),
    "P8": ("supervision.investment_visits", "620800", "self", "term", 21),
    "P9": ("supervision.visit_enterprises", "620800", "self", "term", 94),
    "P10": ("supervision.projects", "620800", "self", "term", 22),
    "P19": ("supervision.supervisor_posts", "620800", "self", "term", 102),
    "P25": ("supervision.party_reviewers", "620800", "self", "term", 29),
}
