"""Demo liaison records of 武威 and 平凉 from the start of the current term to today (bulk inserts,
deterministic draws): the people each city keeps in touch with (党外 members by their sector and
party, and some people outside the committee), which member of the chairs' meeting contacts whom,
the visits, talks and themed activities (talks before each spring plenary and at mid-year, visits
through the year, the themed activity each autumn), the visits of the national and provincial
committees with topics of each city, and the 请示报告 to the city's Party committee with their
replies (the last ones still awaiting, one of them past its reply period, one still a draft).

The schedule is drawn up to the end of 2026 and cut at today, so a later load keeps the earlier
rows. State changes are written as the workflow writes them (a transition per step, dated by the
event); the duty ledger is rebuilt by its own loader, which runs after this one."""

import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from lvzhi.core import audit
from lvzhi.core.models import Transition
from lvzhi.core.numerals import chinese
from lvzhi.liaison.choices import (
    ContactGroup,
    EngagementKind,
    HostBody,
    HostedKind,
    PartyReportKind,
    PartyReportState,
    ReplyOutcome,
)
from lvzhi.liaison.models import Assignment, Contact, Engagement, HostedVisit, PartyReport
from lvzhi.liaison.services import LEADER_ROLES
from lvzhi.org.choices import MembershipStatus, PartyKind
from lvzhi.org.models import Committee, Membership

HORIZON = datetime.date(2026, 12, 31)
G = ContactGroup

OUTSIDE = {
    "620600": [
        ("马", "武威市伊斯兰教协会副会长", G.ETHNIC_RELIGIOUS),
        ("释", "武威市佛教协会会长（海藏寺住持）", G.ETHNIC_RELIGIOUS),
        ("张", "武威市基督教两会主席", G.ETHNIC_RELIGIOUS),
        ("李", "甘肃某葡萄酒业有限公司董事长", G.PRIVATE_ECONOMY),
        ("王", "凉州区某日光温室合作社理事长", G.PRIVATE_ECONOMY),
        ("赵", "武威某律师事务所主任", G.NEW_STRATA),
        ("刘", "武威市网络作家协会主席", G.NEW_STRATA),
        ("陈", "甘肃农业大学（武威校区）退休教授", G.INTELLECTUAL),
        ("杨", "武威市人民医院原副院长、无党派人士", G.REPRESENTATIVE),
        ("孙", "民勤县治沙站原站长、全国劳动模范", G.REPRESENTATIVE),
    ],
    "620800": [
        ("马", "平凉市伊斯兰教协会会长", G.ETHNIC_RELIGIOUS),
        ("丁", "崆峒山道教协会副会长", G.ETHNIC_RELIGIOUS),
        ("周", "平凉市天主教爱国会主任", G.ETHNIC_RELIGIOUS),
        ("韩", "静宁县某苹果产业有限公司董事长", G.PRIVATE_ECONOMY),
        ("冯", "平凉红牛养殖专业合作社理事长", G.PRIVATE_ECONOMY),
        ("吴", "平凉某会计师事务所所长", G.NEW_STRATA),
        ("郭", "平凉市自由职业者联谊会会长", G.NEW_STRATA),
        ("何", "陇东学院（平凉）教授", G.INTELLECTUAL),
        ("高", "平凉市第二人民医院原院长、无党派人士", G.REPRESENTATIVE),
        ("罗", "庄浪县梯田建设老模范", G.REPRESENTATIVE),
    ],
}
GIVEN = "建国志强永红玉兰文斌海涛丽萍国庆晓东秀英德明"

THEMED = {
    "620600": ("“看新貌话成就聚合力促发展”主题活动", ["凉州区", "天祝藏族自治县", "古浪县八步沙林场", "民勤县"]),
    "620800": ("“同心共筑中国梦·民族团结一家亲”主题活动", ["崆峒区", "华亭市", "泾川县", "静宁县"]),
}
TALK_TOPICS = [
    "政协全会前听取意见建议",
    "年中谈心谈话，了解履职和思想情况",
    "就年度协商计划征求意见",
]
VISIT_TOPICS = [
    "走访联系，了解企业生产经营情况",
    "走访慰问，听取对政协工作的意见",
    "走访联系，了解宗教活动场所规范管理情况",
    "走访联系，了解界别群众所思所盼",
]

HOSTED = {
    "620600": [
        (
            HostBody.NATIONAL,
            "全国政协人口资源环境委员会",
            "全国政协常委、人口资源环境委员会副主任",
            HostedKind.RESEARCH,
            "祁连山生态保护和修复",
            "天祝藏族自治县、凉州区西营河流域",
        ),
        (
            HostBody.PROVINCIAL,
            "甘肃省政协农业和农村委员会",
            "省政协副主席",
            HostedKind.INSPECTION,
            "戈壁农业和日光温室产业发展",
            "凉州区清源镇、民勤县",
        ),
        (
            HostBody.PROVINCIAL,
            "甘肃省政协人口资源环境委员会",
            "省政协副主席",
            HostedKind.SUPERVISION,
            "石羊河流域综合治理",
            "民勤县红崖山水库、青土湖",
        ),
        (
            HostBody.NATIONAL,
            "全国政协农业和农村委员会",
            "全国政协农业和农村委员会副主任",
            HostedKind.RESEARCH,
            "防沙治沙和“三北”工程攻坚战",
            "古浪县八步沙林场、民勤县",
        ),
        (
            HostBody.PROVINCIAL,
            "甘肃省政协文化文史和学习委员会",
            "省政协秘书长",
            HostedKind.RESEARCH,
            "凉州文化保护传承和文旅融合",
            "雷台汉墓、武威文庙、天梯山石窟",
        ),
        (
            HostBody.PROVINCIAL,
            "甘肃省政协经济委员会",
            "省政协副主席",
            HostedKind.INSPECTION,
            "新能源产业链和营商环境",
            "凉州区、民勤县光伏产业园",
        ),
    ],
    "620800": [
        (
            HostBody.NATIONAL,
            "全国政协文化文史和学习委员会",
            "全国政协文化文史和学习委员会副主任",
            HostedKind.RESEARCH,
            "崆峒文化保护传承和文旅融合发展",
            "崆峒山、泾川县王母宫",
        ),
        (
            HostBody.PROVINCIAL,
            "甘肃省政协农业和农村委员会",
            "省政协副主席",
            HostedKind.INSPECTION,
            "静宁苹果产业链建设",
            "静宁县、庄浪县",
        ),
        (
            HostBody.PROVINCIAL,
            "甘肃省政协人口资源环境委员会",
            "省政协副主席",
            HostedKind.SUPERVISION,
            "泾河流域生态保护和高质量发展",
            "泾川县、崆峒区",
        ),
        (
            HostBody.NATIONAL,
            "全国政协农业和农村委员会",
            "全国政协常委",
            HostedKind.RESEARCH,
            "平凉红牛产业和乡村振兴",
            "崆峒区、灵台县、崇信县",
        ),
        (
            HostBody.PROVINCIAL,
            "甘肃省政协经济委员会",
            "省政协秘书长",
            HostedKind.INSPECTION,
            "煤电化工产业转型升级",
            "华亭市、崇信县",
        ),
        (
            HostBody.PROVINCIAL,
            "甘肃省政协教科卫体委员会",
            "省政协副主席",
            HostedKind.RESEARCH,
            "县域医疗共同体建设",
            "庄浪县、静宁县",
        ),
    ],
}
SUPPORT = [
    "调研报告报送全国政协，相关建议纳入专题协商成果",
    "争取将有关项目列入省级重点支持项目库",
    "省政协领导就相关问题与省直部门协调，争取专项资金支持",
    "调研组建议在政策和资金方面给予倾斜，相关建议已转省直有关部门",
]

REPORTS = [
    (PartyReportKind.REQUEST, "关于召开政协{city}第五届委员会第{n}次会议的请示", "市委"),
    (PartyReportKind.REQUEST, "关于{year}年度协商工作计划的请示", "市委"),
    (PartyReportKind.REPORT, "关于政协{city}{year}年上半年工作情况的报告", "市委"),
    (PartyReportKind.REQUEST, "关于开展{year}年度专题视察调研的请示", "市委"),
    (PartyReportKind.REPORT, "关于全国政协、省政协来{short}调研视察情况的报告", "市委"),
    (PartyReportKind.REPORT, "关于政协{city}党组{year}年度落实全面从严治党主体责任情况的报告", "市委"),
    (PartyReportKind.REQUEST, "关于召开常委会议专题协商{topic}的请示", "市委"),
    (PartyReportKind.REPORT, "关于政协{city}{year}年工作情况的报告", "市委"),
]
COUNCIL_TOPICS = ["营商环境优化", "文旅融合发展", "生态保护修复", "乡村振兴", "特色产业发展", "城市更新"]
REPLIES = [
    (ReplyOutcome.APPROVED, "经市委常委会议研究，同意。请按程序做好相关工作。"),
    (ReplyOutcome.APPROVED_IN_PRINCIPLE, "原则同意，请结合市委有关要求进一步完善方案后组织实施。"),
    (ReplyOutcome.NOTED, "已阅，市委主要领导作出批示，请有关部门研究吸纳。"),
]


def _today():
    return min(timezone.localdate(), HORIZON)


def _group_of(seat) -> str | None:
    """The group a 党外 member is kept in touch as, by their sector and party; None for CPC members."""
    kind = seat.party.kind if seat.party_id else ""
    if kind == PartyKind.CPC:
        return None
    sector = seat.sector.name if seat.sector_id else ""
    if "宗教" in sector or "少数民族" in sector:
        return G.ETHNIC_RELIGIOUS
    if "工商联" in sector or "经济" in sector:
        return G.PRIVATE_ECONOMY
    if kind == PartyKind.NON_PARTY:
        return G.REPRESENTATIVE
    if kind == PartyKind.DEMOCRATIC or any(w in sector for w in ("教育", "科技", "医药", "社会科学", "文化")):
        return G.INTELLECTUAL
    if not kind or kind == PartyKind.OTHER:
        return G.NEW_STRATA
    return None


class _Steps:
    def __init__(self):
        self.rows = []

    def add(self, obj, action, source, target, day, note=""):
        moment = datetime.datetime.combine(day, datetime.time(16), tzinfo=timezone.get_default_timezone())
        self.rows.append(
            Transition(
                content_type=ContentType.objects.get_for_model(type(obj)),
                object_id=obj.pk,
                committee_id=obj.committee_id,
                action=action,
                from_state=source,
                to_state=target,
                at=moment,
                note=note,
            )
        )

    def save(self):
        field = Transition._meta.get_field("at")
        saved, field.auto_now_add = field.auto_now_add, False
        try:
            Transition.objects.bulk_create(self.rows, batch_size=1000)
        finally:
            field.auto_now_add = saved


def _city(committee: Committee, rng: random.Random, today: datetime.date, steps: _Steps) -> dict:
    term = committee.current_term(on=today)
    if term is None:
        return {}
    start = term.start_date
    seats = list(
        Membership.objects.filter(committee=committee, term=term, status=MembershipStatus.ACTIVE)
        .select_related("member", "sector", "party")
        .order_by("id")
    )
    leaders = [s.member for s in seats if s.role in LEADER_ROLES]
    pool = [s.member_id for s in seats]
    if not leaders or not pool:
        return {}

    # Contacts: 党外 members by sector and party, capped per group, and people outside the committee.
    contacts, per_group = [], {}
    for seat in seats:
        group = _group_of(seat)
        if group is None or seat.role in LEADER_ROLES or per_group.get(group, 0) >= 8:
            continue
        per_group[group] = per_group.get(group, 0) + 1
        member = seat.member
        contacts.append(
            Contact(
                committee=committee,
                member=member,
                name=member.name,
                group=group,
                affiliation=" ".join(p for p in (member.workplace, member.title) if p)[:200],
                listed_on=start,
            )
        )
    for n, (surname, affiliation, group) in enumerate(OUTSIDE.get(committee.code, [])):
        name = surname + GIVEN[(2 * n) % len(GIVEN)] + GIVEN[(2 * n + 1) % len(GIVEN)]
        listed = start + datetime.timedelta(days=30 + 40 * n)
        contacts.append(Contact(committee=committee, name=name, group=group, affiliation=affiliation, listed_on=listed))
    Contact.objects.bulk_create(contacts)

    # Assignments: each contact to one leader, round the chairs' meeting; two change hands mid-term.
    assignments = []
    for n, contact in enumerate(contacts):
        leader = leaders[n % len(leaders)]
        begin = max(start + datetime.timedelta(days=45), contact.listed_on)
        if n % 17 == 5 and len(leaders) > 1:
            change = datetime.date(2024, 3, 1)
            assignments.append(
                Assignment(
                    committee=committee,
                    leader=leader,
                    contact=contact,
                    started_on=begin,
                    ended_on=change - datetime.timedelta(days=1),
                    note="因分工调整变更联系领导",
                )
            )
            leader, begin = leaders[(n + 1) % len(leaders)], change
        assignments.append(Assignment(committee=committee, leader=leader, contact=contact, started_on=begin))
    Assignment.objects.bulk_create(assignments)

    # Engagements through each year: talks before the spring plenary and at mid-year, visits spread
    # over the year (most assignments met at least once, a few missed), a themed activity each autumn.
    engagements, member_links, contact_links = [], [], []

    def engage(kind, title, day, place, members, reached, summary=""):
        if day > today:
            return
        engagements.append(
            Engagement(committee=committee, kind=kind, title=title, held_on=day, place=place, summary=summary)
        )
        member_links.append(members)
        contact_links.append(reached)

    for year in range(start.year, HORIZON.year + 1):
        in_force = [
            a
            for a in assignments
            if a.started_on <= datetime.date(year, 12, 31) and (a.ended_on is None or a.ended_on.year >= year)
        ]
        for a in in_force:
            lo = max(a.started_on, datetime.date(year, 1, 1))
            hi = min(a.ended_on or datetime.date(year, 12, 20), datetime.date(year, 12, 20))
            if hi < lo or rng.random() < 0.12:  # not met this year
                continue
            day = lo + datetime.timedelta(days=rng.randint(0, (hi - lo).days))
            kind = EngagementKind.TALK if rng.random() < 0.4 else EngagementKind.VISIT
            topic = rng.choice(TALK_TOPICS if kind == EngagementKind.TALK else VISIT_TOPICS)
            title = f"{a.leader.name}{'与' if kind == EngagementKind.TALK else '走访'}{a.contact.name}：{topic}"
            engage(kind, title[:200], day, a.contact.affiliation[:100], [a.leader.pk], [a.contact])
        # group talk before the plenary session (January) with the 党外 members
        members = [c for c in contacts if c.member_id]
        talk_day = datetime.date(year, 1, 3) + datetime.timedelta(days=rng.randint(0, 4))
        if talk_day >= start:
            engage(
                EngagementKind.TALK,
                f"{year}年全会前党外委员集体谈心谈话会",
                talk_day,
                "市政协机关会议室",
                [leaders[0].pk],
                rng.sample(members, min(8, len(members))),
                "听取党外委员对常委会工作报告、提案工作报告的意见建议。",
            )
        title, places = THEMED.get(committee.code, ("联谊主题活动", [committee.short_name]))
        themed_day = datetime.date(year, 9, 10) + datetime.timedelta(days=rng.randint(0, 20))
        religious = [c for c in contacts if c.group == G.ETHNIC_RELIGIOUS]
        guides = [leaders[i % len(leaders)].pk for i in range(2)]
        guides += rng.sample([pk for pk in pool if pk not in guides], 3)
        engage(
            EngagementKind.ACTIVITY,
            f"{year}年{title}",
            themed_day,
            places[year % len(places)],
            list(dict.fromkeys(guides)),
            religious + rng.sample([c for c in contacts if c not in religious], 3),
            "组织民族和宗教界委员、代表人士实地参观，座谈交流，铸牢中华民族共同体意识。",
        )
    Engagement.objects.bulk_create(engagements)
    Engagement.members.through.objects.bulk_create(
        [
            Engagement.members.through(engagement_id=e.pk, member_id=pk)
            for e, pks in zip(engagements, member_links, strict=True)
            for pk in pks
        ]
    )
    Engagement.contacts.through.objects.bulk_create(
        [
            Engagement.contacts.through(engagement_id=e.pk, contact_id=c.pk)
            for e, reached in zip(engagements, contact_links, strict=True)
            for c in reached
        ]
    )

    # Hosted visits: the list in turn, about two a year, none in the months of the plenary session.
    visits, visit_members = [], []
    day, n = start + datetime.timedelta(days=120), 0
    catalogue = HOSTED.get(committee.code, [])
    while catalogue and day <= today:
        body, visitor, leader, kind, topic, places = catalogue[n % len(catalogue)]
        length = rng.randint(2, 4)
        visits.append(
            HostedVisit(
                committee=committee,
                body=body,
                visitor=visitor,
                leader=leader,
                kind=kind,
                started_on=day,
                ended_on=day + datetime.timedelta(days=length - 1),
                topic=topic,
                places=places,
                staff="市政协办公室、相关专委会工作人员",
                support=rng.choice(SUPPORT),
            )
        )
        visit_members.append([leaders[n % len(leaders)].pk, *rng.sample(pool, rng.randint(2, 4))])
        n += 1
        day += datetime.timedelta(days=rng.randint(140, 220))
        if day.month in (1, 2):
            day = day.replace(month=3)
    HostedVisit.objects.bulk_create(visits)
    HostedVisit.members.through.objects.bulk_create(
        [
            HostedVisit.members.through(hostedvisit_id=v.pk, member_id=pk)
            for v, pks in zip(visits, visit_members, strict=True)
            for pk in dict.fromkeys(pks)
        ]
    )

    # 请示报告: the year's matters in their months; replies within weeks, the last ones awaiting.
    reports = []
    months = [1, 3, 7, 4, 6, 11, 9, 12]
    for year in range(start.year, HORIZON.year + 1):
        for (kind, pattern, _recipient), month in zip(REPORTS, months, strict=True):
            drafted = datetime.date(year, month, 5) + datetime.timedelta(days=rng.randint(0, 12))
            if month == 1 and year == start.year:
                drafted = start - datetime.timedelta(days=20)  # the first session's request went before it
            if drafted > today:
                continue
            subject = pattern.format(
                city=committee.short_name,
                short=committee.short_name[:1],
                year=year,
                n=chinese(year - start.year + 1),
                topic=rng.choice(COUNCIL_TOPICS),
            )
            reports.append(
                PartyReport(
                    committee=committee,
                    kind=kind,
                    subject=subject,
                    recipient=f"中共{committee.short_name}委",
                    body=f"{subject.removeprefix('关于').removesuffix('的请示').removesuffix('的报告')}有关事项。",
                    drafted_on=drafted,
                    reply_days=15 if kind == PartyReportKind.REQUEST else 30,
                )
            )
    for report in reports:
        sent = report.drafted_on + datetime.timedelta(days=rng.randint(1, 5))
        if sent > today:
            continue  # still a draft
        report.state, report.sent_on = PartyReportState.SENT, sent
        age = (today - sent).days
        wait = rng.randint(4, 20) if report.kind == PartyReportKind.REQUEST else rng.randint(5, 25)
        if age > 60 or wait < age:
            if report.kind == PartyReportKind.REPORT and rng.random() < 0.3:
                report.state, report.closed_on = PartyReportState.CLOSED, sent + datetime.timedelta(days=wait)
                continue
            outcome, text = REPLIES[0] if report.kind == PartyReportKind.REQUEST else rng.choice(REPLIES[1:])
            report.state = PartyReportState.REPLIED
            report.replied_on, report.outcome, report.reply = sent + datetime.timedelta(days=wait), outcome, text
            if age > 90:
                report.state, report.closed_on = (
                    PartyReportState.CLOSED,
                    report.replied_on + datetime.timedelta(days=20),
                )
    # the latest report whose reply period has run out by today still awaits its reply (overdue)
    lapsed = [r for r in reports if r.sent_on and r.sent_on + datetime.timedelta(days=r.reply_days + 5) < today]
    if lapsed:
        late = max(lapsed, key=lambda r: r.sent_on)
        late.state, late.replied_on, late.reply, late.outcome, late.closed_on = (
            PartyReportState.SENT,
            None,
            "",
            "",
            None,
        )
    PartyReport.objects.bulk_create(reports)
    for r in reports:
        if r.sent_on:
            steps.add(r, "send", PartyReportState.DRAFT, PartyReportState.SENT, r.sent_on)
        if r.replied_on:
            steps.add(
                r, "reply", PartyReportState.SENT, PartyReportState.REPLIED, r.replied_on, r.get_outcome_display()
            )
        if r.closed_on:
            source = PartyReportState.REPLIED if r.replied_on else PartyReportState.SENT
            steps.add(r, "close", source, PartyReportState.CLOSED, r.closed_on)
    return {
        "联系对象": len(contacts),
        "联系安排": len(assignments),
        "联系记录": len(engagements),
        "上级政协来访": len(visits),
        "请示报告": len(reports),
    }


def load(*, stdout=None, **kwargs) -> dict:
    today = _today()
    steps = _Steps()
    summary = {}
    for code, seed in (("620600", 1806), ("620800", 1808)):
        committee = Committee.objects.filter(code=code).first()
        if committee is not None:
            summary[committee.short_name] = _city(committee, random.Random(seed), today, steps)
    steps.save()
    if summary:
        audit.record("demo.load", object_type="liaison", note=str(summary))
    if stdout is not None and summary:
        stdout.write(f"演示联谊联络与请示报告：{summary}")
    return summary
