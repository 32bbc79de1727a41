"""Demo data of online deliberation: a year of topics for 武威 and 平凉, up to today.

Each city committee puts a topic to all its current members about once a month (three weeks each);
the latest is still open, the earlier ones are closed, and two per committee were distilled into an
outcome. On each topic 10–40% of the audience post an opinion, about a third of the opinions get a
reply from another participant, and a few posts were hidden by the office with a reason. The demo
member accounts `wuwei_member2` and `pingliang_member` take part now and then; `wuwei_member` has not
yet posted on the open topic (so the demo's member path starts there). Deterministic (one generator
seeded per committee), fast (bulk inserts), with each topic's timeline (open, close, distil) and the
audit entries of the hidden posts; the duty-records loader rebuilds the ledger after this one.
Before that year, back to the start of the term (2022), a few topics a year of each city's own
(`demo_term.py`).
"""

import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from lvzhi.accounts.models import User
from lvzhi.core import audit, demo_bulk
from lvzhi.core.models import Transition
from lvzhi.deliberation import demo_term
from lvzhi.deliberation.choices import TopicState
from lvzhi.deliberation.models import Post, Topic, TopicOutcome
from lvzhi.org.audience import AudienceKind, current_memberships
from lvzhi.org.models import Committee

CITIES = {"620600": "wuwei_staff", "620800": "pingliang_staff"}
TOPICS = [
    "如何进一步优化营商环境",
    "加快发展县域经济的意见建议",
    "推进城乡义务教育优质均衡发展",
    "完善基层医疗卫生服务体系",
    "促进文旅深度融合发展",
    "加强祁连山生态保护与修复",
    "推动农村人居环境整治提升",
    "做好高校毕业生就业服务",
    "发展银发经济、完善养老服务",
    "推进数字政府建设",
    "加强历史文化名城保护",
    "促进特色农产品品牌建设",
    "完善城市公共交通体系",
]
OPINIONS = [
    "建议加大政策宣传力度，让企业和群众应知尽知、应享尽享。",
    "建议建立跨部门协调机制，解决职责交叉、推诿扯皮问题。",
    "建议设立专项资金，向基层和薄弱环节倾斜。",
    "建议借鉴先进地区经验，结合本地实际分类推进。",
    "建议加强人才队伍建设，完善引才留才的激励措施。",
    "建议运用信息化手段，推动数据共享、一网通办。",
    "建议开展常态化调研督查，及时发现和解决突出问题。",
    "建议发挥委员工作室作用，广泛收集基层群众意见。",
    "建议完善考核评价办法，把群众满意度作为重要指标。",
    "建议加强与周边地区合作，实现资源共享、优势互补。",
]
REPLIES = [
    "赞同，补充一点：要注重落实。",
    "同意此意见，建议细化措施。",
    "很有针对性，建议纳入成果。",
    "建议再听听基层意见。",
]
# a question of the other city put in its own words (祁连山 is 武威's, not 平凉's)
OWN_TOPICS = {("620800", "加强祁连山生态保护与修复"): "加强泾河流域生态保护与修复"}
AS_OF = datetime.date(2024, 12, 31)  # the summaries' date: the term is the one current then
HIDE_REASONS = ["与议题无关的广告信息", "含有未经核实的个人信息", "重复发布"]
SPAN = datetime.timedelta(days=21)


def _at(day: datetime.date, rnd: random.Random) -> datetime.datetime:
    moment = datetime.datetime.combine(day, datetime.time(8 + rnd.randrange(12), rnd.randrange(60)))
    return timezone.make_aware(moment)


def _load_city(code: str, staff_name: str, today: datetime.date, ct_id: int) -> dict:
    rnd = random.Random(f"deliberation-{code}")
    committee = Committee.objects.get(code=code)
    staff = User.objects.filter(username=staff_name).first()
    seats = list(
        current_memberships().filter(committee=committee).values_list("member_id", flat=True).order_by("member_id")
    )
    if not seats:
        return {"topics": 0, "posts": 0}
    accounts = dict(User.objects.filter(member_id__in=seats).values_list("username", "member_id"))
    regulars = [accounts[u] for u in ("wuwei_member2", "pingliang_member") if u in accounts]
    holdout = accounts.get("wuwei_member")
    topics = []
    for i, title in enumerate(TOPICS):
        title = OWN_TOPICS.get((code, title), title)
        opens = today - datetime.timedelta(days=30 * (len(TOPICS) - 1 - i) + 5)
        closes = opens + SPAN
        state = TopicState.OPEN if closes >= today else TopicState.CLOSED
        topics.append(
            Topic(
                committee=committee,
                title=title,
                audience=AudienceKind.ALL,
                opens_on=opens,
                closes_on=closes,
                anonymous=i % 4 == 3,
                state=state,
                created_by=staff,
                background=f"<p>围绕“{title}”征集委员意见建议。</p>",
                created_at=_at(opens - datetime.timedelta(days=3), rnd),
                updated_at=_at(opens, rnd),
            )
        )
    distilled = {len(TOPICS) - 4, len(TOPICS) - 8}
    for i in distilled:
        topics[i].state = TopicState.DISTILLED
    Topic.objects.bulk_create(topics)

    posts, transitions, hidden = [], [], 0
    for i, topic in enumerate(topics):
        share = rnd.uniform(0.10, 0.40)
        people = rnd.sample(seats, max(1, int(len(seats) * share)))
        if i % 3 == 0:
            people += [m for m in regulars if m not in people]
        if topic.state == TopicState.OPEN and holdout in people:
            people.remove(holdout)
        last = min(topic.closes_on, today)
        days = max((last - topic.opens_on).days, 0)
        for member_id in people:
            when = _at(topic.opens_on + datetime.timedelta(days=rnd.randint(0, days)), rnd)
            when = min(when, timezone.now() - datetime.timedelta(minutes=30))
            posts.append(
                Post(committee=committee, topic=topic, member_id=member_id, text=rnd.choice(OPINIONS), created_at=when)
            )
        step = {"content_type_id": ct_id, "object_id": topic.pk, "committee_id": committee.pk, "actor": staff}
        transitions.append(Transition(**step, action="open", from_state=TopicState.DRAFT, to_state=TopicState.OPEN,
                                      at=_at(topic.opens_on, rnd)))  # fmt: skip
        if topic.state != TopicState.OPEN:
            closed = _at(topic.closes_on, rnd)
            transitions.append(Transition(**step, action="close", from_state=TopicState.OPEN,
                                          to_state=TopicState.CLOSED, at=closed))  # fmt: skip
        if topic.state == TopicState.DISTILLED:
            distil = closed + datetime.timedelta(days=7)
            transitions.append(
                Transition(
                    **step, action="distil", from_state=TopicState.CLOSED, to_state=TopicState.DISTILLED, at=distil
                )
            )
    Post.objects.bulk_create(posts, batch_size=2000)

    replies = []
    authors: dict[int, list[int]] = {}
    for post in posts:
        authors.setdefault(post.topic_id, []).append(post.member_id)
    latest = timezone.now() - datetime.timedelta(minutes=20)
    for post in posts:
        if rnd.random() < 0.33:
            others = [m for m in authors[post.topic_id] if m != post.member_id]
            if others:
                when = min(post.created_at + datetime.timedelta(hours=rnd.randint(1, 72)), latest)
                replies.append(
                    Post(
                        committee=committee,
                        topic_id=post.topic_id,
                        parent=post,
                        member_id=rnd.choice(others),
                        text=rnd.choice(REPLIES),
                        created_at=when,
                    )
                )
    Post.objects.bulk_create(replies, batch_size=2000)

    # a few posts hidden by the office, with the reason kept on the post and in the audit log
    for post in rnd.sample(posts, min(3, len(posts))):
        reason = rnd.choice(HIDE_REASONS)
        post.hidden, post.hidden_reason, post.hidden_by = True, reason, staff
        post.hidden_at = post.created_at + datetime.timedelta(hours=2)
        hidden += 1
        audit.record("deliberation.post.hide", actor=staff, obj=post, after={"hidden": True}, note=reason)
    Post.objects.bulk_update([p for p in posts if p.hidden], ["hidden", "hidden_reason", "hidden_by", "hidden_at"])
    demo_bulk.insert(transitions, Transition)  # dated with the events (bulk_create would stamp them now)

    outcomes = []
    for i in sorted(distilled):
        topic = topics[i]
        chosen = [p for p in posts if p.topic_id == topic.pk and not p.hidden][:8]
        outcome = TopicOutcome(
            committee=committee, topic=topic, created_by=staff,
            summary=f"围绕“{topic.title}”，{len(chosen)} 位委员提出了意见建议，"
            "主要集中在政策落实、部门协同和基层保障等方面。",
            suggestions="\n".join(f"{n}. {p.text}" for n, p in enumerate(chosen, 1)),
            created_at=_at(topic.closes_on + datetime.timedelta(days=7), rnd),
        )  # fmt: skip
        outcomes.append((outcome, chosen))
    TopicOutcome.objects.bulk_create([o for o, _ in outcomes])
    Through = TopicOutcome.posts.through
    Through.objects.bulk_create([Through(topicoutcome_id=o.pk, post_id=p.pk) for o, chosen in outcomes for p in chosen])
    term = committee.current_term(on=AS_OF)
    first = term.start_date if term else datetime.date(2022, 1, 1)
    earlier = demo_term.load(committee, staff, seats, first, topics[0].opens_on, ct_id, OPINIONS, REPLIES)
    return {
        "topics": len(topics),
        "posts": len(posts) + len(replies),
        "hidden": hidden,
        "outcomes": len(outcomes),
        "earlier": earlier,
    }


def load(*, stdout=None, **kwargs) -> dict:
    today = timezone.localdate()
    ct_id = ContentType.objects.get_for_model(Topic).pk
    result = {code: _load_city(code, staff, today, ct_id) for code, staff in CITIES.items()}
    if stdout is not None:
        stdout.write(f"deliberation: {result}\n")
    return result
