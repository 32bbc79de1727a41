"""Demo data of the directory: profiles of the members of 武威 and 平凉 and their counties (a
biography for about two in five, shared contact fields for about one in five), and a few requests to
change official data — submitted, approved, rejected, withdrawn and pending — made through the
services by the members' own accounts and decided by the offices, so their transitions, audit
entries and the changes applied through org's services are what real use would leave."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from lvzhi.directory import services
from lvzhi.directory.models import Profile
from lvzhi.org.choices import MembershipStatus
from lvzhi.org.models import Committee, Membership

CITIES = (("620600", "wuwei_staff"), ("620800", "pingliang_staff"))
BIO_RATE = 0.4
SHARE_RATE = 0.2
TOPICS = [
    "乡村振兴",
    "生态保护",
    "教育均衡发展",
    "基层医疗",
    "民营经济",
    "文化旅游",
    "养老服务",
    "营商环境",
    "河西走廊水资源",
    "特色农业",
    "城市更新",
    "青少年心理健康",
]
DEEDS = [
    "多次参加专题调研和视察",
    "牵头提交多件集体提案",
    "积极反映社情民意",
    "常年在委员工作室接待群众",
    "参与界别协商活动",
]
NEW_TITLES = ["副主任", "主任", "副院长", "党委委员", "副总经理", "总经理", "副校长", "主任医师"]


def _bio(rng, member, sector) -> str:
    topics = "、".join(rng.sample(TOPICS, 2))
    where = f"现任{member.workplace}{member.title}。" if member.workplace and member.title else ""
    field = f"作为{sector}委员，" if sector else ""
    return f"{where}{field}长期关注{topics}等问题，{rng.choice(DEEDS)}，{rng.choice(DEEDS)}。"


def _seats(city):
    tree = Committee.objects.filter(path__startswith=city.path)
    return list(
        Membership.objects.filter(committee__in=tree, status=MembershipStatus.ACTIVE, term__end_date__isnull=True)
        .select_related("member", "sector")
        .order_by("committee__path", "member_id", "pk")
    )


def _profiles(rng, seats, today) -> list[Profile]:
    rows, seen = [], set()
    for seat in seats:
        member = seat.member
        if member.pk in seen:
            continue
        seen.add(member.pk)
        has_bio, shares = rng.random() < BIO_RATE, rng.random() < SHARE_RATE
        if not (has_bio or shares):
            continue
        profile = Profile(committee_id=member.committee_id, member=member)
        if has_bio:
            profile.bio = _bio(rng, member, seat.sector.name if seat.sector_id else "")
            day = today - datetime.timedelta(days=rng.randrange(365))
            profile.completed_at = timezone.make_aware(
                datetime.datetime.combine(day, datetime.time(rng.randrange(8, 21), rng.randrange(60)))
            )
        if shares:
            chosen = rng.sample(["share_mobile", "share_email", "share_workplace"], rng.randint(1, 3))
            for name in chosen:
                setattr(profile, name, True)
        rows.append(profile)
    return rows


def _requests(rng, seats, office, users) -> int:
    """Eight requests per city: four approved, one rejected, one withdrawn, two pending."""
    outcomes = ["approve", "approve", "approve", "approve", "reject", "withdraw", "pending", "pending"]
    candidates = [s for s in seats if s.member_id in users and s.committee_id == users[s.member_id].committee_id]
    made = 0
    for seat, outcome in zip(rng.sample(candidates, len(outcomes)), outcomes, strict=True):
        user, member = users[seat.member_id], seat.member
        if rng.random() < 0.5:
            data = {"title": rng.choice([t for t in NEW_TITLES if t != member.title]), "reason": "职务调整"}
        else:
            unit = rng.choice(["发展和改革委员会", "教育局", "卫生健康委员会", "农业农村局"])
            data = {"workplace": f"{seat.committee.short_name}{unit}", "reason": "工作单位变动"}
        change = services.request_profile_change(actor=user, data=data)
        if outcome == "approve":
            services.approve_change_request(actor=office, change=change, note="经核实，同意变更。")
        elif outcome == "reject":
            services.reject_change_request(actor=office, change=change, note="请提供任职文件后重新申请。")
        elif outcome == "withdraw":
            services.withdraw_change_request(actor=user, change=change)
        made += 1
    return made


def load(*, stdout=None, **kwargs) -> dict:
    cities = {c.code: c for c in Committee.objects.filter(code__in=[code for code, _u in CITIES])}
    User = get_user_model()
    today = timezone.localdate()
    counts = {"profiles": 0, "requests": 0}
    for code, office_name in CITIES:
        city = cities.get(code)
        office = User.objects.filter(username=office_name).first()
        if city is None or office is None:
            continue
        rng = random.Random(f"directory-{code}")
        seats = _seats(city)
        profiles = _profiles(rng, seats, today)
        Profile.objects.bulk_create(profiles, batch_size=500)
        counts["profiles"] += len(profiles)
        users = {
            u.member_id: u
            for u in User.objects.filter(member_id__in=[s.member_id for s in seats], roles__role="member")
        }
        counts["requests"] += _requests(rng, seats, office, users)
    if stdout is not None:
        stdout.write(f"委员风采：{counts['profiles']} 份资料，{counts['requests']} 件变更申请。")
    return counts
