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

Here each committee's reports; `demo_data` holds the recipients, topics and counts to reach,
`demo_builder` the bulk rows and the people."""

import datetime

from django.utils import timezone

from lvzhi.accounts.models import User
from lvzhi.opinions.choices import (
    AdoptionLevel,
    InstructionLevel,
    IssueKind,
    OpinionState,
    RecipientLevel,
    SubmitterKind,
)
from lvzhi.opinions.demo_builder import Builder, Person, fresh, moment, people, person_of, recipients_of, write
from lvzhi.opinions.demo_data import LIANGZHOU, PINGLIANG, W14_LOCAL_2024, WUWEI
from lvzhi.opinions.figures import NON_CPC_KINDS
from lvzhi.opinions.models import (
    Credit,
    InformationOfficer,
    PartyContact,
    Recipient,
)
from lvzhi.org.choices import PartyKind
from lvzhi.org.models import Committee


def load(*, stdout=None, **kwargs) -> dict:
    committees = {c.code: c for c in Committee.objects.filter(code__in=[WUWEI, LIANGZHOU, PINGLIANG])}
    if len(committees) < 3:
        return {}
    wuwei, liangzhou, pingliang = committees[WUWEI], committees[LIANGZHOU], committees[PINGLIANG]
    staff = {c: User.objects.get(username=u) for c, u in
             ((wuwei, "wuwei_staff"), (liangzhou, "liangzhou_staff"), (pingliang, "pingliang_staff"))}  # fmt: skip
    rcp = {wuwei: recipients_of(wuwei, "city"), pingliang: recipients_of(pingliang, "city"),
           liangzhou: recipients_of(liangzhou, "county")}  # fmt: skip
    b = Builder(20241231)
    _wuwei(b, wuwei, staff[wuwei], rcp[wuwei])
    _liangzhou(b, liangzhou, wuwei, staff, rcp)
    _pingliang(b, pingliang, staff[pingliang], rcp[pingliang])
    # the years after the summaries' date, last: the draws above (and the seed figures) stay as they were
    _after_2024(b, wuwei, staff[wuwei], rcp[wuwei], LATER_PER_YEAR[WUWEI], ("王建国", "刘晓明"))
    _after_2024(b, pingliang, staff[pingliang], rcp[pingliang], LATER_PER_YEAR[PINGLIANG], ("李志强", "张文斌"))
    counts = write(b)
    if stdout is not None:
        stdout.write(f"社情民意：{counts['reports']} 条信息，{counts['issues']} 期。")
    return counts


# Reports a year after 2024, at each city's pace of the term (武威 sent 28 to the city in 2024; 平凉
# sent 30-odd in three years).
LATER_PER_YEAR = {WUWEI: 30, PINGLIANG: 11}


def _after_2024(b, committee, staff, rcp, per_year, leaders):
    """2025 and 2026 to a month before today: reports submitted, edited, published and sent at the
    committee's pace, a third of them with a leader's instruction, some handled by a department and
    fed back, a few adopted by 省政协, one in eight not used. Every date is after 2024-12-31, so no
    figure counted as of that date moves."""
    today = timezone.localdate()
    party, others = people(committee)
    pool = [p for pair in zip(party, others, strict=False) for p in pair] or party + others
    if not pool:
        return
    local = [r for r in rcp.values() if r.level != RecipientLevel.DEPARTMENT and r.name.startswith("市")]
    departments = [r for r in rcp.values() if r.level == RecipientLevel.DEPARTMENT]
    province = rcp.get("省政协办公厅")
    areas = demo_areas(committee)
    n = 0
    for year in range(2025, today.year + 1):
        last = min(datetime.date(year, 12, 20), today - datetime.timedelta(days=30))
        first = datetime.date(year, 1, 6)
        if last <= first:
            continue
        count = round(per_year * ((last - first).days + 1) / 349)
        for i in range(count):
            person = pool[(n * 7 + 3) % len(pool)]
            n += 1
            day = first + datetime.timedelta(days=(last - first).days * i // max(count, 1) + b.rng.randint(0, 6))
            day = min(day, last)
            area = areas[n % len(areas)]
            kind = SubmitterKind.MEMBER
            if i % 8 == 7:
                plan = b.report(committee, by=person.user, credits=[fresh(person)], day=day, area=area, kind=kind)
                b.submit(plan, day)
                b.reject(plan, _after(day, 2, 6, b, today), staff)
                continue
            recipients = [local[i % len(local)]] if local else []
            recipients += [departments[i % len(departments)]] if departments and i % 3 else []
            recipients += [province] if province and i % 6 == 0 else []
            plan = _sent_item(b, committee, person, staff, recipients, day, area=area, kind=kind, cap=today)
            sent = plan.report.sent_on
            if i % 3 == 0:
                b.instruct(plan, _after(sent, 2, 12, b, today), staff, leaders[i % 2], ("市委书记", "市长")[i % 2],
                           InstructionLevel.CITY)  # fmt: skip
            if province and i % 6 == 0 and i % 12 == 0:
                b.adopt(plan, _after(sent, 10, 30, b, today), staff, AdoptionLevel.PROVINCIAL, "甘肃省政协",
                        f"《甘肃政协信息》{year}年第{5 + i}期")  # fmt: skip
            if departments and i % 4 == 1:
                unit = departments[i % len(departments)].name
                b.handle(plan, _after(sent, 10, 25, b, today), staff, unit, "已研究提出整改措施，正在推进落实。")
            if i % 2 == 0 and _after(sent, 15, 45, b) < today:
                b.feedback(plan, _after(sent, 15, 45, b, today), staff)


AREAS = {
    WUWEI: ["凉州区", "民勤县", "古浪县", "天祝县", ""],
    PINGLIANG: ["崆峒区", "泾川县", "灵台县", "崇信县", "华亭市", "庄浪县", "静宁县", ""],
}


def demo_areas(committee):
    """The places a city's reports come from: its own counties, never the other city's."""
    return AREAS.get(committee.code, [""])


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
    plan = b.report(committee, by=person.user, credits=[fresh(person)], day=day, kind=kind, area=area)
    b.submit(plan, day)
    b.accept(plan, _after(day, 1, 3, b, cap), staff, edit=b.rng.random() < 0.6)
    published = _after(day, 4, 12, b, cap)
    b.publish(plan, published, staff)
    b.send(plan, _after(published, 1, 5, b, cap), staff, recipients)
    return plan


def _wuwei(b, wuwei, staff, rcp):
    party, others = people(wuwei)
    me = person_of("wuwei_member", wuwei)
    me2 = person_of("wuwei_member2", wuwei)
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
            plan = b.report(wuwei, by=person.user, credits=[fresh(person)], day=day, area=areas[i % 5])
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
        plan = b.report(wuwei, by=person.user, credits=[fresh(person)], day=day, area=areas[i])
        b.submit(plan, day)
        b.merge(plan, target, _after(day, 1, 2, b), staff)
    for i in range(4):
        person = me2 if i == 0 else pool[(i * 5 + 1) % len(pool)]
        day = _day(b, 2024)
        plan = b.report(wuwei, by=person.user, credits=[fresh(person)], day=day)
        b.submit(plan, day)
        b.reject(plan, _after(day, 2, 6, b), staff)
    for i in range(3):
        plan = _sent_item(b, wuwei, pool[(i * 13 + 2) % len(pool)], staff, [province], _day(b, 2024), area=areas[i])
        plan.report.title = plan.report.title.replace("的建议", "的调研报告")

    # 2025–2026: what is in hand now, at every stage; wuwei_member in several states
    today = timezone.localdate()
    recent = max(datetime.date(2026, 1, 10), today - datetime.timedelta(days=120))
    plan = b.report(wuwei, by=me.user, credits=[fresh(me)], day=today - datetime.timedelta(days=1))  # draft
    plan = b.report(wuwei, by=me.user, credits=[fresh(me)], day=recent)  # returned for revision
    b.submit(plan, recent)
    b.give_back(plan, _after(recent, 1, 3, b), staff)
    plan = b.report(wuwei, by=me.user, credits=[fresh(me)], day=today - datetime.timedelta(days=3))
    b.submit(plan, today - datetime.timedelta(days=3))  # submitted, waiting
    plan = b.report(wuwei, by=me.user, credits=[fresh(me)], day=today - datetime.timedelta(days=8))
    b.submit(plan, today - datetime.timedelta(days=8))
    b.accept(plan, today - datetime.timedelta(days=6), staff)  # being edited
    plan = b.report(wuwei, by=me.user, credits=[fresh(me)], day=datetime.date(2025, 4, 2), area="凉州区")
    b.submit(plan, datetime.date(2025, 4, 2))
    b.reject(plan, datetime.date(2025, 4, 7), staff)
    plan = _sent_item(b, wuwei, me, staff, [local[0], departments[1]], datetime.date(2025, 9, 8))
    b.instruct(plan, datetime.date(2025, 9, 30), staff, "刘晓明", "市长", InstructionLevel.CITY)
    for i in range(8):
        person = [officer, organisation, me2, *pool][i % (len(pool) + 3)]
        day = today - datetime.timedelta(days=5 + i * 9)
        plan = b.report(wuwei, by=person.user, credits=[fresh(person)], day=day, kind=kind_of(person))
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
    party, others = people(liangzhou)
    pool = others[:10] + party[:10]
    county = rcp[liangzhou]
    local = [r for r in county.values() if r.level != RecipientLevel.DEPARTMENT]
    # the item that went up: 凉州区 → 武威 → adopted by 省政协
    person = pool[0]
    day = datetime.date(2024, 5, 6)
    source = b.report(liangzhou, by=person.user, credits=[fresh(person)], day=day, area="凉州区")
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
    copy.report.state, copy.report.submitted_at = OpinionState.SUBMITTED, moment(datetime.date(2024, 5, 20), 14)
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
            plan = b.report(liangzhou, by=person.user, credits=[fresh(person)], day=day, area="凉州区")
            b.submit(plan, day)
            continue
        plan = _sent_item(b, liangzhou, person, county_staff, local, day, area="凉州区", cap=timezone.localdate())
        if i % 2:
            b.feedback(plan, _after(plan.report.sent_on, 10, 30, b, timezone.localdate()), county_staff)


def _pingliang(b, pingliang, staff, rcp):
    party, others = people(pingliang)
    me = person_of("pingliang_member", pingliang)
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
        plan = b.report(pingliang, by=person.user, credits=[fresh(person)], day=day, kind=kind)
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
