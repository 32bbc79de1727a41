"""The pages of every register: list with export, detail with timeline and actions, create, edit
(`core.register_pages`); a mediation case's page also reveals its parties' names and keeps them when
its form leaves them blank."""

from django.utils.translation import gettext as _

from lvzhi.accounts.choices import Permission
from lvzhi.core.register_pages import RegisterPages
from lvzhi.org.selectors import members_of_committee
from lvzhi.supervision import services
from lvzhi.supervision.actions import ACTION_TABLES
from lvzhi.supervision.registers import REGISTERS
from lvzhi.supervision.selectors import can_read


class SupervisionPages(RegisterPages):
    def more_detail(self, request, reg, obj, context):
        context["revealed"] = None
        context["can_reveal"] = request.user.has_module_perm(Permission.VIEW_PII) and context["manages"]

    def initial(self, reg, obj):
        initial = {}
        for name in reg.form.base_fields:
            if name in ("committee", "parties"):
                continue
            if name in reg.member_fields and name not in ("member", "leader"):
                initial[name] = list(getattr(obj, name).values_list("pk", flat=True))
            elif name == "enterprises":
                initial[name] = "\n".join(obj.enterprises.values_list("name", flat=True))
            elif hasattr(obj, f"{name}_id"):
                initial[name] = getattr(obj, f"{name}_id")
            else:
                initial[name] = getattr(obj, name, None)
        return initial

    def form_data(self, reg, obj, form):
        data = form.service_data()
        if obj is not None and reg.key == "mediation" and not data.get("parties"):
            data.pop("parties", None)  # left blank: unchanged
        return data

    def shown_form(self, reg, obj, form):
        if obj is not None and reg.key == "mediation":
            form.fields["parties"].required = False
            form.fields["parties"].help_text = _("留空则不修改；填写则替换全部当事人。")

    def other_action(self, request, reg, obj, action):
        if reg.key == "mediation" and action == "reveal":
            names = services.reveal_parties(actor=request.user, case=obj)
            return self.detail_page(request, reg, obj, revealed=names)
        return None


PAGES = SupervisionPages(
    REGISTERS,
    ACTION_TABLES,
    namespace="supervision",
    can_read=can_read,
    can_manage=services.can_manage,
    members=members_of_committee,
)
