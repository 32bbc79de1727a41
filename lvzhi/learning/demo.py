"""Demo data of the learning corner for 武威 and 平凉: a year of study materials up to today (about
four a month, a third of them required, a few reaching the county committees too), members' study
(50–85 % of each required material's audience, less for optional ones and for materials still open),
reflections, and two reading groups per city with a schedule and discussion posts; before that year,
back to the start of the term (2022), a material or two a month with their study (`demo_term.py`).

Deterministic: each city draws from its own generator seeded with its code, and the dates are laid out
relative to today. Written with bulk_create, with what the services would write where it is read
later: the publish and submit transitions (the timelines) and the default topics. The duty ledger is
rebuilt by the duties loader, which runs last."""

import contextlib
import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from lvzhi.core import audit
from lvzhi.core.models import Transition
from lvzhi.learning import demo_term
from lvzhi.learning.choices import DEFAULT_TOPICS, GroupState, MaterialKind, MaterialState, ReflectionState
from lvzhi.learning.models import (
    GroupMember,
    GroupPost,
    ReadingGroup,
    ReadingSession,
    Reflection,
    StudyMaterial,
    StudyRecord,
    Topic,
)
from lvzhi.org.audience import current_memberships
from lvzhi.org.models import Committee

CITIES = (("620600", "wuwei"), ("620800", "pingliang"))
AS_OF = datetime.date(2024, 12, 31)  # the summaries' date: the term is the one current then

TITLES = {
    "第一议题": [
        "习近平总书记关于加强和改进人民政协工作的重要思想",
        "学习贯彻党的二十届三中全会精神",
        "习近平总书记在庆祝中国人民政治协商会议成立75周年大会上的重要讲话",
        "习近平总书记关于发展新质生产力的重要论述",
        "习近平总书记视察甘肃重要讲话和重要指示精神",
        "全国政协全体会议精神传达提纲",
    ],
    "理论学习": [
        "中国式现代化的理论内涵与实践要求",
        "全过程人民民主的生动实践",
        "新时代统一战线工作的基本方略",
        "社会主义协商民主的制度优势",
        "铸牢中华民族共同体意识专题辅导",
    ],
    "政策法规": [
        "《中国人民政治协商会议章程》学习读本",
        "《中国共产党政治协商工作条例》解读",
        "《甘肃省乡村振兴促进条例》要点",
        "优化营商环境条例解读",
        "生态环境保护法律法规汇编",
    ],
    "履职知识": [
        "如何撰写高质量提案",
        "社情民意信息的选题与写作",
        "委员视察调研的方法与要求",
        "专题协商会议发言的准备",
        "委员履职档案与年度述职说明",
    ],
}
BOOKS = [
    ("《习近平谈治国理政》第四卷", "外文出版社"),
    ("《之江新语》", "浙江人民出版社"),
    ("《人民政协70年》", "中国文史出版社"),
    ("《乡土中国》", "费孝通"),
]
REFLECTIONS = [
    "通过学习，我深刻认识到人民政协是具有中国特色的制度安排，作为委员要坚持建言资政和凝聚共识双向发力，"
    "在调查研究上下功夫，把群众的急难愁盼准确反映上来。",
    "这次学习让我对全过程人民民主有了更深的理解。今后履职中要把协商民主贯穿始终，多到基层听取意见，"
    "提出有分量、可操作的提案和社情民意信息。",
    "结合本职工作，我体会到发展新质生产力关键在创新。我将围绕本地特色产业开展调研，"
    "为推动产业转型升级提出务实管用的建议。",
    "学习后深感责任重大。作为界别委员，要发挥联系群众的桥梁作用，讲好政策、解疑释惑，"
    "同时把界别群众的真实诉求通过提案反映出来。",
]
POSTS = [
    "读完本章，最大的体会是理论要联系实际，建议下次讨论时每人结合本职谈一点做法。",
    "这一部分关于基层治理的论述很有启发，我们县正在推进的网格化管理可以对照改进。",
    "赞同上面几位委员的看法，我补充一点：调研要沉下去，多听一线群众的声音。",
    "本周读到第三章，摘录一句与大家共勉：知之愈明，则行之愈笃。",
    "建议读书群下次活动安排到委员工作室，邀请村干部一起交流。",
    "读书笔记已整理好，重点是关于协商民主制度化、规范化、程序化的部分。",
]


@contextlib.contextmanager
def _dated(*fields):
    """Let bulk_create keep the demo's dates in auto_now(_add) fields (no second pass to restamp them)."""
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f, _now, _add in saved:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, add in saved:
            f.auto_now, f.auto_now_add = now, add


def _field(model, name):
    return model._meta.get_field(name)


def _body(title, rng):
    parts = [
        f"<p>为深入学习{title}，现将学习材料印发各位委员，请认真学习、深刻领会。</p>",
        "<h3>一、学习要点</h3><ul><li>把握核心要义和实践要求</li><li>结合履职实际，谈体会、找差距</li></ul>",
        "<h3>二、学习要求</h3><p>各位委员可结合本职工作撰写学习心得，在读书群组中交流讨论。</p>",
    ]
    return "".join(parts[: 2 + rng.randint(0, 1)])


def _at(day: datetime.date, rng) -> datetime.datetime:
    tz = timezone.get_default_timezone()
    return datetime.datetime.combine(day, datetime.time(rng.randint(8, 21), rng.randint(0, 59)), tzinfo=tz)


def _city(code, prefix, today, content_types):
    committee = Committee.objects.filter(code=code).first()
    if committee is None:
        return None
    rng = random.Random(int(code))
    staff = get_user_model().objects.filter(username=f"{prefix}_staff").first()
    topics = Topic.objects.bulk_create(
        [Topic(committee=committee, name=name, position=i) for i, name in enumerate(DEFAULT_TOPICS)]
    )
    topic_by_name = {t.name: t for t in topics}
    seats = list(
        current_memberships()
        .filter(committee__path__startswith=committee.path)
        .values_list("member_id", "committee_id", "sector_id")
    )
    own = [s for s in seats if s[1] == committee.pk]
    # one seat per member, as the services credit it: the city's own seat, else the county's
    own_ids = {s[0] for s in own}
    seats = own + sorted({s[0]: s for s in seats if s[0] not in own_ids}.values())
    start = today - datetime.timedelta(days=364)

    materials, plans = [], []
    for i in range(48):
        day = start + datetime.timedelta(days=int(i * 364 / 48) + rng.randint(0, 6))
        day = min(day, today)
        topic = rng.choice(list(TITLES))
        title = rng.choice(TITLES[topic])
        kind = rng.choices(
            [MaterialKind.ARTICLE, MaterialKind.DOCUMENT, MaterialKind.VIDEO, MaterialKind.AUDIO], [6, 2, 2, 1]
        )[0]
        required = topic == "第一议题" or rng.random() < 0.25
        lower = required and topic == "第一议题" and rng.random() < 0.5
        state = MaterialState.PUBLISHED
        if i >= 46:
            state = MaterialState.DRAFT
        elif i == 20:
            state = MaterialState.WITHDRAWN
        material = StudyMaterial(
            committee=committee,
            include_lower=lower,
            title=title if kind != MaterialKind.VIDEO else f"{title}（视频）",
            kind=kind,
            body=_body(title, rng) if kind in (MaterialKind.ARTICLE, MaterialKind.DOCUMENT) else "",
            author=rng.choice(["人民日报", "新华社", "全国政协办公厅", "市政协办公室", ""]),
            media_url=f"http://xuexi.{prefix}.zx.local/media/{i + 1}.{'mp4' if kind == MaterialKind.VIDEO else 'mp3'}"
            if kind in (MaterialKind.VIDEO, MaterialKind.AUDIO)
            else "",
            required=required,
            deadline=day + datetime.timedelta(days=30) if required else None,
            state=state,
            published_at=_at(day, rng) if state != MaterialState.DRAFT else None,
            withdraw_reason="内容已更新，另行印发" if state == MaterialState.WITHDRAWN else "",
            created_by=staff,
        )
        materials.append(material)
        plans.append((day, topic))
    for title, author in rng.sample(BOOKS, 2):
        day = start + datetime.timedelta(days=rng.randint(10, 120))
        materials.append(
            StudyMaterial(
                committee=committee,
                title=title,
                kind=MaterialKind.BOOK,
                author=author,
                body="<p>书香政协读书活动推荐书目。</p>",
                state=MaterialState.PUBLISHED,
                published_at=_at(day, rng),
                created_by=staff,
            )
        )
        plans.append((day, "理论学习"))
    for material, (day, _topic) in zip(materials, plans, strict=True):
        material.created_at = material.updated_at = _at(day, rng) - datetime.timedelta(hours=2)
    with _dated(_field(StudyMaterial, "created_at"), _field(StudyMaterial, "updated_at")):
        StudyMaterial.objects.bulk_create(materials)
    StudyMaterial.topics.through.objects.bulk_create(
        [
            StudyMaterial.topics.through(studymaterial_id=m.pk, topic_id=topic_by_name[topic].pk)
            for m, (_day, topic) in zip(materials, plans, strict=True)
        ]
    )

    transitions = []
    for material in materials:
        if material.published_at is None:
            continue
        transitions.append(demo_term.publish_step(material, committee, staff, content_types))
        if material.state == MaterialState.WITHDRAWN:
            transitions.append(
                Transition(
                    content_type=content_types["material"],
                    object_id=material.pk,
                    committee=committee,
                    action="withdraw",
                    from_state=MaterialState.PUBLISHED,
                    to_state=MaterialState.WITHDRAWN,
                    actor=staff,
                    at=material.published_at + datetime.timedelta(days=3),
                    note=material.withdraw_reason,
                )
            )

    now = timezone.now()
    records, reflections = [], []
    for material in materials:
        if material.state == MaterialState.DRAFT or material.kind == MaterialKind.BOOK:
            continue
        audience = seats if material.include_lower else own
        published = material.published_at
        open_days = max((now - published).days, 0)
        rate = rng.uniform(0.5, 0.85) if material.required else rng.uniform(0.08, 0.3)
        if open_days < 30:  # still being studied: fewer so far
            rate *= (open_days + 1) / 31
        for member_id, committee_id, _sector in audience:
            if rng.random() >= rate:
                continue
            at = published + datetime.timedelta(minutes=rng.randint(10, max(open_days, 1) * 24 * 60))
            at = min(at, now - datetime.timedelta(minutes=rng.randint(1, 600)))
            records.append(
                StudyRecord(
                    material=material,
                    member_id=member_id,
                    committee_id=committee_id,
                    studied_at=at,
                    seconds=rng.randint(90, 2700),
                    measured_by="browser",
                )
            )
            if rng.random() < (0.15 if material.required else 0.05):
                submitted = rng.random() < 0.9
                when = min(at + datetime.timedelta(hours=rng.randint(1, 72)), now)
                reflections.append(
                    Reflection(
                        material=material,
                        member_id=member_id,
                        committee_id=committee_id,
                        text=rng.choice(REFLECTIONS),
                        state=ReflectionState.SUBMITTED if submitted else ReflectionState.DRAFT,
                        submitted_at=when if submitted else None,
                        created_at=when,
                        updated_at=when,
                    )
                )
    StudyRecord.objects.bulk_create(records, batch_size=1000)
    with _dated(_field(Reflection, "created_at"), _field(Reflection, "updated_at")):
        Reflection.objects.bulk_create(reflections, batch_size=1000)
    transitions += demo_term.submit_steps(reflections, content_types)
    with _dated(_field(Transition, "at")):
        Transition.objects.bulk_create(transitions, batch_size=1000)

    groups, seats_rows, sessions, posts = [], [], [], []
    books = [m for m in materials if m.kind == MaterialKind.BOOK]
    for n, book in enumerate(books):
        groups.append(
            ReadingGroup(
                committee=committee,
                name=f"书香政协·{book.title.strip('《》').split('》')[0]}读书群",
                book=book,
                description="每月集中研读一次，线上交流读书体会。",
                state=GroupState.OPEN if n == 0 else GroupState.CLOSED,
                created_by=staff,
            )
        )
    for group, book in zip(groups, books, strict=True):
        group.created_at = book.published_at + datetime.timedelta(days=2)
    with _dated(_field(ReadingGroup, "created_at")):
        ReadingGroup.objects.bulk_create(groups)
    for group in groups:
        created = group.created_at
        chosen = rng.sample(own, min(len(own), rng.randint(15, 30)))
        for k in range(8):
            sessions.append(
                ReadingSession(
                    group=group,
                    date=(created + datetime.timedelta(days=30 * (k + 1))).date(),
                    chapters=f"第{k * 2 + 1}章至第{k * 2 + 2}章",
                )
            )
        for member_id, _c, _s in chosen:
            seats_rows.append(
                GroupMember(
                    group=group, member_id=member_id, joined_at=created + datetime.timedelta(days=rng.randint(0, 20))
                )
            )
        span = max((now - created).days - 1, 1)
        for _ in range(rng.randint(25, 60)):
            member_id = rng.choice(chosen)[0]
            posts.append(
                GroupPost(
                    group=group,
                    member_id=member_id,
                    text=rng.choice(POSTS),
                    created_at=created + datetime.timedelta(days=rng.randint(1, span), minutes=rng.randint(0, 600)),
                )
            )
    ReadingSession.objects.bulk_create(sessions)
    GroupMember.objects.bulk_create(seats_rows)
    GroupPost.objects.bulk_create(posts, batch_size=1000)
    term = committee.current_term(on=AS_OF)
    earlier = demo_term.load(
        committee,
        staff,
        own,
        seats,
        term.start_date if term else datetime.date(2022, 1, 1),
        start,
        topic_by_name,
        TITLES,
        REFLECTIONS,
        content_types,
    )
    return {
        "materials": len(materials) + earlier["materials"],
        "records": len(records) + earlier["records"],
        "reflections": len(reflections) + earlier["reflections"],
        "posts": len(posts),
    }


def load(*, stdout=None, **kwargs) -> dict:
    today = timezone.localdate()
    content_types = {
        "material": ContentType.objects.get_for_model(StudyMaterial),
        "reflection": ContentType.objects.get_for_model(Reflection),
    }
    summary = {}
    for code, prefix in CITIES:
        counts = _city(code, prefix, today, content_types)
        if counts:
            summary[prefix] = counts
    if summary:
        audit.record("demo.load", object_type="learning.studymaterial", note=str(summary))
    if stdout is not None and summary:
        total = {k: sum(c[k] for c in summary.values()) for k in ("materials", "records", "reflections", "posts")}
        stdout.write(
            f"学习园地：{total['materials']} 份资料，学习记录 {total['records']} 条，"
            f"心得 {total['reflections']} 篇，读书群发言 {total['posts']} 条。"
        )
    return summary
