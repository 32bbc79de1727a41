"""Public-interest litigation clues (政协+检察): drawn from a proposal or an opinion report, or
entered directly; sent to a procuratorate; its answer recorded — case filed, procuratorial
suggestion issued, result — or not filed."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core import audit, registry
from lvzhi.core.cleaning import as_id
from lvzhi.core.errors import IllegalTransition
from lvzhi.core.workflow import Rule, Workflow
from lvzhi.supervision.choices import PROPOSAL_DRAFT, ClueSource, ClueState
from lvzhi.supervision.models import LitigationClue
from lvzhi.supervision.services.common import (
    Cleaner,
    manages,
    members_of,
    record_create,
    record_update,
    require_manage,
    resolve_committee,
)

S = ClueState
CLUE_FLOW = Workflow(
    rules=[
        Rule("send", [S.REGISTERED], S.SENT, manages, None, gettext_lazy("移送检察机关")),
        Rule("file", [S.SENT], S.FILED, manages, None, gettext_lazy("登记立案")),
        Rule("decline", [S.SENT], S.DECLINED, manages, None, gettext_lazy("登记不予立案")),
        Rule("suggest", [S.FILED], S.SUGGESTED, manages, None, gettext_lazy("登记检察建议")),
        Rule("close", [S.FILED, S.SUGGESTED], S.CLOSED, manages, None, gettext_lazy("登记办理结果")),
    ]
)
EDITABLE_STATES = (S.REGISTERED, S.SENT)


def source_model(field: str):
    """The model behind a clue's source foreign key ("proposal", "opinion_report"): supervision reaches
    the proposals and opinions modules only through its own relations, never by importing them."""
    return LitigationClue._meta.get_field(field).related_model


def _pk(raw):
    return as_id(getattr(raw, "pk", raw))


def _opinion_report(committee, actor, raw):
    """A submitted report of the clue's committee that the actor may read, or None."""
    pk = _pk(raw)
    if pk is None or actor is None:
        return None
    return (
        source_model("opinion_report")
        .objects.visible_to(actor)
        .filter(committee=committee, pk=pk, submitted_at__isnull=False)
        .only("pk")
        .first()
    )


def _source(committee, c, data, instance, actor=None):
    kind = c.choice("source_kind", ClueSource)
    reference = c.text("source_reference", 200)
    proposal = None
    raw = data.get("proposal", instance.proposal_id if instance else None)
    if kind == ClueSource.PROPOSAL:
        pk = _pk(raw)
        if pk is not None:
            proposals = source_model("proposal").objects.filter(committee=committee, pk=pk)
            proposal = proposals.exclude(state=PROPOSAL_DRAFT).only("pk").first()
        if proposal is None:
            c.error("proposal", _("请选择本委员会已提交的提案。"))
    report = None
    if kind == ClueSource.OPINION:
        raw_report = data.get("opinion_report", instance.opinion_report_id if instance else None)
        if raw_report not in (None, ""):
            report = _opinion_report(committee, actor, raw_report)
            if report is None:
                c.error("opinion_report", _("请选择本委员会已提交、您可查看的社情民意信息。"))
        elif not reference:
            c.error("source_reference", _("请选择来源社情民意信息，或填写其期号或标题。"))
    c.cleaned["proposal"] = proposal
    c.cleaned["opinion_report"] = report


def _clean_clue(committee, data, instance=None, actor=None):
    if instance is None and not data.get("source_kind"):
        data = {**data, "source_kind": ClueSource.DIRECT}
    c = Cleaner(data, instance)
    c.text("title", 200, required=True)
    c.text("summary", 10000)
    c.date("recorded_on", required=True)
    c.text("note", 5000)
    _source(committee, c, data, instance, actor)
    if instance is None or "contributors" in data:
        c.cleaned["contributors"] = members_of(committee, data.get("contributors"), "contributors", c)
    c.done()
    return c.cleaned


FIELDS = ("title", "summary", "recorded_on", "note", "source_kind", "source_reference", "proposal", "opinion_report")


def create_clue(*, actor, committee, data: dict) -> LitigationClue:
    committee = resolve_committee(actor, committee)
    cleaned = _clean_clue(committee, data, actor=actor)
    with transaction.atomic():
        clue = LitigationClue(committee=committee, created_by=actor, **{f: cleaned[f] for f in FIELDS})
        clue.save()
        clue.contributors.set(cleaned["contributors"])
        record_create(clue, actor, extra={"contributors": [m.pk for m in cleaned["contributors"]]})
        registry.sync_derived(clue)
    return clue


def update_clue(*, actor, clue: LitigationClue, data: dict) -> LitigationClue:
    require_manage(actor, clue.committee_id)
    if clue.state not in EDITABLE_STATES:
        raise IllegalTransition(_("检察机关已答复的线索不能再修改。"))
    cleaned = _clean_clue(clue.committee, data, instance=clue, actor=actor)
    with transaction.atomic():
        before = audit.snapshot(clue)
        for f in FIELDS:
            setattr(clue, f, cleaned[f])
        clue.save()
        if cleaned.get("contributors") is not None:
            clue.contributors.set(cleaned["contributors"])
        record_update(clue, actor, before)
        registry.sync_derived(clue)
    return clue


def _act(clue, action, actor, clean, fields, note=""):
    require_manage(actor, clue.committee_id)
    CLUE_FLOW.rule_for(clue, action)
    cleaned = clean()

    def apply(obj):
        for f in fields:
            setattr(obj, f, cleaned[f])

    CLUE_FLOW.perform(clue, action, actor=actor, note=note or str(cleaned.get("note", ""))[:500], apply=apply)
    return clue


def send_clue(*, actor, clue: LitigationClue, data: dict) -> LitigationClue:
    def clean():
        c = Cleaner(data)
        c.text("procuratorate", 100, required=True)
        sent_on = c.date("sent_on", required=True)
        if sent_on and sent_on < clue.recorded_on:
            c.error("sent_on", _("移送日期不能早于发现日期。"))
        c.done()
        return c.cleaned

    return _act(clue, "send", actor, clean, ("procuratorate", "sent_on"))


def file_clue_case(*, actor, clue: LitigationClue, data: dict) -> LitigationClue:
    def clean():
        c = Cleaner(data)
        c.text("case_number", 60, required=True)
        filed_on = c.date("filed_on", required=True)
        if filed_on and clue.sent_on and filed_on < clue.sent_on:
            c.error("filed_on", _("立案日期不能早于移送日期。"))
        c.done()
        return c.cleaned

    return _act(clue, "file", actor, clean, ("case_number", "filed_on"))


def decline_clue(*, actor, clue: LitigationClue, data: dict) -> LitigationClue:
    def clean():
        c = Cleaner(data)
        c.text("result", 5000, required=True)
        closed_on = c.date("closed_on", required=True)
        if closed_on and clue.sent_on and closed_on < clue.sent_on:
            c.error("closed_on", _("日期不能早于移送日期。"))
        c.done()
        return c.cleaned

    return _act(clue, "decline", actor, clean, ("result", "closed_on"))


def issue_suggestion(*, actor, clue: LitigationClue, data: dict) -> LitigationClue:
    def clean():
        c = Cleaner(data)
        day = c.date("suggestion_on", required=True)
        c.text("suggestion_summary", 5000)
        if day and clue.filed_on and day < clue.filed_on:
            c.error("suggestion_on", _("制发日期不能早于立案日期。"))
        c.done()
        return c.cleaned

    return _act(clue, "suggest", actor, clean, ("suggestion_on", "suggestion_summary"))


def close_clue(*, actor, clue: LitigationClue, data: dict) -> LitigationClue:
    def clean():
        c = Cleaner(data)
        c.text("result", 5000, required=True)
        day = c.date("closed_on", required=True)
        start = clue.suggestion_on or clue.filed_on
        if day and start and day < start:
            c.error("closed_on", _("办结日期不能早于立案（检察建议）日期。"))
        c.done()
        return c.cleaned

    return _act(clue, "close", actor, clean, ("result", "closed_on"))
