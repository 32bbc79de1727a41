"""Demo records of service to the people, attached to the activities the activities demo held: the
practical matters done at 武威's studio service activities (W17: 397 in the current term) and at
平凉's grassroots consultations (P15: 765), the problems solved at 武威's grassroots consultations
(W19: 19,038 since 2016), and 平凉's demonstration points (P7: 16 in the current term). Each record
names what, where, for whom (a group, never a private person), which members and when; a few more
are still open, or fall outside the counted period, so that the definitions are exercised too."""

import datetime

from lvzhi.supervision.choices import ServiceKind, ServiceState
from lvzhi.supervision.demo_common import AS_OF, Maker, seated, term_start
from lvzhi.supervision.models import DemoPoint, ServiceItem

W17_MATTERS, W19_PROBLEMS, P15_MATTERS, P7_POINTS = 397, 19_038, 765, 16
OPEN_EXTRA = 12  # matters still open on 2024-12-31 (not counted)

MATTERS = [
    ("协调解决{p}群众就医难", "{p}群众"),
    ("帮助{p}困难家庭子女办理助学手续", "{p}困难家庭"),
    ("为{p}老年人上门办理社保认证", "{p}老年人"),
    ("协调修复{p}破损路面", "{p}居民"),
    ("为{p}农户联系农产品销路", "{p}农户"),
    ("为{p}小微企业解读惠企政策", "{p}小微企业"),
]
PROBLEMS = [
    ("{p}停车位不足", "{p}居民代表"),
    ("{p}饮水管网老化", "{p}村民"),
    ("{p}路灯损坏", "{p}居民"),
    ("{p}垃圾清运不及时", "{p}物业和居民"),
    ("{p}村道硬化", "{p}村委会"),
    ("{p}公交线路调整", "{p}群众"),
]
STREETS = ["西郊街道", "中街街道", "东关街道", "柳湖镇", "四十里铺镇", "崆峒镇", "北塬社区", "新民路社区"]


def _activities(tree, kind, lo, hi, subkinds=None):
    Activity = ServiceItem._meta.get_field("activity").related_model
    qs = Activity.objects.filter(
        committee__in=tree, kind=kind, state="finished", start__date__gte=lo, start__date__lte=hi
    ).order_by("start", "pk")
    if subkinds:
        qs = qs.filter(subkind__in=subkinds)
    return list(qs.only("pk", "committee_id", "start", "place", "topic"))


def _item(make, kind, templates, activity, done):
    title, requester = make.rng.choice(templates)
    place = (activity.place or "").replace("基层协商议事室", "").replace("政协会议室", "") or "辖区"
    day = activity.start.date()
    return ServiceItem(
        committee_id=activity.committee_id,
        kind=kind,
        title=title.format(p=place)[:200],
        place=place[:100],
        requester=requester.format(p=place)[:100],
        activity_id=activity.pk,
        raised_on=day,
        state=ServiceState.DONE if done else ServiceState.OPEN,
        done_on=min(make.after(day, 0, 10), AS_OF) if done else None,
        result="已协调办结，群众满意。" if done else "",
    )


def _save(items, make, pools):
    ServiceItem.objects.bulk_create(items, batch_size=2000)
    through = ServiceItem.members.through
    links = []
    for item in items:
        pool = pools.get(item.committee_id) or []
        for member_id in make.rng.sample(pool, min(len(pool), make.rng.choice([1, 1, 2]))):
            links.append(through(serviceitem_id=item.pk, member_id=member_id))
    through.objects.bulk_create(links, batch_size=5000)


def _spread_over(make, kind, templates, activities, total, *, done=True):
    """`total` records over the activities (one each while they last, then round again)."""
    return [_item(make, kind, templates, activities[i % len(activities)], done) for i in range(total)]


def wuwei(tree) -> dict:
    make = Maker("people-620600")
    pools = {c.pk: seated(c) for c in tree}
    lo = max(term_start(c) for c in tree)
    studio = _activities(tree, "studio", lo, AS_OF - datetime.timedelta(days=11))
    grassroots = _activities(tree, "grassroots", datetime.date(2000, 1, 1), AS_OF - datetime.timedelta(days=11))
    items = []
    if studio:
        items += _spread_over(make, ServiceKind.MATTER, MATTERS, studio, W17_MATTERS)
        items += _spread_over(make, ServiceKind.MATTER, MATTERS, studio[-OPEN_EXTRA:], OPEN_EXTRA, done=False)
    if grassroots:
        chosen = make.rng.sample(grassroots, min(W19_PROBLEMS, len(grassroots)))
        items += [_item(make, ServiceKind.PROBLEM, PROBLEMS, a, True) for a in chosen]
    _save(items, make, pools)
    return {
        "matters": W17_MATTERS if studio else 0,
        "problems": len(items) - (W17_MATTERS + OPEN_EXTRA if studio else 0),
    }


def pingliang(tree) -> dict:
    make = Maker("people-620800")
    city = tree[0]
    pools = {c.pk: seated(c) for c in tree}
    lo = max(term_start(c) for c in tree)
    grassroots = _activities(tree, "grassroots", lo, AS_OF - datetime.timedelta(days=11))
    items = _spread_over(make, ServiceKind.MATTER, MATTERS, grassroots, P15_MATTERS) if grassroots else []
    _save(items, make, pools)
    points = [
        DemoPoint(
            committee=city,
            name=f"{STREETS[i % len(STREETS)]}创城宣传示范点{'' if i < len(STREETS) else '（二期）'}",
            place=f"平凉市崆峒区{STREETS[i % len(STREETS)]}",
            built_on=make.day(max(lo, datetime.date(2023, 3, 1)), datetime.date(2024, 10, 31)),
        )
        for i in range(P7_POINTS)
    ]
    points.append(
        DemoPoint(  # built in the previous term: not counted in this term's 16
            committee=city,
            name="柳湖公园创城宣传示范点",
            place="平凉市崆峒区柳湖公园",
            built_on=datetime.date(2021, 5, 10),
        )
    )
    DemoPoint.objects.bulk_create(points)
    through = DemoPoint.supervisors.through
    pool = pools.get(city.pk) or []
    through.objects.bulk_create(
        [through(demopoint_id=p.pk, member_id=m) for p in points for m in make.rng.sample(pool, min(len(pool), 2))]
    )
    return {"matters": len(items), "points": P7_POINTS}
