"""A small activities world on top of the shared personas: members with accounts and a consultation."""

import datetime

import pytest
from django.utils import timezone

from lvzhi.accounts.choices import Role
from lvzhi.activities import services
from lvzhi.org.factories import make_member, make_user


class World:
    def __init__(self, personas):
        self.p = personas
        self.staff = personas.staff
        self.member = personas.member
        self.person = personas.member_person
        self.person2 = make_member(personas.wuwei, "周敏")
        self.member2 = make_user("member2", roles=[Role.MEMBER], committee=personas.wuwei, member=self.person2)
        self.person3 = make_member(personas.wuwei, "孙立")
        self.member3 = make_user("member3", roles=[Role.MEMBER], committee=personas.wuwei, member=self.person3)
        now = timezone.now()
        self.activity = services.create_activity(
            actor=self.staff,
            committee=personas.wuwei,
            data={
                "kind": "consultation",
                "subkind": "双月",
                "topic": "荒漠化综合防治双月协商座谈会",
                "start": now - datetime.timedelta(hours=1),
                "end": now + datetime.timedelta(hours=2),
                "place": "市政协三楼会议室",
            },
        )

    def invite_all(self, activity=None):
        activity = activity or self.activity
        return services.invite(
            actor=self.staff, activity=activity, values=[self.person.pk, self.person2.pk, self.person3.pk]
        )

    def new_activity(self, committee=None, **data):
        now = timezone.now()
        base = {
            "kind": "consultation",
            "subkind": "专题",
            "topic": "专题协商会",
            "start": now - datetime.timedelta(hours=1),
        }
        return services.create_activity(actor=self.staff, committee=committee or self.p.wuwei, data={**base, **data})


@pytest.fixture
def world(personas):
    return World(personas)
