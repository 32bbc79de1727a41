"""Demo party-building records of 武威 and 平凉 from the start of the current term to today: the
office's party members in their branches and groups (with the moves of 武威's 2023 reorganisation and
its 2025 merger, which `org`'s demo dates), the meetings of party life in their rhythm (支部委员会 and
主题党日 monthly, 党小组会 monthly, 支部党员大会 and 党课 quarterly, 组织生活会 and 民主评议党员 each
January), heart-to-heart talks, and the pairs of "两个全覆盖" with their contacts (a few pairs without a
contact in a year, so the coverage view has someone to list). Bulk inserts with the dates of the
events; the duty ledger's loader, which runs later, derives the members' contact events."""

import datetime
import random

from django.utils import timezone

from lvzhi.core import audit
from lvzhi.org.choices import BranchKind, MemberRole, MembershipStatus, PartyKind
from lvzhi.org.models import Committee, Membership, PartyBranch
from lvzhi.party.choices import BranchRole, ContactWay, MeetingKind, PairKind
from lvzhi.party.models import BranchMembership, Contact, CoveragePair, PartyMeeting, Talk

CITIES = {"620600": "武威", "620800": "平凉"}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾田董潘袁蔡蒋余杜叶程魏苏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力斌宁博雪琳晨浩凯鹏宇欣"
POSITIONS = [
    "一级主任科员",
    "二级主任科员",
    "三级主任科员",
    "四级主任科员",
    "一级科员",
    "副处长",
    "处长",
    "科长",
    "副科长",
]
RETIRED_POSITIONS = ["退休干部", "离休干部"]

# What party life studied, by the time it was held (the themes of those years).
THEMES = [
    (
        datetime.date(2022, 1, 1),
        ["学习党的十九届六中全会精神", "党史学习教育常态化长效化", "学习《中国共产党政治协商工作条例》"],
    ),
    (
        datetime.date(2022, 10, 23),
        [
            "学习宣传贯彻党的二十大精神",
            "学习新修订的《中国共产党章程》",
            "学习习近平总书记关于加强和改进人民政协工作的重要思想",
        ],
    ),
    (
        datetime.date(2023, 4, 1),
        [
            "学习贯彻习近平新时代中国特色社会主义思想主题教育",
            "以学铸魂、以学增智、以学正风、以学促干",
            "主题教育专题研讨：调查研究与政协履职",
        ],
    ),
    (
        datetime.date(2024, 4, 1),
        [
            "党纪学习教育：学习《中国共产党纪律处分条例》",
            "以案为鉴、以案促改警示教育",
            "学习贯彻党的二十届三中全会精神",
        ],
    ),
    (
        datetime.date(2025, 3, 1),
        ["深入贯彻中央八项规定精神学习教育", "学习全国两会精神", "学习贯彻习近平总书记视察甘肃重要讲话精神"],
    ),
    (datetime.date(2026, 1, 1), ["学习党的二十届四中全会精神", "谋划“十五五”时期政协工作", "学习贯彻全国政协全会精神"]),
]
TALK_TOPICS = [
    "思想动态与工作状态",
    "岗位调整谈心",
    "家庭困难关心关爱",
    "年度民主评议后谈心",
    "廉洁自律提醒",
    "新入职干部谈心",
    "评优评先后谈心",
]
CONTACT_TOPICS = [
    "交流学习贯彻全会精神的体会",
    "听取对政协工作的意见建议",
    "就提案选题交换意见",
    "了解所在界别群众关切",
    "走访所在单位了解企业经营情况",
    "共同参加专题调研并交流",
    "就社情民意信息撰写进行沟通",
    "节前走访慰问、听取意见",
]


def _name(rng):
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))


def _themes(day):
    chosen = THEMES[0][1]
    for start, topics in THEMES:
        if day >= start:
            chosen = topics
    return chosen


def _months(start, end):
    day = datetime.date(start.year, start.month, 1)
    while day <= end:
        yield day
        day = datetime.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


class Loader:
    def __init__(self, committee, today):
        self.committee = committee
        self.today = today
        self.rng = random.Random(f"party-{committee.code}")
        term = committee.current_term(on=today)
        self.term = term
        self.start = term.start_date if term else datetime.date(2022, 1, 1)
        self.branches = list(PartyBranch.objects.filter(committee=committee).order_by("sort", "pk"))
        self.memberships: list[BranchMembership] = []

    # --- members of the branches and groups, over time -------------------------------------------

    def people(self):
        rng = self.rng
        rows = []
        units = {b.pk: b for b in self.branches}
        for unit in self.branches:
            begun = unit.established_on or self.start
            parent = units.get(unit.parent_id)
            retired = "离退休" in unit.name or (parent is not None and "离退休" in parent.name)
            if unit.kind == BranchKind.BRANCH:
                # the branch's committee: secretary, deputy and a committee member sit on the branch itself
                people = [(BranchRole.SECRETARY, 1), (BranchRole.DEPUTY, 1), (BranchRole.COMMITTEE, 1)]
            else:
                people = [(BranchRole.GROUP_LEADER, 1), (BranchRole.MEMBER, rng.randint(4, 7))]
            for role, count in people:
                for _ in range(count):
                    rows.append(
                        BranchMembership(
                            committee=self.committee,
                            branch=unit,
                            name=_name(rng),
                            position=rng.choice(RETIRED_POSITIONS if retired else POSITIONS),
                            role=role,
                            joined_on=begun,
                            left_on=unit.dissolved_on,
                        )
                    )
        # the members of a dissolved unit join the one it merged into (or the first branch) the next day
        followers = []
        for row in rows:
            if row.left_on is None:
                continue
            target = self._successor(units, units[row.branch_id])
            if target is None:
                continue
            followers.append(
                BranchMembership(
                    committee=self.committee,
                    branch=target,
                    name=row.name,
                    position=row.position,
                    role=BranchRole.MEMBER,
                    joined_on=row.left_on + datetime.timedelta(days=1),
                )
            )
        rows += followers
        # a few transfers out (retirements, moves to other offices) and newcomers since the term began
        for row in rng.sample([r for r in rows if r.left_on is None and r.role == BranchRole.MEMBER], 4):
            row.left_on = min(self.today, row.joined_on + datetime.timedelta(days=rng.randint(200, 1200)))
            row.note = "调离机关，组织关系转出。"
        current_groups = [b for b in self.branches if b.kind == BranchKind.GROUP and b.dissolved_on is None]
        for _ in range(5):
            group = rng.choice(current_groups)
            joined = min(
                self.today,
                max(group.established_on or self.start, self.start) + datetime.timedelta(days=rng.randint(100, 1500)),
            )
            rows.append(
                BranchMembership(
                    committee=self.committee,
                    branch=group,
                    name=_name(rng),
                    position="四级主任科员",
                    role=BranchRole.MEMBER,
                    joined_on=joined,
                    note="新调入干部，组织关系转入。",
                )
            )
        self.memberships = BranchMembership.objects.bulk_create(rows)

    def _successor(self, units, unit):
        """Where the members of a dissolved unit go: the unit it merged into; for a group without one,
        a group in use under the branch its branch merged into (or any group in use)."""
        if unit.merged_into_id:
            return units[unit.merged_into_id]
        current = [b for b in self.branches if b.kind == unit.kind and b.dissolved_on is None]
        parent = units.get(unit.parent_id)
        if parent is not None and parent.merged_into_id:
            under = [b for b in current if b.parent_id == parent.merged_into_id]
            current = under or current
        return current[0] if current else None

    # --- meetings of party life --------------------------------------------------------------------

    def _present(self, unit, day):
        root = unit.parent_id or unit.pk
        tree = {root} | {b.pk for b in self.branches if b.parent_id == root}
        if unit.kind == BranchKind.GROUP:
            tree = {unit.pk}
        return [
            m
            for m in self.memberships
            if m.branch_id in tree and m.joined_on <= day and (m.left_on is None or m.left_on > day)
        ]

    def _draws(self, *key) -> random.Random:
        """A generator of its own for one month of one unit (one pair's year, …): what is dated before
        the load day never depends on how many later months the load day brings."""
        return random.Random("-".join(["party", self.committee.code, *map(str, key)]))

    def meetings(self):
        planned = []
        for unit in self.branches:
            first = max(self.start, unit.established_on or self.start)
            last = min(self.today, (unit.dissolved_on or self.today) - datetime.timedelta(days=1))
            for month in _months(first, last):
                rng = self._draws("meetings", unit.name, month)
                kinds = []
                if unit.kind == BranchKind.GROUP:
                    kinds.append(MeetingKind.GROUP)
                else:
                    kinds += [MeetingKind.COMMITTEE, MeetingKind.THEME_DAY]
                    if month.month in (3, 6, 9, 12):
                        kinds += [MeetingKind.ASSEMBLY, MeetingKind.LECTURE]
                    if month.month == 1:
                        kinds += [MeetingKind.LIFE, MeetingKind.REVIEW]
                for kind in kinds:
                    day = month + datetime.timedelta(days=rng.randint(2, 25))
                    if kind == MeetingKind.THEME_DAY:
                        day = month + datetime.timedelta(days=rng.choice([0, 1, 2]))  # 每月主题党日 early in the month
                    if first <= day <= last:
                        planned.append((unit, kind, day))
        rows, attendance = [], []
        for unit, kind, day in planned:
            rng = self._draws("meeting", unit.name, kind, day)
            theme = rng.choice(_themes(day))
            topic = {
                MeetingKind.COMMITTEE: f"研究部署支部工作；{theme}",
                MeetingKind.ASSEMBLY: f"支部党员大会：{theme}",
                MeetingKind.GROUP: f"党小组学习：{theme}",
                MeetingKind.LECTURE: f"专题党课：{theme}",
                MeetingKind.THEME_DAY: f"主题党日：{theme}",
                MeetingKind.LIFE: f"{day.year - 1}年度组织生活会",
                MeetingKind.REVIEW: f"{day.year - 1}年度民主评议党员",
            }[kind]
            present = self._present(unit, day)
            if kind == MeetingKind.COMMITTEE:
                present = [m for m in present if m.branch_id == unit.pk]
            chosen = [m for m in present if rng.random() < 0.9]
            rows.append(
                PartyMeeting(
                    committee=self.committee,
                    branch=unit,
                    kind=kind,
                    held_on=day,
                    topic=topic[:200],
                    place=rng.choice(["机关党员活动室", "机关三楼会议室", "政协常委会议室"]),
                    minutes=f"应到{len(present)}人，实到{len(chosen)}人。{theme}。与会党员结合工作交流发言。",
                )
            )
            attendance.append(chosen)
        created = PartyMeeting.objects.bulk_create(rows)
        through = PartyMeeting.attendees.through
        through.objects.bulk_create(
            [
                through(partymeeting_id=meeting.pk, branchmembership_id=m.pk)
                for meeting, chosen in zip(created, attendance, strict=True)
                for m in chosen
            ],
            batch_size=5000,
        )
        return len(created)

    # --- talks --------------------------------------------------------------------------------------

    def talks(self):
        leaders = [m for m in self.memberships if m.role in (BranchRole.SECRETARY, BranchRole.DEPUTY)]
        rows = []
        for month in _months(self.start, self.today):
            rng = self._draws("talks", month)
            for _ in range(rng.randint(1, 3)):
                day = month + datetime.timedelta(days=rng.randint(0, 27))
                if day > self.today:
                    continue
                talker = rng.choice(leaders)
                talkee = rng.choice([m for m in self._present(talker.branch, day) if m.pk != talker.pk] or [talker])
                if talkee.pk == talker.pk:
                    continue
                topic = rng.choice(TALK_TOPICS)
                rows.append(
                    Talk(
                        committee=self.committee,
                        talked_on=day,
                        talker=talker.name,
                        talkee=talkee.name,
                        topic=topic,
                        summary=f"围绕“{topic}”交流，谈话对象表示将立足岗位、担当作为。",
                        confidential_note="谈话对象反映家庭情况，已按程序报告。" if rng.random() < 0.2 else "",
                    )
                )
        Talk.objects.bulk_create(rows)
        return len(rows)

    # --- 两个全覆盖 --------------------------------------------------------------------------------

    def pairs(self):
        if self.term is None:
            return 0, 0
        seats = list(
            Membership.objects.filter(committee=self.committee, term=self.term, status=MembershipStatus.ACTIVE)
            .select_related("party")
            .order_by("id")
        )
        cpc = [s for s in seats if s.party_id and s.party.kind == PartyKind.CPC]
        leaders = [s for s in cpc if s.role in (MemberRole.CHAIR, MemberRole.VICE_CHAIR, MemberRole.SECRETARY_GENERAL)]
        ordinary = [s for s in cpc if s not in leaders]
        outside = [s for s in seats if not (s.party_id and s.party.kind == PartyKind.CPC)]
        assigned = self.start + datetime.timedelta(days=60)
        pairs = []
        for i, seat in enumerate(ordinary):
            if leaders:
                pairs.append((PairKind.GROUP_TO_PARTY, leaders[i % len(leaders)], seat))
        for i, seat in enumerate(outside):
            if ordinary:
                pairs.append((PairKind.PARTY_TO_NON_PARTY, ordinary[i % len(ordinary)], seat))
        rows = [
            CoveragePair(
                committee=self.committee,
                term=self.term,
                kind=kind,
                contactor_id=mine.member_id,
                contacted_id=theirs.member_id,
                assigned_on=assigned,
            )
            for kind, mine, theirs in pairs
        ]
        created = CoveragePair.objects.bulk_create(rows)
        contacts = []
        for index, pair in enumerate(created):
            for year in range(assigned.year, self.today.year + 1):
                rng = self._draws("contacts", index, year)
                lo = max(assigned, datetime.date(year, 1, 1))
                hi = min(self.today, datetime.date(year, 12, 31))
                if lo > hi or rng.random() < 0.07:  # some pairs have no contact in a year
                    continue
                for _ in range(rng.randint(1, 3)):
                    day = lo + datetime.timedelta(days=rng.randint(0, (hi - lo).days))
                    contacts.append(
                        Contact(
                            committee=self.committee,
                            pair=pair,
                            contacted_on=day,
                            way=rng.choice(ContactWay.values),
                            content=rng.choice(CONTACT_TOPICS),
                        )
                    )
        Contact.objects.bulk_create(contacts, batch_size=5000)
        return len(created), len(contacts)


def load(*, stdout=None, today=None, **kwargs) -> dict:
    today = today or timezone.localdate()
    summary = {}
    for committee in Committee.objects.filter(code__in=CITIES).order_by("code"):
        loader = Loader(committee, today)
        if not loader.branches:
            continue
        loader.people()
        meetings = loader.meetings()
        talks = loader.talks()
        pairs, contacts = loader.pairs()
        summary[CITIES[committee.code]] = {
            "members": len(loader.memberships),
            "meetings": meetings,
            "talks": talks,
            "pairs": pairs,
            "contacts": contacts,
        }
    if summary:
        audit.record("demo.load", object_type="party", note=str(summary))
    if stdout is not None and summary:
        stdout.write(
            "演示机关党建："
            + "；".join(
                f"{k} 党员 {v['members']} 人次、组织生活 {v['meetings']} 次、结对 {v['pairs']} 对"
                for k, v in summary.items()
            )
        )
    return summary
