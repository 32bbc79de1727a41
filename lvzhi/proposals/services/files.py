"""A draft's files: added and removed by its first proposer (or the office entering a paper
proposal), stored through lvzhi.core.attachments (size limit, type checked from the content)."""

from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core import audit
from lvzhi.core.attachments import store_attachment
from lvzhi.core.errors import Forbidden, IllegalTransition, Invalid
from lvzhi.core.models import Attachment
from lvzhi.proposals.choices import ProposalState
from lvzhi.proposals.services.flows import is_author

MAX_DRAFT_FILES = 10


def _check_draft(actor, proposal):
    if not is_author(actor, proposal):
        raise Forbidden(_("只有第一提案人或提案工作人员可以管理附件。"))
    if proposal.state != ProposalState.DRAFT:
        raise IllegalTransition(_("只有草稿可以添加或删除附件。"))


def add_draft_attachment(*, actor, proposal, upload) -> Attachment:
    """A file attached to a draft by its first proposer (or the office entering a paper proposal)."""
    _check_draft(actor, proposal)
    if proposal.attachments.count() >= MAX_DRAFT_FILES:
        raise Invalid(errors={"file": [_("每件提案最多 %(n)d 个附件。") % {"n": MAX_DRAFT_FILES}]})
    with transaction.atomic():
        attachment = store_attachment(actor=actor, committee=proposal.committee, upload=upload)
        proposal.attachments.add(attachment)
        audit.record(
            "proposal.attach", actor=actor, obj=proposal, after={"attachment": attachment.pk, "name": attachment.name}
        )
    return attachment


def remove_draft_attachment(*, actor, proposal, attachment_id) -> None:
    _check_draft(actor, proposal)
    attachment = proposal.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Invalid(errors={"file": [_("这件提案没有这个附件。")]})
    with transaction.atomic():
        proposal.attachments.remove(attachment)
        audit.record(
            "proposal.detach", actor=actor, obj=proposal, before={"attachment": attachment.pk, "name": attachment.name}
        )
