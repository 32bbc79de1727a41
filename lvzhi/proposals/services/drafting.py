"""Drafting: a member's draft (or a paper proposal the office enters), its co-proposers and their
confirmations."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core import audit
from lvzhi.core.cleaning import as_id
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid
from lvzhi.core.notifications import notify
from lvzhi.core.scope import committee_ids
from lvzhi.org.models import Party, Sector, Session, SpecialCommittee
from lvzhi.proposals.choices import ProposalState, ProposerKind
from lvzhi.proposals.models import CoProposer, Proposal, ProposalCategory
from lvzhi.proposals.services.common import (
    TITLE_MAX,
    _committee_member,
    _pick,
    _text,
    current_session,
    detail_url,
    member_users,
)
from lvzhi.proposals.services.flows import is_author, is_office, member_of
from lvzhi.proposals.services.index import index_pending
from lvzhi.proposals.services.rules import policy_for
from lvzhi.proposals.tokens import tokens_for

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
    policy_for(committee, actor=actor)
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
    proposal.tokens = tokens_for(proposal.title, proposal.situation, proposal.analysis, proposal.suggestions)
    proposal.tokens_indexed = False  # indexed by the service, in its transaction (services/index.py)


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
    index_pending(committee.pk, proposal)
    _sync_coproposers(proposal, cleaned["coproposers"])
    audit.record("proposal.create", actor=actor, obj=proposal, after=audit.snapshot(proposal, _SNAPSHOT))
    others = [m.pk for m in cleaned["coproposers"]]
    if others:
        notify(
            member_users(others),
            title=_("请确认联名提案：%(t)s") % {"t": proposal.title},
            url=detail_url(proposal),
            committee=committee,
            kind="proposals.cosign",
        )
    return proposal


_SNAPSHOT = ("title", "category", "kind", "session", "proposer", "party", "sector", "special_committee", "state")


def require_editable(actor, proposal: Proposal) -> None:
    """The rule of editing: only an author (or the office) edits, and only a draft (the edit page asks
    it before showing the form, the update before writing)."""
    if not is_author(actor, proposal):
        raise Forbidden()
    if proposal.state != ProposalState.DRAFT:
        raise IllegalTransition(_("只有草稿可以修改。"))


@transaction.atomic
def update_proposal(*, actor, proposal: Proposal, data: dict) -> Proposal:
    require_editable(actor, proposal)
    before = audit.snapshot(proposal, _SNAPSHOT)
    cleaned = _clean_draft(actor, proposal.committee, data, instance=proposal)
    _apply_draft(proposal, cleaned)
    proposal.save()
    index_pending(proposal.committee_id, proposal)
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
        member_users([proposal.proposer_id]),
        title=_("%(name)s 已确认联名：%(t)s") % {"name": row.member, "t": proposal.title},
        url=detail_url(proposal),
        committee=proposal.committee,
        kind="proposals.cosign",
    )
    return proposal


@transaction.atomic
def record_paper_signature(*, actor, proposal: Proposal, member) -> Proposal:
    """The office records a co-proposer's signature on the paper form."""
    if not is_office(actor, proposal):
        raise Forbidden()
    row = CoProposer.objects.filter(proposal=proposal, member_id=as_id(getattr(member, "pk", member)) or 0).first()
    if row is None:
        raise Invalid(errors={"member": [_("此人不是这件提案的附议人。")]})
    if proposal.state != ProposalState.DRAFT:
        raise IllegalTransition(_("只有草稿可以登记纸质签名。"))
    row.paper_signature = True
    row.save(update_fields=["paper_signature"])
    audit.record("proposal.paper_signature", actor=actor, obj=proposal, after={"member": row.member_id})
    return proposal
