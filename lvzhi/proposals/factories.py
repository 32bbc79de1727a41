"""Test and demo helpers for proposals: real rows through the real services."""

from lvzhi.accounts.choices import Role
from lvzhi.org.factories import make_member, make_user
from lvzhi.org.models import Unit
from lvzhi.proposals import services
from lvzhi.proposals.services.rules import policy_for

TEXT = {
    "situation": "城区中小学校外托管机构数量不足，收费标准不一，安全隐患较多，家长接送困难。",
    "analysis": "缺少统一的管理办法，部门职责交叉。",
    "suggestions": "一是由教育部门牵头制定校外托管管理办法；二是扩大校内课后服务覆盖面；三是加强安全检查。",
}


class ProposalWorld:
    """Personas plus what the proposal loop needs: a co-proposer and a second unit with its user."""

    def __init__(self, personas):
        self.p = personas
        self.committee = personas.wuwei
        policy_for(self.committee)
        self.co_person = make_member(self.committee, "陈静")
        self.co = make_user("co_member", roles=[Role.MEMBER], committee=self.committee, member=self.co_person)
        self.unit = personas.unit
        self.unit2 = Unit.objects.create(committee=self.committee, name="武威市财政局")
        self.unit2_user = make_user("unit2_user", roles=[Role.UNIT], committee=self.committee, unit=self.unit2)

    def draft(self, *, actor=None, joint=False, **data):
        payload = {"title": "关于规范中小学校外托管机构的建议", "category": "社会建设", **TEXT, **data}
        if joint:
            payload.update(kind="joint", coproposers=[self.co_person.pk])
        return services.create_proposal(actor=actor or self.p.member, data=payload)

    def submitted(self, **kwargs):
        proposal = self.draft(**kwargs)
        if kwargs.get("joint"):
            services.confirm_coproposal(actor=self.co, proposal=proposal)
        return services.submit_proposal(actor=self.p.member, proposal=proposal)

    def filed(self, **kwargs):
        return services.file_proposal(actor=self.p.staff, proposal=self.submitted(**kwargs))

    def assigned(self, units=None, **kwargs):
        proposal = self.filed(**kwargs)
        units = units or [{"unit": self.unit.pk, "role": "lead"}, {"unit": self.unit2.pk, "role": "co"}]
        return services.assign_proposal(actor=self.p.staff, proposal=proposal, units=units)

    def lead(self, proposal):
        return proposal.assignments.get(unit=self.unit)

    def replied(self, **kwargs):
        proposal = self.assigned(**kwargs)
        a = self.lead(proposal)
        services.sign_assignment(actor=self.p.unit_user, assignment=a)
        services.reply_assignment(actor=self.p.unit_user, assignment=a, category="A", text="已制定管理办法。")
        proposal.refresh_from_db()
        return proposal
