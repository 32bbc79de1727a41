"""Test and demo helpers for meetings and activities: real rows through the real services."""

import datetime

from django.utils import timezone

from lvzhi.accounts.choices import Role
from lvzhi.activities import services
from lvzhi.org.factories import make_member, make_user


def make_activity(*, actor, committee, **data):
    """A planned activity (a consultation that started an hour ago, unless `data` says otherwise)."""
    base = {
        "kind": "consultation",
        "subkind": "专题",
        "topic": "专题协商会",
        "start": timezone.now() - datetime.timedelta(hours=1),
    }
    return services.create_activity(actor=actor, committee=committee, data={**base, **data})


class ActivityWorld:
    """Personas plus what the activities need: three members with accounts and a consultation in
    Wuwei that started an hour ago."""

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
        self.activity = make_activity(
            actor=self.staff,
            committee=personas.wuwei,
            subkind="双月",
            topic="荒漠化综合防治双月协商座谈会",
            start=now - datetime.timedelta(hours=1),
            end=now + datetime.timedelta(hours=2),
            place="市政协三楼会议室",
        )

    def invite_all(self, activity=None):
        activity = activity or self.activity
        return services.invite(
            actor=self.staff, activity=activity, values=[self.person.pk, self.person2.pk, self.person3.pk]
        )

    def new_activity(self, committee=None, **data):
        return make_activity(actor=self.staff, committee=committee or self.p.wuwei, **data)

    def speech(self, person=None, **data):
        """A speech of the world's activity, recorded by staff."""
        person = person or self.person
        return services.record_speech(
            actor=self.staff,
            activity=self.activity,
            data={"member": person.pk, "title": "关于防沙治沙的发言", "mode": "oral", **data},
        )

    def outcome(self, **data):
        """A draft outcome of the world's activity."""
        return services.record_outcome(
            actor=self.staff,
            activity=self.activity,
            data={"title": "关于加强荒漠化综合防治的建议", **data},
        )
