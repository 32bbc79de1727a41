"""Demo social-conditions and public-opinion reports of 武威 (with 凉州区) and 平凉 that reproduce
the opinions figures of seed-figures.md as of 2024-12-31 (bulk inserts, deterministic draws).

- W14 (武威, 2024): 28 reports sent to 市委 and city departments — exactly 28.
- P21 (平凉, current term): 报送意见建议 "30余条" — the demo holds 32 reports sent.
- P24 (平凉, current term): of the 75 speeches and reports, the activities module holds 44
  speeches; these reports hold the other 31 — received from 民主党派、工商联、人民团体 and
  无党派人士 (the organisations through their contact person, or their members) — exactly 31.

Items stand at every stage (draft, returned, submitted, accepted, rejected, combined, published,
sent, instructed, adopted, closed), including a 凉州区 item forwarded to 武威 and adopted by 省政协;
wuwei_member has reports in several states; wuwei_officer is a special information officer.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from lvzhi.accounts.models import User
from lvzhi.core.models import Sequence, Transition
from lvzhi.opinions.choices import (
    AdoptionLevel,
    InstructionLevel,
    IssueKind,
    OpinionState,
    RecipientLevel,
    SubmitterKind,
)
from lvzhi.opinions.figures import NON_CPC_KINDS
from lvzhi.opinions.models import (
    Adoption,
    Credit,
    Handling,
    InformationOfficer,
    Instruction,
    OpinionIssue,
    OpinionReport,
    PartyContact,
    Recipient,
    Sending,
)
from lvzhi.org.choices import MembershipStatus, PartyKind
from lvzhi.org.models import Committee, Membership

W14_LOCAL_2024, P21_SENT_TERM, P24_PARTY_TERM = 28, 32, 31
WUWEI, LIANGZHOU, PINGLIANG = "620600", "620602", "620800"

RECIPIENTS = {
    "city": [
        ("市委办公室", RecipientLevel.PARTY_COMMITTEE),
        ("市政府办公室", RecipientLevel.GOVERNMENT),
        ("市发展和改革委员会", RecipientLevel.DEPARTMENT),
        ("市卫生健康委员会", RecipientLevel.DEPARTMENT),
        ("市教育局", RecipientLevel.DEPARTMENT),
        ("市生态环境局", RecipientLevel.DEPARTMENT),
        ("市农业农村局", RecipientLevel.DEPARTMENT),
        ("省政协办公厅", RecipientLevel.PROVINCIAL),
        ("全国政协办公厅", RecipientLevel.NATIONAL),
    ],
    "county": [
        ("区委办公室", RecipientLevel.PARTY_COMMITTEE),
        ("区政府办公室", RecipientLevel.GOVERNMENT),
        ("区农业农村局", RecipientLevel.DEPARTMENT),
        ("区水务局", RecipientLevel.DEPARTMENT),
    ],
}

# (category, subject, what is wrong, what to do)
TOPICS = [
    (
        "社会民生",
        "农村冬季清洁取暖",
        "部分农村地区冬季取暖仍以散煤为主，取暖成本高，煤烟中毒隐患多，清洁取暖改造补贴到户不及时。",
        "统筹用好清洁取暖补助资金，分片推进“煤改电”“煤改气”，落实运行补贴，加强入户安全宣传。",
    ),
    (
        "社会民生",
        "老旧小区加装电梯",
        "老旧小区老年住户多，加装电梯意愿强烈，但低层住户协商难、审批环节多、资金分摊无统一标准。",
        "出台加装电梯指导意见，简化审批流程，明确资金分摊参考办法，发挥社区协商议事作用。",
    ),
    (
        "医疗卫生",
        "基层医疗人才留用",
        "乡镇卫生院全科医生流失严重，村医年龄老化，群众“小病不出村”的需求难以满足。",
        "完善基层医务人员薪酬激励和职称评聘倾斜政策，推行“县管乡用”，定向培养本土医学生。",
    ),
    (
        "医疗卫生",
        "中医适宜技术推广",
        "基层中医适宜技术应用范围窄，培训不系统，医保支付覆盖项目少。",
        "建设县域中医适宜技术推广中心，将更多适宜技术纳入医保支付，开展常态化培训。",
    ),
    (
        "文化教育",
        "高校毕业生就业",
        "本地高校毕业生返乡就业意愿提升，但岗位信息分散、实习见习机会少，就业服务精准度不高。",
        "搭建统一的就业信息平台，扩大见习岗位，开展订单式培养，落实吸纳就业补贴。",
    ),
    (
        "文化教育",
        "农村学校寄宿条件",
        "部分农村寄宿制学校宿舍拥挤、热水供应不足，生活老师配备不到位。",
        "加大寄宿制学校改薄投入，按标准配备生活老师，建立寄宿生营养与心理关爱机制。",
    ),
    (
        "生态环境",
        "荒漠化综合防治",
        "风沙口压沙造林后期管护投入不足，部分治理成果出现反弹。",
        "建立压沙造林后期管护长效机制，推广光伏治沙等生态产业模式，引导群众参与管护。",
    ),
    (
        "生态环境",
        "农村生活垃圾治理",
        "部分村庄垃圾清运频次低，转运设施不足，随意倾倒现象仍有发生。",
        "完善村收集、镇转运、县处理体系，落实保洁员队伍和运维经费，推行垃圾分类积分制。",
    ),
    (
        "经济发展",
        "中小企业融资",
        "中小微企业抵押物不足，融资难、融资贵问题突出，政府性融资担保作用发挥不充分。",
        "扩大政府性融资担保覆盖面，推广“信易贷”，建立银企对接常态化机制。",
    ),
    (
        "经济发展",
        "日光温室产业提质",
        "日光温室设施老化，种植品种同质化，冷链物流短板明显，效益不高。",
        "实施老旧温室改造，培育特色品种，建设产地冷藏保鲜设施，发展订单农业。",
    ),
    (
        "社会治理",
        "电动自行车充电安全",
        "居民楼道内电动自行车充电现象普遍，集中充电设施不足，消防隐患突出。",
        "在小区规划建设集中充电桩，落实物业管理责任，开展常态化消防安全检查。",
    ),
    (
        "社会治理",
        "农村留守老人关爱",
        "农村留守老人增多，日间照料中心运转困难，助餐、助医服务覆盖不足。",
        "推进互助养老，落实日间照料中心运营补贴，引入社会组织提供上门服务。",
    ),
    (
        "社会民生",
        "城区停车难",
        "老城区停车位缺口大，占道停车影响通行，智慧停车系统建设滞后。",
        "挖掘机关单位停车资源错时共享，建设立体停车设施，推进智慧停车平台建设。",
    ),
    (
        "经济发展",
        "文旅消费活力",
        "旅游产品以观光为主，夜间消费业态少，游客停留时间短。",
        "培育夜间文旅消费集聚区，开发研学、康养等产品，完善旅游公共服务设施。",
    ),
    (
        "社会民生",
        "农村饮水安全",
        "部分村组供水管网老化，水质季节性不达标，运维管护经费不足。",
        "实施农村供水保障工程，推行城乡供水一体化，建立水质定期检测和公示制度。",
    ),
    (
        "其他",
        "政务服务“一网通办”",
        "部分事项线上办理仍需线下补交材料，部门数据共享不充分。",
        "梳理高频事项清单，推进数据共享和电子证照互认，实现更多事项全程网办。",
    ),
]


def _tz():
    return timezone.get_default_timezone()


def _at(day: datetime.date, hour=10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=_tz())


@dataclass
class Plan:
    report: OpinionReport
    credits: list = field(default_factory=list)
    events: list = field(default_factory=list)  # (action, from, to, day, actor, note)
    sendings: list = field(default_factory=list)  # (recipient, day)
    instructions: list = field(default_factory=list)
    adoptions: list = field(default_factory=list)
    handlings: list = field(default_factory=list)
    publish_day: datetime.date | None = None
    issue_kind: str = IssueKind.REGULAR
    target: "Plan | None" = None  # merged into
    source: "Plan | None" = None  # the county's item, for a city copy

    def move(self, action, target_state, day, actor, note=""):
        self.events.append((action, self.report.state, target_state, day, actor, note))
        self.report.state = target_state


class Builder:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.plans: list[Plan] = []
        self.topic = 0

    def text(self, area):
        category, subject, problem, suggestion = TOPICS[self.topic % len(TOPICS)]
        self.topic += 1
        lead = f"{area}群众反映：" if area else "据调研了解，"
        content = (
            f"{lead}{problem}\n"
            f"经走访了解，这一问题在{area or '我市'}具有一定普遍性，群众关注度高，"
            "相关部门虽已采取措施，但统筹协调和政策落实仍有差距，需进一步加以解决。"
        )
        return category, f"关于{area}{subject}问题的建议", content, suggestion

    def report(self, committee, *, by, credits, day, area="", kind=SubmitterKind.MEMBER):
        category, title, content, suggestions = self.text(area)
        report = OpinionReport(
            committee=committee,
            submitter_kind=kind,
            title=title,
            category=category,
            content=content,
            suggestions=suggestions,
            area=area,
            urgency="urgent" if self.rng.random() < 0.1 else "normal",
            created_by=by,
            state=OpinionState.DRAFT,
        )
        plan = Plan(report, credits=credits)
        plan.events.append(("create", "", OpinionState.DRAFT, day, by, ""))
        self.plans.append(plan)
        return plan

    # --- steps ---
    def submit(self, plan, day):
        r = plan.report
        r.original_title, r.original_content, r.original_suggestions = r.title, r.content, r.suggestions
        r.submitted_at = _at(day, 9)
        plan.move("submit", OpinionState.SUBMITTED, day, r.created_by)

    def accept(self, plan, day, staff, *, edit=True):
        plan.report.accepted_at = _at(day)
        plan.move("accept", OpinionState.ACCEPTED, day, staff)
        if edit:
            r = plan.report
            r.title = r.title.replace("关于", "").replace("问题的建议", "问题亟待解决")
            r.content = r.content.replace("经走访了解，", "")
            r.edited_by, r.edited_at = staff, _at(day, 15)
            plan.move("edit", OpinionState.ACCEPTED, day, staff)

    def reject(self, plan, day, staff, reason="所反映问题已有相关部门专项部署，暂不编发。"):
        plan.report.rejected_at, plan.report.reject_reason = _at(day), reason
        plan.move("reject", OpinionState.REJECTED, day, staff, reason)

    def give_back(self, plan, day, staff, note="请补充具体数据和典型事例后再报。"):
        plan.report.return_note = note
        plan.move("return", OpinionState.DRAFT, day, staff, note)

    def publish(self, plan, day, staff, kind=IssueKind.REGULAR):
        plan.report.published_at, plan.publish_day, plan.issue_kind = _at(day, 11), day, kind
        plan.move("publish", OpinionState.PUBLISHED, day, staff)

    def send(self, plan, day, staff, recipients):
        if plan.report.sent_on is None:
            plan.report.sent_on = day
        plan.sendings += [(r, day) for r in recipients]
        plan.move("send", OpinionState.SENT, day, staff, f"{day:%Y-%m-%d} " + "、".join(r.name for r in recipients))

    def instruct(self, plan, day, staff, leader, position, level, text="请相关部门认真研究，切实加以解决。"):
        plan.instructions.append((leader, position, level, day, text))
        plan.move("instruct", plan.report.state, day, staff, f"{leader}（{position}）：{text}")

    def adopt(self, plan, day, staff, level, body, reference):
        plan.adoptions.append((level, body, reference, day))
        plan.move("adopt", plan.report.state, day, staff, f"{body} {reference}")

    def handle(self, plan, day, staff, unit, result):
        plan.handlings.append((unit, result, day))
        plan.move("handle", plan.report.state, day, staff, f"{unit}：{result}")

    def feedback(
        self, plan, day, staff, text="您反映的问题已报送相关部门，部门已研究提出整改措施并推进落实，特此反馈。"
    ):
        plan.report.feedback_text, plan.report.closed_at = text, _at(day, 16)
        plan.move("feedback", OpinionState.CLOSED, day, staff, text)

    def merge(self, plan, target, day, staff):
        plan.target = target
        plan.move("merge", OpinionState.COMBINED, day, staff, target.report.title)
        target.events.append(
            ("combine", target.report.state, target.report.state, day, staff, f"并入：{plan.report.title}")
        )
        have = {c.key for c in target.credits}
        for credit in plan.credits:
            if credit.key not in have:
                target.credits.append(
                    Credit(kind=credit.kind, key=credit.key, name=credit.name, member=credit.member,
                           party=credit.party, officer=credit.officer, user=credit.user, via_combine=True)
                )  # fmt: skip


# --- People ----------------------------------------------------------------------------------------


@dataclass
class Person:
    user: object
    credit: Credit


def _people(committee, on=datetime.date(2024, 12, 31)):
    """The committee's seated members with accounts, split into the parties and organisations other
    than the CPC (P24's submitters) and the rest."""
    term = committee.current_term(on=on)
    seats = list(
        Membership.objects.filter(committee=committee, term=term, status=MembershipStatus.ACTIVE)
        .select_related("member", "party")
        .order_by("id")
    )
    users = {u.member_id: u for u in User.objects.filter(member_id__in=[s.member_id for s in seats])}
    party, others = [], []
    for seat in seats:
        user = users.get(seat.member_id)
        if user is None:
            continue
        credit = Credit(kind=SubmitterKind.MEMBER, key=f"member:{seat.member_id}", name=seat.member.name,
                        member=seat.member, party=seat.party, user=user)  # fmt: skip
        (party if seat.party and seat.party.kind in NON_CPC_KINDS else others).append(Person(user, credit))
    return party, others


def _person_of(username, committee):
    user = User.objects.select_related("member").get(username=username)
    seat = (
        Membership.objects.filter(member_id=user.member_id, committee=committee)
        .select_related("party")
        .order_by("-term__number")
        .first()
    )
    credit = Credit(kind=SubmitterKind.MEMBER, key=f"member:{user.member_id}", name=user.member.name,
                    member=user.member, party=seat.party if seat else None, user=user)  # fmt: skip
    return Person(user, credit)


def _fresh(person):
    c = person.credit
    return Credit(kind=c.kind, key=c.key, name=c.name, member=c.member, party=c.party, officer=c.officer, user=c.user)


def _recipients(committee, level):
    rows = RECIPIENTS[level]
    prefix = committee.short_name[:2] if level == "county" else ""
    return {
        r.name: r
        for r in Recipient.objects.bulk_create(
            [Recipient(committee=committee, name=prefix + name, level=lv, sort=i) for i, (name, lv) in enumerate(rows)]
        )
    }


# --- Load ------------------------------------------------------------------------------------------


def load(*, stdout=None, **kwargs) -> dict:
    committees = {c.code: c for c in Committee.objects.filter(code__in=[WUWEI, LIANGZHOU, PINGLIANG])}
    if len(committees) < 3:
        return {}
    wuwei, liangzhou, pingliang = committees[WUWEI], committees[LIANGZHOU], committees[PINGLIANG]
    staff = {c: User.objects.get(username=u) for c, u in
             ((wuwei, "wuwei_staff"), (liangzhou, "liangzhou_staff"), (pingliang, "pingliang_staff"))}  # fmt: skip
    rcp = {wuwei: _recipients(wuwei, "city"), pingliang: _recipients(pingliang, "city"),
           liangzhou: _recipients(liangzhou, "county")}  # fmt: skip
    b = Builder(20241231)
    _wuwei(b, wuwei, staff[wuwei], rcp[wuwei])
    _liangzhou(b, liangzhou, wuwei, staff, rcp)
    _pingliang(b, pingliang, staff[pingliang], rcp[pingliang])
    counts = _write(b)
    if stdout is not None:
        stdout.write(f"社情民意：{counts['reports']} 条信息，{counts['issues']} 期。")
    return counts


def _officer(committee, username, name, workplace):
    template = User.objects.get(username="wuwei_member")
    user = User.objects.create(username=username, name=name, committee=committee, password=template.password,
                               must_change_password=False)  # fmt: skip
    officer = InformationOfficer.objects.create(
        committee=committee, user=user, name=name, workplace=workplace, appointed_on=datetime.date(2022, 3, 1)
    )
    credit = Credit(kind=SubmitterKind.OFFICER, key=f"officer:{officer.pk}", name=name, officer=officer, user=user)
    return Person(user, credit)


def _contact(committee, party_people, kind=PartyKind.DEMOCRATIC):
    """A party member's account made the contact person of their party: reports for the party."""
    person = next(p for p in party_people if p.credit.party.kind == kind)
    party = person.credit.party
    PartyContact.objects.create(committee=committee, party=party, user=person.user)
    credit = Credit(kind=SubmitterKind.ORGANISATION, key=f"party:{party.pk}", name=party.name, party=party,
                    user=person.user)  # fmt: skip
    return Person(person.user, credit)


def _day(b, year, lo=(1, 5), hi=(11, 10)):
    start, end = datetime.date(year, *lo), datetime.date(year, *hi)
    return start + datetime.timedelta(days=b.rng.randint(0, (end - start).days))


def _after(day, lo, hi, b, cap=None):
    result = day + datetime.timedelta(days=b.rng.randint(lo, hi))
    return min(result, cap) if cap else result


def _sent_item(b, committee, person, staff, recipients, day, *, kind=SubmitterKind.MEMBER, cap=None, area=""):
    plan = b.report(committee, by=person.user, credits=[_fresh(person)], day=day, kind=kind, area=area)
    b.submit(plan, day)
    b.accept(plan, _after(day, 1, 3, b, cap), staff, edit=b.rng.random() < 0.6)
    published = _after(day, 4, 12, b, cap)
    b.publish(plan, published, staff)
    b.send(plan, _after(published, 1, 5, b, cap), staff, recipients)
    return plan


def _wuwei(b, wuwei, staff, rcp):
    party, others = _people(wuwei)
    me = _person_of("wuwei_member", wuwei)
    me2 = _person_of("wuwei_member2", wuwei)
    officer = _officer(wuwei, "wuwei_officer", "陈思远", "武威日报社")
    organisation = _contact(wuwei, party)
    local = [rcp["市委办公室"], rcp["市政府办公室"]]
    departments = [
        rcp[n] for n in ("市发展和改革委员会", "市卫生健康委员会", "市教育局", "市生态环境局", "市农业农村局")
    ]
    province = rcp["省政协办公厅"]
    areas = ["凉州区", "民勤县", "古浪县", "天祝县", ""]
    pool = party[:30] + others[:40]

    def who(i):
        return [me, me2, officer, organisation][i] if i < 4 else pool[i % len(pool)]

    def kind_of(person):
        return person.credit.kind

    # 2022–2023: the loop in earlier years (sent within their year; none counts in 2024)
    for i in range(26):
        year = 2022 + i % 2
        person = who(i + 4)
        day = _day(b, year, hi=(10, 31))
        if i % 9 == 0:
            plan = b.report(wuwei, by=person.user, credits=[_fresh(person)], day=day, area=areas[i % 5])
            b.submit(plan, day)
            b.reject(plan, _after(day, 2, 6, b), staff)
            continue
        plan = _sent_item(b, wuwei, person, staff, [local[i % 2], departments[i % 5]], day, area=areas[i % 5],
                          kind=kind_of(person))  # fmt: skip
        if i % 3 == 0:
            b.instruct(plan, _after(plan.report.sent_on, 3, 15, b), staff, "王建国", "市委书记", InstructionLevel.CITY)
        b.feedback(plan, _after(plan.report.sent_on, 20, 40, b), staff)

    # 2024: W14 — exactly 28 reports sent to 市委, 市政府 or city departments
    leaders = [("王建国", "市委书记", InstructionLevel.CITY), ("刘晓明", "市长", InstructionLevel.CITY),
               ("张伟", "副省长", InstructionLevel.PROVINCIAL)]  # fmt: skip
    sent_2024 = []
    for i in range(W14_LOCAL_2024):
        person = me if i == 0 else who(i + 1) if i < 3 else pool[(i * 7) % len(pool)]
        day = _day(b, 2024, hi=(10, 31))
        recipients = [local[i % 2]] + ([departments[i % 5]] if i % 3 else []) + ([province] if i % 7 == 0 else [])
        plan = _sent_item(b, wuwei, person, staff, recipients, day, area=areas[i % 5], kind=kind_of(person),
                          cap=datetime.date(2024, 12, 20))  # fmt: skip
        sent_2024.append(plan)
        if i % 3 == 0:
            leader = leaders[i % 3]
            b.instruct(plan, _after(plan.report.sent_on, 2, 9, b, datetime.date(2024, 12, 28)), staff, *leader)
        if i % 7 == 0:
            b.adopt(plan, _after(plan.report.sent_on, 10, 30, b), staff, AdoptionLevel.PROVINCIAL, "甘肃省政协",
                    f"《甘肃政协信息》2024年第{10 + i}期")  # fmt: skip
        if i % 4 == 0:
            b.handle(
                plan,
                _after(plan.report.sent_on, 10, 25, b),
                staff,
                departments[i % 5].name,
                "已纳入年度重点工作，制定整改方案并推进落实。",
            )
        if i % 2 == 0:
            b.feedback(plan, _after(plan.report.sent_on, 15, 45, b), staff)
    # merged into two of them, rejected, and sent only upward (not to the city: outside W14)
    for i in range(3):
        person = pool[(i * 11 + 3) % len(pool)]
        target = sent_2024[i + 3]
        day = target.report.submitted_at.date()
        plan = b.report(wuwei, by=person.user, credits=[_fresh(person)], day=day, area=areas[i])
        b.submit(plan, day)
        b.merge(plan, target, _after(day, 1, 2, b), staff)
    for i in range(4):
        person = me2 if i == 0 else pool[(i * 5 + 1) % len(pool)]
        day = _day(b, 2024)
        plan = b.report(wuwei, by=person.user, credits=[_fresh(person)], day=day)
        b.submit(plan, day)
        b.reject(plan, _after(day, 2, 6, b), staff)
    for i in range(3):
        plan = _sent_item(b, wuwei, pool[(i * 13 + 2) % len(pool)], staff, [province], _day(b, 2024), area=areas[i])
        plan.report.title = plan.report.title.replace("的建议", "的调研报告")

    # 2025–2026: what is in hand now, at every stage; wuwei_member in several states
    today = timezone.localdate()
    recent = max(datetime.date(2026, 1, 10), today - datetime.timedelta(days=120))
    plan = b.report(wuwei, by=me.user, credits=[_fresh(me)], day=today - datetime.timedelta(days=1))  # draft
    plan = b.report(wuwei, by=me.user, credits=[_fresh(me)], day=recent)  # returned for revision
    b.submit(plan, recent)
    b.give_back(plan, _after(recent, 1, 3, b), staff)
    plan = b.report(wuwei, by=me.user, credits=[_fresh(me)], day=today - datetime.timedelta(days=3))
    b.submit(plan, today - datetime.timedelta(days=3))  # submitted, waiting
    plan = b.report(wuwei, by=me.user, credits=[_fresh(me)], day=today - datetime.timedelta(days=8))
    b.submit(plan, today - datetime.timedelta(days=8))
    b.accept(plan, today - datetime.timedelta(days=6), staff)  # being edited
    plan = b.report(wuwei, by=me.user, credits=[_fresh(me)], day=datetime.date(2025, 4, 2), area="凉州区")
    b.submit(plan, datetime.date(2025, 4, 2))
    b.reject(plan, datetime.date(2025, 4, 7), staff)
    plan = _sent_item(b, wuwei, me, staff, [local[0], departments[1]], datetime.date(2025, 9, 8))
    b.instruct(plan, datetime.date(2025, 9, 30), staff, "刘晓明", "市长", InstructionLevel.CITY)
    for i in range(8):
        person = [officer, organisation, me2, *pool][i % (len(pool) + 3)]
        day = today - datetime.timedelta(days=5 + i * 9)
        plan = b.report(wuwei, by=person.user, credits=[_fresh(person)], day=day, kind=kind_of(person))
        b.submit(plan, day)
        if i % 4 == 1:
            b.accept(plan, _after(day, 1, 2, b, today), staff)
        elif i % 4 == 2:
            b.accept(plan, _after(day, 1, 2, b, today), staff)
            b.publish(plan, _after(day, 3, 4, b, today), staff)
        elif i % 4 == 3:
            b.accept(plan, _after(day, 1, 2, b, today), staff)
            b.publish(plan, _after(day, 2, 3, b, today), staff, IssueKind.SPECIAL)
            b.send(plan, _after(day, 3, 4, b, today), staff, [local[0]])


def _liangzhou(b, liangzhou, wuwei, staff, rcp):
    county_staff, city_staff = staff[liangzhou], staff[wuwei]
    party, others = _people(liangzhou)
    pool = others[:10] + party[:10]
    county = rcp[liangzhou]
    local = [r for r in county.values() if r.level != RecipientLevel.DEPARTMENT]
    # the item that went up: 凉州区 → 武威 → adopted by 省政协
    person = pool[0]
    day = datetime.date(2024, 5, 6)
    source = b.report(liangzhou, by=person.user, credits=[_fresh(person)], day=day, area="凉州区")
    source.report.title = "关于凉州区城乡供水一体化问题的建议"
    b.submit(source, day)
    b.accept(source, datetime.date(2024, 5, 8), county_staff)
    b.publish(source, datetime.date(2024, 5, 13), county_staff)
    b.send(source, datetime.date(2024, 5, 15), county_staff, local[:1])
    source.events.append(
        ("forward", OpinionState.SENT, OpinionState.SENT, datetime.date(2024, 5, 20), county_staff, wuwei.name)
    )
    from_county = Credit(
        kind=SubmitterKind.COMMITTEE, key=f"committee:{liangzhou.pk}", name=liangzhou.name, source_committee=liangzhou
    )
    day = datetime.date(2024, 5, 20)
    copy = b.report(wuwei, by=county_staff, credits=[from_county], day=day, kind=SubmitterKind.COMMITTEE, area="凉州区")
    b.topic -= 1
    copy.events = [
        ("receive", "", OpinionState.SUBMITTED, datetime.date(2024, 5, 20), county_staff, f"由{liangzhou.name}上报")
    ]
    copy.source = source
    for f in ("title", "category", "content", "suggestions"):
        setattr(copy.report, f, getattr(source.report, f))
    copy.report.original_title, copy.report.original_content = source.report.title, source.report.content
    copy.report.original_suggestions = source.report.suggestions
    copy.report.state, copy.report.submitted_at = OpinionState.SUBMITTED, _at(datetime.date(2024, 5, 20), 14)
    b.accept(copy, datetime.date(2024, 5, 22), city_staff)
    b.publish(copy, datetime.date(2024, 6, 3), city_staff)
    source.adoptions.append((AdoptionLevel.CITY, wuwei.name, "《社情民意》2024年", datetime.date(2024, 6, 3)))
    source.events.append(
        ("adopt", OpinionState.SENT, OpinionState.SENT, datetime.date(2024, 6, 3), city_staff, f"{wuwei.name}采用")
    )
    b.send(copy, datetime.date(2024, 6, 5), city_staff, [Recipient.objects.get(committee=wuwei, name="省政协办公厅")])
    b.adopt(
        copy,
        datetime.date(2024, 7, 10),
        city_staff,
        AdoptionLevel.PROVINCIAL,
        "甘肃省政协",
        "《甘肃政协信息》2024年第27期",
    )
    b.feedback(source, datetime.date(2024, 7, 15), county_staff, "该信息经市政协报送省政协，已被《甘肃政协信息》采用。")
    # the county's own loop
    for i in range(9):
        person = pool[(i + 1) % len(pool)]
        day = _day(b, 2024 + i % 3 if i % 3 < 2 else 2026, hi=(10, 31))
        day = min(day, timezone.localdate())
        if i % 3 == 0:
            plan = b.report(liangzhou, by=person.user, credits=[_fresh(person)], day=day, area="凉州区")
            b.submit(plan, day)
            continue
        plan = _sent_item(b, liangzhou, person, county_staff, local, day, area="凉州区", cap=timezone.localdate())
        if i % 2:
            b.feedback(plan, _after(plan.report.sent_on, 10, 30, b, timezone.localdate()), county_staff)


def _pingliang(b, pingliang, staff, rcp):
    party, others = _people(pingliang)
    me = _person_of("pingliang_member", pingliang)
    organisation = _contact(pingliang, party)
    federation = (
        _contact(pingliang, party, PartyKind.FEDERATION)
        if any(p.credit.party.kind == PartyKind.FEDERATION for p in party)
        else organisation
    )
    officer = _officer(pingliang, "pingliang_officer", "马文华", "平凉市融媒体中心")
    others = [p for p in others if p.user.pk != me.user.pk]
    if me.credit.party and me.credit.party.kind in NON_CPC_KINDS:
        party = [me, *party]
    else:
        others = [me, *others]
    local = [rcp["市委办公室"], rcp["市政府办公室"]]
    departments = [rcp[n] for n in ("市卫生健康委员会", "市教育局", "市农业农村局")]
    end = datetime.date(2024, 12, 31)

    def submitted(person, day, kind=SubmitterKind.MEMBER):
        plan = b.report(pingliang, by=person.user, credits=[_fresh(person)], day=day, kind=kind)
        b.submit(plan, day)
        return plan

    def group(people, *, sent, closed, rejected, merged, late, org=None):
        """One group's reports in the term: `sent` sent by the end of 2024 (of which `closed` fed
        back), `rejected`, `merged` into sent ones, and `late` published in December 2024 but sent
        in January 2025."""
        targets = []
        for i in range(sent):
            person = org if org and i % 4 == 0 else people[i % len(people)]
            kind = SubmitterKind.ORGANISATION if person is org else SubmitterKind.MEMBER
            year = 2022 + i % 3
            plan = _sent_item(b, pingliang, person, staff, [local[i % 2], departments[i % 3]],
                              _day(b, year, hi=(11, 20)), kind=kind, cap=end)  # fmt: skip
            targets.append(plan)
            if i < closed:
                b.feedback(plan, _after(plan.report.sent_on, 15, 40, b), staff)
            if i % 5 == 0:
                b.instruct(
                    plan, _after(plan.report.sent_on, 3, 12, b, end), staff, "李志强", "市委书记", InstructionLevel.CITY
                )
        for i in range(rejected):
            b.reject(
                submitted(people[(i + 3) % len(people)], _day(b, 2022 + i % 3)),
                _day(b, 2024, (11, 12), (11, 30)),
                staff,
            )
        for i in range(merged):
            target = targets[i]
            plan = submitted(people[(i + 5) % len(people)], target.report.submitted_at.date())
            b.merge(plan, target, _after(target.report.submitted_at.date(), 1, 2, b), staff)
        for i in range(late):
            day = datetime.date(2024, 12, 2 + i)
            plan = submitted(people[(i + 7) % len(people)], day)
            b.accept(plan, day + datetime.timedelta(days=1), staff)
            b.publish(plan, day + datetime.timedelta(days=8), staff)
            b.send(plan, datetime.date(2025, 1, 6 + i), staff, [local[0]])

    # P24: 31 received from the parties and organisations; P21: 18 + 14 = 32 sent in the term
    group(party, sent=18, closed=6, rejected=8, merged=3, late=2, org=organisation)  # 18+8+3+2 = 31
    group(others + [officer], sent=14, closed=5, rejected=8, merged=4, late=4)
    plan = _sent_item(
        b, pingliang, federation, staff, [local[1]], datetime.date(2025, 3, 3), kind=SubmitterKind.ORGANISATION
    )
    today = timezone.localdate()
    for i, person in enumerate([me, me, officer, others[3]]):
        day = today - datetime.timedelta(days=4 + 11 * i)
        plan = submitted(person, day, SubmitterKind.OFFICER if person is officer else SubmitterKind.MEMBER)
        if i == 1:
            b.accept(plan, day + datetime.timedelta(days=1), staff)


def _write(b: Builder) -> dict:
    # issues: one regular issue a month per committee (and one per 专报), numbered within the year
    keys = sorted({(p.report.committee.pk, p.issue_kind, p.publish_day.year, p.publish_day.month)
                   for p in b.plans if p.publish_day})  # fmt: skip
    numbers, issues = {}, {}
    committee_of = {p.report.committee.pk: p.report.committee for p in b.plans}
    for committee_id, kind, year, month in keys:
        n = numbers[(committee_id, kind, year)] = numbers.get((committee_id, kind, year), 0) + 1
        issues[(committee_id, kind, year, month)] = OpinionIssue(
            committee=committee_of[committee_id], kind=kind, year=year, number=n,
            issued_on=min(p.publish_day for p in b.plans if p.publish_day and p.report.committee.pk == committee_id
                          and (p.issue_kind, p.publish_day.year, p.publish_day.month) == (kind, year, month)),
        )  # fmt: skip
    OpinionIssue.objects.bulk_create(issues.values())
    Sequence.objects.bulk_create(
        [Sequence(committee_id=c, key=f"opinions.issue.{k}.{y}", last=n) for (c, k, y), n in numbers.items()]
    )
    order: dict = {}
    for plan in sorted((p for p in b.plans if p.publish_day), key=lambda p: p.report.published_at):
        r = plan.report
        r.issue = issues[(r.committee.pk, plan.issue_kind, plan.publish_day.year, plan.publish_day.month)]
        order[r.issue.pk] = r.issue_order = order.get(r.issue.pk, 0) + 1
    # reports: those that others point at first
    first = [p for p in b.plans if p.target is None and p.source is None]
    second = [p for p in b.plans if p.target is not None or p.source is not None]
    OpinionReport.objects.bulk_create([p.report for p in first])
    for p in second:
        p.report.combined_into = p.target.report if p.target else None
        p.report.source = p.source.report if p.source else None
    OpinionReport.objects.bulk_create([p.report for p in second])
    credits, sendings, instructions, adoptions, handlings, transitions, stamps = [], [], [], [], [], [], []
    report_type = ContentType.objects.get_for_model(OpinionReport)
    for p in b.plans:
        r = p.report
        for c in p.credits:
            c.report, c.committee = r, r.committee
            credits.append(c)
        sendings += [Sending(report=r, committee=r.committee, recipient=x, sent_on=d) for x, d in p.sendings]
        instructions += [Instruction(report=r, committee=r.committee, leader=le, position=po, level=lv, given_on=d,
                                     text=t) for le, po, lv, d, t in p.instructions]  # fmt: skip
        adoptions += [Adoption(report=r, committee=r.committee, level=lv, body=bo, reference=ref, adopted_on=d)
                      for lv, bo, ref, d in p.adoptions]  # fmt: skip
        handlings += [Handling(report=r, committee=r.committee, unit_name=u, result=res, handled_on=d)
                      for u, res, d in p.handlings]  # fmt: skip
        for i, (action, source, target, day, actor, note) in enumerate(p.events):
            transitions.append(
                Transition(
                    content_type=report_type,
                    object_id=r.pk,
                    committee=r.committee,
                    action=action,
                    from_state=source,
                    to_state=target,
                    actor=actor,
                    note=note,
                )
            )
            stamps.append(_at(day, 9) + datetime.timedelta(minutes=i))
    Credit.objects.bulk_create(credits, batch_size=1000)
    Sending.objects.bulk_create(sendings, batch_size=1000)
    Instruction.objects.bulk_create(instructions)
    Adoption.objects.bulk_create(adoptions)
    Handling.objects.bulk_create(handlings)
    created = Transition.objects.bulk_create(transitions, batch_size=1000)
    for row, stamp in zip(created, stamps, strict=True):
        row.at = stamp
    Transition.objects.bulk_update(created, ["at"], batch_size=500)
    # timestamps the models set themselves: as of the story, not of the load
    for p in b.plans:
        p.report.created_at = _at(p.events[0][3], 8)
    OpinionReport.objects.bulk_update([p.report for p in b.plans], ["created_at"], batch_size=500)
    return {"reports": len(b.plans), "issues": len(issues)}
