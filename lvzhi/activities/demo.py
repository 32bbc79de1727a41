"""Demo meetings and activities of 武威 and 平凉 that reproduce the activities figures of
seed-figures.md as of 2024-12-31 (fast: bulk inserts only, deterministic random draws).

Where the summaries round ("余", "多", "近"), the demo holds these exact counts:
P12 253 条 (250余), P20 124 条 (120余), P22 183 人次 (180多), P27 396 次 (近400),
P28 19,087 人次 (1.9万余); W18 21,046 场次 (2.1万). The matters done (W17, P15) and the problems
solved (W19) are records of the supervision module, attached to these activities. P24 is shared with the
opinions module: the activities part is 44 speeches by members of the parties and organisations.
The demo members (wuwei_member, wuwei_member2, pingliang_member) get invitations in every state.
Every demo activity has its timeline and audit entries: planned a week ahead by the office's demo
staff, finished at its end. `demo_calendar` adds the meetings of the term (with the first-topic
studies that open them), the activities from 2025 to the day of the load, and who attended.
"""

import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from lvzhi.accounts.models import User
from lvzhi.activities import demo_calendar
from lvzhi.activities.choices import (
    ActivityKind,
    ActivityState,
    AttendanceState,
    CheckinMethod,
    OutcomeKind,
    OutcomeState,
    SpeechMode,
)
from lvzhi.activities.figures import NON_CPC_KINDS
from lvzhi.activities.models import Activity, Attendance, Outcome, Speech, Suggestion
from lvzhi.core import audit, demo_bulk
from lvzhi.core.models import AuditEntry, Transition
from lvzhi.org.choices import MembershipStatus
from lvzhi.org.models import Affiliation, Committee, Membership, Studio

AS_OF = datetime.date(2024, 12, 20)  # the last demo activity before the summaries' date
WUWEI, WUWEI_COUNTIES = "620600", ["620602", "620621", "620622", "620623"]
PINGLIANG = "620800"
PINGLIANG_COUNTIES = ["620802", "620821", "620822", "620823", "620825", "620826", "620881"]

W16_STUDIO_SERVICE, W18_GRASSROOTS, W3_OUTCOMES = 298, 21_046, 40
W20_PARTNERS = ["复旦大学", "浙江大学", "中国人民大学", "兰州大学", "西北师范大学"]
# P2 and P3: each study is on what it is counted as, dated when that study took place (the 20th
# National Congress from its close in October 2022, the third plenum from July 2024; the theme
# education of 2023, the Party discipline education of April–July 2024). P4's 39 sessions of the
# Party group's study group; P5's 36 first-topic studies open the standing-committee and chairs'
# meetings of `demo_calendar`.
P_STUDY = {
    "专题学习": [
        (5, datetime.date(2022, 11, 1), datetime.date(2024, 6, 30), "学习贯彻党的二十大精神专题学习"),
        (3, datetime.date(2024, 7, 22), AS_OF, "学习贯彻党的二十届三中全会精神专题学习"),
    ],
    "研讨": [
        (
            6,
            datetime.date(2023, 4, 10),
            datetime.date(2023, 12, 20),
            "学习贯彻习近平新时代中国特色社会主义思想主题教育专题学习研讨",
        ),
        (6, datetime.date(2024, 4, 10), datetime.date(2024, 7, 31), "党纪学习教育专题学习研讨"),
    ],
}
P4_STUDY_GROUP = 39
P4_THEMES = [
    "习近平新时代中国特色社会主义思想",
    "习近平总书记关于加强和改进人民政协工作的重要思想",
    "习近平总书记视察甘肃重要讲话重要指示批示精神",
    "习近平生态文明思想",
    "习近平经济思想",
    "习近平文化思想",
]
P11_CONSULTATIONS = {"常委会": 6, "界别": 7, "双月": 7}
P12_SUGGESTIONS, P16_INSPECTIONS, P20_SUGGESTIONS, P20_RESEARCH = 253, 20, 124, 8
P13_GRASSROOTS, P14_BRIEFINGS = 1186, 263
P22_PARTY_ATTENDANCE, P22_TRAINEES, P24_SPEECHES = 183, 25, 44
P27_STUDIO, P28_PEOPLE = 396, 19_087
P29_TRAININGS, P30_TRAINED = 4, [130, 125, 128, 122]
P31_READING = {"书画展": 2, "读书分享": 3}
P32_READING = {"荐书": 8, "读书心得交流": 10}

TOPICS = {
    "consultation": [
        "推进产业转型升级",
        "加强生态文明建设",
        "激发文旅消费活力",
        "优化营商环境",
        "推进乡村振兴",
        "培育重点产业链",
    ],
    "inspection": ["推进源头治理工作", "促进高校毕业生就业", "全国文明城市创建"],
    "studio": ["送医下乡义诊", "送教进校园", "送文化进社区", "法律咨询进村", "联系界别群众座谈", "委员学习交流"],
    "grassroots": ["社区停车难", "农村饮水安全", "老旧小区改造", "公共交通出行", "村集体经济发展", "垃圾分类"],
    "briefing": ["宣讲党的二十届三中全会精神", "宣讲惠农政策", "宣讲优化营商环境政策"],
    "reading": ["主席荐书", "读书心得交流会", "书香政协读书分享会", "政协书画作品展"],
    "training": ["委员履职能力提升培训班", "新一届全体委员培训班"],
}


class Maker:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.tz = timezone.get_default_timezone()

    def when(self, lo: datetime.date, hi: datetime.date) -> datetime.datetime:
        day = lo + datetime.timedelta(days=self.rng.randint(0, max((hi - lo).days, 0)))
        return datetime.datetime.combine(day, datetime.time(self.rng.choice([9, 10, 14, 15])), tzinfo=self.tz)

    def activity(self, committee, kind, subkind="", *, lo, hi, topic=None, **extra):
        start = extra.pop("start", None) or self.when(lo, hi)
        suffix = ActivityKind(kind).label if kind in (ActivityKind.CONSULTATION, ActivityKind.INSPECTION) else ""
        topic = topic or f"{self.rng.choice(TOPICS.get(kind, ['政协履职活动']))}{suffix}"
        return Activity(
            committee=committee,
            kind=kind,
            subkind=subkind,
            topic=topic[:200],
            start=start,
            end=start + datetime.timedelta(hours=2),
            place=extra.pop("place", f"{committee.short_name}政协会议室"),
            organiser=extra.pop("organiser", f"{committee.short_name}政协办公室"),
            state=extra.pop("state", ActivityState.FINISHED),
            **extra,
        )


def spread(total: int, parts: int, rng) -> list[int]:
    """`total` split into `parts` non-negative integers (roughly even, shuffled)."""
    if parts <= 0:
        return []
    base, extra = divmod(total, parts)
    values = [base + (1 if i < extra else 0) for i in range(parts)]
    rng.shuffle(values)
    return values


# What a suggestion of an outcome says, written from the outcome's subject (`{s}`): each outcome's
# suggestions are distinct sentences (a count of rows, never a typed number).
SUGGESTION_TEMPLATES = (
    "建议加强{s}的统筹规划，制定三年行动方案，明确牵头部门、责任单位和时间节点。",
    "建议设立{s}专项资金，对重点项目给予贴息、奖补等支持，提高资金使用效益。",
    "建议建立{s}部门联席会议制度，定期会商解决跨部门的突出问题。",
    "建议加大{s}领域人才引进和培养力度，落实住房、子女入学等保障政策。",
    "建议完善{s}考核评价机制，将落实情况纳入年度目标责任考核。",
    "建议学习借鉴先进地区{s}的经验做法，选择条件成熟的县（区）先行试点。",
    "建议推进{s}数字化建设，搭建信息共享平台，实现部门数据互联互通。",
    "建议简化{s}相关审批流程，推行“一窗受理、限时办结”。",
    "建议加强{s}的宣传引导，营造全社会共同参与的良好氛围。",
    "建议健全{s}督促落实机制，对群众反映集中的问题建立台账、限期整改。",
    "建议积极争取中央和省级政策支持，谋划储备一批{s}重点项目。",
    "建议引导社会资本参与{s}，探索政府和社会资本合作的有效模式。",
    "建议加强{s}的基层基础工作，充实乡镇（街道）工作力量。",
    "建议完善{s}相关地方性制度，及时修订不适应发展要求的规范性文件。",
    "建议开展{s}专项调查评估，摸清底数，分类施策。",
    "建议发挥行业协会和商会作用，搭建{s}供需对接平台。",
    "建议强化{s}的要素保障，优先保障用地、用水、用能指标。",
    "建议加强与周边市州在{s}方面的协作，推动资源共享、优势互补。",
    "建议将{s}纳入民生实事项目，每年确定一批可感可及的具体任务。",
    "建议建立{s}第三方评估制度，定期向社会公开评估结果。",
    "建议加强{s}的金融支持，开发适合本地实际的信贷产品。",
    "建议注重{s}中的群众参与，畅通意见表达和监督渠道。",
)


def suggestion_texts(subject: str, count: int, rng) -> list[str]:
    """`count` distinct suggestions on `subject`, in a shuffled order."""
    templates = list(SUGGESTION_TEMPLATES)
    rng.shuffle(templates)
    texts = [t.format(s=subject) for t in templates[:count]]
    round_ = 2
    while len(texts) < count:  # more than the templates: a second focus on the same subject
        texts += [f"（第{round_}部分）" + t.format(s=subject) for t in templates[: count - len(texts)]]
        round_ += 1
    return texts


def add_suggestions(outcomes_counts, rng, members, adopter: str) -> None:
    """Suggestion rows for each (outcome, count), made by one or two members; about a third of those
    of an instructed or acted outcome adopted by `adopter` within three months of sending."""
    rows, made = [], []
    for outcome, count in outcomes_counts:
        subject = outcome.title.removeprefix("关于").split("的")[0]
        for i, text in enumerate(suggestion_texts(subject, count, rng), start=1):
            adopted = outcome.state in (OutcomeState.INSTRUCTED, OutcomeState.ACTED) and rng.random() < 0.35
            rows.append(
                Suggestion(
                    committee_id=outcome.committee_id,
                    outcome=outcome,
                    position=i,
                    text=text,
                    adopted=adopted,
                    adopted_by=adopter if adopted else "",
                    adopted_on=outcome.sent_on + datetime.timedelta(days=rng.randint(20, 90)) if adopted else None,
                )
            )
            made.append(rng.sample(members, k=min(len(members), rng.choice((1, 1, 2)))))
    Suggestion.objects.bulk_create(rows, batch_size=2000)
    through = Suggestion.members.through
    links = [through(suggestion_id=r.pk, member_id=m) for r, ms in zip(rows, made, strict=True) for m in ms]
    through.objects.bulk_create(links, batch_size=2000)


def bulk(rows):
    return Activity.objects.bulk_create(rows, batch_size=2000)


def term_start(committee) -> datetime.date:
    term = committee.current_term(on=datetime.date(2024, 12, 31))
    return term.start_date if term else datetime.date(2022, 1, 1)


def seated(committee):
    term = committee.current_term(on=datetime.date(2024, 12, 31))
    seats = Membership.objects.filter(committee=committee, status=MembershipStatus.ACTIVE)
    if term:
        seats = seats.filter(term=term)
    return seats


def demo_member(username):
    return User.objects.filter(username=username).values_list("member_id", flat=True).first()


def demo_user(username):
    return User.objects.filter(username=username).first()


PLANNED_AHEAD = datetime.timedelta(days=7)


def write_timelines(activities, actor) -> int:
    """The transitions of demo activities and their audit entries in bulk: created (planned) a week
    before the start, and finished at the end; as the services write them one by one
    (`create_activity`: "activity.create" and the "create" step; `finish`: the transition and
    "transition.finish"), dated with the events."""
    content_type = ContentType.objects.get_for_model(Activity).pk
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    name = actor.username if actor_id else ""
    now = timezone.now()
    rows, entries = [], []  # rows by attname: tens of thousands, no model instance needed
    for a in activities:
        created = min(a.start - PLANNED_AHEAD, now)
        step = {"content_type_id": content_type, "object_id": a.pk, "committee_id": a.committee_id}
        step["actor_id"] = actor_id
        said = {"actor_id": actor_id, "actor_name": name, "object_type": "activities.activity", "object_id": str(a.pk)}
        said |= {"object_repr": a.topic[:200], "committee_id": a.committee_id}
        rows.append({**step, "action": "create", "from_state": "", "to_state": ActivityState.PLANNED, "at": created})
        after = {"kind": a.kind, "subkind": a.subkind, "topic": a.topic, "start": a.start.isoformat()}
        entries.append({**said, "action": "activity.create", "at": created, "after": after})
        if a.state == ActivityState.FINISHED:
            finished = {"from_state": ActivityState.PLANNED, "to_state": ActivityState.FINISHED, "at": a.end}
            rows.append({**step, "action": "finish", **finished})
            entries.append(
                {
                    **said,
                    "action": "transition.finish",
                    "at": a.end,
                    "before": {"state": ActivityState.PLANNED},
                    "after": {"state": ActivityState.FINISHED},
                }
            )
    demo_bulk.insert(rows, Transition)  # dated with the events; nobody reads their ids back
    demo_bulk.insert(entries, AuditEntry)
    return len(rows)


def load(*, stdout=None, **kwargs) -> dict:
    committees = {
        c.code: c for c in Committee.objects.filter(code__in=[WUWEI, PINGLIANG, *WUWEI_COUNTIES, *PINGLIANG_COUNTIES])
    }
    summary = {}
    if WUWEI in committees:
        summary["武威"] = _wuwei(committees)
    if PINGLIANG in committees:
        summary["平凉"] = _pingliang(committees)
    if summary:
        summary["驻地委员出席"] = _guests(committees)
        summary["日程"] = _calendar(committees)
        audit.record("demo.load", object_type="activities.activity", note=str(summary))
    if stdout is not None and summary:
        stdout.write(f"演示会议活动：{Activity.objects.count()} 场，出席记录 {Attendance.objects.count()} 条。")
    return summary


GUEST_KINDS = (ActivityKind.CONSULTATION, ActivityKind.INSPECTION, ActivityKind.GRASSROOTS, ActivityKind.STUDIO)


def _guests(committees) -> int:
    """The 驻地委员 take part where they live: each attends a few finished consultations, inspections
    or grassroots activities of that committee (never a training: P30 counts the committee's
    trainees), and is invited to one activity to come. Their own random draws, so the rest of the
    demo stays as it was; P22 counts only the committee's own members, so it does not move."""
    rng = random.Random("guests")
    rows = []
    links = Affiliation.objects.filter(committee__in=committees.values()).select_related("committee")
    for link in links.order_by("committee__code", "member_id"):
        held = list(
            Activity.objects.filter(
                committee=link.committee,
                kind__in=GUEST_KINDS,
                state=ActivityState.FINISHED,
                start__date__gte=link.started_on,
            )
            .order_by("start", "pk")
            .values_list("pk", "start")[:400]
        )
        for pk, start in rng.sample(held, min(4, len(held))):
            activity = Activity(pk=pk, start=start)
            rows.append(present(link.committee, activity, link.member_id))
        coming = (
            Activity.objects.filter(committee=link.committee, state=ActivityState.PLANNED).order_by("start").first()
        )
        if coming is not None:
            rows.append(Attendance(committee=link.committee, activity=coming, member_id=link.member_id))
    Attendance.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
    return len(rows)


def _studios(committee):
    return list(Studio.objects.filter(committee=committee).order_by("pk"))


def _wuwei(committees) -> int:
    make = Maker("activities-620600")
    rng = make.rng
    city = committees[WUWEI]
    tree = [city] + [committees[c] for c in WUWEI_COUNTIES if c in committees]
    lo = max(term_start(c) for c in tree) + datetime.timedelta(days=30)
    rows = []
    # W16: studio service activities (the matters done at them, W17, are supervision's records)
    services = ["送医", "送教", "送文化", "法律咨询", "联系界别群众"]
    studios = {c.pk: _studios(c) for c in tree}
    for i in range(W16_STUDIO_SERVICE):
        committee = tree[i % len(tree)]
        subkind = services[i % len(services)]
        studio = rng.choice(studios[committee.pk]) if studios[committee.pk] else None
        rows.append(
            make.activity(
                committee,
                "studio",
                subkind,
                lo=lo,
                hi=AS_OF,
                topic=f"{studio.name if studio else committee.short_name}{subkind}活动",
                organiser_studio=studio,
                people_reached=rng.randint(20, 80),
            )
        )
    # W18: grassroots consultations since 2016 across the city and its counties (the problems solved at
    # them, W19, are supervision's records)
    weights = [1] + [3] * (len(tree) - 1)
    for _i in range(W18_GRASSROOTS):
        committee = rng.choices(tree, weights)[0]
        rows.append(
            make.activity(
                committee,
                "grassroots",
                "协商议事",
                lo=datetime.date(2016, 1, 1),
                hi=AS_OF,
                topic=f"{rng.choice(TOPICS['grassroots'])}协商议事",
                place=f"{committee.short_name}基层协商议事室",
                people_reached=rng.randint(10, 40),
            )
        )
    # W20: five universities; 复旦 and 浙大 held two courses each (the summary names them first)
    for name in W20_PARTNERS + W20_PARTNERS[:2]:
        rows.append(
            make.activity(
                city,
                "training",
                "培训班",
                lo=lo,
                hi=AS_OF,
                topic=f"委员履职能力提升培训班（{name}）",
                partner=name,
                place=name,
            )
        )
    # W3: forty consultation outcomes from twenty city consultations
    consultations = [
        make.activity(
            city,
            "consultation",
            rng.choice(["专题", "双月", "界别", "对口", "常委会"]),
            lo=lo,
            hi=AS_OF,
            topic=f"{rng.choice(demo_calendar.PLACES[WUWEI]['consultation'])}协商活动",
        )
        for _ in range(20)
    ]
    rows.extend(consultations)
    bulk(rows)
    staff = demo_user("wuwei_staff")
    write_timelines(rows, staff)
    outcomes = []
    for i in range(W3_OUTCOMES):
        activity = consultations[i % len(consultations)]
        outcomes.append(
            Outcome(
                committee=city,
                activity=activity,
                title=f"关于{activity.topic.replace('协商活动', '')}的协商建议（{i + 1}）",
                kind=OutcomeKind.CONSULTATION,
                sent_to="中共武威市委、市政府",
                sent_on=(activity.start + datetime.timedelta(days=20)).date(),
                state=rng.choice([OutcomeState.SENT, OutcomeState.INSTRUCTED, OutcomeState.ACTED]),
            )
        )
    Outcome.objects.bulk_create(outcomes)
    members = list(seated(city).values_list("member_id", flat=True).order_by("member_id"))
    own = random.Random("suggestions-620600")  # its own draws: the other data stay as they were
    add_suggestions([(o, own.randint(4, 10)) for o in outcomes], own, members, "中共武威市委、市政府")
    attendance = _crowd(city, consultations, members, rng, per_activity=25)
    # the trainings with the universities: a hundred members each (no 武威 figure counts them)
    trainings = [a for a in rows if a.kind == ActivityKind.TRAINING]
    attendance.update(_crowd(city, trainings, members, rng, per_activity=100))
    for username in ("wuwei_member", "wuwei_member2"):
        _member_story(make, city, demo_member(username), consultations, attendance)
    demo_bulk.insert(attendance.values())
    if city.pk in make.__dict__.get("upcoming", {}):
        write_timelines(_upcoming(make, city), staff)
    return len(rows)


def _crowd(committee, activities, members, rng, *, per_activity, pool=None):
    """Present attendance rows, keyed by (activity id, member id)."""
    rows = {}
    pool = pool if pool is not None else members
    for activity in activities:
        for member_id in rng.sample(pool, min(per_activity, len(pool))):
            rows[(activity.pk, member_id)] = present(committee, activity, member_id)
    return rows


def present(committee, activity, member_id):
    return Attendance(
        committee=committee,
        activity=activity,
        member_id=member_id,
        state=AttendanceState.PRESENT,
        checked_in_at=activity.start - datetime.timedelta(minutes=10),
        method=CheckinMethod.QR,
    )


def _member_story(make, committee, member_id, finished, rows):
    """A demo member's invitations in every state: three past ones and three to come."""
    if member_id is None:
        return
    past = [a for a in finished if (a.pk, member_id) not in rows][:3]
    for activity, state in zip(
        past, [AttendanceState.PRESENT, AttendanceState.EXCUSED, AttendanceState.ABSENT], strict=False
    ):
        row = present(committee, activity, member_id)
        if state != AttendanceState.PRESENT:
            row.state, row.checked_in_at, row.method = state, None, ""
            row.leave_reason = "外出参加培训" if state == AttendanceState.EXCUSED else ""
        rows[(activity.pk, member_id)] = row
    upcoming = _upcoming(make, committee)
    for activity, state in zip(
        upcoming, [AttendanceState.INVITED, AttendanceState.ATTENDING, AttendanceState.LEAVE_REQUESTED], strict=True
    ):
        row = Attendance(committee=committee, activity=activity, member_id=member_id, state=state)
        if state == AttendanceState.LEAVE_REQUESTED:
            row.leave_reason = "单位有重要会议，无法参加"
        rows[(activity.pk, member_id)] = row


def _subject(activity):
    return activity.topic.replace("协商活动", "").replace("视察调研", "")


def _upcoming(make, committee):
    """Three planned activities of the committee in the coming weeks (one set per committee)."""
    cache = make.__dict__.setdefault("upcoming", {})
    key = committee.pk
    if key not in cache:
        today = timezone.localdate()
        plans = [
            ("consultation", "双月", "推进黄河流域生态保护和高质量发展双月协商座谈会", 3),
            ("inspection", "视察", "全市重点项目建设情况视察", 10),
            ("study", "第一议题", "常委会会议第一议题学习", 17),
        ]
        rows = []
        for kind, subkind, topic, days in plans:
            start = datetime.datetime.combine(today + datetime.timedelta(days=days), datetime.time(9), tzinfo=make.tz)
            rows.append(
                Activity(
                    committee=committee,
                    kind=kind,
                    subkind=subkind,
                    topic=topic,
                    start=start,
                    end=start + datetime.timedelta(hours=3),
                    place=f"{committee.short_name}政协机关会议室",
                    organiser=f"{committee.short_name}政协办公室",
                    state=ActivityState.PLANNED,
                )
            )
        cache[key] = bulk(rows)
    return cache[key]


def _pingliang(committees) -> int:
    make = Maker("activities-620800")
    rng = make.rng
    city = committees[PINGLIANG]
    tree = [city] + [committees[c] for c in PINGLIANG_COUNTIES if c in committees]
    lo = max(term_start(c) for c in tree) + datetime.timedelta(days=30)
    rows = []
    for subkind, parts in P_STUDY.items():
        for count, since, until, topic in parts:
            rows += [make.activity(city, "study", subkind, lo=since, hi=until, topic=topic) for _ in range(count)]
    rows += [
        make.activity(
            city,
            "study",
            "党组理论学习中心组",
            lo=lo,
            hi=AS_OF,
            topic=f"党组理论学习中心组学习：{P4_THEMES[i % len(P4_THEMES)]}",
        )
        for i in range(P4_STUDY_GROUP)
    ]
    own = demo_calendar.PLACES[PINGLIANG]  # 平凉's own topics and places
    consultations = [
        make.activity(
            city, "consultation", subkind, lo=lo, hi=AS_OF, topic=f"{rng.choice(own['consultation'])}协商活动"
        )
        for subkind, count in P11_CONSULTATIONS.items()
        for _ in range(count)
    ]
    inspections = [
        make.activity(
            city, "inspection", "监督性视察", lo=lo, hi=AS_OF, topic=f"{rng.choice(own['inspection'])}视察调研"
        )
        for _ in range(P16_INSPECTIONS)
    ]
    research = [
        make.activity(city, "inspection", "调研", lo=lo, hi=AS_OF, topic=f"{rng.choice(own['inspection'])}视察调研")
        for _ in range(P20_RESEARCH)
    ]
    trainings = [
        make.activity(city, "training", "培训班", lo=lo, hi=AS_OF, topic=f"五届市政协第{i + 1}期委员培训班")
        for i in range(P29_TRAININGS)
    ]
    rows += consultations + inspections + research + trainings
    for subkinds in (P31_READING, P32_READING):
        for subkind, count in subkinds.items():
            rows += [make.activity(city, "reading", subkind, lo=lo, hi=AS_OF) for _ in range(count)]
    for i in range(P13_GRASSROOTS):  # the matters done at them (P15) are supervision's records
        committee = tree[i % len(tree)]
        rows.append(
            make.activity(
                committee,
                "grassroots",
                "协商议事",
                lo=lo,
                hi=AS_OF,
                topic=f"{rng.choice(TOPICS['grassroots'])}协商议事",
            )
        )
    rows += [make.activity(tree[i % len(tree)], "briefing", "宣讲", lo=lo, hi=AS_OF) for i in range(P14_BRIEFINGS)]
    people = spread(P28_PEOPLE, P27_STUDIO, rng)
    studio_kinds = ["送医", "送教", "送文化", "法律咨询", "联系界别群众", "学习交流"]
    studios = {c.pk: _studios(c) for c in tree}
    for i in range(P27_STUDIO):
        committee = tree[i % len(tree)]
        studio = rng.choice(studios[committee.pk]) if studios[committee.pk] else None
        subkind = studio_kinds[i % len(studio_kinds)]
        rows.append(
            make.activity(
                committee,
                "studio",
                subkind,
                lo=lo,
                hi=AS_OF,
                topic=f"{studio.name if studio else committee.short_name}{subkind}活动",
                organiser_studio=studio,
                people_reached=people[i],
            )
        )
    bulk(rows)
    staff = demo_user("pingliang_staff")
    write_timelines(rows, staff)
    # P12 and P20: the suggestions of the consultations' and the research's outcomes
    outcomes, counts = [], []
    for group, kind, total, to in (
        (consultations, OutcomeKind.CONSULTATION, P12_SUGGESTIONS, "中共平凉市委、市政府"),
        (research, OutcomeKind.RESEARCH, P20_SUGGESTIONS, "平凉市人民政府"),
    ):
        for activity, count in zip(group, spread(total, len(group), rng), strict=True):
            outcomes.append(
                Outcome(
                    committee=city,
                    activity=activity,
                    title=f"关于{_subject(activity)}的{OutcomeKind(kind).label}",
                    kind=kind,
                    sent_to=to,
                    sent_on=(activity.start + datetime.timedelta(days=15)).date(),
                    state=rng.choice([OutcomeState.SENT, OutcomeState.INSTRUCTED, OutcomeState.ACTED]),
                )
            )
            counts.append(count)
    Outcome.objects.bulk_create(outcomes)
    seated_ids = list(seated(city).values_list("member_id", flat=True).order_by("member_id"))
    own = random.Random("suggestions-620800")
    add_suggestions(list(zip(outcomes, counts, strict=True)), own, seated_ids, "中共平凉市委、市政府")
    # attendance: P30 at the trainings; P22 of the parties and organisations at meetings
    seats = list(seated(city).select_related("party").order_by("member_id"))
    members = [s.member_id for s in seats]
    non_cpc = [s.member_id for s in seats if s.party and s.party.kind in NON_CPC_KINDS]
    cpc = [m for m in members if m not in set(non_cpc)]
    attendance = {}
    # P30 and P22: the trainees are mostly CPC members, with a few of the parties and organisations
    # (who count towards P22 as well: a training is one of the committee's activities)
    for activity, count in zip(trainings, P30_TRAINED, strict=True):
        pool = cpc + rng.sample(non_cpc, min(P22_TRAINEES, len(non_cpc)))
        attendance.update(_crowd(city, [activity], members, rng, per_activity=min(count, len(pool)), pool=pool))
    meetings = consultations + inspections + trainings
    _member_story(make, city, demo_member("pingliang_member"), consultations, attendance)
    counted = sum(
        1
        for (a, m), r in attendance.items()
        if r.state == AttendanceState.PRESENT and m in set(non_cpc) and a in {x.pk for x in meetings}
    )
    wanted = max(P22_PARTY_ATTENDANCE - counted, 0)
    pairs = [(a, m) for a in consultations + inspections for m in non_cpc if (a.pk, m) not in attendance]
    for activity, member_id in rng.sample(pairs, min(wanted, len(pairs))):
        attendance[(activity.pk, member_id)] = present(city, activity, member_id)
    for activity in consultations + inspections:  # the CPC members who attended too (not part of P22)
        for member_id in rng.sample(cpc, min(20, len(cpc))):
            attendance.setdefault((activity.pk, member_id), present(city, activity, member_id))
    demo_bulk.insert(attendance.values())
    # P24 (the activities part): speeches of party and organisation members at the meetings
    speeches = []
    for i in range(P24_SPEECHES if non_cpc else 0):
        activity = (consultations + inspections)[i % len(consultations + inspections)]
        speeches.append(
            Speech(
                committee=city,
                activity=activity,
                member_id=rng.choice(non_cpc),
                title=f"关于{rng.choice(TOPICS['consultation'])}的发言",
                mode=rng.choice([SpeechMode.ORAL, SpeechMode.WRITTEN]),
            )
        )
    Speech.objects.bulk_create(speeches)
    if city.pk in make.__dict__.get("upcoming", {}):
        write_timelines(_upcoming(make, city), staff)
    return len(rows)


LATER_OUTCOMES = {  # the report that follows a consultation or an inspection after 2024
    ActivityKind.CONSULTATION: (OutcomeKind.CONSULTATION, "协商建议"),
    ActivityKind.INSPECTION: (OutcomeKind.INSPECTION, "视察报告"),
}


def _later_work(calendar, today) -> None:
    """What the consultations and inspections after 2024 produced, as those before did: one to three
    speeches by members who were there, and the report sent to the Party committee and the
    government about three weeks later with its suggestions (those sent in the last two months not
    yet instructed). Dated after 2024, so the seed figures stay as they are."""
    rng = random.Random("activities-later-work")  # its own draws: the calendar's stay as they were
    present = {}
    for (activity_id, member_id), row in calendar.attendance.items():
        if row.state == AttendanceState.PRESENT:
            present.setdefault(activity_id, []).append(member_id)
    names = dict(Committee.objects.values_list("pk", "short_name"))
    speeches, outcomes = [], []
    for activity in calendar.rows:
        if activity.kind not in LATER_OUTCOMES or activity.start.date() < demo_calendar.FIRST_DAY_AFTER_SEED:
            continue
        there = sorted(present.get(activity.pk, ()))
        subject = activity.topic.removesuffix(str(ActivityKind(activity.kind).label))
        for member_id in rng.sample(there, min(len(there), rng.randint(1, 3))):
            speeches.append(
                Speech(
                    committee_id=activity.committee_id,
                    activity=activity,
                    member_id=member_id,
                    title=f"关于{subject}{rng.choice(['的几点建议', '的发言', '存在问题及对策'])}",
                    mode=rng.choice([SpeechMode.ORAL, SpeechMode.WRITTEN]),
                )
            )
        sent_on = activity.start.date() + datetime.timedelta(days=rng.randint(15, 30))
        if sent_on >= today:
            continue
        recent = (today - sent_on).days < 60
        kind, label = LATER_OUTCOMES[activity.kind]
        name = names[activity.committee_id]
        outcomes.append(
            Outcome(
                committee_id=activity.committee_id,
                activity=activity,
                title=f"关于{subject}的{label}",
                kind=kind,
                sent_to=f"中共{name}委、{name[-1]}政府",
                sent_on=sent_on,
                state=OutcomeState.SENT
                if recent
                else rng.choice([OutcomeState.SENT, OutcomeState.INSTRUCTED, OutcomeState.ACTED]),
            )
        )
    Speech.objects.bulk_create(speeches, batch_size=2000)
    Outcome.objects.bulk_create(outcomes, batch_size=2000)
    for committee_id in sorted({o.committee_id for o in outcomes}):
        own = [o for o in outcomes if o.committee_id == committee_id]
        members = sorted({m for o in own for m in present.get(o.activity_id, ())})
        if members:
            name = names[committee_id]
            add_suggestions([(o, rng.randint(3, 8)) for o in own], rng, members, f"中共{name}委、{name[-1]}政府")


def _calendar(committees) -> int:
    """The meetings of the term, the activities after 2024 and who was at them (`demo_calendar`)."""
    today = timezone.localdate()
    calendar = demo_calendar.Calendar(Maker("activities-calendar"), today)
    members_of, staff_of = {}, {}
    kinds = ["consultation", "inspection", "study", "training", "reading", "studio", "grassroots", "briefing"]
    for city_code, counties, username in (
        (WUWEI, WUWEI_COUNTIES, "wuwei_staff"),
        (PINGLIANG, PINGLIANG_COUNTIES, "pingliang_staff"),
    ):
        if city_code not in committees:
            continue
        city, staff = committees[city_code], demo_user(username)
        for committee in [city] + [committees[c] for c in counties if c in committees]:
            seats = list(seated(committee).only("member_id", "role").order_by("member_id"))
            members_of[committee.pk], staff_of[committee.pk] = [s.member_id for s in seats], staff
            term = committee.current_term(on=today)
            if term is not None:
                # the members who left during the term sat in its meetings until they left
                former = list(
                    Membership.objects.filter(committee=committee, term=term, ended_on__isnull=False)
                    .exclude(status=MembershipStatus.ACTIVE)
                    .only("member_id", "role", "ended_on")
                    .order_by("member_id")
                )
                calendar.meetings(committee, term, seats, chairs_meetings=committee.pk == city.pk, former=former)
            templates = (
                Activity.objects.filter(
                    committee=committee,
                    kind__in=kinds,
                    state=ActivityState.FINISHED,
                    start__date__gte=datetime.date(2022, 1, 1),
                    start__date__lt=demo_calendar.FIRST_DAY_AFTER_SEED,
                )
                .exclude(subkind="第一议题")
                .order_by("start", "pk")
            )
            calendar.after_2024(committee, list(templates), seats, city_code)
    bulk(calendar.rows)
    calendar.attend()
    grassroots = Activity.objects.filter(committee_id__in=list(members_of), kind=ActivityKind.GRASSROOTS)
    calendar.hosts(grassroots.only("pk", "committee_id", "start").order_by("pk"), members_of)
    studio = Activity.objects.filter(
        committee_id__in=list(members_of), kind=ActivityKind.STUDIO, start__date__lt=demo_calendar.FIRST_DAY_AFTER_SEED
    )
    calendar.hosts(studio.only("pk", "committee_id", "start").order_by("pk"), members_of, (2, 3, 4), (1, 1, 1))
    # the county members who gave the policy briefings (a city's attendance is P22's, not changed)
    cities = [committees[c].pk for c in (WUWEI, PINGLIANG) if c in committees]
    briefings = Activity.objects.filter(
        committee_id__in=list(members_of),
        kind=ActivityKind.BRIEFING,
        start__date__lt=demo_calendar.FIRST_DAY_AFTER_SEED,
    ).exclude(committee_id__in=cities)
    calendar.hosts(briefings.only("pk", "committee_id", "start").order_by("pk"), members_of)
    demo_bulk.insert(calendar.attendance.values())  # with their own invitation times
    _later_work(calendar, today)
    by_staff = {}
    for a in calendar.rows:
        by_staff.setdefault(staff_of[a.committee_id], []).append(a)
    for staff, activities in by_staff.items():
        write_timelines(activities, staff)
    return len(calendar.rows)
