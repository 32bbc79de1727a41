"""What the supervision demo's sections share (`demo.py`, `demo_wuwei.py`, `demo_pingliang.py`): the
as-of date and the figures to reproduce, the word lists the draws take names from, and the `Maker`
that draws deterministically and collects the transitions for one bulk insert."""

import contextlib
import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from lvzhi.accounts.models import User
from lvzhi.core.models import Transition
from lvzhi.org.choices import MembershipStatus
from lvzhi.org.models import Membership
from lvzhi.supervision.models import InvestmentVisit, VisitEnterprise

AS_OF = datetime.date(2024, 12, 31)
WUWEI, WUWEI_COUNTIES = "620600", ["620602", "620621", "620622", "620623"]
PINGLIANG, PINGLIANG_COUNTIES = "620800", ["620802", "620821", "620822", "620823", "620825", "620826", "620881"]

W4_MEDIATORS, W5_CONCLUDED, W6_SUCCESSFUL, W_RETURNED, W_OPEN = 124, 35, 27, 4, 6
W7_CLUES, W8_FILED, W9_SUGGESTIONS = 78, 69, 57
W11_PROJECTS, W12_WAN, W13_SOLVED = 23, 916_900, 23
P6_FUNDS = ["45.00", "38.50", "30.00", "52.30", "26.00", "40.00", "32.00"]  # 263.80 万元
P7_POINTS, P8_VISITS, P9_ENTERPRISES, P10_PROJECTS, P19_POSTS, P25_REVIEWERS = 16, 21, 94, 22, 102, 29

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力斌宁博雪琳晨浩凯鹏宇欣"
INDUSTRIES = ["新能源", "现代农业", "装备制造", "文化旅游", "生物医药", "新材料", "商贸物流", "数字经济", "食品加工"]
CITIES = ["上海", "浙江杭州", "江苏苏州", "广东深圳", "北京", "山东青岛", "福建厦门", "四川成都", "陕西西安", "天津"]
COMPANY_WORDS = ["华", "瑞", "丰", "鑫", "源", "泰", "达", "康", "恒", "安", "科", "润", "嘉", "宏", "盛", "远"]
BODIES = [
    "平凉市中级人民法院",
    "平凉市人民检察院",
    "平凉市公安局",
    "平凉市市场监督管理局",
    "国家税务总局平凉市税务局",
    "平凉市生态环境局",
    "平凉市自然资源局",
    "平凉市卫生健康委员会",
    "平凉市教育局",
    "平凉市营商环境建设局",
]
CLUE_TOPICS = [
    "饮用水水源地保护",
    "河道非法采砂",
    "耕地违法占用",
    "农村人居环境整治",
    "食品药品安全",
    "无障碍设施建设",
    "历史文化遗存保护",
    "防沙治沙林地保护",
    "未成年人保护",
    "个人信息保护",
    "城市燃气安全",
    "建筑垃圾违规倾倒",
]
PROBLEMS = [
    "用工招聘困难，需协调职业院校对接",
    "项目用地手续办理进度慢",
    "融资贷款需银行支持",
    "厂区道路及配套管网未通",
    "电力增容审批周期长",
    "产品检验检测需送外地",
    "物流运输成本偏高",
    "技改项目申报政策不清楚",
]


@contextlib.contextmanager
def keep_timestamps(*fields):
    """Let bulk inserts keep the historical times the demo gives instead of "now"."""
    saved = [(f, f.auto_now_add) for f in fields]
    for f, _ in saved:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f, value in saved:
            f.auto_now_add = value


def at(day: datetime.date, hour=10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_default_timezone())


class Maker:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.transitions: list[Transition] = []

    def day(self, lo: datetime.date, hi: datetime.date) -> datetime.date:
        return lo + datetime.timedelta(days=self.rng.randint(0, max((hi - lo).days, 0)))

    def after(self, day, lo, hi, cap=AS_OF):
        return min(day + datetime.timedelta(days=self.rng.randint(lo, hi)), cap)

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice([1, 2])))

    def company(self, place="") -> str:
        words = "".join(self.rng.sample(COMPANY_WORDS, 2))
        return f"{place}{words}{self.rng.choice(INDUSTRIES)}有限公司"

    def step(self, obj, action, source, target, day, note=""):
        self.transitions.append(
            Transition(
                content_type=ContentType.objects.get_for_model(type(obj)),
                object_id=obj.pk,
                committee_id=obj.committee_id,
                action=action,
                from_state=source,
                to_state=target,
                at=at(day, 16),
                note=note,
            )
        )

    def save_transitions(self):
        with keep_timestamps(Transition._meta.get_field("at")):
            Transition.objects.bulk_create(self.transitions, batch_size=1000)
        self.transitions = []


def seated(committee) -> list[int]:
    """The member ids of the committee's current term (active seats), in a stable order."""
    term = committee.current_term(on=AS_OF)
    seats = Membership.objects.filter(committee=committee, status=MembershipStatus.ACTIVE)
    if term:
        seats = seats.filter(term=term)
    return list(dict.fromkeys(seats.order_by("id").values_list("member_id", flat=True)))


def demo_member(username):
    return User.objects.filter(username=username).values_list("member_id", flat=True).first()


def term_start(committee) -> datetime.date:
    term = committee.current_term(on=AS_OF)
    return term.start_date if term else datetime.date(2022, 1, 1)


def delegations_and_enterprises(make, visits, pool, enterprise_counts, repeats=()):
    rng = make.rng
    through = InvestmentVisit.delegation.through
    links, enterprises = [], []
    names_so_far: list[str] = []
    for visit, count in zip(visits, enterprise_counts, strict=True):
        for pk in rng.sample(pool[:60], rng.randint(3, 6)):
            links.append(through(investmentvisit_id=visit.pk, member_id=pk))
        names = []
        while len(names) < count:
            name = make.company(visit.destination[:2])
            if name not in names and name not in names_so_far:
                names.append(name)
        names_so_far.extend(names)
        enterprises.extend(VisitEnterprise(visit=visit, committee_id=visit.committee_id, name=n) for n in names)
    # an enterprise met again on a later visit counts once
    for later, earlier in repeats:
        name = next(e.name for e in enterprises if e.visit is visits[earlier])
        enterprises.append(VisitEnterprise(visit=visits[later], committee_id=visits[later].committee_id, name=name))
    through.objects.bulk_create(links)
    VisitEnterprise.objects.bulk_create(enterprises, batch_size=1000)
