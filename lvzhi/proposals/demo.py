"""Demo proposals for 平凉 and 武威 (deterministic; bulk inserts, a few seconds).

平凉 (620800), current term, as of 2024-12-31: exactly 452 handled proposals (filed and assigned:
P17), 24 of them with an onsite supervision (P18), and 85 submitted in the name of a party or
organisation (P23), plus proposals rejected, converted, merged and withdrawn.
武威 (620600): a session with proposals in every state; `wuwei_member` is first proposer of several
of them and co-proposer of one to confirm; `wuwei_unit` has pending assignments.

Most proposers rate the lead unit's reply 满意 or 基本满意; about one rated reply in thirty (one in
eight of the C replies) is 不满意, with the proposer's reason, and the office reopens it (重办, round
2, a new deadline): the unit replies again and the proposer rates the second reply (see
`Builder._second_round`). No seed figure reads the ratings or the replies (P17 counts the proposals
assigned, replied or closed, which a reopened proposal stays), so these run over the whole term,
2024 included.

Runs after the organisation's demo loader; does nothing if the committees are missing or already
hold proposals.
"""

import contextlib
import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from lvzhi.accounts.models import User
from lvzhi.core.models import Sequence, Transition
from lvzhi.org.models import Committee, Membership, Party, Session, Unit, chinese_numeral
from lvzhi.proposals.models import (
    AnswerCategory,
    Assignment,
    CoProposer,
    Evaluation,
    Proposal,
    ProposalCategory,
    RejectionReason,
    Supervision,
)
from lvzhi.proposals.rules import add_months
from lvzhi.proposals.services.rules import policy_for
from lvzhi.proposals.similarity import refresh_index, tokens_for

TOPICS = [
    ("城乡居民医疗保障", "社会建设"),
    ("农村饮水安全工程", "社会建设"),
    ("中小学课后服务", "社会建设"),
    ("文旅融合发展", "文化建设"),
    ("黄河流域生态保护", "生态文明建设"),
    ("特色农产品品牌建设", "经济建设"),
    ("老旧小区改造", "社会建设"),
    ("县域医共体建设", "社会建设"),
    ("职业教育产教融合", "社会建设"),
    ("民营经济发展环境", "经济建设"),
    ("冷链物流体系", "经济建设"),
    ("乡村振兴人才队伍", "经济建设"),
    ("城市停车管理", "社会建设"),
    ("居家社区养老服务", "社会建设"),
    ("非物质文化遗产保护传承", "文化建设"),
    ("防沙治沙和荒漠化防治", "生态文明建设"),
    ("高标准农田建设", "经济建设"),
    ("新能源产业链", "经济建设"),
    ("基层社会治理", "政治建设"),
    ("优化营商环境", "经济建设"),
    ("中医药产业发展", "经济建设"),
    ("红色文化资源保护利用", "文化建设"),
    ("农村人居环境整治", "生态文明建设"),
    ("基层党组织标准化建设", "党的建设"),
    ("公共法律服务体系", "政治建设"),
    ("全民阅读", "文化建设"),
    ("城市供热保障", "社会建设"),
    ("牛羊产业高质量发展", "经济建设"),
    ("寒旱农业", "经济建设"),
    ("智慧城市建设", "经济建设"),
]
PATTERNS = ["关于加强{}的建议", "关于推进{}的建议", "关于完善{}的建议", "关于进一步优化{}的建议", "关于支持{}的建议"]
SITUATION = "当前我市{}工作取得一定成效，但仍存在投入不足、机制不健全、基层力量薄弱等问题，群众反映较多。"
ANALYSIS = "主要原因是统筹协调不够，部门职责边界不清，资金保障渠道单一。"
SUGGESTIONS = "一是加强统筹，建立{}联席会议制度；二是加大投入，争取上级资金支持；三是完善考核，压实部门责任。"
REPLIES = {
    "A": "经研究，所提问题已列入年度重点工作并基本解决。",
    "B": "所提建议已列入明年工作计划，正在组织实施。",
    "C": "受目前财力条件限制，我们将在今后工作中研究解决。",
}
# 重办: a few proposers are not satisfied with the lead unit's reply (more often with a C reply); they
# say why, the office reopens the assignment with a new deadline of about a month, the unit replies
# again after talking the matter over with the proposer, and the proposer rates the second reply.
UNSATISFIED_SHARE = {"A": 0.02, "B": 0.025, "C": 0.12}
UNSATISFIED_COMMENTS = {
    "A": ["答复内容较笼统，所述成效与实际情况有差距，未与提案人当面沟通。", "办理进度较慢，所提建议未见实质性落实。"],
    "B": ["答复只说列入计划，没有明确的办理措施和完成时限。", "答复所列措施与提案所提问题不对应，请重新研究。"],
    "C": ["答复以财力有限为由，未提出具体解决措施和时间安排。", "所提问题群众反映强烈，答复缺乏可操作的办理措施。"],
}
REOPEN_NOTE = "提案人对答复不满意，请重新研究办理，与提案人当面沟通后答复。"
SECOND_REPLY = (
    "经重新研究并与提案人当面沟通，已制定具体办理措施，明确责任科室和完成时限，将按期落实并及时反馈办理进展。"
)


@contextlib.contextmanager
def _keep_timestamps(*fields):
    """Let bulk inserts keep the historical times the demo gives instead of "now"."""
    saved = [(f, f.auto_now_add) for f in fields]
    for f, _ in saved:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f, value in saved:
            f.auto_now_add = value


def _at(day: datetime.date, hour=10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


class Builder:
    """Collects rows for one committee and writes them with bulk inserts."""

    def __init__(self, committee, seed):
        self.committee = committee
        self.rng = random.Random(seed)
        # the second rounds (重办) draw from their own generator: the other draws stay as they were
        self.second = random.Random(f"second-round-{seed}")
        policy_for(committee)
        self.term = committee.current_term(datetime.date(2024, 12, 31)) or committee.current_term()
        self.categories = {c.name: c for c in ProposalCategory.objects.filter(committee=committee)}
        self.answers = {a.code: a for a in AnswerCategory.objects.filter(committee=committee)}
        self.reasons = list(RejectionReason.objects.filter(committee=committee))
        self.units = list(Unit.objects.filter(committee=committee, is_active=True))
        seats = Membership.objects.filter(committee=committee, term=self.term, status="active").select_related(
            "member", "party"
        )
        self.seats = list(seats)
        self.members = [s.member for s in self.seats]
        self.parties = list(Party.objects.filter(committee=committee, is_active=True))
        self.leaders = [s.member for s in self.seats if s.role in ("chair", "vice_chair", "secretary_general")]
        self.serials: dict = {}
        self.rows: list[dict] = []
        self.n = 0

    def title(self):
        topic, category = TOPICS[self.n % len(TOPICS)]
        pattern = PATTERNS[(self.n // len(TOPICS)) % len(PATTERNS)]
        self.n += 1
        return pattern.format(topic), category, topic

    def add(self, state, *, session, submitted, kind="individual", proposer=None, party=None, extra=None):
        title, category, topic = self.title()
        row = {
            "state": state,
            "session": session,
            "submitted": submitted,
            "kind": kind,
            "proposer": proposer or self.rng.choice(self.members),
            "party": party,
            "title": title,
            "category": self.categories.get(category),
            "topic": topic,
            **(extra or {}),
        }
        self.rows.append(row)
        return row

    def cosign(self, seed, share=0.97):
        """Most members take part in each session's proposals: a member with no proposal of their own
        in a session co-signs one of its filed joint proposals (`share` of them do; a member who left
        during the term, in the sessions before they left). Their own random generator, so the draws
        above stay as they were; no figure counts co-proposers."""
        rng = random.Random(seed)
        former = list(
            Membership.objects.filter(committee=self.committee, term=self.term, ended_on__isnull=False)
            .exclude(status="active")
            .select_related("member")
            .order_by("member_id")
        )
        by_session: dict = {}
        for row in self.rows:
            by_session.setdefault(row["session"].pk if row["session"] else None, []).append(row)
        filed = ("filed", "assigned", "replied", "closed")
        for rows in by_session.values():
            joint = [r for r in rows if r["kind"] == "joint" and r["state"] in filed]
            if not joint:
                continue
            taking = {r["proposer"].pk for r in rows} | {m.pk for r in rows for m, _ in r.get("coproposers", [])}
            day = min(r["submitted"] for r in rows)
            seated = self.members + [s.member for s in former if s.ended_on >= day]
            for member in sorted(seated, key=lambda m: m.pk):
                if member.pk not in taking and rng.random() < share:
                    rng.choice(joint).setdefault("coproposers", []).append((member, True))

    def number(self, session):
        key = f"{self.term.number}-{session.number if session else 0}"
        self.serials[key] = self.serials.get(key, 0) + 1
        n = self.serials[key]
        if session:
            text = f"{chinese_numeral(self.term.number)}届{chinese_numeral(session.number)}次会议第{n:04d}号"
        else:
            text = f"{chinese_numeral(self.term.number)}届闭会期间第{n:04d}号"
        return n, text

    def write(self, *, actor=None):
        ct = ContentType.objects.get_for_model(Proposal)
        ct_a = ContentType.objects.get_for_model(Assignment)
        proposals = []
        for row in self.rows:
            state = row["state"]
            # a term's proposals are submitted in that term (its first session may open on its first day)
            submitted = row["submitted"] = max(row["submitted"], self.term.start_date)
            p = Proposal(
                committee=self.committee,
                term=self.term,
                session=row["session"],
                kind=row["kind"],
                proposer=row["proposer"],
                party=row["party"],
                title=row["title"],
                category=row["category"],
                situation=SITUATION.format(row["topic"]),
                analysis=ANALYSIS,
                suggestions=SUGGESTIONS.format(row["topic"]),
                state=state,
                created_at=_at(submitted - datetime.timedelta(days=3)),
                submitted_at=_at(submitted) if state != "draft" else None,
                is_key=row.get("key", False),
            )
            p.tokens = tokens_for(p.title, p.situation, p.analysis, p.suggestions)
            if state in ("filed", "assigned", "replied", "closed") or row.get("was_filed"):
                p.serial, p.number = self.number(row["session"])
                p.filed_at = _at(submitted + datetime.timedelta(days=7))
            if state in ("assigned", "replied", "closed"):
                p.assigned_at = _at(row.get("assigned_on") or submitted + datetime.timedelta(days=15))
            if state == "closed":
                p.closed_at = _at(row.get("closed_on") or submitted + datetime.timedelta(days=150))
            if state == "rejected":
                p.reject_reason = self.rng.choice(self.reasons)
                p.review_note = "经审查，建议以其他方式反映。"
            if state == "converted":
                p.converted_target = self.rng.choice(["suggestion", "opinion"])
            proposals.append(p)
        with _keep_timestamps(Proposal._meta.get_field("created_at"), Transition._meta.get_field("at")):
            Proposal.objects.bulk_create(proposals, batch_size=500)
            if not all(p.pk for p in proposals):  # backends that do not return ids
                ids = list(
                    Proposal.objects.filter(committee=self.committee).order_by("id").values_list("id", flat=True)
                )
                for p, pk in zip(proposals, ids[-len(proposals) :], strict=True):
                    p.pk = p.id = pk
            filed = [p for p in proposals if p.state in ("filed", "assigned", "replied", "closed")]
            for p, row in zip(proposals, self.rows, strict=True):
                if row["state"] == "merged" and filed:
                    p.merged_into = filed[proposals.index(p) % len(filed)]
            Proposal.objects.bulk_update([p for p in proposals if p.merged_into_id], ["merged_into"])
            coproposers, assignments, transitions = [], [], []
            for p, row in zip(proposals, self.rows, strict=True):
                for member, confirmed in row.get("coproposers", []):
                    coproposers.append(
                        CoProposer(proposal=p, member=member, confirmed_at=_at(row["submitted"]) if confirmed else None)
                    )
                if p.state in ("assigned", "replied", "closed"):
                    assignments += self._assignments(p, row)
            now = timezone.now()
            for a, meta in assignments:
                if meta.get("second"):
                    self._second_round(a, meta, now)
            Proposal.objects.bulk_update(
                [a.proposal for a, meta in assignments if meta.get("second")], ["state", "closed_at"]
            )
            for p in proposals:
                transitions += self._transitions(ct, p, actor)
            CoProposer.objects.bulk_create(coproposers, batch_size=1000)
            Assignment.objects.bulk_create([a for a, _ in assignments], batch_size=1000)
            evaluations, supervisions = [], []
            for a, meta in assignments:
                first = meta.get("first_reply") or a.replied_at
                if a.state == "replied" or meta.get("reopened"):
                    transitions.append(self._transition(ct_a, a, "sign", "pending", "signed", a.signed_at, None))
                    transitions.append(self._transition(ct_a, a, "reply", "signed", "replied", first, None))
                if meta.get("reopened"):
                    transitions.append(
                        self._transition(ct_a, a, "reopen", "replied", "signed", meta["reopened"], actor, REOPEN_NOTE)
                    )
                    if a.state == "replied":
                        transitions.append(self._transition(ct_a, a, "reply", "signed", "replied", a.replied_at, None))
                for round_, rating, comment, at in meta.get("evaluations", []):
                    evaluations.append(
                        Evaluation(
                            committee=self.committee,
                            assignment=a,
                            member=a.proposal.proposer,
                            round=round_,
                            rating=rating,
                            comment=comment,
                            created_at=at,
                        )
                    )
                if meta.get("rating"):
                    evaluations.append(
                        Evaluation(
                            committee=self.committee,
                            assignment=a,
                            member=a.proposal.proposer,
                            rating=meta["rating"],
                            comment="" if meta["rating"] != "unsatisfied" else "办理进度较慢。",
                            created_at=a.replied_at + datetime.timedelta(days=10),
                        )
                    )
            for p, row in zip(proposals, self.rows, strict=True):
                for kind, day in row.get("supervisions", []):
                    supervisions.append(
                        Supervision(
                            committee=self.committee,
                            proposal=p,
                            kind=kind,
                            date=day,
                            leader=self.rng.choice(self.leaders) if self.leaders else None,
                            notes="听取承办单位办理情况汇报，实地查看落实情况。",
                        )
                    )
            with _keep_timestamps(Evaluation._meta.get_field("created_at")):
                Evaluation.objects.bulk_create(evaluations, batch_size=1000)
            Supervision.objects.bulk_create(supervisions, batch_size=1000)
            Transition.objects.bulk_create(transitions, batch_size=1000)
            if self.leaders:  # 督办领导 of the key proposals
                through = Proposal.supervising_leaders.through
                through.objects.bulk_create(
                    [
                        through(proposal_id=p.pk, member_id=self.leaders[i % len(self.leaders)].pk)
                        for i, p in enumerate(q for q in proposals if q.is_key)
                    ]
                )
        for key, last in self.serials.items():
            Sequence.objects.update_or_create(committee=self.committee, key=key, defaults={"last": last})
        return proposals

    def _transition(self, ct, obj, action, source, target, at, actor, note=""):
        return Transition(
            content_type=ct,
            object_id=obj.pk,
            committee=self.committee,
            action=action,
            from_state=source,
            to_state=target,
            actor=actor,
            at=at,
            note=note,
        )

    def _second_round(self, a, meta, now):
        """An unsatisfied rating of the lead unit's reply and what follows it, as the services write it
        (`evaluate_assignment`, `reopen_assignment`, `reply`), dated with the events: the rating ten
        days after the reply, the office's 重办 a few days later (round 2, a new deadline a month on;
        the proposal back to 已交办), the unit's second reply and the proposer's second rating (most
        基本满意). What lies after the day of the load has not happened yet: a recent one is still in
        its second round, or waiting for the office."""
        p, code = a.proposal, meta.pop("second")
        first, closed_at = a.replied_at, p.closed_at
        rated = first + datetime.timedelta(days=10)
        if rated >= now:  # not rated yet
            return
        comment = self.second.choice(UNSATISFIED_COMMENTS[code])
        meta["evaluations"] = [(1, "unsatisfied", comment, rated)]
        closed = p.state == "closed"
        p.state, p.closed_at = "replied", None  # until the office reopens it
        reopened = rated + datetime.timedelta(days=self.second.randint(2, 6), hours=-2)
        if reopened >= now:
            return
        meta["reopened"], meta["first_reply"] = reopened, first
        p.second_round = {"reopened": reopened}
        a.round, a.deadline = 2, add_months(timezone.localdate(reopened), 1)
        p.state, a.state = "assigned", "signed"
        replied = reopened + datetime.timedelta(days=self.second.randint(12, 28), hours=3)
        if replied >= now:
            a.replied_at = None
            return
        a.replied_at, a.reply_text = replied, SECOND_REPLY
        if code == "C" and self.second.random() < 0.6:  # the second reply commits to a plan
            a.reply_category = self.answers["B"]
        a.state, p.state = "replied", "replied"
        p.second_round["replied"] = replied
        rated = replied + datetime.timedelta(days=self.second.randint(5, 12))
        if rated >= now:
            return
        rating = self.second.choices(["basically_satisfied", "satisfied"], (60, 40))[0]
        meta["evaluations"].append((2, rating, "", rated))
        if closed:
            closing = max(rated + datetime.timedelta(days=self.second.randint(5, 20)), closed_at or rated)
            if closing < now:
                p.state, p.closed_at = "closed", closing

    def _transitions(self, ct, p, actor):
        steps = []
        if p.state == "draft":
            return steps
        steps.append(("submit", "draft", "submitted", p.submitted_at, None))
        review = p.submitted_at + datetime.timedelta(days=7)
        final = {
            "rejected": "reject",
            "converted": "convert",
            "merged": "merge",
            "withdrawn": "withdraw",
        }.get(p.state)
        if final:
            steps.append((final, "submitted", p.state, review, actor))
        if p.filed_at:
            steps.append(("file", "submitted", "filed", p.filed_at, actor))
        if p.assigned_at:
            steps.append(("assign", "filed", "assigned", p.assigned_at, actor))
        second = getattr(p, "second_round", None)  # 重办 (see _second_round)
        if p.state in ("replied", "closed") or second:
            steps.append(("answer", "assigned", "replied", p.assigned_at + datetime.timedelta(days=60), None))
        if second:
            steps.append(("reopen", "replied", "assigned", second["reopened"], actor, REOPEN_NOTE))
            if "replied" in second:
                steps.append(("answer", "assigned", "replied", second["replied"], None))
        if p.state == "closed":
            steps.append(("close", "replied", "closed", p.closed_at, actor))
        return [self._transition(ct, p, *s) for s in steps]

    def _assignments(self, p, row):
        start = timezone.localdate(p.assigned_at)
        deadline = add_months(start, 3)
        units = self.rng.sample(self.units, k=min(len(self.units), 2))
        plan = row.get("units") or ([(units[0], "lead"), (units[1], "co")] if len(units) > 1 else [(units[0], "lead")])
        result = []
        for unit, role in plan:
            state = "pending"
            if p.state in ("replied", "closed"):
                state = "replied"
            elif row.get("assignment_state"):
                state = row["assignment_state"] if role != "co" else "signed"
            a = Assignment(
                committee=self.committee,
                proposal=p,
                unit=unit,
                role=role,
                state=state,
                assigned_at=p.assigned_at,
                deadline=deadline,
            )
            if state in ("signed", "replied"):
                a.signed_at = p.assigned_at + datetime.timedelta(days=2)
            meta = {}
            if state == "replied":
                a.replied_at = p.assigned_at + datetime.timedelta(days=row.get("reply_days", 60))
                if role == "co":
                    a.opinion_text = "同意主办单位意见，将积极配合。"
                else:
                    # most replies solve or plan to solve the matter; one in ten cannot yet (C)
                    code = row.get("answer") or self.rng.choices("ABC", (62, 28, 10))[0]
                    a.reply_category = self.answers[code]
                    a.reply_text = REPLIES[code]
                    a.reply_contact = "办公室 0935-0000000"
                    if p.state == "closed" or row.get("rated"):
                        # satisfaction follows the reply: a C reply is less often rated 满意
                        weights = (50, 50) if code == "C" else (82, 18)
                        meta["rating"] = (
                            row.get("rating") or self.rng.choices(["satisfied", "basically_satisfied"], weights)[0]
                        )
                        if not row.get("rating") and self.second.random() < UNSATISFIED_SHARE[code]:
                            meta["second"] = code  # 不满意, then 重办 (_second_round)
                            del meta["rating"]
            result.append((a, meta))
        return result


def _sessions_until(committee, term, day):
    return list(Session.objects.filter(committee=committee, term=term, start_date__lte=day).order_by("number"))


# How a session's proposals stand once handled: most closed, some replied and awaiting the
# proposer's evaluation, a few not filed, turned into other forms, merged or withdrawn.
HANDLED_SESSION = ["closed"] * 80 + ["replied"] * 8 + ["rejected"] * 5 + ["converted"] * 3 + ["merged"] * 3
HANDLED_SESSION += ["withdrawn"]
# A session of this year, half a year on: some still with the units
RECENT_SESSION = ["closed"] * 55 + ["replied"] * 22 + ["assigned"] * 12 + ["rejected"] * 6 + ["converted"] * 5


def add_sessions(b, sessions, *, per_session=120, today=None):
    """The proposals of whole sessions (after the summaries' date for 平凉; the term's earlier years
    for 武威), submitted in the days around each session's opening and handled since."""
    today = today or timezone.localdate()
    for session in sessions:
        plan = RECENT_SESSION if session.start_date.year == today.year else HANDLED_SESSION
        for i in range(per_session):
            state = plan[(i * 37) % len(plan)]
            day = session.start_date - datetime.timedelta(days=5) + datetime.timedelta(days=i % 9)
            extra = {"key": i < per_session // 12}
            if state == "assigned":
                extra["assignment_state"] = "signed"
            if i % 7 == 0:
                extra["coproposers"] = [(m, True) for m in b.rng.sample(b.members, k=min(2, len(b.members)))]
                row = b.add(state, session=session, submitted=day, kind="joint", extra=extra)
                row["coproposers"] = [(m, c) for m, c in row["coproposers"] if m.pk != row["proposer"].pk]
            else:
                b.add(state, session=session, submitted=day, extra=extra)


def load_pingliang(committee):
    b = Builder(committee, seed=620800)
    if not b.members or len(b.units) < 2 or b.term is None:
        return 0
    end = datetime.date(2024, 12, 31)
    sessions = _sessions_until(committee, b.term, end) or [None]
    start = max(b.term.start_date, datetime.date(2022, 1, 1))

    def when(i):
        session = sessions[i % len(sessions)]
        day = session.start_date if session else start + datetime.timedelta(days=40 + (i * 7) % 900)
        return session, min(day, end - datetime.timedelta(days=120))

    organisations = [p for p in b.parties if p.kind != "cpc"] or b.parties
    contact = {}
    for seat in b.seats:
        if seat.party_id:
            contact.setdefault(seat.party_id, seat.member)
    handled = 452
    for i in range(handled):
        session, day = when(i)
        state = "closed" if i % 10 < 6 else ("replied" if i % 10 < 8 else "assigned")
        extra = {"key": i < 40}
        if i < 24:
            extra["supervisions"] = [
                ("onsite", day + datetime.timedelta(days=60)),
                ("meeting", day + datetime.timedelta(days=30)),
            ]
        elif i < 40:
            extra["supervisions"] = [("written", day + datetime.timedelta(days=45))]
        if state == "assigned":
            extra["assignment_state"] = "signed"
        kind, party, proposer = "individual", None, None
        if 100 <= i < 185 and organisations:  # 85 in the name of parties and organisations
            party = organisations[i % len(organisations)]
            kind, proposer = "organisation", contact.get(party.pk)
        elif i % 7 == 0:
            kind = "joint"
            extra["coproposers"] = [(m, True) for m in b.rng.sample(b.members, k=min(2, len(b.members)))]
        row = b.add(state, session=session, submitted=day, kind=kind, proposer=proposer, party=party, extra=extra)
        row["coproposers"] = [(m, c) for m, c in row.get("coproposers", []) if m.pk != row["proposer"].pk]
    for i, state in enumerate(["rejected"] * 18 + ["converted"] * 12 + ["merged"] * 9 + ["withdrawn"] * 4):
        session, day = when(i)
        b.add(state, session=session, submitted=day)
    # the sessions after the summaries' date (2025 on): none of them counts in the 2024 figures
    later = [s for s in _sessions_until(committee, b.term, timezone.localdate()) if s.start_date > end]
    add_sessions(b, later)
    b.cosign("cosigners-620800")
    return len(b.write())


def load_wuwei(committee):
    b = Builder(committee, seed=620600)
    if not b.members or len(b.units) < 2 or b.term is None:
        return 0
    today = timezone.localdate()
    sessions = _sessions_until(committee, b.term, today)
    session = sessions[-1] if sessions else None
    base = session.start_date if session else today - datetime.timedelta(days=200)
    member_user = User.objects.filter(username="wuwei_member").select_related("member").first()
    member2_user = User.objects.filter(username="wuwei_member2").select_related("member").first()
    unit_user = User.objects.filter(username="wuwei_unit").select_related("unit").first()
    staff = User.objects.filter(username="wuwei_staff").first()
    me = member_user.member if member_user and member_user.member_id else None
    other = member2_user.member if member2_user and member2_user.member_id else None
    my_unit = unit_user.unit if unit_user and unit_user.unit_id else None
    others = [u for u in b.units if my_unit is None or u.pk != my_unit.pk]
    recent = today - datetime.timedelta(days=5)

    def unit_plan(i):
        if my_unit is not None and i % 2 == 0:
            return [(my_unit, "lead"), (others[i % len(others)], "co")]
        return [(others[i % len(others)], "lead")]

    # wuwei_member's own proposals in several states
    if me is not None:
        b.add("draft", session=session, submitted=today, proposer=me)
        if other is not None:
            b.add(
                "draft",
                session=session,
                submitted=today,
                proposer=other,
                kind="joint",
                extra={"coproposers": [(me, False)]},
            )
        b.add("submitted", session=session, submitted=recent, proposer=me)
        b.add("rejected", session=session, submitted=base, proposer=me)
        b.add(
            "assigned",
            session=session,
            submitted=today - datetime.timedelta(days=20),
            proposer=me,
            extra={"units": unit_plan(0), "assigned_on": recent},
        )
        b.add(
            "replied",
            session=session,
            submitted=base,
            proposer=me,
            extra={"units": unit_plan(1), "assigned_on": base + datetime.timedelta(days=20), "answer": "B"},
        )
        b.add("closed", session=session, submitted=base, proposer=me, extra={"rated": True, "rating": "satisfied"})
    # the term's earlier sessions, handled
    add_sessions(b, [s for s in sessions if s.start_date.year < today.year])
    for i in range(12):
        b.add("submitted", session=session, submitted=recent - datetime.timedelta(days=i % 4))
    for _i in range(6):
        b.add("filed", session=session, submitted=recent - datetime.timedelta(days=10))
    for i in range(14):
        b.add(
            "assigned",
            session=session,
            submitted=today - datetime.timedelta(days=25),
            extra={
                "units": unit_plan(i),
                "assigned_on": today - datetime.timedelta(days=3 + i),
                "assignment_state": "pending" if i % 3 else "signed",
                "key": i < 3,
            },
        )
    for i in range(10):
        b.add("replied", session=session, submitted=base, extra={"units": unit_plan(i), "rated": i % 2 == 0})
    for i in range(24):
        b.add("closed", session=session, submitted=base, extra={"units": unit_plan(i)})
    for state, count in (("rejected", 5), ("converted", 3), ("merged", 3), ("withdrawn", 2), ("draft", 3)):
        for _ in range(count):
            b.add(state, session=session, submitted=base if state != "draft" else today)
    b.cosign("cosigners-620600")
    return len(b.write(actor=staff))


@transaction.atomic
def load(**kwargs):
    """Demo proposals for 平凉 and 武威; silent when the committees are missing or already loaded."""
    total = 0
    for code, loader in (("620800", load_pingliang), ("620600", load_wuwei)):
        committee = Committee.objects.filter(code=code).first()
        if committee is None or Proposal.objects.filter(committee=committee).exists():
            continue
        total += loader(committee)
    if total:
        refresh_index()  # the similar-proposal index of the bulk-inserted proposals
    return total
