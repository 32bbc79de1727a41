"""The supervision demo of 武威 and its counties (figures W4–W9, W11–W13): mediation cases, litigation
clues, investment, liaison with enterprises and the partner committees."""

import datetime
import decimal

from lvzhi.core import pii
from lvzhi.org.choices import MemberRole
from lvzhi.org.models import Membership
from lvzhi.supervision.choices import (
    PROPOSAL_DRAFT,
    ClueSource,
    ClueState,
    DisputeKind,
    MediationResult,
    PartnerKind,
    ProblemState,
)
from lvzhi.supervision.demo_common import (
    AS_OF,
    CITIES,
    CLUE_TOPICS,
    INDUSTRIES,
    PROBLEMS,
    W4_MEDIATORS,
    W5_CONCLUDED,
    W6_SUCCESSFUL,
    W7_CLUES,
    W8_FILED,
    W9_SUGGESTIONS,
    W11_PROJECTS,
    W12_WAN,
    W13_SOLVED,
    W_OPEN,
    W_RETURNED,
    Maker,
    delegations_and_enterprises,
    demo_member,
    seated,
    term_start,
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
)

# --- 武威 --------------------------------------------------------------------------------------


def wuwei(tree) -> dict:
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
    delegations_and_enterprises(make, visits, pools[city.pk], [4, 5, 4])
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
