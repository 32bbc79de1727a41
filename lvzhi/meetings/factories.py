"""Test helpers for the meeting services: real rows through the real services."""

import datetime

from django.utils import timezone

from lvzhi.accounts.choices import Permission, Role
from lvzhi.activities import services as activity_services
from lvzhi.meetings import services
from lvzhi.org.factories import make_member, make_user
from lvzhi.org.models import Sector


class MeetingWorld:
    """Personas plus a plenary meeting in Wuwei that started an hour ago, with five invitees
    (李明 the persona member, 周敏 a vice-chair, 王海 and 赵强 of 教育界, 丁一 of 经济界) who
    all have accounts, one agenda item per half-day, and a hall of 3 rows × 4 seats."""

    def __init__(self, personas):
        self.p = personas
        self.staff = personas.staff
        # a second officer of the office: confirms the election count, approves the minutes
        self.staff2 = make_user(
            "staff2", roles=[Role.STAFF], committee=personas.wuwei, permissions=[Permission.ACTIVITIES]
        )
        w = personas.wuwei
        self.education = Sector.objects.create(committee=w, name="教育界", sort=2)
        self.economy = personas.sector  # 经济界
        self.li = personas.member_person
        self.zhou = make_member(w, "周敏", role="vice_chair", sector=self.education)
        self.wang = make_member(w, "王海", sector=self.education)
        self.zhao = make_member(w, "赵强", sector=self.education)
        self.ding = make_member(w, "丁一", sector=self.economy)
        self.users = {self.li.pk: personas.member}
        for person, name in ((self.zhou, "zhou"), (self.wang, "wang"), (self.zhao, "zhao"), (self.ding, "ding")):
            self.users[person.pk] = make_user(name, roles=[Role.MEMBER], committee=w, member=person)
        now = timezone.now()
        self.activity = activity_services.create_activity(
            actor=self.staff,
            committee=w,
            data={
                "kind": "plenary",
                "topic": "政协武威市第五届委员会第三次会议",
                "start": now - datetime.timedelta(hours=1),
                "end": now + datetime.timedelta(days=2),
                "place": "武威会议中心",
            },
        )
        self.people = [self.li, self.zhou, self.wang, self.zhao, self.ding]
        activity_services.invite(actor=self.staff, activity=self.activity, values=[m.pk for m in self.people])
        self.meeting = services.create_meeting(actor=self.staff, activity=self.activity)
        today = timezone.localdate(self.activity.start)
        self.item = services.add_agenda_item(
            actor=self.staff,
            meeting=self.meeting,
            data={"day": today, "half": "morning", "starts_at": "09:00", "title": "开幕会", "presider": "周敏"},
        )
        self.item2 = services.add_agenda_item(
            actor=self.staff,
            meeting=self.meeting,
            data={"day": today, "half": "afternoon", "starts_at": "15:00", "title": "审议常委会工作报告"},
        )
        self.room = services.add_room(
            actor=self.staff, meeting=self.meeting, data={"name": "大礼堂", "rows": 3, "seats_per_row": 4}
        )

    def user(self, person):
        return self.users[person.pk]

    def register_all(self, people=None):
        return services.register_bulk(
            actor=self.staff, meeting=self.meeting, members=[m.pk for m in (people or self.people)]
        )

    def vote(self, **data):
        return services.create_vote(
            actor=self.staff,
            meeting=self.meeting,
            data={"agenda_item": self.item2.pk, "title": "关于常委会工作报告的决议", **data},
        )

    def election(self, candidates=None, **data):
        return services.create_election(
            actor=self.staff,
            meeting=self.meeting,
            data={
                "agenda_item": self.item.pk,
                "title": "选举副主席",
                "seats": 2,
                "candidates": [m.pk for m in (candidates or [self.zhou, self.wang, self.zhao])],
                **data,
            },
        )
