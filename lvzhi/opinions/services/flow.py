"""The report's workflow: one table of transitions (who may, from which states, preconditions), the
labels of the timeline, and the one function that performs a step and keeps derived stores current."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core import registry
from lvzhi.core.workflow import Rule, Workflow, log_step
from lvzhi.opinions.choices import OpinionState
from lvzhi.opinions.services.access import _is_creator, _manages, _manages_or_leads
from lvzhi.opinions.services.config import settings_for
from lvzhi.org.choices import Level


def _content_ok(report):
    limits = settings_for(report.committee)
    if len(report.content) > limits.max_length:
        return _("内容超过 %(n)s 字的上限，请精简后再提交。") % {"n": limits.max_length}
    if not report.title.strip() or not report.content.strip():
        return _("标题和内容不能为空。")
    return None


def _can_forward(report):
    if report.committee.parent_id is None:
        return _("本委员会没有上级政协，不能上报。")
    if report.source_id is not None and report.committee.level == Level.PROVINCE:
        return _("不能再上报。")
    if report.forwards.exists():
        return _("已向上级政协报送过。")
    return None


R = OpinionState


_LIVE = [R.PUBLISHED, R.SENT, R.CLOSED]


def _stay(action, states, allowed, label, precondition=None):
    """Rules for actions that record something without moving the item on."""
    return [Rule(action, [s], s, allowed, precondition, label) for s in states]


REPORT_FLOW = Workflow(
    rules=[
        Rule("submit", [R.DRAFT], R.SUBMITTED, _is_creator, _content_ok, gettext_lazy("提交")),
        Rule("accept", [R.SUBMITTED], R.ACCEPTED, _manages, None, gettext_lazy("采用编辑")),
        Rule("reject", [R.SUBMITTED, R.ACCEPTED], R.REJECTED, _manages, None, gettext_lazy("不采用")),
        Rule("return", [R.SUBMITTED, R.ACCEPTED], R.DRAFT, _manages, None, gettext_lazy("退回修改")),
        Rule("edit", [R.ACCEPTED], R.ACCEPTED, _manages, None, gettext_lazy("编辑")),
        Rule("combine", [R.ACCEPTED], R.ACCEPTED, _manages, None, gettext_lazy("合并")),
        Rule("merge", [R.SUBMITTED, R.ACCEPTED], R.COMBINED, _manages, None, gettext_lazy("并入")),
        Rule("publish", [R.ACCEPTED], R.PUBLISHED, _manages, None, gettext_lazy("编发")),
        Rule("send", [R.PUBLISHED, R.SENT], R.SENT, _manages, None, gettext_lazy("报送")),
        *_stay("forward", [R.ACCEPTED, *_LIVE], _manages, gettext_lazy("上报上级政协"), _can_forward),
        *_stay("instruct", _LIVE, _manages_or_leads, gettext_lazy("登记批示")),
        *_stay("adopt", _LIVE, _manages, gettext_lazy("登记采用")),
        *_stay("handle", _LIVE, _manages, gettext_lazy("登记落实情况")),
        Rule("feedback", [R.PUBLISHED, R.SENT], R.CLOSED, _manages, None, gettext_lazy("反馈")),
    ]
)


ACTION_LABELS = {
    "create": gettext_lazy("起草"),
    "receive": gettext_lazy("收到下级政协上报"),
    **{action: rules[0].label for action, rules in REPORT_FLOW.rules.items()},
}


def _perform(report, action, *, actor, note="", apply=None):
    """One step of the flow and the duty ledger's upkeep, in one transaction."""
    with transaction.atomic():
        row = REPORT_FLOW.perform(report, action, actor=actor, note=note, apply=apply)
        registry.sync_derived(report)
    return row


def _log(report, action, *, actor, source="", note=""):
    """A timeline row for what is not a rule of the flow (creation, receipt of a forward)."""
    log_step(report, action, actor=actor, from_state=source, note=note)
