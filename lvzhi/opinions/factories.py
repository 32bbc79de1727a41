"""Test and demo helpers for opinion reports: real rows through the real services — a small world on
top of the shared personas, and helpers that move a report along the loop."""

import datetime

from lvzhi.accounts.choices import Role
from lvzhi.opinions import services
from lvzhi.opinions.choices import RecipientLevel
from lvzhi.org.factories import make_member, make_user

CONTENT = "我市部分农村地区冬季供暖设施老化，群众取暖成本高、安全隐患多。" * 5


class OpinionWorld:
    """Personas plus what the opinions loop needs: a second member of the city, a member of the county,
    an officer with only the opinions permission, and the city office's recipients."""

    def __init__(self, personas):
        self.p = personas
        self.staff = personas.staff
        self.member = personas.member
        self.leader = personas.leader
        self.person2 = make_member(personas.wuwei, "周敏")
        self.member2 = make_user("member2", roles=[Role.MEMBER], committee=personas.wuwei, member=self.person2)
        self.county_member = make_user(
            "county_member", roles=[Role.MEMBER], committee=personas.liangzhou, member=personas.county_person
        )
        self.city_staff_only = make_user(
            "city_staff_only", roles=[Role.STAFF], committee=personas.wuwei, permissions=["opinions"]
        )
        self.party_committee = services.create_recipient(
            actor=self.staff, committee=personas.wuwei, name="市委办公室", level=RecipientLevel.PARTY_COMMITTEE
        )
        self.department = services.create_recipient(
            actor=self.staff, committee=personas.wuwei, name="市卫生健康委", level=RecipientLevel.DEPARTMENT
        )
        self.province = services.create_recipient(
            actor=self.staff, committee=personas.wuwei, name="省政协办公厅", level=RecipientLevel.PROVINCIAL
        )

    def report(self, user=None, *, submit=True, **data):
        base = {"title": "关于改善农村冬季供暖条件的建议", "category": "社会民生", "content": CONTENT,
                "suggestions": "加大财政补贴力度，推广清洁取暖。"}  # fmt: skip
        return services.create_report(actor=user or self.member, data={**base, **data}, submit=submit)

    def accepted(self, user=None, **data):
        report = self.report(user, **data)
        return services.accept_report(actor=self.staff, report=report)

    def published(self, user=None, **data):
        report = self.accepted(user, **data)
        issue = services.create_issue(actor=self.staff, committee=self.p.wuwei)
        return services.publish_report(actor=self.staff, report=report, issue=issue)

    def sent(self, user=None, **data):
        report = self.published(user, **data)
        return services.send_report(
            actor=self.staff, report=report, recipients=[self.party_committee.pk], date=datetime.date.today()
        )
