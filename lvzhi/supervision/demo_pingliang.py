"""The supervision demo of 平凉 and its counties (figures P6–P10, P19, P25): supervisor posts,
investment visits and projects, support items."""

import datetime
import decimal

from lvzhi.org.choices import PartyKind
from lvzhi.org.models import Membership
from lvzhi.supervision.choices import (
    PostRole,
    PostState,
    SupportKind,
)
from lvzhi.supervision.demo_common import (
    AS_OF,
    BODIES,
    CITIES,
    INDUSTRIES,
    P6_FUNDS,
    P8_VISITS,
    P9_ENTERPRISES,
    P10_PROJECTS,
    P19_POSTS,
    P25_REVIEWERS,
    Maker,
    delegations_and_enterprises,
    demo_member,
    seated,
    term_start,
)
from lvzhi.supervision.models import (
    InvestmentProject,
    InvestmentVisit,
    SupervisorPost,
    SupportItem,
)

# --- 平凉 --------------------------------------------------------------------------------------


def pingliang(tree) -> dict:
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
    delegations_and_enterprises(make, visits, pool, counts, repeats=[(5, 1), (9, 2), (14, 3), (20, 0)])
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
