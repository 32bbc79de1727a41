"""Test factories of the duty records: a small duty-records world on the shared personas — four
Wuwei members with accounts, a studio, proposals and activities made through the real services
(the ledger is derived from them)."""

import datetime

from django.utils import timezone

from lvzhi.accounts.choices import Role
from lvzhi.activities import services as activities
from lvzhi.org.factories import make_member, make_user
from lvzhi.org.models import Studio
from lvzhi.proposals import services as proposals
from lvzhi.proposals.factories import TEXT
from lvzhi.proposals.services.rules import policy_for


class DutyWorld:
    def __init__(self, personas):
        self.p = personas
        self.staff = personas.staff
        self.committee = personas.wuwei
        policy_for(self.committee)
        self.people = [personas.member_person]
        self.users = [personas.member]
        for i, name in enumerate(["周敏", "孙立", "陈静"], start=2):
            person = make_member(self.committee, name, role="standing" if i == 2 else "member")
            self.people.append(person)
            self.users.append(make_user(f"member{i}", roles=[Role.MEMBER], committee=self.committee, member=person))
        self.studio = Studio.objects.create(committee=self.committee, name="李明委员工作室", lead=self.people[0])
        self.year = timezone.localdate().year

    def user_of(self, person):
        return self.users[self.people.index(person)]

    def activity(self, kind="consultation", *, days_ago=1, committee=None, **data):
        start = timezone.now() - datetime.timedelta(days=days_ago)
        if start.year != self.year:  # keep every event in this year
            start = timezone.now() - datetime.timedelta(minutes=5)
        return activities.create_activity(
            actor=self.staff,
            committee=committee or self.committee,
            data={"kind": kind, "topic": f"{kind}活动", "start": start, **data},
        )

    def finished(self, kind="consultation", present=(), **data):
        activity = self.activity(kind, **data)
        activities.invite(actor=self.staff, activity=activity, values=[p.pk for p in self.people])
        for person in present:
            activities.manual_check_in(actor=self.staff, activity=activity, member=person)
        return activities.finish_activity(actor=self.staff, activity=activity)

    def proposal(self, person=None, *, co=None, file=True, **data):
        person = person or self.people[0]
        payload = {"title": "关于规范中小学校外托管机构的建议", "category": "社会建设", **TEXT, **data}
        if co:
            payload.update(kind="joint", coproposers=[c.pk for c in co])
        proposal = proposals.create_proposal(actor=self.user_of(person), data=payload)
        for c in co or []:
            proposals.confirm_coproposal(actor=self.user_of(c), proposal=proposal)
        proposals.submit_proposal(actor=self.user_of(person), proposal=proposal)
        if file:
            proposals.file_proposal(actor=self.staff, proposal=proposal)
        return proposal
