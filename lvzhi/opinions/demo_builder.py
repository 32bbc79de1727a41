"""The demo builder: a plan of rows held in memory and written in bulk (reports, credits, sendings,
instructions, adoptions, transitions), deterministic draws, and the people the reports come from."""

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from lvzhi.accounts.models import User
from lvzhi.core.models import Sequence, Transition
from lvzhi.opinions.choices import (
    IssueKind,
    OpinionState,
    SubmitterKind,
)
from lvzhi.opinions.demo_data import RECIPIENTS, TOPICS
from lvzhi.opinions.figures import NON_CPC_KINDS
from lvzhi.opinions.models import (
    Adoption,
    Credit,
    Handling,
    Instruction,
    OpinionIssue,
    OpinionReport,
    Recipient,
    Sending,
)
from lvzhi.org.choices import MembershipStatus
from lvzhi.org.models import Membership


def _tz():
    return timezone.get_default_timezone()


def moment(day: datetime.date, hour=10) -> datetime.datetime:
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
        r.submitted_at = moment(day, 9)
        plan.move("submit", OpinionState.SUBMITTED, day, r.created_by)

    def accept(self, plan, day, staff, *, edit=True):
        plan.report.accepted_at = moment(day)
        plan.move("accept", OpinionState.ACCEPTED, day, staff)
        if edit:
            r = plan.report
            r.title = r.title.replace("关于", "").replace("问题的建议", "问题亟待解决")
            r.content = r.content.replace("经走访了解，", "")
            r.edited_by, r.edited_at = staff, moment(day, 15)
            plan.move("edit", OpinionState.ACCEPTED, day, staff)

    def reject(self, plan, day, staff, reason="所反映问题已有相关部门专项部署，暂不编发。"):
        plan.report.rejected_at, plan.report.reject_reason = moment(day), reason
        plan.move("reject", OpinionState.REJECTED, day, staff, reason)

    def give_back(self, plan, day, staff, note="请补充具体数据和典型事例后再报。"):
        plan.report.return_note = note
        plan.move("return", OpinionState.DRAFT, day, staff, note)

    def publish(self, plan, day, staff, kind=IssueKind.REGULAR):
        plan.report.published_at, plan.publish_day, plan.issue_kind = moment(day, 11), day, kind
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
        plan.report.feedback_text, plan.report.closed_at = text, moment(day, 16)
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


@dataclass
class Person:
    user: object
    credit: Credit


def people(committee, on=datetime.date(2024, 12, 31)):
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


def person_of(username, committee):
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


def fresh(person):
    c = person.credit
    return Credit(kind=c.kind, key=c.key, name=c.name, member=c.member, party=c.party, officer=c.officer, user=c.user)


def recipients_of(committee, level):
    rows = RECIPIENTS[level]
    prefix = committee.short_name[:2] if level == "county" else ""
    return {
        r.name: r
        for r in Recipient.objects.bulk_create(
            [Recipient(committee=committee, name=prefix + name, level=lv, sort=i) for i, (name, lv) in enumerate(rows)]
        )
    }


def write(b: Builder) -> dict:
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
            stamps.append(moment(day, 9) + datetime.timedelta(minutes=i))
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
        p.report.created_at = moment(p.events[0][3], 8)
    OpinionReport.objects.bulk_update([p.report for p in b.plans], ["created_at"], batch_size=500)
    return {"reports": len(b.plans), "issues": len(issues)}
