"""Demo supervision and development records of 武威 and 平凉 that reproduce figures W4–W9, W11–W13,
P6–P10, P19 and P25 of seed-figures.md as of 2024-12-31 (bulk inserts only, deterministic draws).

Exact counts held where the summaries round: P6 263.80 万元 ("260余万元"). W12 is 916,900 万元
(91.69 亿元). Around the counted records lie others that must not count — cases closed in 2023,
clues, projects and reviews from before the current term, county records for city-only figures,
reviews by members outside the democratic parties, repeated mediators and enterprises — so the
figures' definitions are exercised by the demo too. The parties of 友好政协 are from the 武威 summary
(乌鲁木齐; 阿拉善盟 and three more places whose names the summary does not give — invented here).
"""

import contextlib
import datetime
import decimal
import random

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from lvzhi.accounts.models import User
from lvzhi.core import audit, pii
from lvzhi.core.models import Transition
from lvzhi.org.choices import MemberRole, MembershipStatus, PartyKind
from lvzhi.org.models import Committee, Membership
from lvzhi.supervision.choices import (
    PROPOSAL_DRAFT,
    ClueSource,
    ClueState,
    DisputeKind,
    MediationResult,
    PartnerKind,
    PostRole,
    PostState,
    ProblemState,
    SupportKind,
)
from lvzhi.supervision.models import (
    EnterpriseProblem,
    InvestmentProject,
    InvestmentVisit,
    LiaisonPair,
    LitigationClue,
    MediationCase,
    MediationSession,
    PartnerActivity,
    PartnerCommittee,
    SupervisorPost,
    SupportItem,
    VisitEnterprise,
)

AS_OF = datetime.date(2024, 12, 31)
WUWEI, WUWEI_COUNTIES = "620600", ["620602", "620621", "620622", "620623"]
PINGLIANG, PINGLIANG_COUNTIES = "620800", ["620802", "620821", "620822", "620823", "620825", "620826", "620881"]

W4_MEDIATORS, W5_CONCLUDED, W6_SUCCESSFUL, W_RETURNED, W_OPEN = 124, 35, 27, 4, 6
W7_CLUES, W8_FILED, W9_SUGGESTIONS = 78, 69, 57
W11_PROJECTS, W12_WAN, W13_SOLVED = 23, 916_900, 23
P6_FUNDS = ["45.00", "38.50", "30.00", "52.30", "26.00", "40.00", "32.00"]  # 263.80 万元
P7_POINTS, P8_VISITS, P9_ENTERPRISES, P10_PROJECTS, P19_POSTS, P25_REVIEWERS = 16, 21, 94, 22, 102, 29

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力斌宁博雪琳晨浩凯鹏宇欣"
INDUSTRIES = ["新能源", "现代农业", "装备制造", "文化旅游", "生物医药", "新材料", "商贸物流", "数字经济", "食品加工"]
CITIES = ["上海", "浙江杭州", "江苏苏州", "广东深圳", "北京", "山东青岛", "福建厦门", "四川成都", "陕西西安", "天津"]
COMPANY_WORDS = ["华", "瑞", "丰", "鑫", "源", "泰", "达", "康", "恒", "安", "科", "润", "嘉", "宏", "盛", "远"]
BODIES = [
    "平凉市中级人民法院",
    "平凉市人民检察院",
    "平凉市公安局",
    "平凉市市场监督管理局",
    "国家税务总局平凉市税务局",
    "平凉市生态环境局",
    "平凉市自然资源局",
    "平凉市卫生健康委员会",
    "平凉市教育局",
    "平凉市营商环境建设局",
]
CLUE_TOPICS = [
    "饮用水水源地保护",
    "河道非法采砂",
    "耕地违法占用",
    "农村人居环境整治",
    "食品药品安全",
    "无障碍设施建设",
    "历史文化遗存保护",
    "防沙治沙林地保护",
    "未成年人保护",
    "个人信息保护",
    "城市燃气安全",
    "建筑垃圾违规倾倒",
]
PROBLEMS = [
    "用工招聘困难，需协调职业院校对接",
    "项目用地手续办理进度慢",
    "融资贷款需银行支持",
    "厂区道路及配套管网未通",
    "电力增容审批周期长",
    "产品检验检测需送外地",
    "物流运输成本偏高",
    "技改项目申报政策不清楚",
]


@contextlib.contextmanager
def keep_timestamps(*fields):
    """Let bulk inserts keep the historical times the demo gives instead of "now"."""
    saved = [(f, f.auto_now_add) for f in fields]
    for f, _ in saved:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f, value in saved:
            f.auto_now_add = value


def at(day: datetime.date, hour=10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_default_timezone())


class Maker:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.transitions: list[Transition] = []

    def day(self, lo: datetime.date, hi: datetime.date) -> datetime.date:
        return lo + datetime.timedelta(days=self.rng.randint(0, max((hi - lo).days, 0)))

    def after(self, day, lo, hi, cap=AS_OF):
        return min(day + datetime.timedelta(days=self.rng.randint(lo, hi)), cap)

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice([1, 2])))

    def company(self, place="") -> str:
        words = "".join(self.rng.sample(COMPANY_WORDS, 2))
        return f"{place}{words}{self.rng.choice(INDUSTRIES)}有限公司"

    def step(self, obj, action, source, target, day, note=""):
        self.transitions.append(
            Transition(
                content_type=ContentType.objects.get_for_model(type(obj)),
                object_id=obj.pk,
                committee_id=obj.committee_id,
                action=action,
                from_state=source,
                to_state=target,
                at=at(day, 16),
                note=note,
            )
        )

    def save_transitions(self):
        with keep_timestamps(Transition._meta.get_field("at")):
            Transition.objects.bulk_create(self.transitions, batch_size=1000)
        self.transitions = []


def seated(committee) -> list[int]:
    """The member ids of the committee's current term (active seats), in a stable order."""
    term = committee.current_term(on=AS_OF)
    seats = Membership.objects.filter(committee=committee, status=MembershipStatus.ACTIVE)
    if term:
        seats = seats.filter(term=term)
    return list(dict.fromkeys(seats.order_by("id").values_list("member_id", flat=True)))


def demo_member(username):
    return User.objects.filter(username=username).values_list("member_id", flat=True).first()


def term_start(committee) -> datetime.date:
    term = committee.current_term(on=AS_OF)
    return term.start_date if term else datetime.date(2022, 1, 1)


def load(*, stdout=None, **kwargs) -> dict:
    committees = {
        c.code: c for c in Committee.objects.filter(code__in=[WUWEI, PINGLIANG, *WUWEI_COUNTIES, *PINGLIANG_COUNTIES])
    }
    summary = {}
    if WUWEI in committees:
        tree = [committees[WUWEI]] + [committees[c] for c in WUWEI_COUNTIES if c in committees]
        summary["武威"] = _wuwei(tree)
    if PINGLIANG in committees:
        tree = [committees[PINGLIANG]] + [committees[c] for c in PINGLIANG_COUNTIES if c in committees]
        summary["平凉"] = _pingliang(tree)
    if summary:
        audit.record("demo.load", object_type="supervision", note=str(summary))
    if stdout is not None and summary:
        stdout.write(
            f"演示监督与服务发展：调解案件 {MediationCase.objects.count()} 件，"
            f"公益诉讼线索 {LitigationClue.objects.count()} 条，签约项目 {InvestmentProject.objects.count()} 个。"
        )
    return summary


# --- 武威 --------------------------------------------------------------------------------------


def _wuwei(tree) -> dict:
    make = Maker("supervision-620600")
    pools = {c.pk: seated(c) for c in tree}
    first = demo_member("wuwei_member")
    if first in pools[tree[0].pk]:
        pools[tree[0].pk].remove(first)
        pools[tree[0].pk].insert(0, first)
    cases = _mediation(make, tree, pools)
    clues = _clues(make, tree, pools)
    projects = _wuwei_investment(make, tree, pools)
    problems = _liaison(make, tree)
    _partners(make, tree[0])
    make.save_transitions()
    return {"cases": cases, "clues": clues, "projects": projects, "problems": problems}


def _court(committee):
    if committee.level == "city":
        return f"{committee.short_name}中级人民法院", f"甘{committee.code[2:4]}"
    return f"{committee.short_name}人民法院", f"甘{committee.code[2:]}"


def _mediation(make, tree, pools) -> int:
    rng = make.rng
    city, counties = tree[0], tree[1:]
    homes = [city] * (45 - 8 * len(counties)) + [c for c in counties for _ in range(8)]
    outcomes = (
        [("concluded", "successful")] * W6_SUCCESSFUL
        + [("concluded", "failed")] * (W5_CONCLUDED - W6_SUCCESSFUL)
        + [("returned", "")] * W_RETURNED
        + [("open", "")] * W_OPEN
    )
    rng.shuffle(outcomes)
    sizes = [3] * (W4_MEDIATORS - 2 * len(homes)) + [2] * (3 * len(homes) - W4_MEDIATORS)
    rng.shuffle(sizes)
    cursor = {c.pk: 0 for c in tree}
    used: set[int] = set()
    serial = {c.pk: 0 for c in tree}
    rows, links = [], []

    def fresh(committee, n):
        pool, chosen = pools[committee.pk], []
        while len(chosen) < n:
            pk = pool[cursor[committee.pk]]
            cursor[committee.pk] += 1
            if pk not in used:
                used.add(pk)
                chosen.append(pk)
        return chosen

    def case(committee, received, state, result, closed):
        court, prefix = _court(committee)
        serial[committee.pk] += 1
        number = (
            f"（{received.year}）{prefix}民诉前调{serial[committee.pk] + (200 if received.year == 2024 else 100)}号"
        )
        parties = "、".join(make.name() for _ in range(rng.choice([2, 2, 2, 3])))
        return MediationCase(
            committee=committee,
            court=court,
            case_number=number,
            dispute_kind=rng.choice(DisputeKind.values),
            received_on=received,
            parties_encrypted=pii.encrypt(parties),
            summary="经法院委派，由政协委员参与诉前调解。",
            state=state,
            result=result,
            closed_on=closed,
            outcome_note={"successful": "双方达成调解协议。", "failed": "双方分歧较大，调解不成。"}.get(result, ""),
        )

    # 2024: every case of the W4–W6 figures
    for home, (state, result), size in zip(homes, outcomes, sizes, strict=True):
        if state == "open":
            received = make.day(datetime.date(2024, 11, 1), datetime.date(2024, 12, 20))
            closed = None
        else:
            received = make.day(datetime.date(2024, 1, 3), datetime.date(2024, 10, 31))
            closed = make.after(received, 12, 55)
        rows.append(case(home, received, state, result, closed))
        links.append(fresh(home, size))
    # repeated mediators: a member who mediated two cases of the year counts once
    for i in range(0, 20, 2):
        j = i + 1 if homes[i + 1] is homes[i] else i - 1
        links[j].append(next(pk for pk in links[i] if pk not in links[j]))
    # 2023: cases closed before the period (their mediators are not counted unless they mediated in 2024)
    for i in range(8):
        home = tree[i % len(tree)]
        received = make.day(datetime.date(2023, 3, 1), datetime.date(2023, 10, 31))
        rows.append(
            case(home, received, "concluded", "successful", make.after(received, 10, 40, datetime.date(2023, 12, 20)))
        )
        pool = pools[home.pk]
        links.append([pool[-1 - i], pool[-10 - i]])
    MediationCase.objects.bulk_create(rows, batch_size=500)
    through = MediationCase.mediators.through
    through.objects.bulk_create(
        [through(mediationcase_id=row.pk, member_id=pk) for row, pks in zip(rows, links, strict=True) for pk in pks]
    )
    sessions = []
    for row in rows:
        end = row.closed_on or AS_OF
        for _ in range(rng.choice([1, 2, 2, 3])):
            sessions.append(
                MediationSession(
                    case=row,
                    committee_id=row.committee_id,
                    held_on=make.day(row.received_on, end),
                    place=f"{row.court}诉调对接中心",
                    note="组织双方当事人面对面调解。",
                )
            )
        if row.state == "concluded":
            label = MediationResult(row.result).label
            make.step(row, "conclude", "open", "concluded", row.closed_on, f"{label} {row.closed_on}")
        elif row.state == "returned":
            make.step(row, "return", "open", "returned", row.closed_on, "当事人要求诉讼，退回法院。")
    MediationSession.objects.bulk_create(sessions, batch_size=1000)
    return len(rows)


def _proposals_of(committee):
    """Submitted proposals of the committee, reached through the clue's foreign key (supervision does
    not import the proposals module)."""
    proposals = LitigationClue._meta.get_field("proposal").related_model.objects
    return list(proposals.filter(committee=committee).exclude(state=PROPOSAL_DRAFT).order_by("id")[:40])


def _clues(make, tree, pools) -> int:
    rng = make.rng
    city, counties = tree[0], tree[1:]
    homes = [city] * (W7_CLUES - 15 * len(counties)) + [c for c in counties for _ in range(15)]
    plan = (
        [("closed", True)] * 37
        + [("suggested", True)] * (W9_SUGGESTIONS - 37)
        + [("closed", False)] * 4
        + [("filed", False)] * (W8_FILED - W9_SUGGESTIONS - 4)
        + [("declined", False)] * 5
        + [("sent", False)] * 3
        + [("registered", False)] * (W7_CLUES - W8_FILED - 8)
    )
    rng.shuffle(plan)
    proposals = {c.pk: _proposals_of(c) for c in tree}
    contributor = demo_member("wuwei_member2")
    lo = max(term_start(c) for c in tree) + datetime.timedelta(days=40)
    rows, people = [], []
    for i, (home, (state, suggested)) in enumerate(zip(homes, plan, strict=True)):
        rows.append(_clue(make, home, state, suggested, lo, datetime.date(2024, 9, 30), proposals, i))
        pool = pools[home.pk]
        chosen = [contributor] if i == 0 and contributor in pool else rng.sample(pool[:80], rng.choice([1, 1, 2]))
        people.append(chosen)
    # the previous term: counted only cumulatively
    for i in range(4):
        home = tree[i % len(tree)]
        rows.append(
            _clue(make, home, "closed", True, datetime.date(2021, 3, 1), datetime.date(2021, 6, 30), proposals, 100 + i)
        )
        people.append([])
    LitigationClue.objects.bulk_create(rows, batch_size=500)
    through = LitigationClue.contributors.through
    through.objects.bulk_create(
        [through(litigationclue_id=row.pk, member_id=pk) for row, pks in zip(rows, people, strict=True) for pk in pks]
    )
    for row in rows:
        steps = []
        if row.sent_on:
            steps.append(("send", "registered", "sent", row.sent_on, row.procuratorate))
        if row.filed_on:
            steps.append(("file", "sent", "filed", row.filed_on, row.case_number))
        if row.suggestion_on:
            steps.append(("suggest", "filed", "suggested", row.suggestion_on, ""))
        if row.state == "declined":
            steps.append(("decline", "sent", "declined", row.closed_on, row.result))
        if row.state == "closed":
            steps.append(("close", "suggested" if row.suggestion_on else "filed", "closed", row.closed_on, row.result))
        for action, source, target, day, note in steps:
            make.step(row, action, source, target, day, note)
    return len(rows)


def _clue(make, home, state, suggested, lo, hi, proposals, i):
    rng = make.rng
    topic = CLUE_TOPICS[i % len(CLUE_TOPICS)]
    recorded = make.day(lo, hi)
    clue = LitigationClue(
        committee=home,
        title=f"{home.short_name}{topic}问题线索",
        summary=f"委员在提案和社情民意信息中反映{topic}方面存在的问题，涉及公共利益。",
        recorded_on=recorded,
        state=state,
    )
    linked = proposals.get(home.pk) or []
    if linked and i % 2 == 0:
        clue.source_kind, clue.proposal = ClueSource.PROPOSAL, linked[i % len(linked)]
    else:
        clue.source_kind = ClueSource.OPINION
        clue.source_reference = f"《社情民意》{recorded.year}年第{1 + i % 24}期"
    if state == ClueState.REGISTERED:
        return clue
    clue.procuratorate = f"{home.short_name}人民检察院"
    clue.sent_on = make.after(recorded, 3, 15)
    if state == ClueState.SENT:
        return clue
    if state == ClueState.DECLINED:
        clue.closed_on = make.after(clue.sent_on, 20, 40)
        clue.result = "经审查，不符合公益诉讼立案条件，已函复。"
        return clue
    clue.filed_on = make.after(clue.sent_on, 10, 30)
    clue.case_number = f"{home.short_name}检行公立〔{clue.filed_on.year}〕{100 + i}号"
    if suggested:
        clue.suggestion_on = make.after(clue.filed_on, 10, 40)
        clue.suggestion_summary = f"建议相关行政机关依法履职，整改{topic}问题。"
    if state == ClueState.CLOSED:
        clue.closed_on = make.after(clue.suggestion_on or clue.filed_on, 20, 60)
        clue.result = "行政机关已整改到位，公共利益得到保护。" if rng.random() < 0.9 else "已提起公益诉讼。"
    return clue


def _amounts(rng, total, n, lo, hi):
    """n whole amounts (万元) between lo and hi summing to total."""
    for _ in range(1000):
        values = [rng.randint(lo, hi) for _ in range(n - 1)]
        last = total - sum(values)
        if lo <= last <= hi * 2:
            return [*values, last]
    raise RuntimeError("no amounts found")  # pragma: no cover


def _wuwei_investment(make, tree, pools) -> int:
    rng = make.rng
    city = tree[0]
    visits = []
    for dest, day in (
        ("上海", datetime.date(2023, 4, 10)),
        ("浙江", datetime.date(2023, 9, 12)),
        ("江苏", datetime.date(2024, 5, 20)),
    ):
        visits.append(
            InvestmentVisit(
                committee=city,
                started_on=day,
                ended_on=day + datetime.timedelta(days=4),
                destination=dest,
                purpose="落实《助力招商引资走深走实工作方案》，对接产业链企业。",
            )
        )
    InvestmentVisit.objects.bulk_create(visits)
    _delegations_and_enterprises(make, visits, pools[city.pk], [4, 5, 4])
    homes = [city] * (W11_PROJECTS - 4 * (len(tree) - 1)) + [c for c in tree[1:] for _ in range(4)]
    amounts = _amounts(rng, W12_WAN, W11_PROJECTS, 15_000, 60_000)
    lo = max(term_start(c) for c in tree) + datetime.timedelta(days=60)
    rows = []
    for i, (home, amount) in enumerate(zip(homes, amounts, strict=True)):
        industry = INDUSTRIES[i % len(INDUSTRIES)]
        visit = visits[i % 3] if home == city and i < 6 else None
        signed = make.after(visit.started_on, 30, 120) if visit else make.day(lo, datetime.date(2024, 12, 15))
        rows.append(
            InvestmentProject(
                committee=home,
                name=f"{home.short_name}{industry}产业项目（{i + 1}）",
                investor=make.company(rng.choice(CITIES)[:2]),
                amount_wan=decimal.Decimal(amount),
                signed_on=signed,
                industry=industry,
                visit=visit,
            )
        )
    rows.append(
        InvestmentProject(
            committee=city,
            name=f"{city.short_name}物流园区项目",
            investor=make.company("兰州"),
            amount_wan=decimal.Decimal("30000"),
            signed_on=datetime.date(2021, 6, 18),
            industry="商贸物流",
        )
    )
    InvestmentProject.objects.bulk_create(rows)
    return len(rows)


def _delegations_and_enterprises(make, visits, pool, enterprise_counts, repeats=()):
    rng = make.rng
    through = InvestmentVisit.delegation.through
    links, enterprises = [], []
    names_so_far: list[str] = []
    for visit, count in zip(visits, enterprise_counts, strict=True):
        for pk in rng.sample(pool[:60], rng.randint(3, 6)):
            links.append(through(investmentvisit_id=visit.pk, member_id=pk))
        names = []
        while len(names) < count:
            name = make.company(visit.destination[:2])
            if name not in names and name not in names_so_far:
                names.append(name)
        names_so_far.extend(names)
        enterprises.extend(VisitEnterprise(visit=visit, committee_id=visit.committee_id, name=n) for n in names)
    # an enterprise met again on a later visit counts once
    for later, earlier in repeats:
        name = next(e.name for e in enterprises if e.visit is visits[earlier])
        enterprises.append(VisitEnterprise(visit=visits[later], committee_id=visits[later].committee_id, name=name))
    through.objects.bulk_create(links)
    VisitEnterprise.objects.bulk_create(enterprises, batch_size=1000)


def _liaison(make, tree) -> int:
    rng = make.rng
    city = tree[0]
    term = city.current_term(on=AS_OF)
    leaders = (
        list(
            Membership.objects.filter(
                committee=city,
                term=term,
                role__in=[MemberRole.CHAIR, MemberRole.VICE_CHAIR, MemberRole.SECRETARY_GENERAL],
            )
            .order_by("id")
            .values_list("member_id", flat=True)
        )
        or seated(city)[:6]
    )
    start = term_start(city) + datetime.timedelta(days=70)
    pairs = [
        LiaisonPair(
            committee=city, leader_id=leaders[i % len(leaders)], enterprise=make.company("武威"), started_on=start
        )
        for i in range(12)
    ]
    county = tree[1] if len(tree) > 1 else None
    county_leaders = seated(county)[:2] if county else []
    pairs += [
        LiaisonPair(committee=county, leader_id=pk, enterprise=make.company(county.short_name), started_on=start)
        for pk in county_leaders
    ]
    LiaisonPair.objects.bulk_create(pairs)
    plan = [ProblemState.SOLVED] * W13_SOLVED + [ProblemState.HANDLING] * 4 + [ProblemState.RAISED] * 3
    plan += [ProblemState.CLOSED] * 2
    rows = []
    for i, state in enumerate(plan):
        pair = pairs[i % 12]
        raised = make.day(start + datetime.timedelta(days=10), datetime.date(2024, 10, 31))
        problem = EnterpriseProblem(
            committee=city, pair=pair, description=PROBLEMS[i % len(PROBLEMS)], raised_on=raised, state=state
        )
        if state != ProblemState.RAISED:
            problem.handling = "包抓领导召集相关部门现场办公，明确责任和时限。"
        if state in (ProblemState.SOLVED, ProblemState.CLOSED):
            problem.resolved_on = make.after(raised, 15, 60)
            problem.resolution = "问题已协调解决。" if state == ProblemState.SOLVED else "企业经营调整，终止协调。"
        rows.append(problem)
    for pair in pairs[12:]:  # county pairs: not in the city's own figure
        raised = make.day(start, datetime.date(2024, 6, 30))
        rows.append(
            EnterpriseProblem(
                committee=pair.committee,
                pair=pair,
                description=rng.choice(PROBLEMS),
                raised_on=raised,
                state=ProblemState.SOLVED,
                handling="协调相关部门办理。",
                resolution="问题已协调解决。",
                resolved_on=make.after(raised, 10, 30),
            )
        )
    EnterpriseProblem.objects.bulk_create(rows)
    for row in rows:
        if row.state != ProblemState.RAISED:
            make.step(row, "handle", "raised", "handling", make.after(row.raised_on, 2, 8), row.handling)
        if row.resolved_on:
            make.step(row, "solve" if row.state == "solved" else "close", "handling", row.state, row.resolved_on)
    return len(rows)


def _partners(make, city):
    partners = [
        PartnerCommittee(
            committee=city, partner="乌鲁木齐市政协", kind=PartnerKind.FRIENDLY, agreement_on=datetime.date(2023, 6, 16)
        )
    ]
    for name in ("阿拉善盟政协", "金昌市政协", "张掖市政协", "中卫市政协"):
        partners.append(
            PartnerCommittee(
                committee=city,
                partner=name,
                kind=PartnerKind.LINKAGE,
                agreement_on=datetime.date(2023, 8, 22),
                note="联动联谊联席机制：共同呼吁国家支持西北地区生态环境保护。",
            )
        )
    PartnerCommittee.objects.bulk_create(partners)
    PartnerActivity.objects.bulk_create(
        [
            PartnerActivity(
                partner=partners[0],
                committee=city,
                held_on=datetime.date(2023, 6, 16),
                title="友好政协签约暨座谈交流",
                place="武威",
            ),
            *[
                PartnerActivity(
                    partner=p,
                    committee=city,
                    held_on=datetime.date(2024, 7, 10),
                    title="联席会议：西北地区荒漠化综合防治",
                    place="阿拉善盟",
                )
                for p in partners[1:]
            ],
        ]
    )


# --- 平凉 --------------------------------------------------------------------------------------


def _pingliang(tree) -> dict:
    make = Maker("supervision-620800")
    city = tree[0]
    pool = seated(city)
    posts = _posts(make, city, pool)
    visits = _pingliang_investment(make, tree, pool)
    _support(make, city)
    make.save_transitions()
    return {"posts": posts, "visits": visits}


def _posts(make, city, pool) -> int:
    rng = make.rng
    lo, hi = term_start(city) + datetime.timedelta(days=60), datetime.date(2024, 12, 10)
    rows = []
    me = demo_member("pingliang_member")
    people = ([me] if me in pool else []) + rng.sample([p for p in pool if p != me], 80)
    for i in range(P19_POSTS):
        recommended = make.day(lo, hi)
        ended = i % 5 == 0 and recommended < datetime.date(2024, 1, 1)
        rows.append(
            SupervisorPost(
                committee=city,
                member_id=people[i % len(people)],
                body=BODIES[i % len(BODIES)],
                role=PostRole.SUPERVISOR if i % 3 else PostRole.REVIEWER,
                recommended_on=recommended,
                start_on=recommended,
                end_on=make.after(recommended, 180, 360) if ended else None,
                state=PostState.ENDED if ended else PostState.ACTIVE,
            )
        )
    term = city.current_term(on=AS_OF)
    by_kind = dict(
        Membership.objects.filter(committee=city, term=term, member_id__in=pool).values_list("member_id", "party__kind")
    )
    democratic = [pk for pk in pool if by_kind.get(pk) == PartyKind.DEMOCRATIC and pk != me]
    ever_democratic = set(
        Membership.objects.filter(committee=city, party__kind=PartyKind.DEMOCRATIC).values_list("member_id", flat=True)
    )
    others = [pk for pk in pool if pk not in ever_democratic and pk != me]
    if len(democratic) < P25_REVIEWERS + 1:
        raise RuntimeError("the demo organisation has too few members of democratic parties in 平凉")
    reviewers = democratic[:P25_REVIEWERS]
    bodies = ["平凉市发展和改革委员会", "平凉市中级人民法院", "平凉市自然资源局", "平凉市教育考试院"]
    review_roles = [PostRole.PROJECT_REVIEW, PostRole.TRIAL, PostRole.PLAN_REVIEW, PostRole.EXAM]
    for i, pk in enumerate(reviewers + reviewers[:12]):  # some took part twice: counted once
        day = make.day(lo, hi)
        rows.append(
            SupervisorPost(
                committee=city,
                member_id=pk,
                body=bodies[i % 4],
                role=review_roles[i % 4],
                recommended_on=day,
                start_on=day,
                end_on=day,
                state=PostState.ENDED,
            )
        )
    for i, pk in enumerate(others[:5]):  # not of a democratic party: not in P25
        day = make.day(lo, hi)
        rows.append(
            SupervisorPost(
                committee=city, member_id=pk, body=bodies[i % 4], role=review_roles[i % 4], recommended_on=day
            )
        )
    day = datetime.date(2021, 9, 1)  # the previous term
    rows.append(
        SupervisorPost(
            committee=city,
            member_id=democratic[P25_REVIEWERS],
            body=bodies[0],
            role=review_roles[0],
            recommended_on=day,
        )
    )
    SupervisorPost.objects.bulk_create(rows)
    for row in rows:
        if row.state == PostState.ENDED and row.end_on:
            make.step(row, "end", "active", "ended", row.end_on, str(row.end_on))
    return len(rows)


def _pingliang_investment(make, tree, pool) -> int:
    rng = make.rng
    city = tree[0]
    lo = term_start(city) + datetime.timedelta(days=60)
    visits = []
    for i in range(P8_VISITS):
        day = make.day(lo, datetime.date(2024, 11, 30))
        visits.append(
            InvestmentVisit(
                committee=city,
                started_on=day,
                ended_on=day + datetime.timedelta(days=rng.randint(2, 5)),
                destination=CITIES[i % len(CITIES)],
                purpose="围绕九大重点产业链开展招商考察，对接产业链重点企业。",
            )
        )
    visits.sort(key=lambda v: v.started_on)
    InvestmentVisit.objects.bulk_create(visits)
    counts = [P9_ENTERPRISES // P8_VISITS] * P8_VISITS
    for i in range(P9_ENTERPRISES - sum(counts)):
        counts[i] += 1
    _delegations_and_enterprises(make, visits, pool, counts, repeats=[(5, 1), (9, 2), (14, 3), (20, 0)])
    rows = []
    for i in range(P10_PROJECTS):
        visit = visits[i % P8_VISITS] if i < 15 else None
        signed = make.after(visit.started_on, 20, 90) if visit else make.day(lo, datetime.date(2024, 12, 15))
        industry = INDUSTRIES[i % len(INDUSTRIES)]
        rows.append(
            InvestmentProject(
                committee=city,
                name=f"平凉{industry}项目（{i + 1}）",
                investor=make.company(visit.destination[:2] if visit else "兰州"),
                amount_wan=decimal.Decimal(rng.randint(3_000, 50_000)),
                signed_on=signed,
                industry=industry,
                visit=visit,
            )
        )
    for county in tree[1:6]:  # county projects: not in the city's own figure
        rows.append(
            InvestmentProject(
                committee=county,
                name=f"{county.short_name}现代农业项目",
                investor=make.company("西安"),
                amount_wan=decimal.Decimal(rng.randint(2_000, 20_000)),
                signed_on=make.day(lo, datetime.date(2024, 12, 15)),
                industry="现代农业",
            )
        )
    InvestmentProject.objects.bulk_create(rows)
    return len(visits)


def _support(make, city):
    lo = term_start(city) + datetime.timedelta(days=60)
    villages = [
        "崆峒区峡门乡",
        "泾川县党原镇",
        "灵台县星火乡",
        "崇信县黄寨镇",
        "庄浪县南湖镇",
        "静宁县治平镇",
        "华亭市马峡镇",
    ]
    rows = [
        SupportItem(
            committee=city,
            kind=SupportKind.RURAL_FUNDS,
            title=f"协调落实{villages[i]}帮扶资金",
            amount=decimal.Decimal(amount),
            unit="万元",
            occurred_on=make.day(lo, datetime.date(2024, 11, 30)),
        )
        for i, amount in enumerate(P6_FUNDS)
    ]
    streets = ["西郊街道", "中街街道", "东关街道", "柳湖镇", "四十里铺镇", "崆峒镇", "北塬社区", "新民路社区"]
    rows += [
        SupportItem(
            committee=city,
            kind=SupportKind.CIVILISED_CITY,
            title=f"督导建成{streets[i % len(streets)]}创城宣传示范点（{i // len(streets) + 1}）",
            amount=decimal.Decimal(1),
            unit="处",
            occurred_on=make.day(datetime.date(2023, 3, 1), datetime.date(2024, 10, 31)),
        )
        for i in range(P7_POINTS)
    ]
    rows += [
        SupportItem(
            committee=city,
            kind=SupportKind.OTHER,
            kind_name="优化营商环境",
            title="协调解决企业诉求",
            amount=decimal.Decimal(12),
            unit="件",
            occurred_on=datetime.date(2024, 6, 18),
        ),
        SupportItem(
            committee=city,
            kind=SupportKind.RURAL_FUNDS,
            title="上届协调落实的帮扶资金",
            amount=decimal.Decimal("80.00"),
            unit="万元",
            occurred_on=datetime.date(2021, 8, 2),
        ),
    ]
    SupportItem.objects.bulk_create(rows)
