"""Online deliberation's earlier term (part of the deliberation demo): from the start of the current
term (2022) to where `demo.py`'s year before the load begins, each city committee put a topic of its
own city to its members in March, June, September and November (three weeks each); all are closed,
and most were distilled into an outcome a week after. 10–40 % of the members posted, a third of the
opinions got a reply.

Each topic draws from its own generator, seeded with the committee and the day it opened: nothing of
it depends on the day of the load but whether it comes before the newest year (so no record before
2025 does). The topics' timelines (open, close, distil) dated with the events, in bulk; the newest
year (the member's path of the demo) is as `demo.py` writes it."""

import datetime
import random

from django.utils import timezone

from lvzhi.core import demo_bulk
from lvzhi.core.models import Transition
from lvzhi.deliberation.choices import TopicState
from lvzhi.deliberation.models import Post, Topic, TopicOutcome
from lvzhi.org.audience import AudienceKind

MONTHS = (3, 6, 9, 11)
SPAN = datetime.timedelta(days=21)
# each city's own questions, in the order they were put
TITLES = {
    "620600": [
        "推进石羊河流域综合治理",
        "巩固民勤防沙治沙成果",
        "擦亮凉州文化名片",
        "加强祁连山北麓生态保护",
        "发展戈壁生态农业",
        "做大做强高原夏菜产业",
        "推动天祝县文旅融合发展",
        "加快古浪县生态移民区发展",
        "打造武威历史文化旅游精品线路",
        "发展新能源及装备制造产业",
        "提升武威城区停车管理水平",
        "加强雷台汉墓等文物保护利用",
        "完善农村养老服务体系",
        "推进河西走廊物流枢纽建设",
        "提升中小学课后服务质量",
        "加强农村饮水安全保障",
        "发展凉州葡萄酒产业",
        "优化城乡公交线路",
        "推进民勤县节水农业发展",
        "加强天祝县草原生态保护",
        "促进凉州区夜间经济发展",
        "推动古浪县特色林果产业发展",
        "完善武威城区老旧小区改造",
        "发展武威现代物流和跨境电商",
    ],
    "620800": [
        "做大做强静宁苹果产业链",
        "推进平凉红牛全产业链发展",
        "加强泾河流域生态保护与治理",
        "打造崆峒山文化旅游品牌",
        "推进庄浪梯田保护与利用",
        "促进华亭煤电化工产业转型",
        "加强六盘山红色文化资源保护",
        "发展中药材种植与加工",
        "推进泾川西王母文化研究与传承",
        "提升平凉城区柳湖片区环境",
        "完善农村养老服务体系",
        "加强灵台县古灵台遗址保护",
        "推进崇信县乡村振兴示范村建设",
        "提升中小学课后服务质量",
        "加强农村饮水安全保障",
        "发展平凉特色农产品电商",
        "优化城乡公交线路",
        "推进平凉陇东南区域物流中心建设",
        "推进静宁县果品冷链物流建设",
        "加强崆峒区城市内涝治理",
        "发展华亭市康养旅游",
        "促进灵台县牛产业与种植业循环发展",
        "完善平凉城区老旧小区改造",
        "提升泾川县温泉旅游品质",
    ],
}


def _at(day, rnd):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(8 + rnd.randrange(12), rnd.randrange(60))))


def load(committee, staff, seats, first, before, ct_id, opinions, replies) -> dict:
    """`seats`: the committee's current members; `first` the term's first day, `before` the day the
    newest year's first topic opens."""
    titles = TITLES.get(committee.code)
    if not titles or not seats:
        return {"topics": 0, "posts": 0}
    seats = sorted(seats)
    plan = []
    for year in range(first.year, before.year + 1):
        for month in MONTHS:
            opens = datetime.date(year, month, 8)
            if first <= opens and opens + SPAN < before and len(plan) < len(titles):
                plan.append(opens)
    topics, draws = [], []
    for n, opens in enumerate(plan):
        rnd = random.Random(f"deliberation-{committee.code}-{opens}")
        distilled = rnd.random() < 0.75
        topics.append(
            Topic(
                committee=committee,
                title=titles[n],
                audience=AudienceKind.ALL,
                opens_on=opens,
                closes_on=opens + SPAN,
                anonymous=n % 4 == 3,
                state=TopicState.DISTILLED if distilled else TopicState.CLOSED,
                created_by=staff,
                background=f"<p>围绕“{titles[n]}”征集委员意见建议。</p>",
                created_at=_at(opens - datetime.timedelta(days=3), rnd),
                updated_at=_at(opens + SPAN + datetime.timedelta(days=7 if distilled else 0), rnd),
            )
        )
        draws.append(rnd)
    Topic.objects.bulk_create(topics)
    posts, steps = [], []
    for topic, rnd in zip(topics, draws, strict=True):
        people = rnd.sample(seats, max(1, int(len(seats) * rnd.uniform(0.10, 0.40))))
        for member_id in people:
            when = _at(topic.opens_on + datetime.timedelta(days=rnd.randint(0, SPAN.days)), rnd)
            posts.append(
                Post(committee=committee, topic=topic, member_id=member_id, text=rnd.choice(opinions), created_at=when)
            )
        step = {"content_type_id": ct_id, "object_id": topic.pk, "committee_id": committee.pk, "actor": staff}
        closed = _at(topic.closes_on, rnd)
        steps += [
            Transition(
                **step,
                action="open",
                from_state=TopicState.DRAFT,
                to_state=TopicState.OPEN,
                at=_at(topic.opens_on, rnd),
            ),
            Transition(**step, action="close", from_state=TopicState.OPEN, to_state=TopicState.CLOSED, at=closed),
        ]
        if topic.state == TopicState.DISTILLED:
            steps.append(
                Transition(
                    **step,
                    action="distil",
                    from_state=TopicState.CLOSED,
                    to_state=TopicState.DISTILLED,
                    at=closed + datetime.timedelta(days=7),
                )
            )
    Post.objects.bulk_create(posts, batch_size=2000)
    by_topic: dict[int, list[Post]] = {}
    for post in posts:
        by_topic.setdefault(post.topic_id, []).append(post)
    answers, outcomes = [], []
    for topic, rnd in zip(topics, draws, strict=True):
        mine = by_topic.get(topic.pk, [])
        authors = [p.member_id for p in mine]
        for post in mine:
            others = [m for m in authors if m != post.member_id]
            if others and rnd.random() < 0.33:
                answers.append(
                    Post(
                        committee=committee,
                        topic=topic,
                        parent=post,
                        member_id=rnd.choice(others),
                        text=rnd.choice(replies),
                        created_at=post.created_at + datetime.timedelta(hours=rnd.randint(1, 72)),
                    )
                )
        if topic.state == TopicState.DISTILLED:
            chosen = mine[:8]
            outcome = TopicOutcome(
                committee=committee,
                topic=topic,
                created_by=staff,
                summary=f"围绕“{topic.title}”，{len(chosen)} 位委员提出了意见建议，"
                "主要集中在政策落实、部门协同和基层保障等方面。",
                suggestions="\n".join(f"{n}. {p.text}" for n, p in enumerate(chosen, 1)),
                created_at=_at(topic.closes_on + datetime.timedelta(days=7), rnd),
            )
            outcomes.append((outcome, chosen))
    Post.objects.bulk_create(answers, batch_size=2000)
    TopicOutcome.objects.bulk_create([o for o, _ in outcomes])
    through = TopicOutcome.posts.through
    through.objects.bulk_create([through(topicoutcome_id=o.pk, post_id=p.pk) for o, chosen in outcomes for p in chosen])
    demo_bulk.insert(steps, Transition)
    return {"topics": len(topics), "posts": len(posts) + len(answers), "outcomes": len(outcomes)}
