"""The figures of meetings and activities. Each is a count or a sum over records that took place
(finished activities) whose start falls in the period (`Period.q`, local days); `records` is the
queryset behind it."""

from django.db.models import Exists, OuterRef, Sum
from django.utils.translation import gettext_lazy as _

from lvzhi.activities.choices import ActivityKind, ActivityState, AttendanceState, OutcomeKind, OutcomeState
from lvzhi.activities.models import Activity, Attendance, Outcome, Speech, Suggestion
from lvzhi.core.registry import Figure
from lvzhi.org.choices import PartyKind
from lvzhi.org.models import Membership

PERIODS = ("current", "cumulative", "term", "year", "since", "range")
SCOPES = ("self", "tree")
# 民主党派、人民团体、无党派人士 (and 工商联): the parties and organisations other than the CPC.
NON_CPC_KINDS = (PartyKind.DEMOCRATIC, PartyKind.NON_PARTY, PartyKind.FEDERATION, PartyKind.ORGANISATION)
# "参加政协各类会议活动": every meeting and activity the committee holds, training included. The
# studio and grassroots activities are the members' own work in their studios and communities
# (they hold them rather than attend them) and are counted by figures of their own (P27, P13).
MEETING_KINDS = [k for k in ActivityKind.values if k not in (ActivityKind.STUDIO, ActivityKind.GRASSROOTS)]
STUDIO_SERVICE = ["送医", "送教", "送文化", "法律咨询", "联系界别群众"]


def held(committee_ids, period):
    return Activity.objects.filter(
        period.q("start", is_datetime=True), committee_id__in=committee_ids, state=ActivityState.FINISHED
    )


def activities(kind=None, subkinds=None, **extra):
    def records(committee_ids, period):
        qs = held(committee_ids, period)
        if kind:
            qs = qs.filter(kind=kind)
        if subkinds:
            qs = qs.filter(subkind__in=subkinds)
        return qs.filter(**extra)

    return records


def total(records, field):
    def value(committee_ids, period):
        return records(committee_ids, period).aggregate(n=Sum(field))["n"] or 0

    return value


def outcomes(kind=None, activity_kind=None, subkinds=None):
    def records(committee_ids, period):
        qs = Outcome.objects.filter(
            period.q("activity__start", is_datetime=True),
            committee_id__in=committee_ids,
            activity__state=ActivityState.FINISHED,
        ).exclude(state=OutcomeState.DRAFT)
        if kind:
            qs = qs.filter(kind=kind)
        if activity_kind:
            qs = qs.filter(activity__kind=activity_kind)
        if subkinds:
            qs = qs.filter(activity__subkind__in=subkinds)
        return qs

    return records


def suggestions(activity_kind=None, subkinds=None, **extra):
    """The suggestions, one row each, of the sent outcomes of finished activities in the period."""

    def records(committee_ids, period):
        qs = Suggestion.objects.filter(
            period.q("outcome__activity__start", is_datetime=True),
            committee_id__in=committee_ids,
            outcome__activity__state=ActivityState.FINISHED,
            **extra,
        ).exclude(outcome__state=OutcomeState.DRAFT)
        if activity_kind:
            qs = qs.filter(outcome__activity__kind=activity_kind)
        if subkinds:
            qs = qs.filter(outcome__activity__subkind__in=subkinds)
        return qs

    return records


def _party_of_member(model_field="member", kinds=NON_CPC_KINDS):
    return Exists(
        Membership.objects.filter(member=OuterRef(model_field), committee=OuterRef("committee"), party__kind__in=kinds)
    )


def attendance(kinds=None):
    def records(committee_ids, period):
        qs = Attendance.objects.filter(
            period.q("activity__start", is_datetime=True),
            committee_id__in=committee_ids,
            state=AttendanceState.PRESENT,
            activity__state=ActivityState.FINISHED,
        )
        return qs.filter(activity__kind__in=kinds) if kinds else qs

    return records


def party_attendance(committee_ids, period):
    return attendance(MEETING_KINDS)(committee_ids, period).filter(_party_of_member())


def speeches(committee_ids, period):
    return Speech.objects.filter(
        period.q("activity__start", is_datetime=True),
        committee_id__in=committee_ids,
        activity__state=ActivityState.FINISHED,
    )


def party_speeches(committee_ids, period):
    return speeches(committee_ids, period).filter(_party_of_member())


def training_with_partner(committee_ids, period):
    return activities(ActivityKind.TRAINING)(committee_ids, period).exclude(partner="")


def partner_count(committee_ids, period):
    return training_with_partner(committee_ids, period).values("partner").distinct().count()


def with_positive(field):
    return activities(**{f"{field}__gt": 0})


def figure(key, label, definition, unit, records, value=None, url="activities:figures", amount="", names=""):
    return Figure(
        f"activities.{key}",
        label,
        definition,
        unit,
        records,
        scopes=SCOPES,
        periods=PERIODS,
        value=value,
        records_url=url,
        amount=amount,
        names=names,
    )


FIGURES = [
    figure("all", _("会议活动"), _("期间内已举办的各类会议活动场次。"), _("次"), activities()),
    figure(
        "study_topical",
        _("专题学习"),
        _("学习活动中子类为“专题学习”的场次（如党的二十大、二十届三中全会专题学习）。"),
        _("次"),
        activities(ActivityKind.STUDY, ["专题学习"]),
    ),
    figure(
        "study_seminars",
        _("专题学习研讨"),
        _("学习活动中子类为“研讨”的场次（如主题教育、党纪学习教育专题学习研讨）。"),
        _("次"),
        activities(ActivityKind.STUDY, ["研讨"]),
    ),
    figure(
        "study_group",
        _("党组理论学习中心组学习会议"),
        _("学习活动中子类为“党组理论学习中心组”的场次。"),
        _("次"),
        activities(ActivityKind.STUDY, ["党组理论学习中心组"]),
    ),
    figure(
        "study_first_topic",
        _("常委会会议、主席会议组织专题学习"),
        _("学习活动中子类为“第一议题”的场次：常委会会议、主席会议开头组织的专题学习。"),
        _("次"),
        activities(ActivityKind.STUDY, ["第一议题"]),
    ),
    figure(
        "consultations",
        _("常委会协商、界别协商和双月协商"),
        _("协商活动中子类为常委会、界别、双月的场次。"),
        _("次"),
        activities(ActivityKind.CONSULTATION, ["常委会", "界别", "双月"]),
        names="topic",
    ),
    figure(
        "consultation_suggestions",
        _("协商提出对策建议"),
        _("常委会协商、界别协商、双月协商形成的成果（已报送）中逐条登记的建议条数。"),
        _("条"),
        suggestions(activity_kind=ActivityKind.CONSULTATION, subkinds=["常委会", "界别", "双月"]),
    ),
    figure(
        "research_suggestions",
        _("调研协商提出意见建议"),
        _("调研活动（视察调研中子类为“调研”）形成的成果（已报送）中逐条登记的建议条数。"),
        _("条"),
        suggestions(activity_kind=ActivityKind.INSPECTION, subkinds=["调研"]),
    ),
    figure(
        "suggestions",
        _("成果建议条数"),
        _("各类活动成果（已报送）中逐条登记的建议条数。"),
        _("条"),
        suggestions(),
    ),
    figure(
        "suggestions_adopted",
        _("建议被采纳"),
        _("各类活动成果（已报送）中已登记采纳的建议条数（按活动日期计入期间）。"),
        _("条"),
        suggestions(adopted=True),
    ),
    figure(
        "outcomes",
        _("协商成果"),
        _("类别为“协商成果”且已报送的活动成果篇数。"),
        _("篇"),
        outcomes(kind=OutcomeKind.CONSULTATION),
    ),
    figure(
        "supervisory_inspections",
        _("监督性调研视察活动"),
        _("视察调研中子类为“监督性视察”的场次。"),
        _("次"),
        activities(ActivityKind.INSPECTION, ["监督性视察"]),
        names="topic",
    ),
    figure(
        "grassroots",
        _("基层协商议事活动"),
        _("委员开展的基层协商（协商议事）场次。"),
        _("场次"),
        activities(ActivityKind.GRASSROOTS),
    ),
    figure("briefings", _("宣讲政策"), _("政策宣讲场次。"), _("场次"), activities(ActivityKind.BRIEFING)),
    figure(
        "people_reached",
        _("联系界别群众"),
        _("各类活动登记的联系群众人次之和（逐场登记；一场超过 5,000 人次须确认，明细列出每场人次）。"),
        _("人次"),
        with_positive("people_reached"),
        value=total(activities(), "people_reached"),
        amount="people_reached",
    ),
    figure(
        "studio",
        _("委员学习交流活动"),
        _("委员工作室（站）开展的各类活动场次。"),
        _("次"),
        activities(ActivityKind.STUDIO),
    ),
    figure(
        "studio_service",
        _("联系服务界别群众活动"),
        _("委员工作室开展的送医、送教、送文化、法律咨询、联系界别群众活动场次。"),
        _("次"),
        activities(ActivityKind.STUDIO, STUDIO_SERVICE),
    ),
    figure("trainings", _("委员培训班"), _("举办的委员培训班期数。"), _("期"), activities(ActivityKind.TRAINING)),
    figure(
        "training_partners",
        _("联合办班的高校"),
        _("与委员会联合举办培训班的院校（机构）个数，同名只计一次。"),
        _("所"),
        training_with_partner,
        value=partner_count,
        names="partner",
    ),
    figure(
        "training_attendance",
        _("培训委员"),
        _("委员参加培训班并签到的人次，含应邀参加的驻地上级政协委员。"),
        _("人次"),
        attendance([ActivityKind.TRAINING]),
    ),
    figure(
        "party_attendance",
        _("民主党派、人民团体、无党派人士参加会议活动"),
        _(
            "民主党派、工商联、人民团体、无党派人士委员出席委员会举办的各类会议活动（含培训；"
            "委员在工作室和基层开展的活动另行统计）的人次；只计本委员会委员，驻地的上级政协委员不计入。"
        ),
        _("人次"),
        party_attendance,
    ),
    figure(
        "attendance",
        _("出席人次"),
        _("委员出席各类会议活动并签到的人次，含应邀参加的驻地上级政协委员。"),
        _("人次"),
        attendance(),
    ),
    figure("speeches", _("会议发言"), _("各类会议活动上的发言篇数（书面和口头）。"), _("篇"), speeches),
    figure(
        "party_speeches",
        _("民主党派等会议发言"),
        _("民主党派、工商联、人民团体、无党派人士委员在会议活动上的发言篇数。"),
        _("篇"),
        party_speeches,
    ),
    figure(
        "reading_events",
        _("书画作品展和读书分享会"),
        _("读书活动中子类为“书画展”“读书分享”的场次。"),
        _("次"),
        activities(ActivityKind.READING, ["书画展", "读书分享"]),
    ),
    figure(
        "reading_exchanges",
        _("主席荐书、读书心得交流等活动"),
        _("读书活动中子类为“荐书”“读书心得交流”的场次。"),
        _("场次"),
        activities(ActivityKind.READING, ["荐书", "读书心得交流"]),
    ),
]

# Which figure (key, scope, period) gives each activities figure of seed-figures.md.
SEED_FIGURES = {
    "W3": ("activities.outcomes", "620600", "self", "term"),
    "W16": ("activities.studio_service", "620600", "tree", "term"),
    "W18": ("activities.grassroots", "620600", "tree", "cumulative"),
    "W20": ("activities.training_partners", "620600", "self", "term"),
    "P2": ("activities.study_topical", "620800", "self", "term"),
    "P3": ("activities.study_seminars", "620800", "self", "term"),
    "P4": ("activities.study_group", "620800", "self", "term"),
    "P5": ("activities.study_first_topic", "620800", "self", "term"),
    "P11": ("activities.consultations", "620800", "self", "term"),
    "P12": ("activities.consultation_suggestions", "620800", "self", "term"),
    "P13": ("activities.grassroots", "620800", "tree", "term"),
    "P14": ("activities.briefings", "620800", "tree", "term"),
    "P16": ("activities.supervisory_inspections", "620800", "self", "term"),
    "P20": ("activities.research_suggestions", "620800", "self", "term"),
    "P22": ("activities.party_attendance", "620800", "self", "term"),
    "P24": ("activities.party_speeches", "620800", "self", "term"),
    "P27": ("activities.studio", "620800", "tree", "term"),
    "P28": ("activities.people_reached", "620800", "tree", "term"),
    "P29": ("activities.trainings", "620800", "self", "term"),
    "P30": ("activities.training_attendance", "620800", "self", "term"),
    "P31": ("activities.reading_events", "620800", "self", "term"),
    "P32": ("activities.reading_exchanges", "620800", "self", "term"),
}
