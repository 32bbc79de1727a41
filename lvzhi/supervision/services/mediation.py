"""Pre-litigation mediation cases: register, assign member mediators, record sessions, conclude
(successful or failed) or return to the court, reopen to correct; reveal the parties' names."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.accounts.choices import Permission
from lvzhi.core import audit, pii, registry
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid
from lvzhi.core.models import AuditEntry
from lvzhi.core.workflow import Rule, Workflow
from lvzhi.supervision.choices import DisputeKind, MediationResult, MediationState
from lvzhi.supervision.models import MediationCase, MediationSession
from lvzhi.supervision.services.common import (
    Cleaner,
    manages,
    members_of,
    record_create,
    record_update,
    require_manage,
    resolve_committee,
)


def _has_mediator(case):
    if not case.mediators.exists():
        return _("尚未指定调解委员，不能结案。")
    return None


S = MediationState
MEDIATION_FLOW = Workflow(
    rules=[
        Rule("conclude", [S.OPEN], S.CONCLUDED, manages, _has_mediator, gettext_lazy("调结")),
        Rule("return", [S.OPEN], S.RETURNED, manages, None, gettext_lazy("退回法院")),
        Rule("reopen", [S.CONCLUDED, S.RETURNED], S.OPEN, manages, None, gettext_lazy("重新调解")),
    ]
)

PARTIES_MAX = 20


def _parties(cleaner, value):
    if value is None:
        return None
    if isinstance(value, str):
        names = [n.strip() for n in value.replace(",", "、").replace("，", "、").replace("\n", "、").split("、")]
    elif isinstance(value, (list, tuple)):
        names = [str(n).strip() for n in value]
    else:
        cleaner.error("parties", _("请填写当事人姓名。"))
        return None
    names = [n for n in names if n]
    if len(names) < 2:
        cleaner.error("parties", _("请填写至少两方当事人的姓名（用顿号分隔）。"))
    elif len(names) > PARTIES_MAX or any(len(n) > 50 or "\x00" in n for n in names):
        cleaner.error("parties", _("当事人过多或姓名过长。"))
    return names


def _clean_case(committee, data, instance=None):
    c = Cleaner(data, instance)
    c.text("court", 100, required=True)
    c.text("case_number", 60, required=True)
    c.choice("dispute_kind", DisputeKind)
    c.date("received_on", required=True)
    c.text("summary", 5000)
    c.text("note", 5000)
    if instance is None or "parties" in data:
        names = _parties(c, data.get("parties"))
        if names is None and instance is None:
            c.error("parties", _("请填写至少两方当事人的姓名（用顿号分隔）。"))
        c.cleaned["parties"] = names
    if instance is None or "mediators" in data:
        c.cleaned["mediators"] = members_of(committee, data.get("mediators"), "mediators", c)
    number = c.cleaned.get("case_number")
    if number:
        taken = MediationCase.objects.filter(committee=committee, case_number=number)
        if instance is not None:
            taken = taken.exclude(pk=instance.pk)
        if taken.exists():
            c.error("case_number", _("本委员会已登记该案号。"))
    c.done()
    return c.cleaned


def _apply(case, cleaned):
    for field in ("court", "case_number", "dispute_kind", "received_on", "summary", "note"):
        setattr(case, field, cleaned[field])
    if cleaned.get("parties") is not None:
        case.parties_encrypted = pii.encrypt("、".join(cleaned["parties"]))


def create_mediation_case(*, actor, committee, data: dict) -> MediationCase:
    committee = resolve_committee(actor, committee)
    cleaned = _clean_case(committee, data)
    with transaction.atomic():
        case = MediationCase(committee=committee, created_by=actor)
        _apply(case, cleaned)
        try:
            with transaction.atomic():
                case.save()
        except IntegrityError:
            raise Invalid(errors={"case_number": [_("本委员会已登记该案号。")]}) from None
        case.mediators.set(cleaned["mediators"])
        record_create(case, actor, extra={"mediators": [m.pk for m in cleaned["mediators"]]})
        registry.sync_derived(case)
    return case


def update_mediation_case(*, actor, case: MediationCase, data: dict) -> MediationCase:
    require_manage(actor, case.committee_id)
    if case.state != MediationState.OPEN:
        raise IllegalTransition(_("案件已结案，请先“重新调解”再修改。"))
    cleaned = _clean_case(case.committee, data, instance=case)
    with transaction.atomic():
        before = {**audit.snapshot(case), "mediators": sorted(case.mediators.values_list("pk", flat=True))}
        _apply(case, cleaned)
        try:
            with transaction.atomic():
                case.save()
        except IntegrityError:
            raise Invalid(errors={"case_number": [_("本委员会已登记该案号。")]}) from None
        if cleaned.get("mediators") is not None:
            case.mediators.set(cleaned["mediators"])
        record_update(case, actor, before, extra={"mediators": sorted(case.mediators.values_list("pk", flat=True))})
        registry.sync_derived(case)
    return case


def add_mediation_session(*, actor, case: MediationCase, data: dict) -> MediationSession:
    require_manage(actor, case.committee_id)
    if case.state != MediationState.OPEN:
        raise IllegalTransition(_("案件已结案，不能再登记调解。"))
    c = Cleaner(data)
    held_on = c.date("held_on", required=True)
    c.text("place", 100)
    c.text("note", 500)
    if held_on and held_on < case.received_on:
        c.error("held_on", _("调解日期不能早于受理日期。"))
    c.done()
    with transaction.atomic():
        session = MediationSession.objects.create(case=case, committee_id=case.committee_id, **c.cleaned)
        audit.record(
            "supervision.mediationsession.create", actor=actor, obj=case, after={"session": audit.snapshot(session)}
        )
    return session


def _closing(case, data, *, with_result):
    c = Cleaner(data)
    closed_on = c.date("closed_on", required=True)
    c.text("outcome_note", 5000)
    if with_result:
        c.choice("result", MediationResult)
    if closed_on and closed_on < case.received_on:
        c.error("closed_on", _("结案日期不能早于受理日期。"))
    c.done()
    return c.cleaned


def conclude_mediation_case(*, actor, case: MediationCase, data: dict) -> MediationCase:
    """调结: the mediation ended, successfully or not, on a date."""
    require_manage(actor, case.committee_id)
    MEDIATION_FLOW.rule_for(case, "conclude")
    cleaned = _closing(case, data, with_result=True)

    def apply(obj):
        obj.result, obj.closed_on, obj.outcome_note = cleaned["result"], cleaned["closed_on"], cleaned["outcome_note"]

    note = f"{MediationResult(cleaned['result']).label} {cleaned['closed_on']}"
    MEDIATION_FLOW.perform(case, "conclude", actor=actor, note=note, apply=apply)
    return case


def return_mediation_case(*, actor, case: MediationCase, data: dict) -> MediationCase:
    require_manage(actor, case.committee_id)
    MEDIATION_FLOW.rule_for(case, "return")
    cleaned = _closing(case, data, with_result=False)

    def apply(obj):
        obj.result, obj.closed_on, obj.outcome_note = "", cleaned["closed_on"], cleaned["outcome_note"]

    MEDIATION_FLOW.perform(case, "return", actor=actor, note=cleaned["outcome_note"][:500], apply=apply)
    return case


def reopen_mediation_case(*, actor, case: MediationCase, note: str = "") -> MediationCase:
    require_manage(actor, case.committee_id)
    c = Cleaner({"note": note})
    c.text("note", 500, required=True)
    c.done()

    def apply(obj):
        obj.result, obj.closed_on = "", None

    MEDIATION_FLOW.perform(case, "reopen", actor=actor, note=c.cleaned["note"], apply=apply)
    return case


def reveal_parties(*, actor, case: MediationCase) -> list[str]:
    """The parties' names in clear, for staff holding the personal-information permission; every
    unmasking is audited (refusals too)."""
    if not (actor.has_module_perm(Permission.VIEW_PII) and actor.has_module_perm(Permission.SUPERVISION)):
        audit.record("supervision.mediationcase.unmask", actor=actor, obj=case, result=AuditEntry.Result.DENIED)
        raise Forbidden(_("您没有查看个人信息的权限。"))
    require_manage(actor, case.committee_id)
    audit.record("supervision.mediationcase.unmask", actor=actor, obj=case)
    return case.parties
