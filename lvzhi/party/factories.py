"""Test helpers for party building: a small world on top of the personas, and records written
through the real services."""

import datetime

from lvzhi.org.choices import BranchKind, PartyKind
from lvzhi.org.factories import make_member
from lvzhi.org.models import Party, PartyBranch
from lvzhi.party import services

DAY = datetime.date(2024, 3, 1)


class PartyWorld:
    """武威's office with one branch (since 2022) and a group under it, two party members in each; and
    members for the pairs: a CPC vice-chair (of the Party group), a CPC member, and the personas'
    民盟 member (non-Party)."""

    def __init__(self, personas):
        p = personas
        self.p = p
        self.term = p.wuwei.terms.order_by("-number").first()
        self.cpc = Party.objects.create(committee=p.wuwei, name="中国共产党", short_name="中共", kind=PartyKind.CPC)
        self.branch = PartyBranch.objects.create(
            committee=p.wuwei, name="机关第一党支部", established_on=datetime.date(2022, 1, 1)
        )
        self.group = PartyBranch.objects.create(
            committee=p.wuwei,
            name="办公室党小组",
            kind=BranchKind.GROUP,
            parent=self.branch,
            established_on=datetime.date(2022, 1, 1),
        )
        self.other_branch = PartyBranch.objects.create(
            committee=p.pingliang, name="平凉机关党支部", established_on=datetime.date(2022, 1, 1)
        )
        self.secretary = self.join("王书记", self.branch, role="secretary")
        self.clerk = self.join("李干事", self.group)
        self.vice_chair = make_member(p.wuwei, "陈副主席", role="vice_chair", party=self.cpc)
        self.cpc_member = make_member(p.wuwei, "刘党员", party=self.cpc)
        self.non_party = p.member_person

    def join(self, name, branch, role="member", joined_on=datetime.date(2022, 2, 1)):
        data = {"branch": branch.pk, "name": name, "role": role, "joined_on": joined_on}
        actor = self.p.other_staff if branch.committee_id == self.p.pingliang.pk else self.p.staff
        return services.create_membership(actor=actor, committee=branch.committee, data=data)

    def meeting(self, kind="committee", held_on=DAY, branch=None, attendees=None, **extra):
        data = {
            "branch": (branch or self.branch).pk,
            "kind": kind,
            "held_on": held_on,
            "topic": "学习贯彻党的二十届三中全会精神",
            "attendees": [m.pk for m in (attendees if attendees is not None else [self.secretary])],
            **extra,
        }
        return services.create_meeting(actor=self.p.staff, committee=self.p.wuwei, data=data)

    def pair(self, kind="party_to_non_party", contactor=None, contacted=None, assigned_on=datetime.date(2022, 3, 1)):
        data = {
            "term": self.term.pk,
            "kind": kind,
            "contactor": (contactor or self.cpc_member).pk,
            "contacted": (contacted or self.non_party).pk,
            "assigned_on": assigned_on,
        }
        return services.create_pair(actor=self.p.staff, committee=self.p.wuwei, data=data)

    def contact(self, pair, contacted_on=DAY, way="visit", content="听取对政协工作的意见建议"):
        data = {"contacted_on": contacted_on, "way": way, "content": content}
        return services.record_contact(actor=self.p.staff, pair=pair, data=data)
