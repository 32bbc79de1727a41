"""Key proposals (重点提案) with their supervising leaders, excellent proposals (优秀提案), and the
office's supervision records (督办) with their files."""

from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core import audit, registry
from lvzhi.core.attachments import store_attachment
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid
from lvzhi.proposals.choices import FILED_STATES, HANDLED_STATES, SupervisionKind
from lvzhi.proposals.models import Proposal, Supervision
from lvzhi.proposals.services.common import _committee_member, _date, _text
from lvzhi.proposals.services.flows import is_office


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
    registry.sync_derived(proposal)
    return proposal


@transaction.atomic
def add_supervision(*, actor, proposal: Proposal, kind, date, leader=None, notes: str = "", upload=None) -> Supervision:
    """A supervision record, optionally with a file (minutes, photos) stored in the same transaction:
    a refused file writes no record."""
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
    if proposal.state not in HANDLED_STATES:
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
        registry.sync_derived(proposal)
    audit.record("supervision.create", actor=actor, obj=row, after=audit.snapshot(row))
    if upload is not None:
        add_supervision_attachment(actor=actor, supervision=row, upload=upload)
    return row


def add_supervision_attachment(*, actor, supervision: Supervision, upload):
    """A file (minutes, photos of an onsite visit) attached to a supervision record by the office."""
    if not is_office(actor, supervision):
        raise Forbidden()
    with transaction.atomic():
        attachment = store_attachment(actor=actor, committee=supervision.proposal.committee, upload=upload)
        supervision.attachments.add(attachment)
        audit.record(
            "supervision.attach",
            actor=actor,
            obj=supervision,
            after={"attachment": attachment.pk, "name": attachment.name},
        )
    return attachment
