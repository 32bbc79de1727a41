"""Demo notices: notices, announcements, briefings and news for 武威 and 平凉 (and a few for their
counties) from 2025-01-01 (the day after the summaries' date) up to today, at each committee's yearly
rate, each read by 60–90% of its recipients and, where a reply is asked
for, answered by most readers; a few drafts, a withdrawn notice, a scheduled one and an edited one.

Deterministic (one seeded generator), fast (bulk inserts), and it writes what the services write:
the publish and withdraw transitions, the recipients count and the revisions.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from lvzhi.core import audit, demo_bulk
from lvzhi.core.models import Transition
from lvzhi.notices.choices import NoticeKind, NoticeState
from lvzhi.notices.models import Notice, NoticeRead, NoticeReply, NoticeRevision
from lvzhi.notices.services import sanitize_body
from lvzhi.org.audience import AudienceKind, audience_members
from lvzhi.org.models import Committee, Sector

SINCE = datetime.date(2025, 1, 1)  # the notices before it are outside the demo (no figure counts them)
CITIES = {"620600": 60, "620800": 56}  # notices a year per city committee
COUNTIES = {"620602": 10, "620621": 6, "620802": 8, "620821": 5}
DEMO_MEMBERS = ["wuwei_member", "wuwei_member2", "pingliang_member"]  # left with a reply to give
STAFF = {"620600": "wuwei_staff", "620800": "pingliang_staff", "620602": "liangzhou_staff"}

TITLES = {
    NoticeKind.NOTICE: [
        "关于召开{org}常委会议的通知",
        "关于开展“{topic}”专题视察的通知",
        "关于报送年度履职情况的通知",
        "关于参加{topic}专题协商会的通知",
        "关于组织委员参加理论学习培训的通知",
        "关于征集{topic}相关提案线索的通知",
        "关于做好委员联系界别群众工作的通知",
    ],
    NoticeKind.ANNOUNCEMENT: [
        "{org}关于调整委员工作室开放时间的公告",
        "{org}机关办公地点变更公告",
        "关于{topic}协商成果的公告",
    ],
    NoticeKind.BRIEFING: [
        "政协工作简报（第{n}期）",
        "{topic}专题调研情况简报",
        "委员履职动态简报（第{n}期）",
    ],
    NoticeKind.NEWS: [
        "{org}召开{topic}专题协商会",
        "{org}领导带队开展{topic}调研",
        "全国政协会议精神传达学习会召开",
    ],
}
TOPICS = ["乡村振兴", "生态保护", "文旅融合", "营商环境", "养老服务", "职业教育", "黄河流域治理", "县域经济"]
BODY = (
    "<p>各位委员：</p><p>根据年度协商工作计划，现将{title}有关事项通知如下。</p>"
    "<ol><li>时间：另行通知或见附件。</li><li>地点：政协机关会议室。</li><li>请各位委员安排好工作，准时参加。</li></ol>"
    "<p>联系人：办公室，电话 0935-2212345。</p>"
)
REPLY_FIELDS = [
    {"name": "是否参加", "kind": "choice", "required": True, "choices": ["参加", "请假"]},
    {"name": "请假事由", "kind": "text", "required": False, "choices": []},
    {"name": "随行人数", "kind": "number", "required": False, "choices": []},
]


def load(*, stdout=None, **kwargs) -> dict:
    committees = {c.code: c for c in Committee.objects.filter(code__in=[*CITIES, *COUNTIES])}
    if not committees:
        return {}
    rng = random.Random(20261206)
    now = timezone.now()
    User = get_user_model()
    staff = {u.username: u for u in User.objects.filter(username__in=STAFF.values())}
    demo_members = set(User.objects.filter(username__in=DEMO_MEMBERS).values_list("pk", flat=True))
    notices: list[Notice] = []
    plans = []
    for code, count in [*CITIES.items(), *COUNTIES.items()]:
        committee = committees.get(code)
        if committee is None:
            continue
        author = staff.get(STAFF.get(code) or STAFF[code[:4] + "00"])
        sectors = list(Sector.objects.filter(committee=committee).values_list("pk", flat=True))
        days = max((timezone.localdate(now) - SINCE).days, 1)
        count = max(round(count * days / 365), 3)
        for i in range(count):
            plans.append(_plan(rng, committee, author, sectors, i, count, now, days))
    for plan in plans:
        notices.append(plan["notice"])
    Notice.objects.bulk_create(notices, batch_size=500)
    for plan in plans:
        if plan["sectors"]:
            plan["notice"].sectors.set(plan["sectors"])

    reads, replies, transitions, revisions = [], [], [], []
    notice_type = ContentType.objects.get_for_model(Notice)
    for plan in plans:
        notice = plan["notice"]
        if notice.state == NoticeState.DRAFT:
            continue
        transitions.append(
            Transition(
                content_type=notice_type,
                object_id=notice.pk,
                committee_id=notice.committee_id,
                action="publish",
                from_state=NoticeState.DRAFT,
                to_state=NoticeState.PUBLISHED,
                actor=notice.created_by,
                at=notice.created_at,
            )
        )
        users = list(
            User.objects.filter(member__in=audience_members(notice), is_active=True).values_list("pk", flat=True)
        )
        notice.recipients_count = len(users)
        if notice.state == NoticeState.WITHDRAWN:
            transitions.append(
                Transition(
                    content_type=notice_type,
                    object_id=notice.pk,
                    committee_id=notice.committee_id,
                    action="withdraw",
                    from_state=NoticeState.PUBLISHED,
                    to_state=NoticeState.WITHDRAWN,
                    actor=notice.created_by,
                    at=notice.published_at + datetime.timedelta(hours=3),
                    note=notice.withdraw_reason,
                )
            )
        if plan["edited"]:
            revisions.append(
                NoticeRevision(
                    committee_id=notice.committee_id,
                    notice=notice,
                    title=notice.title.replace("（更正）", ""),
                    body=notice.body,
                    edited_by=notice.created_by,
                    edited_at=notice.published_at + datetime.timedelta(hours=2),
                )
            )
        if notice.published_at > now:
            continue
        age = (now - notice.published_at).total_seconds() / 3600
        rate = plan["read_rate"] * min(1.0, 0.35 + age / 72)  # the newest are still being read
        for user_id in users:
            if rng.random() >= rate or (plan["open"] and user_id in demo_members):
                continue
            read_at = min(notice.published_at + datetime.timedelta(hours=rng.expovariate(1 / 20)), now)
            reads.append(NoticeRead(committee_id=notice.committee_id, notice=notice, user_id=user_id, read_at=read_at))
            if notice.reply_required and rng.random() < 0.8:
                replied_at = min(read_at + datetime.timedelta(minutes=rng.randint(2, 600)), notice.reply_deadline, now)
                attend = rng.random() < 0.85
                answers = {"是否参加": "参加" if attend else "请假"}
                if not attend:
                    answers["请假事由"] = rng.choice(["工作冲突", "外出学习", "身体原因"])
                elif rng.random() < 0.2:
                    answers["随行人数"] = str(rng.randint(1, 2))
                replies.append(
                    NoticeReply(
                        committee_id=notice.committee_id,
                        notice=notice,
                        user_id=user_id,
                        answers=answers,
                        replied_at=replied_at,
                        updated_at=replied_at,
                    )
                )
    Notice.objects.bulk_update(
        [p["notice"] for p in plans if p["notice"].state != NoticeState.DRAFT], ["recipients_count"], batch_size=500
    )
    demo_bulk.insert(reads)  # tens of thousands of rows whose ids nobody reads back
    demo_bulk.insert(replies)
    NoticeRevision.objects.bulk_create(revisions)
    demo_bulk.insert(transitions)  # dated with the events
    summary = {"notices": len(notices), "reads": len(reads), "replies": len(replies)}
    audit.record("demo.load", object_type="notices.notice", note=str(summary))
    if stdout is not None:
        stdout.write(f"演示通知公告：{len(notices)} 条，阅读 {len(reads)} 人次，回执 {len(replies)} 份。")
    return summary


def _plan(rng, committee, author, sectors, i, count, now, days) -> dict:
    # spread over the `days` since SINCE, newest last; the last of a city's is scheduled two days ahead
    days_ago = days * (count - i) / count - rng.random() * 3
    published_at = (now - datetime.timedelta(days=days_ago)).replace(second=0, microsecond=0)
    kind = rng.choices(list(TITLES), weights=[5, 1, 2, 2])[0]
    title = rng.choice(TITLES[kind]).format(org=committee.short_name + "政协", topic=rng.choice(TOPICS), n=i + 1)
    state = NoticeState.PUBLISHED
    withdraw_reason = ""
    is_city = committee.level == "city"
    if is_city and i == count - 1:
        published_at = now + datetime.timedelta(days=2)  # scheduled
    elif is_city and i == count - 2:
        state = NoticeState.DRAFT
    elif i % 23 == 11 and not (is_city and i == count - 3):
        state, withdraw_reason = NoticeState.WITHDRAWN, "内容调整，另行通知"
    reply_required = kind == NoticeKind.NOTICE and rng.random() < 0.45
    is_open = is_city and i == count - 3
    if is_open:  # open for replies now: the members' to-do (the demo members have not answered yet)
        kind, reply_required = NoticeKind.NOTICE, True
        title = f"关于参加{rng.choice(TOPICS)}专题协商会的通知"
        published_at = (now - datetime.timedelta(days=1)).replace(second=0, microsecond=0)
    audience, chosen = AudienceKind.ALL, []
    if sectors and rng.random() < 0.12 and not is_open:
        audience, chosen = AudienceKind.SECTORS, rng.sample(sectors, min(2, len(sectors)))
    edited = state == NoticeState.PUBLISHED and rng.random() < 0.05
    if edited:
        title += "（更正）"
    notice = Notice(
        committee=committee,
        include_lower=is_city and rng.random() < 0.1,
        audience=audience,
        title=title,
        body=sanitize_body(BODY.format(title=title)),
        kind=kind,
        state=state,
        published_at=None if state == NoticeState.DRAFT else published_at,
        pinned=is_city and i >= count - 6 and i % 3 == 0,
        reply_required=reply_required,
        reply_deadline=published_at + datetime.timedelta(days=rng.randint(3, 10)) if reply_required else None,
        reply_fields=REPLY_FIELDS if reply_required else [],
        withdraw_reason=withdraw_reason,
        created_by=author,
        created_at=published_at - datetime.timedelta(hours=rng.randint(1, 30)),
        updated_at=published_at,
    )
    return {
        "notice": notice,
        "sectors": chosen,
        "read_rate": rng.uniform(0.6, 0.9),
        "edited": edited,
        "open": is_open,
    }
