"""A small supervision world on top of the shared personas: 武威 members to mediate, a case, a clue."""

import datetime

import pytest

from lvzhi.org.factories import make_member
from lvzhi.supervision import services

DAY = datetime.date(2024, 3, 1)


class World:
    def __init__(self, personas):
        self.p = personas
        self.staff = personas.staff
        self.wuwei = personas.wuwei
        self.m1 = personas.member_person
        self.m2 = make_member(personas.wuwei, "周敏")
        self.m3 = make_member(personas.wuwei, "孙立")
        self.case = self.new_case()

    def new_case(self, number="（2024）甘06民诉前调1号", mediators=None, committee=None, **extra):
        data = {
            "court": "武威市中级人民法院",
            "case_number": number,
            "dispute_kind": "loan",
            "received_on": DAY,
            "parties": "张三、李四",
            "mediators": [m.pk for m in (mediators if mediators is not None else [self.m1, self.m2])],
            **extra,
        }
        return services.create_mediation_case(actor=self.staff, committee=committee or self.wuwei, data=data)

    def new_clue(self, **extra):
        data = {"title": "河道非法采砂问题线索", "recorded_on": DAY, "contributors": [self.m1.pk], **extra}
        return services.create_clue(actor=self.staff, committee=self.wuwei, data=data)


@pytest.fixture
def world(personas):
    return World(personas)
