"""Test helpers for liaison: records written through the real services, on top of the personas."""

import datetime

from lvzhi.liaison import services
from lvzhi.org.factories import make_member

DAY = datetime.date(2024, 3, 1)


class LiaisonWorld:
    """The personas, plus in 武威 a vice-chair (马立), a 党外 member contact (李明, the member persona),
    an outside contact, and the vice-chair assigned to both from DAY."""

    def __init__(self, personas):
        self.p = personas
        self.staff = personas.staff
        self.wuwei = personas.wuwei
        self.leader = make_member(personas.wuwei, "马立", role="vice_chair")
        self.member = personas.member_person
        self.c_member = self.contact(member=self.member.pk, group="intellectual")
        self.c_outside = self.contact(name="释宏远", group="ethnic_religious", affiliation="武威市佛教协会会长")
        self.a_member = self.assign(self.c_member)
        self.a_outside = self.assign(self.c_outside)

    def contact(self, committee=None, **data):
        data = {"listed_on": DAY, **data}
        return services.create_contact(actor=self.staff, committee=committee or self.wuwei, data=data)

    def assign(self, contact, leader=None, **data):
        data = {"leader": (leader or self.leader).pk, "contact": contact.pk, "started_on": DAY, **data}
        return services.create_assignment(actor=self.staff, committee=self.wuwei, data=data)

    def engage(self, contacts, members=None, kind="visit", held_on=DAY, **data):
        data = {
            "kind": kind,
            "title": "走访联系，听取意见建议",
            "held_on": held_on,
            "members": [m.pk for m in (members or [self.leader])],
            "contacts": [c.pk for c in contacts],
            **data,
        }
        return services.create_engagement(actor=self.staff, committee=self.wuwei, data=data)

    def hosted(self, members=None, started_on=DAY, **data):
        data = {
            "body": "provincial",
            "visitor": "甘肃省政协农业和农村委员会",
            "leader": "省政协副主席",
            "kind": "inspection",
            "started_on": started_on,
            "ended_on": started_on + datetime.timedelta(days=2),
            "topic": "戈壁农业发展",
            "members": [m.pk for m in (members or [self.member])],
            **data,
        }
        return services.create_hosted_visit(actor=self.staff, committee=self.wuwei, data=data)

    def report(self, **data):
        data = {
            "kind": "request",
            "subject": "关于召开政协武威市第五届委员会第三次会议的请示",
            "recipient": "中共武威市委",
            "drafted_on": DAY,
            "reply_days": 15,
            **data,
        }
        return services.create_party_report(actor=self.staff, committee=self.wuwei, data=data)
