"""The development registers after the summaries' date (part of the supervision demo): from
2025-01-01 to the day before the load, each committee keeps the pace of its own 2024 record — the
investment visits (招商考察) with their delegations and the enterprises met, the projects signed, the
problems its leaders' enterprises raised (taken up within days, solved or given up within two months,
the last weeks' still open), the members recommended as special supervisors and reviewers (a
supervisor's post ending after a year or so), the rural revitalisation funds it helped to secure and
the demonstration points it supervised. A register a committee kept no record of in 2024 stays
empty after it too.

The records are spread over the period in even slots (a register of one record a year has it in the
first half of the year), with the places and industries of the committee's own city (no 祁连山 in
平凉, no 静宁苹果 in 武威). Every date is after 2024-12-31, so no figure counted as of that date moves;
its own random generator, so the records before 2025 stay as they were. The transitions and the
audit entries the services write are written in bulk, dated with the events."""

import datetime
import decimal
import math

from django.db.models import Count
from django.utils import timezone

from lvzhi.accounts.models import User
from lvzhi.core import demo_bulk
from lvzhi.core.models import AuditEntry
from lvzhi.org.choices import PartyKind
from lvzhi.org.models import Membership
from lvzhi.supervision.choices import PostRole, PostState, ProblemState, SupportKind
from lvzhi.supervision.demo_common import AS_OF, BODIES, PROBLEMS, Maker, at, seated
from lvzhi.supervision.models import (
    DemoPoint,
    EnterpriseProblem,
    InvestmentProject,
    InvestmentVisit,
    LiaisonPair,
    SupervisorPost,
    SupportItem,
    VisitEnterprise,
)

FIRST = datetime.date(2025, 1, 1)

# each city's own places and industries
PLACES = {
    "620600": {
        "staff": "wuwei_staff",
        "destinations": ["上海", "浙江", "江苏", "广东", "山东", "北京", "福建", "天津"],
        "purpose": "落实《助力招商引资走深走实工作方案》，围绕“两区两地”建设对接产业链企业。",
        "industries": ["新能源", "戈壁生态农业", "高原夏菜加工", "凉州文化旅游", "中药材加工", "装备制造", "商贸物流"],
        "villages": ["凉州区清源镇", "民勤县苏武镇", "古浪县黄花滩镇", "天祝县华藏寺镇", "凉州区黄羊镇"],
        "streets": ["东大街街道", "西大街街道", "火车站街道", "荣华街道", "宣武街道", "地质新村街道"],
        "city": "武威市凉州区",
    },
    "620800": {
        "staff": "pingliang_staff",
        "destinations": ["上海", "浙江杭州", "江苏苏州", "广东深圳", "山东青岛", "陕西西安", "四川成都", "福建厦门"],
        "purpose": "围绕九大重点产业链开展招商考察，对接产业链重点企业。",
        "industries": ["平凉红牛", "静宁苹果", "煤电化工", "新能源", "崆峒文化旅游", "中药材", "新材料", "装备制造"],
        "villages": [
            "崆峒区白水镇",
            "泾川县王村镇",
            "灵台县朝那镇",
            "崇信县锦屏镇",
            "庄浪县水洛镇",
            "静宁县城川镇",
            "华亭市安口镇",
            "泾川县飞云镇",
        ],
        "streets": ["西郊街道", "中街街道", "东关街道", "北塬社区", "新民路社区", "广成路社区", "麻武社区"],
        "city": "平凉市崆峒区",
    },
}


def load(tree, seed) -> dict:
    last = timezone.localdate() - datetime.timedelta(days=1)
    if last < FIRST or tree[0].code not in PLACES:
        return {}
    make = Maker(seed)
    place = PLACES[tree[0].code]
    staff = User.objects.filter(username=place["staff"]).first()
    pools = {c.pk: seated(c) for c in tree}
    audit = Audit(staff, tree[0])
    summary = {
        "visits": _visits(make, tree, pools, place, last, audit),
        "projects": _projects(make, tree, place, last, audit),
        "problems": _problems(make, tree, last, audit),
        "posts": _posts(make, tree, pools, last, audit),
        "funds": _funds(make, tree, place, last, audit),
        "points": _points(make, tree, pools, place, last, audit),
    }
    audit.steps(make.transitions)
    make.save_transitions()
    audit.save()
    return summary


class Audit:
    """The audit entries of the records, as the services write them ("supervision.<model>.create", and
    "transition.<action>" for each step), dated with the events; by the city's office for the city's
    records (a county's own office keeps the county's)."""

    def __init__(self, staff, city):
        self.actor_id, self.name, self.city_id = (staff.pk, staff.username, city.pk) if staff else (None, "", None)
        self.rows = []

    def _who(self, committee_id):
        return (self.actor_id, self.name) if committee_id == self.city_id else (None, "")

    def created(self, rows, day_of, fields):
        for row in rows:
            actor_id, name = self._who(row.committee_id)
            self.rows.append(
                {
                    "actor_id": actor_id,
                    "actor_name": name,
                    "action": f"{row._meta.label_lower}.create",
                    "object_type": row._meta.label_lower,
                    "object_id": str(row.pk),
                    "object_repr": str(row)[:200],
                    "committee_id": row.committee_id,
                    "after": {f: str(getattr(row, f)) for f in fields},
                    "at": at(day_of(row), 11),
                }
            )

    def steps(self, transitions):
        for step in transitions:
            actor_id, name = self._who(step.committee_id)
            self.rows.append(
                {
                    "actor_id": actor_id,
                    "actor_name": name,
                    "action": f"transition.{step.action}",
                    "object_type": step.content_type.model_class()._meta.label_lower,
                    "object_id": str(step.object_id),
                    "committee_id": step.committee_id,
                    "before": {"state": step.from_state},
                    "after": {"state": step.to_state},
                    "note": step.note[:500],
                    "at": step.at,
                }
            )

    def save(self):
        demo_bulk.insert(self.rows, AuditEntry)


def _insert(model, rows, *days):
    """Insert the records registered on the day of their event (`created_at`) and last changed on the
    day of their last (`updated_at`): `days` are the functions giving a record's dates, the first its
    registration."""
    for row in rows:
        dates = [d for d in (day(row) for day in days) if d]
        row.created_at, row.updated_at = at(dates[0], 11), at(max(dates), 16)
    fields = [model._meta.get_field("created_at"), model._meta.get_field("updated_at")]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        model.objects.bulk_create(rows, batch_size=1000)
    finally:
        for f, now, add in saved:
            f.auto_now, f.auto_now_add = now, add


def _pace(model, date_field, tree, **only) -> dict[int, int]:
    """How many records each committee of the tree kept in 2024."""
    rows = model.objects.filter(committee__in=tree, **{f"{date_field}__year": 2024}, **only)
    return dict(rows.values_list("committee_id").annotate(n=Count("id")).values_list("committee_id", "n"))


def _days(make, per_year: int, last: datetime.date) -> list[datetime.date]:
    """`per_year` days a year from 2025-01-01 to `last`, one in each even slot of the year (in the slot's
    first half, so a register of one record a year has it before July); a year begun at least half
    way gets its share, at least one."""
    days = []
    for year in range(FIRST.year, last.year + 1):
        lo, hi = datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), last)
        length = (hi - lo).days + 1
        count = math.floor(per_year * length / 365 + 0.5)
        if per_year and length >= 183:
            count = max(count, 1)
        for i in range(count):
            start = lo + datetime.timedelta(days=length * i // count)
            days.append(start + datetime.timedelta(days=make.rng.randint(0, max(length // count * 45 // 100 - 1, 0))))
    return days


def _visits(make, tree, pools, place, last, audit) -> int:
    rng = make.rng
    visits, counts = [], []
    for committee in tree:
        per_year = _pace(InvestmentVisit, "started_on", [committee]).get(committee.pk, 0)
        for day in _days(make, per_year, last):
            ended = day + datetime.timedelta(days=rng.randint(2, 5))
            visits.append(
                InvestmentVisit(
                    committee=committee,
                    started_on=day,
                    ended_on=ended if ended <= last else None,
                    destination=rng.choice(place["destinations"]),
                    purpose=place["purpose"],
                )
            )
            counts.append(rng.randint(3, 6))
    _insert(InvestmentVisit, visits, lambda v: v.started_on, lambda v: v.ended_on)
    through = InvestmentVisit.delegation.through
    links, enterprises = [], []
    for visit, count in zip(visits, counts, strict=True):
        pool = pools.get(visit.committee_id) or []
        links += [through(investmentvisit_id=visit.pk, member_id=pk) for pk in rng.sample(pool[:60], min(len(pool), 4))]
        names = set()
        while len(names) < count:
            names.add(make.company(visit.destination[:2]))
        enterprises += [VisitEnterprise(visit=visit, committee_id=visit.committee_id, name=n) for n in sorted(names)]
    through.objects.bulk_create(links)
    VisitEnterprise.objects.bulk_create(enterprises, batch_size=1000)
    audit.created(visits, lambda v: v.started_on, ["started_on", "destination"])
    return len(visits)


def _projects(make, tree, place, last, audit) -> int:
    rng = make.rng
    rows = []
    for committee in tree:
        per_year = _pace(InvestmentProject, "signed_on", [committee]).get(committee.pk, 0)
        known = InvestmentProject.objects.filter(committee=committee).count()
        amounts = (15_000, 60_000) if committee.code.startswith("6206") else (3_000, 50_000)
        for n, day in enumerate(_days(make, per_year, last), start=known + 1):
            industry = rng.choice(place["industries"])
            visit = (
                InvestmentVisit.objects.filter(committee=committee, started_on__lt=day, started_on__gte=FIRST)
                .order_by("-started_on")
                .first()
                if rng.random() < 0.5
                else None
            )
            rows.append(
                InvestmentProject(
                    committee=committee,
                    name=f"{committee.short_name}{industry}产业项目（{n}）",
                    investor=make.company(visit.destination[:2] if visit else "兰州"),
                    amount_wan=decimal.Decimal(rng.randint(*amounts)),
                    signed_on=day,
                    industry=industry,
                    visit=visit,
                )
            )
    _insert(InvestmentProject, rows, lambda p: p.signed_on)
    audit.created(rows, lambda p: p.signed_on, ["name", "amount_wan", "signed_on"])
    return len(rows)


def _problems(make, tree, last, audit) -> int:
    """Raised by the enterprises of the committee's liaison pairs; taken up within a week, solved (or,
    now and then, given up) within two months — as far as the days since allow."""
    rng = make.rng
    rows = []
    for committee in tree:
        per_year = _pace(EnterpriseProblem, "raised_on", [committee]).get(committee.pk, 0)
        pairs = list(LiaisonPair.objects.filter(committee=committee).order_by("pk"))
        if not pairs:
            continue
        for day in _days(make, per_year, last):
            problem = EnterpriseProblem(
                committee=committee,
                pair=rng.choice(pairs),
                description=rng.choice(PROBLEMS),
                raised_on=day,
                state=ProblemState.RAISED,
            )
            handled = day + datetime.timedelta(days=rng.randint(2, 8))
            if handled <= last:
                problem.state, problem.handling = (
                    ProblemState.HANDLING,
                    "包抓领导召集相关部门现场办公，明确责任和时限。",
                )
                resolved = day + datetime.timedelta(days=rng.randint(15, 60))
                if resolved <= last:
                    solved = rng.random() < 0.9
                    problem.state = ProblemState.SOLVED if solved else ProblemState.CLOSED
                    problem.resolved_on = resolved
                    problem.resolution = "问题已协调解决。" if solved else "企业经营调整，终止协调。"
            rows.append((problem, handled))
    handled_on = {id(p): handled for p, handled in rows}
    _insert(
        EnterpriseProblem,
        [p for p, _ in rows],
        lambda p: p.raised_on,
        lambda p: p.resolved_on or (handled_on[id(p)] if p.state == ProblemState.HANDLING else None),
    )
    for problem, handled in rows:
        if problem.state != ProblemState.RAISED:
            make.step(problem, "handle", "raised", "handling", handled, problem.handling)
        if problem.resolved_on:
            action = "solve" if problem.state == ProblemState.SOLVED else "close"
            make.step(problem, action, "handling", problem.state, problem.resolved_on)
    audit.created([p for p, _ in rows], lambda p: p.raised_on, ["description", "raised_on"])
    return len(rows)


def _posts(make, tree, pools, last, audit) -> int:
    """Special supervisors and reviewers (a post of a year or so) and the one-day reviews members of the
    democratic parties were recommended to, each at its 2024 pace."""
    rng = make.rng
    rows = []
    reviews = [PostRole.PROJECT_REVIEW, PostRole.TRIAL, PostRole.PLAN_REVIEW, PostRole.EXAM]
    review_bodies = {
        PostRole.PROJECT_REVIEW: "发展和改革委员会",
        PostRole.TRIAL: "中级人民法院",
        PostRole.PLAN_REVIEW: "自然资源局",
        PostRole.EXAM: "教育考试院",
    }
    for committee in tree:
        pool = pools.get(committee.pk) or []
        if not pool:
            continue
        posts = _pace(SupervisorPost, "recommended_on", [committee], role__in=[PostRole.SUPERVISOR, PostRole.REVIEWER])
        other = _pace(SupervisorPost, "recommended_on", [committee], role__in=reviews)
        term = committee.current_term(on=AS_OF)
        democratic = list(
            Membership.objects.filter(
                committee=committee, term=term, member_id__in=pool, party__kind=PartyKind.DEMOCRATIC
            )
            .order_by("member_id")
            .values_list("member_id", flat=True)
            .distinct()
        )
        city = committee.short_name.removesuffix("市")
        bodies = [b.replace("平凉", city) for b in BODIES]
        for i, day in enumerate(_days(make, posts.get(committee.pk, 0), last)):
            ends = day + datetime.timedelta(days=rng.randint(330, 400))
            ended = ends <= last and i % 3 == 0
            rows.append(
                SupervisorPost(
                    committee=committee,
                    member_id=rng.choice(pool[:120]),
                    body=rng.choice(bodies),
                    role=PostRole.SUPERVISOR if i % 3 else PostRole.REVIEWER,
                    recommended_on=day,
                    start_on=day,
                    end_on=ends if ended else None,
                    state=PostState.ENDED if ended else PostState.ACTIVE,
                )
            )
        for day in _days(make, other.get(committee.pk, 0) if democratic else 0, last):
            role = rng.choice(reviews)
            rows.append(
                SupervisorPost(
                    committee=committee,
                    member_id=rng.choice(democratic),
                    body=f"{committee.short_name}{review_bodies[role]}",
                    role=role,
                    recommended_on=day,
                    start_on=day,
                    end_on=day,
                    state=PostState.ENDED,
                )
            )
    _insert(SupervisorPost, rows, lambda p: p.recommended_on, lambda p: p.end_on)
    for row in rows:
        if row.state == PostState.ENDED:
            make.step(row, "end", "active", "ended", row.end_on, str(row.end_on))
    audit.created(rows, lambda p: p.recommended_on, ["member_id", "body", "role", "recommended_on"])
    return len(rows)


def _funds(make, tree, place, last, audit) -> int:
    rng = make.rng
    rows = []
    for committee in tree:
        per_year = _pace(SupportItem, "occurred_on", [committee], kind=SupportKind.RURAL_FUNDS).get(committee.pk, 0)
        for day in _days(make, per_year, last):
            rows.append(
                SupportItem(
                    committee=committee,
                    kind=SupportKind.RURAL_FUNDS,
                    title=f"协调落实{rng.choice(place['villages'])}帮扶资金",
                    amount=decimal.Decimal(rng.randint(2000, 5500)) / 100,
                    unit="万元",
                    occurred_on=day,
                )
            )
        # the other support the committee recorded in 2024 (平凉: 优化营商环境), once a year as then
        for item in SupportItem.objects.filter(committee=committee, kind=SupportKind.OTHER, occurred_on__year=2024):
            for year in range(FIRST.year, last.year + 1):
                lo, hi = datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), last)
                rows.append(
                    SupportItem(
                        committee=committee,
                        kind=SupportKind.OTHER,
                        kind_name=item.kind_name,
                        title=item.title,
                        amount=decimal.Decimal(rng.randint(8, 16)),
                        unit=item.unit,
                        occurred_on=make.day(lo, hi),
                    )
                )
    _insert(SupportItem, rows, lambda s: s.occurred_on)
    audit.created(rows, lambda s: s.occurred_on, ["kind", "title", "amount", "occurred_on"])
    return len(rows)


def _points(make, tree, pools, place, last, audit) -> int:
    rng = make.rng
    rows = []
    for committee in tree:
        per_year = _pace(DemoPoint, "built_on", [committee]).get(committee.pk, 0)
        names = set(DemoPoint.objects.filter(committee=committee).values_list("name", flat=True))
        for day in _days(make, per_year, last):
            street = rng.choice(place["streets"])
            phase = 1
            name = f"{street}创城宣传示范点"
            while name in names:
                phase += 1
                name = f"{street}创城宣传示范点（{'一二三四五六七八九十'[min(phase, 10) - 1]}期）"
                if phase > 10:
                    name = f"{street}创城宣传示范点（{day.year}年{phase}）"
            names.add(name)
            rows.append(DemoPoint(committee=committee, name=name, place=f"{place['city']}{street}", built_on=day))
    _insert(DemoPoint, rows, lambda p: p.built_on)
    through = DemoPoint.supervisors.through
    links = []
    for point in rows:
        pool = pools.get(point.committee_id) or []
        links += [through(demopoint_id=point.pk, member_id=m) for m in rng.sample(pool, min(len(pool), 2))]
    through.objects.bulk_create(links)
    audit.created(rows, lambda p: p.built_on, ["name", "place", "built_on"])
    return len(rows)
