"""Test and demo helpers for supervision: records written through the real services."""

import datetime

from lvzhi.org.factories import make_member
from lvzhi.supervision import services

DAY = datetime.date(2024, 3, 1)


def make_case(actor, committee, mediators, number="（2024）甘06民诉前调1号", **extra):
    """A mediation case received on DAY, between 张三 and 李四."""
    data = {
        "court": "武威市中级人民法院",
        "case_number": number,
        "dispute_kind": "loan",
        "received_on": DAY,
        "parties": "张三、李四",
        "mediators": [m.pk for m in mediators],
        **extra,
    }
    return services.create_mediation_case(actor=actor, committee=committee, data=data)


def make_clue(actor, committee, contributors, **extra):
    """A litigation clue found on DAY."""
    data = {"title": "河道非法采砂问题线索", "recorded_on": DAY, "contributors": [m.pk for m in contributors], **extra}
    return services.create_clue(actor=actor, committee=committee, data=data)


def make_service_item(actor, committee, members, kind="matter", **extra):
    """A matter done (or a problem solved) registered on DAY, still open unless `done_on` is given."""
    data = {
        "kind": kind,
        "title": "协调解决社区老年人就医难",
        "place": "凉州区东关街道",
        "requester": "东关街道老年居民",
        "members": [m.pk for m in members],
        "raised_on": DAY,
        **extra,
    }
    return services.create_service_item(actor=actor, committee=committee, data=data)


def make_demo_point(actor, committee, supervisors, name="西郊街道创城宣传示范点", **extra):
    data = {"name": name, "place": "西郊街道", "built_on": DAY, "supervisors": [m.pk for m in supervisors], **extra}
    return services.create_demo_point(actor=actor, committee=committee, data=data)


class SupervisionWorld:
    """The personas, plus 武威 members to mediate (李明 — the member persona —, 周敏, 孙立) and a case."""

    def __init__(self, personas):
        self.p = personas
        self.staff = personas.staff
        self.wuwei = personas.wuwei
        self.m1 = personas.member_person
        self.m2 = make_member(personas.wuwei, "周敏")
        self.m3 = make_member(personas.wuwei, "孙立")
        self.case = self.new_case()

    def new_case(self, number="（2024）甘06民诉前调1号", mediators=None, committee=None, **extra):
        mediators = mediators if mediators is not None else [self.m1, self.m2]
        return make_case(self.staff, committee or self.wuwei, mediators, number, **extra)

    def new_clue(self, **extra):
        return make_clue(self.staff, self.wuwei, [self.m1], **extra)
