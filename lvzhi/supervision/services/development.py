"""Special supervisors and reviewers, investment visits and signed projects, enterprise liaison and
the problems enterprises raise, support to central work, partner committees."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core import audit, registry
from lvzhi.core.cleaning import as_id
from lvzhi.core.errors import Invalid
from lvzhi.core.workflow import Rule, Workflow
from lvzhi.supervision.choices import SUPPORT_UNITS, PartnerKind, PostRole, PostState, ProblemState, SupportKind
from lvzhi.supervision.models import (
    EnterpriseProblem,
    InvestmentProject,
    InvestmentVisit,
    LiaisonPair,
    PartnerActivity,
    PartnerCommittee,
    SupervisorPost,
    SupportItem,
    VisitEnterprise,
)
from lvzhi.supervision.services.common import (
    Cleaner,
    manages,
    member_of,
    members_of,
    record_create,
    record_update,
    require_manage,
    resolve_committee,
)


def _save(obj, actor, cleaned, fields, *, create, unique_error=None, extra=None):
    """Write the cleaned fields to obj (new or existing) and audit it, in one transaction."""
    with transaction.atomic():
        before = None if create else audit.snapshot(obj)
        for f in fields:
            setattr(obj, f, cleaned[f])
        try:
            with transaction.atomic():
                obj.save()
        except IntegrityError:
            if unique_error:
                raise Invalid(errors=unique_error) from None
            raise
        if create:
            record_create(obj, actor, extra=extra)
        else:
            record_update(obj, actor, before, extra=extra)
        registry.sync_derived(obj)
    return obj


# --- Special supervisors and reviewers ---------------------------------------------------------

POST_FLOW = Workflow(
    rules=[Rule("end", [PostState.ACTIVE], PostState.ENDED, manages, None, gettext_lazy("结束任职"))],
)
POST_FIELDS = ("member", "body", "role", "recommended_on", "start_on", "end_on", "note")


def _clean_post(committee, data, instance=None):
    c = Cleaner(data, instance)
    raw = data.get("member", instance.member_id if instance else None)
    c.cleaned["member"] = member_of(committee, raw, "member", c)
    c.text("body", 100, required=True)
    c.choice("role", PostRole)
    c.date("recommended_on", required=True)
    c.date("start_on", not_after_today=False)
    c.date("end_on", not_after_today=False)
    c.order("start_on", "end_on", _("结束日期不能早于开始日期。"))
    c.text("note", 5000)
    c.done()
    return c.cleaned


def create_supervisor_post(*, actor, committee, data: dict) -> SupervisorPost:
    committee = resolve_committee(actor, committee)
    cleaned = _clean_post(committee, data)
    return _save(SupervisorPost(committee=committee, created_by=actor), actor, cleaned, POST_FIELDS, create=True)


def update_supervisor_post(*, actor, post: SupervisorPost, data: dict) -> SupervisorPost:
    require_manage(actor, post.committee_id)
    cleaned = _clean_post(post.committee, data, instance=post)
    return _save(post, actor, cleaned, POST_FIELDS, create=False)


def end_supervisor_post(*, actor, post: SupervisorPost, data: dict) -> SupervisorPost:
    require_manage(actor, post.committee_id)
    POST_FLOW.rule_for(post, "end")
    c = Cleaner(data)
    end_on = c.date("end_on", required=True)
    if end_on and post.start_on and end_on < post.start_on:
        c.error("end_on", _("结束日期不能早于开始日期。"))
    c.done()

    def apply(obj):
        obj.end_on = end_on

    POST_FLOW.perform(post, "end", actor=actor, note=str(end_on), apply=apply)
    return post


# --- Investment visits and signed projects -----------------------------------------------------

VISIT_FIELDS = ("started_on", "ended_on", "destination", "purpose", "note")
ENTERPRISES_MAX = 200


def _enterprise_names(c, value):
    if value is None:
        return None
    if isinstance(value, str):
        names = value.replace("，", "\n").replace("、", "\n").splitlines()
    elif isinstance(value, (list, tuple)):
        names = [str(v) for v in value]
    else:
        c.error("enterprises", _("请每行填写一家企业。"))
        return None
    names = list(dict.fromkeys(n.strip() for n in names if n.strip()))
    if len(names) > ENTERPRISES_MAX or any(len(n) > 100 or "\x00" in n for n in names):
        c.error("enterprises", _("企业过多或名称过长（每家不超过 100 字）。"))
    return names


def _clean_visit(committee, data, instance=None):
    c = Cleaner(data, instance)
    c.date("started_on", required=True)
    c.date("ended_on")
    c.order("started_on", "ended_on", _("返回日期不能早于出发日期。"))
    c.text("destination", 100, required=True)
    c.text("purpose", 5000)
    c.text("note", 5000)
    if instance is None or "delegation" in data:
        c.cleaned["delegation"] = members_of(committee, data.get("delegation"), "delegation", c)
    if instance is None or "enterprises" in data:
        c.cleaned["enterprises"] = _enterprise_names(c, data.get("enterprises")) or []
    c.done()
    return c.cleaned


def _set_enterprises(visit, names):
    if names is None:
        return
    visit.enterprises.exclude(name__in=names).delete()
    have = set(visit.enterprises.values_list("name", flat=True))
    VisitEnterprise.objects.bulk_create(
        [VisitEnterprise(visit=visit, committee_id=visit.committee_id, name=n) for n in names if n not in have]
    )


def create_investment_visit(*, actor, committee, data: dict) -> InvestmentVisit:
    committee = resolve_committee(actor, committee)
    cleaned = _clean_visit(committee, data)
    with transaction.atomic():
        extra = {"delegation": [m.pk for m in cleaned["delegation"]], "enterprises": cleaned["enterprises"]}
        visit = InvestmentVisit(committee=committee, created_by=actor)
        for f in VISIT_FIELDS:
            setattr(visit, f, cleaned[f])
        visit.save()
        visit.delegation.set(cleaned["delegation"])
        _set_enterprises(visit, cleaned["enterprises"])
        record_create(visit, actor, extra=extra)
        registry.sync_derived(visit)
    return visit


def update_investment_visit(*, actor, visit: InvestmentVisit, data: dict) -> InvestmentVisit:
    require_manage(actor, visit.committee_id)
    cleaned = _clean_visit(visit.committee, data, instance=visit)
    with transaction.atomic():
        before = {**audit.snapshot(visit), "enterprises": list(visit.enterprises.values_list("name", flat=True))}
        for f in VISIT_FIELDS:
            setattr(visit, f, cleaned[f])
        visit.save()
        if cleaned.get("delegation") is not None:
            visit.delegation.set(cleaned["delegation"])
        _set_enterprises(visit, cleaned.get("enterprises"))
        record_update(
            visit, actor, before, extra={"enterprises": list(visit.enterprises.values_list("name", flat=True))}
        )
        registry.sync_derived(visit)
    return visit


PROJECT_FIELDS = ("name", "investor", "amount_wan", "signed_on", "industry", "visit", "note")


def _clean_project(committee, data, instance=None):
    c = Cleaner(data, instance)
    c.text("name", 200, required=True)
    c.text("investor", 200, required=True)
    c.decimal("amount_wan")
    c.date("signed_on", required=True)
    c.text("industry", 50)
    c.text("note", 5000)
    raw = data.get("visit", instance.visit_id if instance else None)
    visit = None
    if raw not in (None, ""):
        pk = getattr(raw, "pk", raw)
        if as_id(pk):
            visit = InvestmentVisit.objects.filter(committee=committee, pk=as_id(pk)).first()
        if visit is None:
            c.error("visit", _("请选择本委员会的招商考察。"))
    c.cleaned["visit"] = visit
    c.done()
    return c.cleaned


def create_investment_project(*, actor, committee, data: dict) -> InvestmentProject:
    committee = resolve_committee(actor, committee)
    cleaned = _clean_project(committee, data)
    obj = InvestmentProject(committee=committee, created_by=actor)
    return _save(obj, actor, cleaned, PROJECT_FIELDS, create=True)


def update_investment_project(*, actor, project: InvestmentProject, data: dict) -> InvestmentProject:
    require_manage(actor, project.committee_id)
    cleaned = _clean_project(project.committee, data, instance=project)
    return _save(project, actor, cleaned, PROJECT_FIELDS, create=False)


# --- Enterprise liaison ------------------------------------------------------------------------

PAIR_FIELDS = ("leader", "enterprise", "started_on", "note")
PAIR_TAKEN = {"enterprise": [_("该领导已联系此企业。")]}


def _clean_pair(committee, data, instance=None):
    c = Cleaner(data, instance)
    raw = data.get("leader", instance.leader_id if instance else None)
    c.cleaned["leader"] = member_of(committee, raw, "leader", c)
    c.text("enterprise", 100, required=True)
    c.date("started_on", required=True)
    c.text("note", 5000)
    c.done()
    return c.cleaned


def create_liaison_pair(*, actor, committee, data: dict) -> LiaisonPair:
    committee = resolve_committee(actor, committee)
    cleaned = _clean_pair(committee, data)
    obj = LiaisonPair(committee=committee, created_by=actor)
    return _save(obj, actor, cleaned, PAIR_FIELDS, create=True, unique_error=PAIR_TAKEN)


def update_liaison_pair(*, actor, pair: LiaisonPair, data: dict) -> LiaisonPair:
    require_manage(actor, pair.committee_id)
    cleaned = _clean_pair(pair.committee, data, instance=pair)
    return _save(pair, actor, cleaned, PAIR_FIELDS, create=False, unique_error=PAIR_TAKEN)


P = ProblemState
PROBLEM_FLOW = Workflow(
    rules=[
        Rule("handle", [P.RAISED, P.HANDLING], P.HANDLING, manages, None, gettext_lazy("登记协调情况")),
        Rule("solve", [P.RAISED, P.HANDLING], P.SOLVED, manages, None, gettext_lazy("问题已解决")),
        Rule("close", [P.RAISED, P.HANDLING], P.CLOSED, manages, None, gettext_lazy("终止协调")),
        Rule("reopen", [P.SOLVED, P.CLOSED], P.HANDLING, manages, None, gettext_lazy("重新协调")),
    ]
)


def raise_enterprise_problem(*, actor, pair: LiaisonPair, data: dict) -> EnterpriseProblem:
    require_manage(actor, pair.committee_id)
    c = Cleaner(data)
    c.text("description", 5000, required=True)
    raised_on = c.date("raised_on", required=True)
    c.text("note", 5000)
    if raised_on and raised_on < pair.started_on:
        c.error("raised_on", _("反映日期不能早于建立联系日期。"))
    c.done()
    obj = EnterpriseProblem(committee_id=pair.committee_id, pair=pair, created_by=actor)
    return _save(obj, actor, c.cleaned, ("description", "raised_on", "note"), create=True)


def handle_problem(*, actor, problem: EnterpriseProblem, data: dict) -> EnterpriseProblem:
    require_manage(actor, problem.committee_id)
    PROBLEM_FLOW.rule_for(problem, "handle")
    c = Cleaner(data)
    text = c.text("handling", 5000, required=True)
    c.done()

    def apply(obj):
        obj.handling = f"{obj.handling}\n{text}".strip() if obj.handling else text

    PROBLEM_FLOW.perform(problem, "handle", actor=actor, note=text[:500], apply=apply)
    return problem


def _finish_problem(action, actor, problem, data):
    require_manage(actor, problem.committee_id)
    PROBLEM_FLOW.rule_for(problem, action)
    c = Cleaner(data)
    text = c.text("resolution", 5000, required=True)
    day = c.date("resolved_on", required=True)
    if day and day < problem.raised_on:
        c.error("resolved_on", _("日期不能早于反映日期。"))
    c.done()

    def apply(obj):
        obj.resolution, obj.resolved_on = text, day

    PROBLEM_FLOW.perform(problem, action, actor=actor, note=text[:500], apply=apply)
    return problem


def solve_problem(*, actor, problem: EnterpriseProblem, data: dict) -> EnterpriseProblem:
    return _finish_problem("solve", actor, problem, data)


def close_problem(*, actor, problem: EnterpriseProblem, data: dict) -> EnterpriseProblem:
    return _finish_problem("close", actor, problem, data)


def reopen_problem(*, actor, problem: EnterpriseProblem, note: str = "") -> EnterpriseProblem:
    require_manage(actor, problem.committee_id)
    PROBLEM_FLOW.rule_for(problem, "reopen")
    c = Cleaner({"note": note})
    c.text("note", 500, required=True)
    c.done()

    def apply(obj):
        obj.resolved_on = None

    PROBLEM_FLOW.perform(problem, "reopen", actor=actor, note=c.cleaned["note"], apply=apply)
    return problem


# --- Support to central work -------------------------------------------------------------------

SUPPORT_FIELDS = ("kind", "kind_name", "title", "amount", "unit", "occurred_on", "note")


def _clean_support(data, instance=None):
    c = Cleaner(data, instance)
    kind = c.choice("kind", SupportKind)
    c.text("kind_name", 50, required=kind == SupportKind.OTHER)
    c.text("title", 200, required=True)
    c.decimal("amount")
    unit = c.text("unit", 10)
    c.date("occurred_on", required=True)
    c.text("note", 5000)
    if kind in SUPPORT_UNITS:
        c.cleaned["unit"], c.cleaned["kind_name"] = SUPPORT_UNITS[kind], ""
    elif not unit:
        c.error("unit", _("请填写计量单位，如“万元”“个”“次”。"))
    c.done()
    return c.cleaned


def create_support_item(*, actor, committee, data: dict) -> SupportItem:
    committee = resolve_committee(actor, committee)
    cleaned = _clean_support(data)
    return _save(SupportItem(committee=committee, created_by=actor), actor, cleaned, SUPPORT_FIELDS, create=True)


def update_support_item(*, actor, item: SupportItem, data: dict) -> SupportItem:
    require_manage(actor, item.committee_id)
    cleaned = _clean_support(data, instance=item)
    return _save(item, actor, cleaned, SUPPORT_FIELDS, create=False)


# --- Partner committees ------------------------------------------------------------------------

PARTNER_FIELDS = ("partner", "kind", "agreement_on", "note")
PARTNER_TAKEN = {"partner": [_("已登记该协作政协。")]}


def _clean_partner(data, instance=None):
    c = Cleaner(data, instance)
    c.text("partner", 100, required=True)
    c.choice("kind", PartnerKind)
    c.date("agreement_on", required=True)
    c.text("note", 5000)
    c.done()
    return c.cleaned


def create_partner_committee(*, actor, committee, data: dict) -> PartnerCommittee:
    committee = resolve_committee(actor, committee)
    cleaned = _clean_partner(data)
    obj = PartnerCommittee(committee=committee, created_by=actor)
    return _save(obj, actor, cleaned, PARTNER_FIELDS, create=True, unique_error=PARTNER_TAKEN)


def update_partner_committee(*, actor, partner: PartnerCommittee, data: dict) -> PartnerCommittee:
    require_manage(actor, partner.committee_id)
    cleaned = _clean_partner(data, instance=partner)
    return _save(partner, actor, cleaned, PARTNER_FIELDS, create=False, unique_error=PARTNER_TAKEN)


def add_partner_activity(*, actor, partner: PartnerCommittee, data: dict) -> PartnerActivity:
    require_manage(actor, partner.committee_id)
    c = Cleaner(data)
    c.date("held_on", required=True, not_after_today=False)
    c.text("title", 200, required=True)
    c.text("place", 100)
    c.done()
    with transaction.atomic():
        row = PartnerActivity.objects.create(partner=partner, committee_id=partner.committee_id, **c.cleaned)
        audit.record(
            "supervision.partneractivity.create", actor=actor, obj=partner, after={"activity": audit.snapshot(row)}
        )
    return row
