"""Handling: assigning a proposal to units, the units' signing, objections, opinions and replies,
the office's change of unit, and extension requests."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core import audit
from lvzhi.core.attachments import store_attachment
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid
from lvzhi.core.notifications import notify
from lvzhi.org.models import Unit
from lvzhi.proposals.choices import (
    ACTIVE_ASSIGNMENT_STATES,
    AssignmentRole,
    AssignmentState,
    ExtensionState,
    ProposalState,
)
from lvzhi.proposals.models import AnswerCategory, Assignment, ExtensionRequest, Proposal
from lvzhi.proposals.rules import default_deadline
from lvzhi.proposals.services.common import (
    _date,
    _note,
    _pick,
    _text,
    detail_url,
    notify_proposers,
    office_users,
    unit_users,
)
from lvzhi.proposals.services.flows import (
    ASSIGNMENT_FLOW,
    EXTENSION_FLOW,
    PROPOSAL_FLOW,
    _answering,
    is_unit_of,
)
from lvzhi.proposals.services.rules import policy_for


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
        elif AssignmentRole.SPLIT in roles and set(roles) != {AssignmentRole.SPLIT}:
            errors["units"] = [_("分办时每个单位都是分办单位，不能同时有主办或会办。")]
        elif AssignmentRole.SPLIT not in roles and roles.count(AssignmentRole.LEAD) != 1:
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
                unit_users(row.unit_id),
                title=_("新交办提案：%(t)s（%(r)s，%(d)s 前答复）")
                % {"t": proposal.title, "r": row.get_role_display(), "d": day},
                url=detail_url(proposal),
                committee=proposal.committee,
                kind="proposals.assigned",
            )
        notify_proposers(proposal, _("提案已交办：%(t)s") % {"t": proposal.title}, kind="proposals.assigned")
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
            office_users(assignment.committee_id),
            title=_("承办单位申请调整：%(u)s · %(t)s") % {"u": assignment.unit, "t": assignment.proposal.title},
            body=reason,
            url=detail_url(assignment.proposal),
            committee=assignment.proposal.committee,
            kind="proposals.handling",
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
            unit_users(new_unit.pk),
            title=_("新交办提案：%(t)s") % {"t": assignment.proposal.title},
            url=detail_url(assignment.proposal),
            committee=assignment.proposal.committee,
            kind="proposals.assigned",
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
        lead = Assignment.objects.filter(proposal_id=assignment.proposal_id, role=AssignmentRole.LEAD).exclude(
            state=AssignmentState.REASSIGNED
        )
        for row in lead:
            notify(
                unit_users(row.unit_id),
                title=_("会办单位 %(u)s 提出了会办意见") % {"u": assignment.unit},
                body=text,
                url=detail_url(assignment.proposal),
                kind="proposals.handling",
            )
    return assignment


def reply_assignment(
    *, actor, assignment: Assignment, category, text: str, contact: str = "", letter=None, upload=None
) -> Assignment:
    """The lead (or a split) unit answers: category, text, contact person, signed letter (a stored
    attachment, or an `upload` stored here in the same transaction)."""
    errors: dict = {}
    policy_for(assignment.committee_id, actor=actor)
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
        if upload is not None:
            letter = store_attachment(actor=actor, committee=assignment.committee, upload=upload)
        ASSIGNMENT_FLOW.perform(assignment, "reply", actor=actor, note=f"{picked}", apply=apply)
        proposal = Proposal.objects.select_for_update().get(pk=assignment.proposal_id)
        if proposal.state == ProposalState.ASSIGNED and all(
            a.state == AssignmentState.REPLIED for a in _answering(proposal)
        ):
            PROPOSAL_FLOW.perform(proposal, "answer", actor=actor)
        notify_proposers(
            proposal,
            _("%(u)s 已答复提案：%(t)s，请评价") % {"u": assignment.unit, "t": proposal.title},
            kind="proposals.replied",
        )
    return assignment


def attach_reply_letter(*, actor, assignment: Assignment, upload):
    """The signed reply letter of a reply already given (the page sends it with the reply; the API
    sends the reply as JSON and the letter after it)."""
    if not is_unit_of(actor, assignment):
        raise Forbidden()
    if assignment.state != AssignmentState.REPLIED or not assignment.answers:
        raise IllegalTransition(_("只有已答复的主办（分办）单位可以上传答复函。"))
    with transaction.atomic():
        letter = store_attachment(actor=actor, committee=assignment.committee, upload=upload)
        before = {"reply_letter": assignment.reply_letter_id}
        assignment.reply_letter = letter
        assignment.save(update_fields=["reply_letter"])
        audit.record("assignment.letter", actor=actor, obj=assignment, before=before, after={"reply_letter": letter.pk})
    return letter


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
            office_users(assignment.committee_id),
            title=_("延期申请：%(u)s · %(t)s") % {"u": assignment.unit, "t": assignment.proposal.title},
            body=reason,
            url=detail_url(assignment.proposal),
            kind="proposals.handling",
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
            unit_users(assignment.unit_id),
            title=(_("延期申请已同意，期限至 %(d)s") if approve else _("延期申请未同意")) % {"d": extension.until},
            body=note,
            url=detail_url(assignment.proposal),
            kind="proposals.handling",
        )
    return extension
