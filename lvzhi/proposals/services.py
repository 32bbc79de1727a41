"""Every write to proposals. Each service checks permission, input and state, writes in one
transaction, records the audit entry and the transition, and notifies after the commit.

Two workflows: PROPOSAL_FLOW (draft → submitted → filed → assigned → replied → closed, with the
review outcomes rejected / converted / merged / withdrawn) and ASSIGNMENT_FLOW (pending → signed →
replied, or objected → reassigned). Extension requests have a small flow of their own.
"""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.accounts.choices import Permission, Role
from lvzhi.core import audit
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid
from lvzhi.core.notifications import notify
from lvzhi.core.numbering import format_number, next_number
from lvzhi.core.scope import committee_ids
from lvzhi.core.workflow import Rule, Workflow
from lvzhi.duties import ledger
from lvzhi.org.models import Member, Membership, Party, Sector, Session, SpecialCommittee, Unit, chinese_numeral
from lvzhi.proposals import similarity
from lvzhi.proposals.choices import (
    ACTIVE_ASSIGNMENT_STATES,
    FILED_STATES,
    AssignmentRole,
    AssignmentState,
    ConvertTarget,
    ExtensionState,
    ProposalState,
    ProposerKind,
    Rating,
    SupervisionKind,
)
from lvzhi.proposals.models import (
    AnswerCategory,
    Assignment,
    CoProposer,
    Evaluation,
    ExtensionRequest,
    Proposal,
    ProposalCategory,
    RejectionReason,
    Supervision,
)
from lvzhi.proposals.policy import default_deadline, policy_for

TITLE_MAX = 100
TEXT_MAX = 20000

# --- who may ------------------------------------------------------------------------------------


def is_office(user, obj) -> bool:
    """Proposals-office staff of the object's committee."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.has_module_perm(Permission.PROPOSALS)
        and obj.committee_id in committee_ids(user)
    )


def member_of(user):
    """The member id of a member user, else None."""
    if getattr(user, "is_authenticated", False) and user.member_id and user.has_role(Role.MEMBER):
        return user.member_id
    return None


def is_first_proposer(user, proposal) -> bool:
    mid = member_of(user)
    return bool(mid and proposal.proposer_id == mid)


def is_unit_of(user, assignment) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.has_role(Role.UNIT)
        and user.unit_id
        and user.unit_id == assignment.unit_id
    )


def _author(user, proposal) -> bool:
    return is_first_proposer(user, proposal) or is_office(user, proposal)


# --- preconditions -------------------------------------------------------------------------------


def _all_confirmed(proposal):
    rows = list(proposal.coproposers.all())
    if proposal.kind == ProposerKind.JOINT and not rows:
        return _("联名提案须至少有一位附议人。")
    waiting = [str(c.member) for c in rows if not c.is_confirmed]
    if waiting:
        return _("以下附议人尚未确认：%(names)s。") % {"names": "、".join(waiting)}
    return None


def _answering(proposal):
    return [a for a in proposal.assignments.all() if a.answers and a.state in ACTIVE_ASSIGNMENT_STATES]


def _raters(proposal) -> set[int]:
    """Every proposer who rates: first and co-proposers, also of proposals merged into this one."""
    ids = {proposal.proposer_id, *(c.member_id for c in proposal.coproposers.all())}
    for child in Proposal.objects.filter(merged_into=proposal).prefetch_related("coproposers"):
        ids.add(child.proposer_id)
        ids.update(c.member_id for c in child.coproposers.all())
    return ids


def _closable(proposal):
    raters = _raters(proposal)
    window = policy_for(proposal.committee_id).rating_days
    today = timezone.localdate()
    for a in _answering(proposal):
        if a.state != AssignmentState.REPLIED:
            return _("尚有承办单位未答复。")
        rated = set(a.evaluations.filter(round=a.round).values_list("member_id", flat=True))
        window_passed = a.replied_at and timezone.localdate(a.replied_at) + datetime.timedelta(days=window) < today
        if not raters <= rated and not window_passed:
            return _("尚有提案人未评价“%(unit)s”的答复，且评价期限（%(days)d 天）未满。") % {
                "unit": a.unit,
                "days": window,
            }
    return None


def _within_objection_window(assignment):
    days = policy_for(assignment.committee_id).objection_days
    if timezone.localdate(assignment.assigned_at) + datetime.timedelta(days=days) < timezone.localdate():
        return _("已超过申请调整期限（交办后 %(days)d 天内）。") % {"days": days}
    return None


def _answers(assignment):
    if not assignment.answers:
        return _("会办单位不直接答复，请向主办单位提出会办意见。")
    return None


def _is_co(assignment):
    if assignment.role != AssignmentRole.CO:
        return _("只有会办单位提出会办意见。")
    return None


def _any_proposer_or_office(user, p):
    return _author(user, p)


PROPOSAL_FLOW = Workflow(
    rules=[
        Rule("submit", ["draft"], "submitted", allowed=_author, precondition=_all_confirmed, label=_("提交")),
        Rule("return", ["submitted"], "draft", allowed=is_office, label=_("退回修改")),
        Rule("file", ["submitted"], "filed", allowed=is_office, label=_("立案")),
        Rule("reject", ["submitted"], "rejected", allowed=is_office, label=_("不予立案")),
        Rule("convert", ["submitted"], "converted", allowed=is_office, label=_("转办")),
        Rule("merge", ["submitted", "filed"], "merged", allowed=is_office, label=_("并案")),
        Rule("withdraw", ["draft", "submitted"], "withdrawn", allowed=_any_proposer_or_office, label=_("撤案")),
        Rule("withdraw", ["filed", "assigned"], "withdrawn", allowed=is_office, label=_("撤案")),
        Rule("assign", ["filed"], "assigned", allowed=is_office, label=_("交办")),
        Rule("answer", ["assigned"], "replied", allowed=lambda u, p: True, label=_("全部答复")),
        Rule("reopen", ["replied"], "assigned", allowed=is_office, label=_("重办")),
        Rule("close", ["replied"], "closed", allowed=is_office, precondition=_closable, label=_("办结")),
    ]
)

ASSIGNMENT_FLOW = Workflow(
    rules=[
        Rule("sign", ["pending"], "signed", allowed=is_unit_of, label=_("签收")),
        Rule(
            "object",
            ["pending", "signed"],
            "objected",
            allowed=is_unit_of,
            precondition=_within_objection_window,
            label=_("申请调整"),
        ),
        Rule("reassign", ["objected"], "reassigned", allowed=is_office, label=_("改办")),
        Rule("reply", ["signed"], "replied", allowed=is_unit_of, precondition=_answers, label=_("答复")),
        Rule("opinion", ["signed"], "replied", allowed=is_unit_of, precondition=_is_co, label=_("会办意见")),
        Rule("reopen", ["replied"], "signed", allowed=is_office, label=_("重办")),
    ]
)

EXTENSION_FLOW = Workflow(
    rules=[
        Rule("approve", ["pending"], "approved", allowed=is_office, label=_("同意延期")),
        Rule("refuse", ["pending"], "refused", allowed=is_office, label=_("不同意延期")),
    ]
)

# Actions a person chooses on the detail page (the rest happen as a consequence of others).
PROPOSAL_UI_ACTIONS = ("submit", "return", "file", "reject", "convert", "merge", "withdraw", "assign", "close")
ASSIGNMENT_UI_ACTIONS = ("sign", "object", "reassign", "reply", "opinion", "reopen")


def proposal_actions(proposal, user) -> list[str]:
    return [r.action for r in PROPOSAL_FLOW.actions_for(proposal, user) if r.action in PROPOSAL_UI_ACTIONS]


def assignment_actions(assignment, user) -> list[str]:
    return [r.action for r in ASSIGNMENT_FLOW.actions_for(assignment, user) if r.action in ASSIGNMENT_UI_ACTIONS]


# --- small helpers -------------------------------------------------------------------------------


def _url(proposal) -> str:
    return reverse("proposals:detail", args=[proposal.pk])


def _users_of_members(member_ids):
    from lvzhi.accounts.models import User

    return list(User.objects.filter(member_id__in=[m for m in member_ids if m], is_active=True))


def _users_of_unit(unit_id):
    from lvzhi.accounts.models import User

    return list(User.objects.filter(unit_id=unit_id, is_active=True, roles__role=Role.UNIT))


def _office_users(committee_id):
    from lvzhi.accounts.models import User

    return list(
        User.objects.filter(
            committee_id=committee_id, is_active=True, roles__role=Role.STAFF, grants__permission=Permission.PROPOSALS
        )
    )


def _notify_proposers(proposal, title, body=""):
    ids = {proposal.proposer_id, *(c.member_id for c in proposal.coproposers.all())}
    notify(_users_of_members(ids), title=title, body=body, url=_url(proposal), committee=proposal.committee)


def _text(data, key, errors, *, required=False, limit=TEXT_MAX, label=""):
    value = data.get(key)
    value = "" if value is None else str(value).strip()
    if required and not value:
        errors.setdefault(key, []).append(_("请填写%(what)s。") % {"what": label or key})
    elif len(value) > limit:
        errors.setdefault(key, []).append(_("%(what)s不能超过 %(n)d 个字符。") % {"what": label or key, "n": limit})
    return value


def _date(value, key, errors, *, label=""):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        errors.setdefault(key, []).append(_("%(what)s格式应为 YYYY-MM-DD。") % {"what": label or key})
        return None


def _pick(model, committee_id, value, *, by_name=False):
    """A per-committee list entry given as an instance, an id or (optionally) a name."""
    if value in (None, ""):
        return None
    if isinstance(value, model):
        return value if value.committee_id == committee_id else None
    qs = model.objects.filter(committee_id=committee_id)
    text = str(value).strip()
    if text.isdigit() and len(text) < 19:
        found = qs.filter(pk=int(text)).first()
        if found is not None:
            return found
    if by_name:
        return qs.filter(name=text).first()
    return None


def _committee_member(committee_id, value, term=None):
    """A member holding an active seat in this committee (current term), given by instance or id."""
    pk = getattr(value, "pk", value)
    if pk in (None, "") or not str(pk).isdigit() or len(str(pk)) > 18:
        return None
    seats = Membership.objects.filter(committee_id=committee_id, member_id=int(pk), status="active")
    if term is not None:
        seats = seats.filter(term=term)
    return Member.objects.filter(pk=int(pk)).first() if seats.exists() else None


def current_session(committee, today=None):
    """The committee's latest session of its current term that has begun (None: between sessions)."""
    today = today or timezone.localdate()
    term = committee.current_term(today)
    if term is None:
        return None, None
    session = Session.objects.filter(term=term, start_date__lte=today).order_by("-number").first()
    return term, session


# --- drafting ------------------------------------------------------------------------------------

DRAFT_FIELDS = (
    "title",
    "category",
    "situation",
    "analysis",
    "suggestions",
    "kind",
    "session",
    "proposer",
    "party",
    "sector",
    "special_committee",
    "coproposers",
)


def _clean_draft(actor, committee, data, *, instance=None):
    errors: dict[str, list[str]] = {}
    cleaned: dict = {}
    merged = {}
    if instance is not None:
        merged = {
            "title": instance.title,
            "category": instance.category_id,
            "situation": instance.situation,
            "analysis": instance.analysis,
            "suggestions": instance.suggestions,
            "kind": instance.kind,
            "session": instance.session_id or "",
            "proposer": instance.proposer_id,
            "party": instance.party_id,
            "sector": instance.sector_id,
            "special_committee": instance.special_committee_id,
            "coproposers": [c.member_id for c in instance.coproposers.all()],
        }
    merged.update({k: v for k, v in data.items() if k in DRAFT_FIELDS})
    cleaned["title"] = _text(merged, "title", errors, required=True, limit=TITLE_MAX, label=_("案由"))
    cleaned["situation"] = _text(merged, "situation", errors, required=True, label=_("情况与问题"))
    cleaned["analysis"] = _text(merged, "analysis", errors, label=_("原因分析"))
    cleaned["suggestions"] = _text(merged, "suggestions", errors, required=True, label=_("具体建议"))
    policy_for(committee)
    category = _pick(ProposalCategory, committee.pk, merged.get("category"), by_name=True)
    if category is None:
        errors["category"] = [_("请选择本委员会的提案类别。")]
    cleaned["category"] = category
    kind = merged.get("kind") or ProposerKind.INDIVIDUAL
    if kind not in ProposerKind.values:
        errors["kind"] = [_("提案类型无效。")]
    cleaned["kind"] = kind
    term, session = current_session(committee)
    if term is None:
        errors["session"] = [_("本委员会没有当前届次，不能提交提案。")]
    if "session" in merged and merged["session"] not in (None, "default"):
        value = merged["session"]
        if value == "":
            session = None
        else:
            session = _pick(Session, committee.pk, value)
            if session is None or (term is not None and session.term_id != term.pk):
                errors["session"] = [_("请选择本届的会议，或选择闭会期间。")]
    cleaned["term"], cleaned["session"] = term, session
    # proposer: a member user drafts as themselves; the office enters paper proposals for a member
    if is_office(actor, committee):
        proposer = _committee_member(committee.pk, merged.get("proposer") or member_of(actor), term)
    else:
        proposer = _committee_member(committee.pk, member_of(actor), term)
    if proposer is None:
        errors["proposer"] = [_("提案人须为本委员会本届在任委员。")]
    cleaned["proposer"] = proposer
    for key, model, kinds in (
        ("party", Party, (ProposerKind.ORGANISATION,)),
        ("sector", Sector, (ProposerKind.SECTOR,)),
        ("special_committee", SpecialCommittee, (ProposerKind.SPECIAL_COMMITTEE,)),
    ):
        obj = _pick(model, committee.pk, merged.get(key)) if kind in kinds else None
        if kind in kinds and obj is None:
            errors[key] = [_("请选择本委员会的%(what)s。") % {"what": model._meta.verbose_name}]
        cleaned[key] = obj
    co_values = merged.get("coproposers") or []
    if isinstance(co_values, (str, int)):
        co_values = [v for v in str(co_values).replace("，", ",").split(",") if v.strip()]
    coproposers = []
    if kind == ProposerKind.JOINT:
        for value in co_values:
            member = _committee_member(committee.pk, str(value).strip(), term)
            if member is None:
                errors["coproposers"] = [_("附议人须为本委员会本届在任委员。")]
                break
            if proposer is not None and member.pk == proposer.pk:
                errors["coproposers"] = [_("第一提案人不能同时作为附议人。")]
                break
            if member not in coproposers:
                coproposers.append(member)
        if not coproposers and "coproposers" not in errors:
            errors["coproposers"] = [_("联名提案须至少有一位附议人。")]
    cleaned["coproposers"] = coproposers
    if errors:
        raise Invalid(errors=errors)
    return cleaned


def _apply_draft(proposal, cleaned):
    for key in ("title", "situation", "analysis", "suggestions", "kind", "term", "session", "category", "proposer"):
        setattr(proposal, key, cleaned[key])
    for key in ("party", "sector", "special_committee"):
        setattr(proposal, key, cleaned[key])
    proposal.tokens = similarity.tokens_for(proposal.title, proposal.situation, proposal.analysis, proposal.suggestions)
    proposal.tokens_indexed = False  # the similarity index picks it up on the next lookup


def _sync_coproposers(proposal, members):
    existing = {c.member_id: c for c in proposal.coproposers.all()}
    wanted = {m.pk for m in members}
    CoProposer.objects.filter(proposal=proposal).exclude(member_id__in=wanted).delete()
    CoProposer.objects.bulk_create([CoProposer(proposal=proposal, member=m) for m in members if m.pk not in existing])
    if hasattr(proposal, "_prefetched_objects_cache"):
        proposal._prefetched_objects_cache.pop("coproposers", None)


def _drafting_committee(actor, committee):
    if committee is None:
        committee = actor.committee if getattr(actor, "is_authenticated", False) else None
    if committee is None:
        raise Forbidden()
    allowed = is_office(actor, committee) or (member_of(actor) and committee.pk in committee_ids(actor))
    if not allowed:
        raise Forbidden()
    return committee


@transaction.atomic
def create_proposal(*, actor, data: dict, committee=None) -> Proposal:
    """A member's draft (or a paper proposal the office enters for its proposer)."""
    committee = _drafting_committee(actor, committee)
    cleaned = _clean_draft(actor, committee, data)
    proposal = Proposal(committee=committee, created_by=actor)
    _apply_draft(proposal, cleaned)
    proposal.save()
    _sync_coproposers(proposal, cleaned["coproposers"])
    audit.record("proposal.create", actor=actor, obj=proposal, after=audit.snapshot(proposal, _SNAPSHOT))
    others = [m.pk for m in cleaned["coproposers"]]
    if others:
        notify(
            _users_of_members(others),
            title=_("请确认联名提案：%(t)s") % {"t": proposal.title},
            url=_url(proposal),
            committee=committee,
        )
    return proposal


_SNAPSHOT = ("title", "category", "kind", "session", "proposer", "party", "sector", "special_committee", "state")


@transaction.atomic
def update_proposal(*, actor, proposal: Proposal, data: dict) -> Proposal:
    if not _author(actor, proposal):
        raise Forbidden()
    if proposal.state != ProposalState.DRAFT:
        raise IllegalTransition(_("只有草稿可以修改。"))
    before = audit.snapshot(proposal, _SNAPSHOT)
    cleaned = _clean_draft(actor, proposal.committee, data, instance=proposal)
    _apply_draft(proposal, cleaned)
    proposal.save()
    old = {c.member_id for c in proposal.coproposers.all()}
    _sync_coproposers(proposal, cleaned["coproposers"])
    if {m.pk for m in cleaned["coproposers"]} != old:
        # a changed list of co-proposers asks everyone to confirm again
        CoProposer.objects.filter(proposal=proposal).update(confirmed_at=None)
    audit.record("proposal.update", actor=actor, obj=proposal, before=before, after=audit.snapshot(proposal, _SNAPSHOT))
    return proposal


@transaction.atomic
def confirm_coproposal(*, actor, proposal: Proposal) -> Proposal:
    """A co-proposer confirms online that they join the proposal."""
    mid = member_of(actor)
    row = CoProposer.objects.select_for_update().filter(proposal=proposal, member_id=mid).first() if mid else None
    if row is None:
        raise Forbidden(_("您不是这件提案的附议人。"))
    if proposal.state != ProposalState.DRAFT:
        raise IllegalTransition(_("提案已提交，无需再确认。"))
    if row.confirmed_at:
        raise IllegalTransition(_("您已确认过。"))
    row.confirmed_at = timezone.now()
    row.save(update_fields=["confirmed_at"])
    audit.record("proposal.confirm", actor=actor, obj=proposal, after={"member": mid})
    notify(
        _users_of_members([proposal.proposer_id]),
        title=_("%(name)s 已确认联名：%(t)s") % {"name": row.member, "t": proposal.title},
        url=_url(proposal),
        committee=proposal.committee,
    )
    return proposal


@transaction.atomic
def record_paper_signature(*, actor, proposal: Proposal, member) -> Proposal:
    """The office records a co-proposer's signature on the paper form."""
    if not is_office(actor, proposal):
        raise Forbidden()
    row = CoProposer.objects.filter(proposal=proposal, member_id=getattr(member, "pk", member)).first()
    if row is None:
        raise Invalid(errors={"member": [_("此人不是这件提案的附议人。")]})
    if proposal.state != ProposalState.DRAFT:
        raise IllegalTransition(_("只有草稿可以登记纸质签名。"))
    row.paper_signature = True
    row.save(update_fields=["paper_signature"])
    audit.record("proposal.paper_signature", actor=actor, obj=proposal, after={"member": row.member_id})
    return proposal


# --- review --------------------------------------------------------------------------------------


def _note(note, errors=None, *, required=False, key="note"):
    errors = {} if errors is None else errors
    value = _text({key: note}, key, errors, required=required, limit=2000, label=_("说明"))
    if errors:
        raise Invalid(errors=errors)
    return value


def submit_proposal(*, actor, proposal: Proposal, note: str = "") -> Proposal:
    note = _note(note)

    def apply(p):
        p.submitted_at = timezone.now()

    with transaction.atomic():
        PROPOSAL_FLOW.perform(proposal, "submit", actor=actor, note=note, apply=apply)
        notify(
            _office_users(proposal.committee_id),
            title=_("新提案待审查：%(t)s") % {"t": proposal.title},
            url=_url(proposal),
            committee=proposal.committee,
        )
    return proposal


def return_proposal(*, actor, proposal: Proposal, note: str = "") -> Proposal:
    note = _note(note, required=True)
    with transaction.atomic():
        PROPOSAL_FLOW.perform(proposal, "return", actor=actor, note=note)
        _notify_proposers(proposal, _("提案退回修改：%(t)s") % {"t": proposal.title}, note)
    return proposal


def file_proposal(*, actor, proposal: Proposal, note: str = "") -> Proposal:
    """立案: the next gap-free number of the committee's term and session."""
    note = _note(note)

    def apply(p):
        policy = policy_for(p.committee_id)
        key = f"{p.term.number}-{p.session.number if p.session_id else 0}"
        n = next_number(p.committee_id, key)
        pattern = policy.number_pattern if p.session_id else policy.between_sessions_pattern
        p.serial = n
        p.number = format_number(
            pattern,
            term=chinese_numeral(p.term.number),
            session=chinese_numeral(p.session.number) if p.session_id else "",
            n=n,
        )
        p.filed_at = timezone.now()

    with transaction.atomic():
        PROPOSAL_FLOW.perform(proposal, "file", actor=actor, note=note, apply=apply)
        ledger.sync(proposal)
        _notify_proposers(proposal, _("提案已立案：%(n)s %(t)s") % {"n": proposal.number, "t": proposal.title})
    return proposal


def reject_proposal(*, actor, proposal: Proposal, reason, note: str = "") -> Proposal:
    errors: dict = {}
    picked = _pick(RejectionReason, proposal.committee_id, reason, by_name=True)
    if picked is None:
        errors["reason"] = [_("请从本委员会的不予立案理由中选择。")]
    note = _note(note, errors)

    def apply(p):
        p.reject_reason, p.review_note = picked, note

    with transaction.atomic():
        PROPOSAL_FLOW.perform(proposal, "reject", actor=actor, note=f"{picked.name}。{note}".strip("。 "), apply=apply)
        _notify_proposers(
            proposal,
            _("提案不予立案：%(t)s") % {"t": proposal.title},
            _("理由：%(r)s。%(n)s") % {"r": picked.name, "n": note},
        )
    return proposal


def convert_proposal(*, actor, proposal: Proposal, target, note: str = "") -> Proposal:
    errors: dict = {}
    if target not in ConvertTarget.values:
        errors["target"] = [_("请选择转为意见建议或转社情民意信息。")]
    note = _note(note, errors)

    def apply(p):
        p.converted_target, p.review_note = target, note

    with transaction.atomic():
        label = ConvertTarget(target).label
        PROPOSAL_FLOW.perform(proposal, "convert", actor=actor, note=f"{label}。{note}".strip("。 "), apply=apply)
        if target == ConvertTarget.OPINION:
            from lvzhi.opinions.services import report_from_proposal

            report_from_proposal(actor=actor, proposal=proposal)
        _notify_proposers(proposal, _("提案%(what)s：%(t)s") % {"what": label, "t": proposal.title}, note)
    return proposal


def merge_proposal(*, actor, proposal: Proposal, into, note: str = "") -> Proposal:
    """并案 into a filed proposal of the same committee: they share its handling."""
    errors: dict = {}
    pk = getattr(into, "pk", into)
    target = None
    if pk not in (None, "") and str(pk).isdigit() and len(str(pk)) < 19:
        target = Proposal.objects.filter(
            committee_id=proposal.committee_id, pk=int(pk), state__in=FILED_STATES, merged_into__isnull=True
        ).first()
    if target is None or target.pk == proposal.pk:
        errors["into"] = [_("请选择本委员会一件已立案的提案。")]
    note = _note(note, errors)

    def apply(p):
        p.merged_into = target

    with transaction.atomic():
        PROPOSAL_FLOW.perform(proposal, "merge", actor=actor, note=note or target.number, apply=apply)
        ledger.sync(proposal)
        _notify_proposers(proposal, _("提案已并入 %(n)s：%(t)s") % {"n": target.number, "t": target.title}, note)
    return proposal


def withdraw_proposal(*, actor, proposal: Proposal, note: str = "") -> Proposal:
    note = _note(note)
    with transaction.atomic():
        PROPOSAL_FLOW.perform(proposal, "withdraw", actor=actor, note=note)
        ledger.sync(proposal)
        Assignment.objects.filter(proposal=proposal, state__in=["pending", "signed"]).update(
            state=AssignmentState.REASSIGNED
        )
        _notify_proposers(proposal, _("提案已撤案：%(t)s") % {"t": proposal.title}, note)
    return proposal


# --- assignment ----------------------------------------------------------------------------------


def _clean_units(proposal, units):
    """[{unit, role}] → [(Unit, role)]: one lead with co-units, or split units only."""
    errors: dict = {}
    picked = []
    for index, item in enumerate(units or []):
        unit_value = item.get("unit") if isinstance(item, dict) else getattr(item, "unit", None)
        role = item.get("role") if isinstance(item, dict) else getattr(item, "role", None)
        unit = _pick(Unit, proposal.committee_id, unit_value)
        if unit is None:
            errors.setdefault("units", []).append(_("第 %(i)d 个单位不是本委员会的承办单位。") % {"i": index + 1})
        if role not in AssignmentRole.values:
            errors.setdefault("units", []).append(_("第 %(i)d 个单位的办理方式无效。") % {"i": index + 1})
        if unit is not None and role in AssignmentRole.values:
            picked.append((unit, role))
    roles = [r for _, r in picked]
    if not errors:
        if not picked:
            errors["units"] = [_("请至少选择一个承办单位。")]
        elif len({u.pk for u, _ in picked}) != len(picked):
            errors["units"] = [_("同一单位不能重复交办。")]
        elif "split" in roles and set(roles) != {"split"}:
            errors["units"] = [_("分办时每个单位都是分办单位，不能同时有主办或会办。")]
        elif "split" not in roles and roles.count("lead") != 1:
            errors["units"] = [_("须有且只有一个主办单位。")]
    if errors:
        raise Invalid(errors=errors)
    return picked


def assign_proposal(*, actor, proposal: Proposal, units, deadline=None, note: str = "") -> Proposal:
    """交办 to one lead unit with co-units, or to several split units, each with a deadline."""
    if proposal.merged_into_id:
        raise IllegalTransition(_("已并案的提案随主提案办理，不能单独交办。"))
    errors: dict = {}
    day = _date(deadline, "deadline", errors, label=_("办理期限"))
    today = timezone.localdate()
    if day is not None and day <= today:
        errors["deadline"] = [_("办理期限须晚于今天。")]
    picked = _clean_units(proposal, units) if not errors else []
    if errors:
        raise Invalid(errors=errors)
    note = _note(note)
    now = timezone.now()
    day = day or default_deadline(proposal.committee_id, today)

    def apply(p):
        p.assigned_at = now

    with transaction.atomic():
        PROPOSAL_FLOW.perform(proposal, "assign", actor=actor, note=note, apply=apply)
        rows = Assignment.objects.bulk_create(
            [
                Assignment(
                    committee_id=proposal.committee_id,
                    proposal=proposal,
                    unit=unit,
                    role=role,
                    assigned_at=now,
                    deadline=day,
                )
                for unit, role in picked
            ]
        )
        for row in rows:
            audit.record("assignment.create", actor=actor, obj=row, after=audit.snapshot(row))
            notify(
                _users_of_unit(row.unit_id),
                title=_("新交办提案：%(t)s（%(r)s，%(d)s 前答复）")
                % {"t": proposal.title, "r": row.get_role_display(), "d": day},
                url=_url(proposal),
                committee=proposal.committee,
            )
        _notify_proposers(proposal, _("提案已交办：%(t)s") % {"t": proposal.title})
    return proposal


def sign_assignment(*, actor, assignment: Assignment) -> Assignment:
    def apply(a):
        a.signed_at = timezone.now()

    ASSIGNMENT_FLOW.perform(assignment, "sign", actor=actor, apply=apply)
    return assignment


def object_assignment(*, actor, assignment: Assignment, reason: str) -> Assignment:
    errors: dict = {}
    reason = _text({"reason": reason}, "reason", errors, required=True, limit=2000, label=_("调整理由"))
    if errors:
        raise Invalid(errors=errors)

    def apply(a):
        a.objection_reason, a.objected_at = reason, timezone.now()

    with transaction.atomic():
        ASSIGNMENT_FLOW.perform(assignment, "object", actor=actor, note=reason, apply=apply)
        notify(
            _office_users(assignment.committee_id),
            title=_("承办单位申请调整：%(u)s · %(t)s") % {"u": assignment.unit, "t": assignment.proposal.title},
            body=reason,
            url=_url(assignment.proposal),
            committee=assignment.proposal.committee,
        )
    return assignment


def reassign_assignment(*, actor, assignment: Assignment, unit, deadline=None, note: str = "") -> Assignment:
    """After an objection the office gives the part to another unit; its deadline starts afresh."""
    errors: dict = {}
    new_unit = _pick(Unit, assignment.committee_id, unit)
    if new_unit is None:
        errors["unit"] = [_("请选择本委员会的承办单位。")]
    elif new_unit.pk == assignment.unit_id:
        errors["unit"] = [_("请选择另一个承办单位。")]
    elif Assignment.objects.filter(
        proposal_id=assignment.proposal_id, unit=new_unit, state__in=ACTIVE_ASSIGNMENT_STATES
    ).exists():
        errors["unit"] = [_("该单位已在办理这件提案。")]
    day = _date(deadline, "deadline", errors, label=_("办理期限"))
    if day is not None and day <= timezone.localdate():
        errors["deadline"] = [_("办理期限须晚于今天。")]
    note = _note(note, errors)
    now = timezone.now()
    with transaction.atomic():
        ASSIGNMENT_FLOW.perform(assignment, "reassign", actor=actor, note=note or str(new_unit))
        fresh = Assignment.objects.create(
            committee_id=assignment.committee_id,
            proposal_id=assignment.proposal_id,
            unit=new_unit,
            role=assignment.role,
            assigned_at=now,
            deadline=day or default_deadline(assignment.committee_id, timezone.localdate()),
            reassigned_from=assignment,
        )
        audit.record("assignment.create", actor=actor, obj=fresh, after=audit.snapshot(fresh))
        notify(
            _users_of_unit(new_unit.pk),
            title=_("新交办提案：%(t)s") % {"t": assignment.proposal.title},
            url=_url(assignment.proposal),
            committee=assignment.proposal.committee,
        )
    return fresh


def send_opinion(*, actor, assignment: Assignment, text: str) -> Assignment:
    """A co-unit sends its opinion to the lead unit."""
    errors: dict = {}
    text = _text({"text": text}, "text", errors, required=True, label=_("会办意见"))
    if errors:
        raise Invalid(errors=errors)

    def apply(a):
        a.opinion_text, a.replied_at = text, timezone.now()

    with transaction.atomic():
        ASSIGNMENT_FLOW.perform(assignment, "opinion", actor=actor, apply=apply)
        lead = Assignment.objects.filter(proposal_id=assignment.proposal_id, role="lead").exclude(state="reassigned")
        for row in lead:
            notify(
                _users_of_unit(row.unit_id),
                title=_("会办单位 %(u)s 提出了会办意见") % {"u": assignment.unit},
                body=text,
                url=_url(assignment.proposal),
            )
    return assignment


def reply_assignment(
    *, actor, assignment: Assignment, category, text: str, contact: str = "", letter=None
) -> Assignment:
    """The lead (or a split) unit answers: category, text, contact person, signed letter."""
    errors: dict = {}
    policy_for(assignment.committee_id)
    picked = AnswerCategory.objects.filter(committee_id=assignment.committee_id, code=str(category or "")).first()
    if picked is None:
        picked = _pick(AnswerCategory, assignment.committee_id, category)
    if picked is None:
        errors["category"] = [_("请选择答复类别（A/B/C）。")]
    text = _text({"text": text}, "text", errors, required=True, label=_("答复内容"))
    contact = _text({"contact": contact}, "contact", errors, limit=100, label=_("联系人"))
    if letter is not None and getattr(letter, "committee_id", assignment.committee_id) != assignment.committee_id:
        errors["letter"] = [_("附件无效。")]
    if errors:
        raise Invalid(errors=errors)

    def apply(a):
        a.reply_category, a.reply_text, a.reply_contact = picked, text, contact
        a.replied_at = timezone.now()
        if letter is not None:
            a.reply_letter = letter

    with transaction.atomic():
        ASSIGNMENT_FLOW.perform(assignment, "reply", actor=actor, note=f"{picked}", apply=apply)
        proposal = Proposal.objects.select_for_update().get(pk=assignment.proposal_id)
        if proposal.state == ProposalState.ASSIGNED and all(
            a.state == AssignmentState.REPLIED for a in _answering(proposal)
        ):
            PROPOSAL_FLOW.perform(proposal, "answer", actor=actor)
        _notify_proposers(
            proposal,
            _("%(u)s 已答复提案：%(t)s，请评价") % {"u": assignment.unit, "t": proposal.title},
        )
    return assignment


def request_extension(*, actor, assignment: Assignment, until, reason: str) -> ExtensionRequest:
    if not is_unit_of(actor, assignment):
        raise Forbidden()
    if assignment.state not in (AssignmentState.PENDING, AssignmentState.SIGNED):
        raise IllegalTransition(_("只有办理中的交办可以申请延期。"))
    errors: dict = {}
    day = _date(until, "until", errors, label=_("延期至"))
    if day is None and "until" not in errors:
        errors["until"] = [_("请填写延期至的日期。")]
    elif day is not None and day <= assignment.deadline:
        errors["until"] = [_("延期日期须晚于现办理期限 %(d)s。") % {"d": assignment.deadline}]
    reason = _text({"reason": reason}, "reason", errors, required=True, limit=2000, label=_("延期理由"))
    if errors:
        raise Invalid(errors=errors)
    if assignment.extensions.filter(state=ExtensionState.PENDING).exists():
        raise IllegalTransition(_("已有待审批的延期申请。"))
    with transaction.atomic():
        row = ExtensionRequest.objects.create(
            committee_id=assignment.committee_id, assignment=assignment, until=day, reason=reason, requested_by=actor
        )
        audit.record("extension.create", actor=actor, obj=row, after=audit.snapshot(row))
        notify(
            _office_users(assignment.committee_id),
            title=_("延期申请：%(u)s · %(t)s") % {"u": assignment.unit, "t": assignment.proposal.title},
            body=reason,
            url=_url(assignment.proposal),
        )
    return row


def decide_extension(*, actor, extension: ExtensionRequest, approve: bool, note: str = "") -> ExtensionRequest:
    note = _note(note)

    def apply(e):
        e.decided_at = timezone.now()

    with transaction.atomic():
        EXTENSION_FLOW.perform(extension, "approve" if approve else "refuse", actor=actor, note=note, apply=apply)
        assignment = extension.assignment
        if approve:
            before = {"deadline": str(assignment.deadline)}
            assignment.deadline = extension.until
            assignment.save(update_fields=["deadline"])
            audit.record(
                "assignment.extend",
                actor=actor,
                obj=assignment,
                before=before,
                after={"deadline": str(extension.until)},
            )
        notify(
            _users_of_unit(assignment.unit_id),
            title=(_("延期申请已同意，期限至 %(d)s") if approve else _("延期申请未同意")) % {"d": extension.until},
            body=note,
            url=_url(assignment.proposal),
        )
    return extension


# --- rating and closing --------------------------------------------------------------------------


def evaluate_assignment(*, actor, assignment: Assignment, rating, comment: str = "") -> Evaluation:
    """A proposer rates an answering unit's reply (once per handling round)."""
    proposal = assignment.proposal
    mid = member_of(actor)
    if not mid or mid not in _raters(proposal):
        raise Forbidden(_("只有提案人可以评价答复。"))
    errors: dict = {}
    if rating not in Rating.values:
        errors["rating"] = [_("请选择满意、基本满意或不满意。")]
    comment = _text({"comment": comment}, "comment", errors, limit=2000, label=_("意见"))
    if rating == Rating.UNSATISFIED and not comment and "comment" not in errors:
        errors["comment"] = [_("不满意时请说明理由。")]
    if errors:
        raise Invalid(errors=errors)
    if not assignment.answers:
        raise IllegalTransition(_("会办单位不单独评价。"))
    if assignment.state != AssignmentState.REPLIED:
        raise IllegalTransition(_("承办单位尚未答复，暂不能评价。"))
    with transaction.atomic():
        if Evaluation.objects.filter(assignment=assignment, member_id=mid, round=assignment.round).exists():
            raise IllegalTransition(_("您已评价过这份答复。"))
        row = Evaluation.objects.create(
            committee_id=assignment.committee_id,
            assignment=assignment,
            member_id=mid,
            round=assignment.round,
            rating=rating,
            comment=comment,
        )
        audit.record("evaluation.create", actor=actor, obj=row, after={"rating": rating, "assignment": assignment.pk})
        users = _users_of_unit(assignment.unit_id)
        if rating == Rating.UNSATISFIED:
            users += _office_users(assignment.committee_id)
        notify(
            users,
            title=_("提案人评价：%(r)s · %(t)s") % {"r": Rating(rating).label, "t": proposal.title},
            body=comment,
            url=_url(proposal),
        )
    return row


def reopen_assignment(*, actor, assignment: Assignment, deadline, note: str = "") -> Assignment:
    """重办 after an unsatisfied rating, with a new deadline."""
    errors: dict = {}
    day = _date(deadline, "deadline", errors, label=_("办理期限"))
    if day is None and "deadline" not in errors:
        errors["deadline"] = [_("请填写新的办理期限。")]
    elif day is not None and day <= timezone.localdate():
        errors["deadline"] = [_("办理期限须晚于今天。")]
    note = _note(note, errors)
    if (
        assignment.state == AssignmentState.REPLIED
        and not assignment.evaluations.filter(round=assignment.round, rating=Rating.UNSATISFIED).exists()
    ):
        raise IllegalTransition(_("只有评价为不满意的答复可以重办。"))

    def apply(a):
        a.deadline, a.round = day, a.round + 1

    with transaction.atomic():
        ASSIGNMENT_FLOW.perform(assignment, "reopen", actor=actor, note=note, apply=apply)
        proposal = assignment.proposal
        if proposal.state == ProposalState.REPLIED:
            PROPOSAL_FLOW.perform(proposal, "reopen", actor=actor, note=note or str(assignment.unit))
        notify(
            _users_of_unit(assignment.unit_id),
            title=_("提案重办：%(t)s，%(d)s 前答复") % {"t": proposal.title, "d": day},
            body=note,
            url=_url(proposal),
        )
    return assignment


def close_proposal(*, actor, proposal: Proposal, note: str = "") -> Proposal:
    note = _note(note)

    def apply(p):
        p.closed_at = timezone.now()

    with transaction.atomic():
        PROPOSAL_FLOW.perform(proposal, "close", actor=actor, note=note, apply=apply)
        Proposal.objects.filter(merged_into=proposal).update(closed_at=proposal.closed_at)
        _notify_proposers(proposal, _("提案已办结：%(t)s") % {"t": proposal.title})
    return proposal


# --- key proposals -------------------------------------------------------------------------------


@transaction.atomic
def set_flags(*, actor, proposal: Proposal, is_key=None, is_excellent=None, leaders=None) -> Proposal:
    """重点提案 (with its supervising leaders) and 优秀提案 flags."""
    if not is_office(actor, proposal):
        raise Forbidden()
    if proposal.state not in FILED_STATES:
        raise IllegalTransition(_("只有已立案的提案可以设为重点提案或优秀提案。"))
    before = {"is_key": proposal.is_key, "is_excellent": proposal.is_excellent}
    if is_key is not None:
        proposal.is_key = bool(is_key)
    if is_excellent is not None:
        proposal.is_excellent = bool(is_excellent)
    proposal.save(update_fields=["is_key", "is_excellent", "updated_at"])
    if leaders is not None:
        picked = [_committee_member(proposal.committee_id, v) for v in leaders]
        if any(m is None for m in picked):
            raise Invalid(errors={"leaders": [_("督办领导须为本委员会委员。")]})
        proposal.supervising_leaders.set(picked)
    audit.record(
        "proposal.flags",
        actor=actor,
        obj=proposal,
        before=before,
        after={"is_key": proposal.is_key, "is_excellent": proposal.is_excellent},
    )
    ledger.sync(proposal)
    return proposal


@transaction.atomic
def add_supervision(*, actor, proposal: Proposal, kind, date, leader=None, notes: str = "") -> Supervision:
    if not is_office(actor, proposal):
        raise Forbidden()
    errors: dict = {}
    if kind not in SupervisionKind.values:
        errors["kind"] = [_("请选择会议督办、现场督办或书面督办。")]
    day = _date(date, "date", errors, label=_("日期"))
    if day is None and "date" not in errors:
        errors["date"] = [_("请填写督办日期。")]
    person = None
    if leader not in (None, ""):
        person = _committee_member(proposal.committee_id, leader)
        if person is None:
            errors["leader"] = [_("督办领导须为本委员会委员。")]
    notes = _text({"notes": notes}, "notes", errors, label=_("督办情况"))
    if errors:
        raise Invalid(errors=errors)
    if proposal.state not in ("assigned", "replied", "closed"):
        raise IllegalTransition(_("只有已交办的提案可以督办。"))
    row = Supervision.objects.create(
        committee_id=proposal.committee_id,
        proposal=proposal,
        kind=kind,
        date=day,
        leader=person,
        notes=notes,
        created_by=actor,
    )
    if not proposal.is_key:
        proposal.is_key = True
        proposal.save(update_fields=["is_key", "updated_at"])
        ledger.sync(proposal)
    audit.record("supervision.create", actor=actor, obj=row, after=audit.snapshot(row))
    return row
